{{ config(materialized='table') }}
{#- One value per respondent x wave x item x measure, the input of every skills estimate
    (direct group estimates and the national cell estimates). An item is a task
    (item_level 'taak', item_code = task id) or a task domain (item_level 'domein',
    item_code = domain code). A domain value is the respondent's mean over the domain's
    tasks that he answered, so a domain estimate is the mean over its tasks and its
    variance accounts for the correlation between a respondent's answers. Only non-missing
    values are kept, so that sum(weight) in an estimator covers exactly the respondents
    with a value. Person-level: never published. -#}
with

task_values as (

    select
        panel_person_key,
        wave,
        'taak' as item_level,
        lpad(cast(task_id as {{ dbt.type_string() }}), 2, '0') as item_code,
        task_domain_code,
        region_code,
        sector_code,
        occupation_class_code,
        education_level_code,
        education_orientation_code,
        survey_weight,
        cast(importance as double) as importance_mean,
        cast(is_important as double) as importance_share_important,
        cast(effectiveness as double) as effectiveness_mean,
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
        any_value(region_code) as region_code,
        any_value(sector_code) as sector_code,
        any_value(occupation_class_code) as occupation_class_code,
        any_value(education_level_code) as education_level_code,
        any_value(education_orientation_code) as education_orientation_code,
        any_value(survey_weight) as survey_weight,
        avg(importance_mean) as importance_mean,
        avg(importance_share_important) as importance_share_important,
        avg(effectiveness_mean) as effectiveness_mean,
        avg(mismatch_z) as mismatch_z,
        avg(gap_share) as gap_share

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
    on importance_mean, importance_share_important, effectiveness_mean, mismatch_z, gap_share
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
        region_code,
        sector_code,
        occupation_class_code,
        education_level_code,
        education_orientation_code,
        survey_weight,
        value

    from long_values
    where value is not null

)

select * from final
