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
        {{ cast_columns('integer', {
            'jaar': 'year', 'aanbieder_type': 'provider_type_code',
            'opleidingsvorm': 'delivery_mode_code',
            'doelgroep_opleidingsniveau': 'target_education_level_code',
        }) }},
        {{ cast_columns('double', {'duur_uren': 'study_hours', 'kosten_euro': 'cost_eur'}) }},

        ---------- booleans
        cast(stap_subsidiabel as integer) = 1 as is_stap_eligible,

        ---------- dates
        cast(startdatum as date) as start_date

    from {{ source('training_offer', 'training_offer') }}

)

select * from renamed
