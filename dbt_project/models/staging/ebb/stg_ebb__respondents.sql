with

renamed as (

    select
        ---------- ids
        rinpersoon as person_key,
        _period as period_key,

        ---------- strings
        amr_code as region_code,
        brc_beroepsgroep as occupation_group_code,
        sbi_sectie as sector_code,

        ---------- numerics
        cast(jaar as integer) as year,
        cast(kwartaal as integer) as quarter,
        cast(opleidingsniveau as integer) as education_level_code,
        cast(opleidingsrichting as integer) as education_orientation_code,
        cast(arbeidsmarktpositie as integer) as labour_market_position_code,
        cast(contractsoort as integer) as contract_type_code,
        cast(leeftijd as integer) as age,
        cast(geslacht as integer) as sex_code,
        cast(ophoogfactor as double) as survey_weight,

        ---------- booleans
        cast(cursus_4wk as integer) = 1 as has_course_last_4_weeks,
        cast(arbeidsmarktpositie as integer) = 1 as is_employed,
        cast(ontwerpbreuk_2021 as integer) = 1 as has_design_break,

        ---------- dates
        make_date(cast(jaar as integer), 1, 1) as year_start_date

    from {{ source('ebb', 'ebb') }}

)

select * from renamed
