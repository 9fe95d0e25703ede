with

renamed as (

    select
        ---------- ids
        rinpersoon as person_key,
        cast(ikvid as bigint) as income_relation_id,
        beid as employer_key,

        ---------- strings
        sbi_sectie as sector_code,
        amr_werk as work_region_code,

        ---------- numerics
        {{ cast_columns('integer', {
            'jaar': 'year', 'contractsoort': 'contract_type_code', 'soort_baan': 'job_type_code',
            'dagen': 'days_in_year',
        }) }},
        {{ cast_columns('double', {
            'verloonde_uren': 'paid_hours', 'basisloon': 'base_wage_eur',
        }) }},

        ---------- booleans
        cast(contractsoort as integer) = 1 as is_permanent_contract,

        ---------- dates
        make_date(cast(jaar as integer), 1, 1) as year_start_date,
        {{ cast_columns('date', {
            'datum_aanvang': 'job_start_date', 'datum_einde': 'job_end_date',
        }) }}

    from {{ source('polis', 'polis') }}

)

select * from renamed
