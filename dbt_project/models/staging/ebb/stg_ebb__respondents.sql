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
        {{ cast_columns('integer', {
            'jaar': 'year', 'kwartaal': 'quarter',
            'opleidingsniveau': 'education_level_code',
            'opleidingsrichting': 'education_orientation_code',
            'arbeidsmarktpositie': 'labour_market_position_code',
            'contractsoort': 'contract_type_code', 'leeftijd': 'age', 'geslacht': 'sex_code',
        }) }},
        cast(ophoogfactor as double) as survey_weight,

        ---------- booleans
        {{ flag_columns({
            'cursus_4wk': 'has_course_last_4_weeks',
            'arbeidsmarktpositie': 'is_employed',
            'ontwerpbreuk_2021': 'has_design_break',
        }) }},

        ---------- dates
        make_date(cast(jaar as integer), 1, 1) as year_start_date

    from {{ source('ebb', 'ebb') }}

)

select * from renamed
