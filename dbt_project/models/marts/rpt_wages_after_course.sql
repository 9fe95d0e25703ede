{#- Wages and job mobility in the years after a course, against no course (LLO-Enquête
    linked to Polis, lnk_surveys_joined_to_polis). Population: LLO-Enquête respondents who
    work as employees and have Polis jobs both in the wave year and polis_followup_years
    later. Measures per wave x group x course (followed a work-related course in the 12
    months before the survey, or not):
    - hourly_wage_growth: weighted mean relative change of the hourly wage (base wage / paid
      hours over all jobs of the year) from the wave year to the follow-up year, each
      person's change bounded to [-50%, +100%] so that a few part-year jobs with odd hours
      do not dominate; normal interval on Kish's n_eff;
    - employer_change_share: weighted share with none of the follow-up jobs at the wave
      year's main employer; Wilson interval.
    Rows of course takers carry the difference with non-takers and whether it is
    significant (two-sided 5%). Descriptive, not causal: course takers differ from
    non-takers in more than the course. Weights: the LLO-Enquête weight of the wave (the
    linked subsample is not reweighted). Suppression below disclosure_min_n, complementary
    over education levels, LISS reliability threshold. -#}
{%- set groups = [
    ('nederland', "'NL'", "'Nederland'"),
    ('opleidingsniveau',
        'cast(linked.education_level_code as ' ~ dbt.type_string() ~ ')',
        'levels.education_level_name'),
] %}

with

linked as (

    select * from {{ ref('lnk_surveys_joined_to_polis') }}
    where source = 'llo_enquete'
        and is_employee
        and is_polis_year
        and is_followup_observed
        and has_polis_job_in_wave_year
        and has_polis_job_in_followup_year
        and hourly_wage_growth is not null

),

observations as (

    {%- for group_type, code, label in groups %}

    select
        linked.wave,
        linked.followup_year,
        '{{ group_type }}' as group_type,
        {{ code }} as group_code,
        {{ label }} as group_label,
        case when linked.has_course_last_12_months then 'ja' else 'nee' end as course_code,
        linked.survey_weight,
        least(greatest(linked.hourly_wage_growth, -0.5), 1.0) as wage_growth,
        cast(linked.has_changed_employer as integer) as employer_change

    from linked
    {%- if group_type == 'opleidingsniveau' %}
    left join {{ ref('ref_education_levels') }} as levels
        on linked.education_level_code = levels.education_level_code
    {%- endif %}
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

cells as (

    select
        wave,
        any_value(followup_year) as followup_year,
        group_type,
        group_code,
        any_value(group_label) as group_label,
        course_code,
        count(*) as n_unweighted,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_mean('wage_growth', 'survey_weight') }} as wage_growth_mean,
        {{ weighted_variance('wage_growth', 'survey_weight') }} as wage_growth_variance,
        {{ weighted_share('employer_change', 'survey_weight') }} as employer_change_share

    from observations
    group by wave, group_type, group_code, course_code

),

measures as (

    select
        *,
        'hourly_wage_growth' as measure,
        'Gemiddelde verandering van het uurloon' as measure_label,
        'relatieve verandering' as measure_unit,
        wage_growth_mean as value,
        {{ mean_standard_error('wage_growth_variance', 'n_effective') }} as standard_error,
        {{ normal_bound('wage_growth_mean',
            mean_standard_error('wage_growth_variance', 'n_effective'), 'lower') }} as lower_bound,
        {{ normal_bound('wage_growth_mean',
            mean_standard_error('wage_growth_variance', 'n_effective'), 'upper') }} as upper_bound

    from cells

    union all

    select
        *,
        'employer_change_share' as measure,
        'Aandeel dat van werkgever is veranderd' as measure_label,
        'aandeel (0-1)' as measure_unit,
        employer_change_share as value,
        {{ share_standard_error('employer_change_share', 'n_effective') }} as standard_error,
        {{ wilson_bound('employer_change_share', 'n_effective', 'lower') }} as lower_bound,
        {{ wilson_bound('employer_change_share', 'n_effective', 'upper') }} as upper_bound

    from cells

),

controlled as (

    select
        *,
        {{ complementary_suppressed('n_unweighted', 'wave, course_code, measure, group_type',
            'group_code') }} as is_hidden

    from measures

),

compared as (

    select
        course_takers.*,
        case when course_takers.course_code = 'ja'
            and not course_takers.is_hidden and not non_takers.is_hidden
            then course_takers.value - non_takers.value
        end as difference_with_no_course,
        case when course_takers.course_code = 'ja'
            and not course_takers.is_hidden and not non_takers.is_hidden
            then {{ change_is_significant('non_takers.value', 'non_takers.standard_error',
                'course_takers.value', 'course_takers.standard_error') }}
        end as difference_is_significant

    from controlled as course_takers
    left join controlled as non_takers
        on {{ same_cell('course_takers', 'non_takers', [
            'wave', 'group_type', 'group_code', 'measure'
        ]) }}
        and non_takers.course_code = 'nee'

),

final as (

    select
        wave,
        followup_year,
        cast(wave as {{ dbt.type_string() }})
        || '-' || cast(followup_year as {{ dbt.type_string() }}) as period,
        group_type,
        group_code,
        group_label,
        course_code,
        case course_code
            when 'ja' then 'Cursus gevolgd (afgelopen 12 maanden)'
            else 'Geen cursus gevolgd'
        end as course_label,
        measure,
        measure_label,
        measure_unit,
        {{ published_estimate_columns(
            estimate='value',
            ci_lower='lower_bound',
            ci_upper='upper_bound',
            standard_error=none,
            n_unweighted='n_unweighted',
            source='llo_enquete',
            hidden_flag='is_hidden',
            columns_after_n=[
                (unless_flagged('difference_with_no_course', 'is_hidden'),
                    'difference_with_no_course'),
                (unless_flagged('difference_is_significant', 'is_hidden'),
                    'difference_is_significant'),
            ],
        ) }},
        'direct' as method,
        'llo_enquete, polis' as source

    from compared

)

select * from final
