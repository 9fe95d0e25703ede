{#- A 95% interval is either a point (every respondent in the cell gave the same answer,
    or the figure is a count without sampling error) or has a width a reader can see.
    A width between 0 and 1e-6 is floating-point noise passed through a square root:
    it would differ from run to run and make a constant cell look uncertain. Returns the
    offending rows (empty = pass). -#}
{%- set marts = [
    'rpt_basic_skills_piaac', 'rpt_course_participation_ebb_by_region',
    'rpt_employment_by_region_occupation', 'rpt_employment_by_region_sector',
    'rpt_link_rates', 'rpt_llo_informal_by_course', 'rpt_llo_market_matrix',
    'rpt_llo_participation', 'rpt_llo_participation_gaps',
    'rpt_llo_reasons_barriers_support', 'rpt_occupation_forecasts',
    'rpt_occupation_skill_profiles', 'rpt_occupation_transition_learning_needs',
    'rpt_occupation_transitions', 'rpt_policy_event_comparison', 'rpt_skills_by_domain',
    'rpt_skills_by_task', 'rpt_vulnerable_workers', 'rpt_wages_after_course',
] -%}
{%- for mart in marts %}

select
    '{{ mart }}' as mart,
    ci_lower,
    ci_upper

from {{ ref(mart) }}
where ci_upper - ci_lower > 0
    and ci_upper - ci_lower < 1e-6
{% if not loop.last %}
union all
{%- endif %}
{%- endfor %}
