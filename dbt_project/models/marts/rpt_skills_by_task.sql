{#- Demand, supply and mismatch of each NSS task per wave and group (long format by
    measure). The estimates, disclosure control and change come from
    lnk_nss_group_estimates; this model adds the task, measure and group labels. -#}
with

estimates as (

    select * from {{ ref('lnk_nss_group_estimates') }}
    where item_level = 'taak'

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
        {{ skills_published_columns('estimates', 'measures', 'group_labels') }}

    from estimates
    inner join {{ ref('ref_nss_tasks') }} as tasks
        on cast(estimates.item_code as integer) = tasks.task_id
    inner join {{ ref('ref_nss_task_domains') }} as domains
        on tasks.task_domain_code = domains.task_domain_code
    inner join measures
        on estimates.measure = measures.measure
    left join {{ ref('lnk_nss_group_labels') }} as group_labels
        on estimates.group_type = group_labels.group_type
        and estimates.group_code = group_labels.group_code

)

select * from final
