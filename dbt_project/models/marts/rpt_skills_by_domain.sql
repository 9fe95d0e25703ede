{#- Demand, supply and mismatch per NSS task domain (the eight domains of
    ref_nss_task_domains) per wave and group (long format by measure). A domain value is a
    worker's mean over the domain's tasks, so the estimate is the mean over the domain's
    tasks; estimates, disclosure control and change come from lnk_nss_group_estimates. -#}
with

estimates as (

    select * from {{ ref('lnk_nss_group_estimates') }}
    where item_level = 'domein'

),

task_counts as (

    select
        task_domain_code,
        count(*) as number_of_tasks

    from {{ ref('ref_nss_tasks') }}
    group by task_domain_code

),

measures as (

    select * from {{ skills_measure_relation() }}

),

final as (

    select
        domains.task_domain_code,
        domains.task_domain_name,
        task_counts.number_of_tasks,
        {{ skills_published_columns('estimates', 'measures', 'group_labels') }}

    from estimates
    inner join {{ ref('ref_nss_task_domains') }} as domains
        on estimates.item_code = domains.task_domain_code
    inner join task_counts
        on domains.task_domain_code = task_counts.task_domain_code
    inner join measures
        on estimates.measure = measures.measure
    left join {{ ref('lnk_nss_group_labels') }} as group_labels
        on estimates.group_type = group_labels.group_type
        and estimates.group_code = group_labels.group_code

)

select * from final
