with

source as (

    select * from {{ source('pipeline', 'ingest_log') }}

),

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

    from source

)

select * from renamed
