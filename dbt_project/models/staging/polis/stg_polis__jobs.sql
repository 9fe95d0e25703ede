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
        cast(jaar as integer) as year,
        cast(contractsoort as integer) as contract_type_code,
        cast(soort_baan as integer) as job_type_code,
        cast(dagen as integer) as days_in_year,
        cast(verloonde_uren as double) as paid_hours,
        cast(basisloon as double) as base_wage_eur,

        ---------- booleans
        cast(contractsoort as integer) = 1 as is_permanent_contract,

        ---------- dates
        make_date(cast(jaar as integer), 1, 1) as year_start_date,
        cast(datum_aanvang as date) as job_start_date,
        cast(datum_einde as date) as job_end_date

    from {{ source('polis', 'polis') }}

)

select * from renamed
