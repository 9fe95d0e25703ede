{{ config(materialized='table') }}
{#- One value per respondent x wave x item x measure, the input of every skills estimate
    (direct group estimates and the national cell estimates). An item is a task
    (item_level 'taak', item_code = task id) or a task domain (item_level 'domein',
    item_code = domain code). A domain value is the respondent's mean over the domain's
    tasks that he answered, so a domain estimate is the mean over its tasks and its
    variance accounts for the correlation between a respondent's answers. Only non-missing
    values are kept, so that sum(weight) in an estimator covers exactly the respondents
    with a value. Person-level: never published. -#}
{#- The person's groups and weight, carried from the tasks to the domains. -#}
{%- set person_columns = [
    'region_code', 'sector_code', 'occupation_class_code', 'education_level_code',
    'education_orientation_code', 'survey_weight',
] %}
{%- set measures = [
    'importance_mean', 'importance_share_important', 'effectiveness_mean', 'mismatch_z',
    'gap_share',
] %}
with

task_values as (

    select
        panel_person_key,
        wave,
        'taak' as item_level,
        lpad(cast(task_id as {{ dbt.type_string() }}), 2, '0') as item_code,
        task_domain_code,
        {%- for column in person_columns %}
        {{ column }},
        {%- endfor %}
        {{ nss_rating_measure_columns() }},
        mismatch_z,
        cast(has_gap as double) as gap_share

    from {{ ref('lnk_nss_task_ratings') }}

),

domain_values as (

    select
        panel_person_key,
        wave,
        'domein' as item_level,
        task_domain_code as item_code,
        task_domain_code,
        {%- for column in person_columns %}
        any_value({{ column }}) as {{ column }},
        {%- endfor %}
        {%- for measure in measures %}
        avg({{ measure }}) as {{ measure }}{{ ',' if not loop.last }}
        {%- endfor %}

    from task_values
    group by panel_person_key, wave, task_domain_code

),

items as (

    select * from task_values
    union all
    select * from domain_values

),

long_values as (

    unpivot items
    on {{ measures | join(', ') }}
    into name measure value value

),

final as (

    select
        panel_person_key,
        wave,
        item_level,
        item_code,
        task_domain_code,
        measure,
        {%- for column in person_columns %}
        {{ column }},
        {%- endfor %}
        value

    from long_values
    where value is not null

)

select * from final
