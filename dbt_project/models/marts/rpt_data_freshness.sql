{#- Freshness per source: the latest period loaded against the latest period the source
    contract expects, with load history. Not a survey estimate: no n or interval. The number
    of records loaded is not published: a survey's records are the sum of the exact n of its
    link rates, and a register's are its published (rounded) counts, so even rounded the
    total would give exact counts back; the ingest log in the build database keeps it. -#}
with

per_period as (

    select
        source_name,
        period_key,
        max(revision) as revision,
        {{ value_at_max('row_count', 'revision') }} as row_count,
        max(loaded_at) as loaded_at

    from {{ ref('stg_pipeline__ingest_log') }}
    group by source_name, period_key

),

per_source as (

    select
        source_name,
        max(period_key) as latest_loaded_period,
        count(*) as periods_loaded,
        sum(revision - 1) as revisions,
        max(loaded_at) as last_loaded_at

    from per_period
    group by source_name

),

final as (

    select
        sources.source_name,
        sources.source_title,
        sources.period_kind,
        per_source.latest_loaded_period,
        sources.expected_latest_period,
        coalesce(per_source.periods_loaded, 0) as periods_loaded,
        sources.expected_period_count as periods_expected,
        coalesce(per_source.revisions, 0) as revisions,
        coalesce(per_source.latest_loaded_period >= sources.expected_latest_period, false)
            as is_up_to_date,
        case
            when per_source.latest_loaded_period is null then 'geen data'
            when per_source.latest_loaded_period >= sources.expected_latest_period then 'actueel'
            else 'achterstallig'
        end as freshness_status,
        per_source.last_loaded_at

    from {{ ref('stg_pipeline__sources') }} as sources
    left join per_source
        on sources.source_name = per_source.source_name

)

select * from final
