{#- One row per arbeidsmarktregio for the map: its centroid (reference seed) always, and its
    polygon from the latest supplied CBS/PDOK boundary file when there is one. Carries the
    region's employees (Polis, from rpt_region_profile) to colour the map. -#}
with

boundaries as (

    select * from {{ ref('stg_boundaries__regions') }}

),

profile as (

    select * from {{ ref('rpt_region_profile') }}
    where group_type = 'arbeidsmarktregio'

),

latest_boundaries as (

    select *
    from boundaries
    where boundary_year = (select max(all_rows.boundary_year) from boundaries as all_rows)

),

final as (

    select
        regions.region_code,
        regions.region_name,
        regions.province_code,
        regions.province_name,
        regions.centroid_lat,
        regions.centroid_lon,
        latest_boundaries.boundary_year,
        latest_boundaries.geometry_geojson as geometry,
        latest_boundaries.outline_geojson as outline,
        latest_boundaries.geometry_geojson is not null as has_boundary,
        case
            when latest_boundaries.geometry_geojson is not null
                then 'CBS/PDOK gebiedsindeling ' || latest_boundaries.boundary_year
            else 'geen grensbestand: middelpunt uit de referentielijst'
        end as boundary_source,
        profile.employment_year,
        profile.employee_persons

    from {{ ref('ref_labour_market_regions') }} as regions
    left join latest_boundaries
        on regions.region_code = latest_boundaries.region_code
    left join profile
        on regions.region_code = profile.group_code

)

select * from final
