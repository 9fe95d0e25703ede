{#- No row of a skills mart with fewer than disclosure_min_n respondents (or without n)
    carries a figure, and no such row is marked as publishable. Returns the offending
    rows (empty = pass). -#}
{%- set marts = {
    'rpt_skills_by_task': ['estimate', 'ci_lower', 'ci_upper', 'change_since_previous_wave',
        'change_since_2012'],
    'rpt_skills_by_domain': ['estimate', 'ci_lower', 'ci_upper', 'change_since_previous_wave',
        'change_since_2012'],
    'rpt_occupation_skill_profiles': ['estimate', 'ci_lower', 'ci_upper'],
    'rpt_occupation_transitions': ['estimate', 'ci_lower', 'ci_upper', 'distance_rank',
        'learning_need_tasks', 'significant_learning_need_tasks'],
    'rpt_occupation_transition_learning_needs': ['estimate', 'ci_lower', 'ci_upper',
        'to_importance_mean', 'from_effectiveness_mean', 'to_importance_z',
        'from_effectiveness_z', 'is_learning_need', 'learning_need_rank'],
} -%}
{%- for mart, value_columns in marts.items() %}

select
    '{{ mart }}' as mart,
    n_unweighted,
    suppressed

from {{ ref(mart) }}
where (n_unweighted is null or n_unweighted < {{ var('disclosure_min_n') }})
    and (
        not suppressed
        {%- for column in value_columns %}
        or {{ column }} is not null
        {%- endfor %}
    )
{% if not loop.last %}
union all
{%- endif %}
{%- endfor %}
