with

renamed as (

    select
        source as source_name,
        title as source_title,
        period_kind,
        expected_latest_period,
        expected_period_count

    from {{ source('pipeline', 'sources') }}

)

select * from renamed
