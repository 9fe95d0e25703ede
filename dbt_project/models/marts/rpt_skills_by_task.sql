{#- Demand, supply and mismatch of each NSS task per wave and group (long format by
    measure). The estimates, disclosure control and change come from
    lnk_nss_group_estimates; this model adds the task, measure and group labels. -#}
with

estimates as (

    select * from {{ ref('lnk_nss_group_estimates') }}
    where item_level = 'taak'

),

tasks as (

    select * from {{ ref('ref_nss_tasks') }}

),

domains as (

    select * from {{ ref('ref_nss_task_domains') }}

),

group_labels as (

    select * from {{ ref('lnk_nss_group_labels') }}

),

measures as (

    select * from {{ skills_measure_relation() }}

),

final as (

    select
        tasks.task_id,
        tasks.task_name,
        tasks.task_domain_code,
        domains.task_domain_name,
        estimates.measure,
        measures.measure_label,
        measures.measure_unit,
        estimates.wave,
        cast(estimates.wave as {{ dbt.type_string() }}) as period,
        estimates.group_type,
        estimates.group_code,
        group_labels.group_label,
        estimates.method,
        estimates.composition_year,
        estimates.estimate,
        estimates.ci_lower,
        estimates.ci_upper,
        estimates.n_unweighted,
        estimates.suppressed,
        estimates.reliability,
        'nss' as source,
        estimates.previous_wave,
        estimates.change_since_previous_wave,
        estimates.change_since_previous_wave_is_significant,
        estimates.change_since_2012,
        estimates.change_since_2012_is_significant

    from estimates
    inner join tasks
        on cast(estimates.item_code as integer) = tasks.task_id
    inner join domains
        on tasks.task_domain_code = domains.task_domain_code
    inner join measures
        on estimates.measure = measures.measure
    left join group_labels
        on estimates.group_type = group_labels.group_type
        and estimates.group_code = group_labels.group_code

)

select * from final
