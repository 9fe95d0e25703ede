with

renamed as (

    select
        ---------- ids
        source as source_name,
        period as period_key,
        file_sha256,

        ---------- strings
        file_path,
        action,

        ---------- numerics
        row_count,
        revision,

        ---------- timestamps
        loaded_at

    from {{ source('pipeline', 'ingest_log') }}

)

select * from renamed
