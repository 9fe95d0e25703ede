{#- NSS task ratings of workers in long format: one row per respondent x wave x task.
    Adds the indicators the skills marts aggregate ('important', 'gap') and the
    z-scores against the 2012 national distribution of each task, so that every wave is
    measured on the 2012 scale. Person-level: never published. -#}
{%- set tasks = range(1, 34) -%}
{%- set ratings = ['importance', 'effectiveness'] %}
with

respondents as (

    select * from {{ ref('stg_nss__respondents') }}
    where is_working

),

tasks as (

    select * from {{ ref('ref_nss_tasks') }}

),

long_ratings as (

    select
        respondents.panel_person_key,
        respondents.wave,
        tasks.task_id,
        tasks.task_domain_code,
        respondents.region_code,
        respondents.sector_code,
        respondents.occupation_group_code,
        {{ brc_code('occupations.brc_class_code', 2) }} as occupation_class_code,
        respondents.education_level_code,
        respondents.education_orientation_code,
        respondents.survey_weight,
        case tasks.task_id
            {%- for task in tasks %}
            when {{ loop.index }} then respondents.importance_{{ '%02d' % task }}
            {%- endfor %}
        end as importance,
        case tasks.task_id
            {%- for task in tasks %}
            when {{ loop.index }} then respondents.effectiveness_{{ '%02d' % task }}
            {%- endfor %}
        end as effectiveness

    from respondents
    cross join tasks
    left join {{ ref('ref_brc_occupations') }} as occupations
        on respondents.occupation_group_code = {{ brc_code('occupations.brc_group_code', 4) }}

),

answered as (

    select * from long_ratings
    where importance is not null or effectiveness is not null

),

{# The 2012 national distribution of each task among workers: weighted mean and
    weighted (population) standard deviation, separately for importance (all workers
    who answered) and effectiveness (workers for whom the task applies). -#}
{%- for rating in ratings %}
baseline_{{ rating }} as (

    select
        task_id,
        {{ weighted_mean(rating, 'survey_weight') }} as {{ rating }}_mean_2012,
        sqrt({{ weighted_variance(rating, 'survey_weight') }}) as {{ rating }}_sd_2012

    from answered
    where wave = 2012 and {{ rating }} is not null
    group by task_id

),

{% endfor -%}
scored as (

    select
        answered.*,
        case
            when answered.importance is null then null
            when answered.importance >= {{ skills_important_min() }} then 1
            else 0
        end as is_important,
        case
            when answered.importance is null then null
            when answered.importance < {{ skills_important_min() }} then 0
            when answered.effectiveness is null then null
            when answered.effectiveness <= {{ skills_low_effectiveness_max() }} then 1
            else 0
        end as has_gap,
        {%- for rating in ratings %}
        (answered.{{ rating }} - baseline_{{ rating }}.{{ rating }}_mean_2012)
            / nullif(baseline_{{ rating }}.{{ rating }}_sd_2012, 0) as {{ rating }}_z
        {{- ',' if not loop.last }}
        {%- endfor %}

    from answered
    {%- for rating in ratings %}
    left join baseline_{{ rating }}
        on answered.task_id = baseline_{{ rating }}.task_id
    {%- endfor %}

),

final as (

    select
        panel_person_key,
        wave,
        task_id,
        task_domain_code,
        region_code,
        sector_code,
        occupation_group_code,
        occupation_class_code,
        education_level_code,
        education_orientation_code,
        survey_weight,
        importance,
        effectiveness,
        is_important,
        has_gap,
        importance_z,
        effectiveness_z,
        importance_z - effectiveness_z as mismatch_z

    from scored

)

select * from final
