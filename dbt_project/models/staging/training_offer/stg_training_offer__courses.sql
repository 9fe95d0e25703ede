with

renamed as (

    select
        ---------- ids
        cursus_id as course_id,
        aanbieder_id as provider_id,

        ---------- strings
        aanbieder_naam as provider_name,
        cursus_naam as course_name,
        gemeente_code as municipality_code,
        vaardigheidsdomein as task_domain_code,
        sbi_sectie_doelgroep as target_sector_code,

        ---------- numerics
        cast(jaar as integer) as year,
        cast(aanbieder_type as integer) as provider_type_code,
        cast(opleidingsvorm as integer) as delivery_mode_code,
        cast(doelgroep_opleidingsniveau as integer) as target_education_level_code,
        cast(duur_uren as double) as study_hours,
        cast(kosten_euro as double) as cost_eur,

        ---------- booleans
        cast(stap_subsidiabel as integer) = 1 as is_stap_eligible,

        ---------- dates
        cast(startdatum as date) as start_date

    from {{ source('training_offer', 'training_offer') }}

)

select * from renamed
