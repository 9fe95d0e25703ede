with

renamed as (

    select
        ---------- strings
        brc_beroepsgroep as occupation_group_code,
        amr_code as region_code,

        ---------- numerics
        {{ cast_columns('integer', {
            'editie': 'edition', 'prognose_beginjaar': 'forecast_start_year',
            'prognose_eindjaar': 'forecast_end_year',
        }) }},
        {{ cast_columns('bigint', {
            'werkgelegenheid_begin': 'employment_start', 'uitbreidingsvraag': 'expansion_demand',
            'vervangingsvraag': 'replacement_demand', 'baanopeningen': 'job_openings',
        }) }},
        {{ cast_columns('double', {
            'uitbreidingsvraag_pct_jaar': 'expansion_demand_pct_per_year',
            'vervangingsvraag_pct_jaar': 'replacement_demand_pct_per_year',
            'itkb': 'future_bottleneck_indicator',
        }) }},
        {{ cast_columns('integer', {
            'itkb_typering': 'future_bottleneck_category_code',
            'perspectief_werkzoekenden': 'jobseeker_prospects_code',
        }) }}

    from {{ source('poa', 'poa') }}

)

select * from renamed
