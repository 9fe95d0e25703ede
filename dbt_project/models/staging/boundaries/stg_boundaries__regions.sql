with

renamed as (

    select
        ---------- strings
        region_code,
        region_name as boundary_region_name,
        geometry_geojson,
        outline_geojson,
        source_file,

        ---------- numerics
        cast(boundary_year as integer) as boundary_year,

        ---------- timestamps
        loaded_at

    from {{ source('boundaries', 'region_boundaries') }}

)

select * from renamed
