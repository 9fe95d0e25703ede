{#- The policy events of the reference list (ref_policy_events), one row each, with Dutch
    texts as maintained there, for the time axis of the monitoring dashboards. -#}
with

final as (

    select
        event_id,
        event_name,
        event_type,
        case event_type
            when 'beleid' then 'Beleid'
            when 'regeling' then 'Regeling'
            when 'context' then 'Context'
            when 'methodebreuk' then 'Methodebreuk in een bron'
            else event_type
        end as event_type_label,
        target_group,
        description,
        source_url,
        cast(announcement_date as date) as announcement_date,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        year(cast(start_date as date)) as start_year,
        year(cast(end_date as date)) as end_year,
        end_date is null as is_open_ended

    from {{ ref('ref_policy_events') }}

)

select * from final
