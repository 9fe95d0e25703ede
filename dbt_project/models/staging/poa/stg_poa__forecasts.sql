with

renamed as (

    select
        ---------- strings
        brc_beroepsgroep as occupation_group_code,
        amr_code as region_code,

        ---------- numerics
        cast(editie as integer) as edition,
        cast(prognose_beginjaar as integer) as forecast_start_year,
        cast(prognose_eindjaar as integer) as forecast_end_year,
        cast(werkgelegenheid_begin as bigint) as employment_start,
        cast(uitbreidingsvraag as bigint) as expansion_demand,
        cast(vervangingsvraag as bigint) as replacement_demand,
        cast(baanopeningen as bigint) as job_openings,
        cast(uitbreidingsvraag_pct_jaar as double) as expansion_demand_pct_per_year,
        cast(vervangingsvraag_pct_jaar as double) as replacement_demand_pct_per_year,
        cast(itkb as double) as future_bottleneck_indicator,
        cast(itkb_typering as integer) as future_bottleneck_category_code,
        cast(perspectief_werkzoekenden as integer) as jobseeker_prospects_code

    from {{ source('poa', 'poa') }}

)

select * from renamed
