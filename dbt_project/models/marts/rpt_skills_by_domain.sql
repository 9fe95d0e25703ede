{#- Demand, supply and mismatch per NSS task domain (the eight domains of
    ref_nss_task_domains) per wave and group (long format by measure). A domain value is a
    worker's mean over the domain's tasks, so the estimate is the mean over the domain's
    tasks; estimates, disclosure control and change come from lnk_nss_group_estimates. -#}
with

estimates as (

    select * from {{ ref('lnk_nss_group_estimates') }}
    where item_level = 'domein'

),

domains as (

    select * from {{ ref('ref_nss_task_domains') }}

),

task_counts as (

    select
        task_domain_code,
        count(*) as number_of_tasks

    from {{ ref('ref_nss_tasks') }}
    group by task_domain_code

),

group_labels as (

    select * from {{ ref('lnk_nss_group_labels') }}

),

measures as (

    select * from {{ skills_measure_relation() }}

),

final as (

    select
        domains.task_domain_code,
        domains.task_domain_name,
        task_counts.number_of_tasks,
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
    inner join domains
        on estimates.item_code = domains.task_domain_code
    inner join task_counts
        on domains.task_domain_code = task_counts.task_domain_code
    inner join measures
        on estimates.measure = measures.measure
    left join group_labels
        on estimates.group_type = group_labels.group_type
        and estimates.group_code = group_labels.group_code

)

select * from final
