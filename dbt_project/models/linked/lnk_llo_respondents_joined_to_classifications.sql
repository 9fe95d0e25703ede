{#- Person-level LLO-Enquête records with the classifications the marts group by:
    beroepsklasse (BRC 2014) from the beroepsgroep, names of sector, region, education
    level and orientation and contract type, an age group, and the learning outcomes as
    0/1 indicators for weighted shares. Never published (schema linked). -#}
with

occupations as (

    select
        {{ llo_code('brc_group_code', 4) }} as brc_group_code,
        {{ llo_code('brc_class_code', 2) }} as brc_class_code,
        brc_class_name

    from {{ ref('ref_brc_occupations') }}

),

joined as (

    select
        respondents.*,
        occupations.brc_class_code as occupation_class_code,
        occupations.brc_class_name as occupation_class_name,
        sectors.sbi_section_name as sector_name,
        regions.region_name,
        education_levels.education_level_name,
        education_orientations.education_orientation_name,
        contract_types.contract_type_name,
        case
            when respondents.age < 25 then '16-24'
            when respondents.age < 35 then '25-34'
            when respondents.age < 45 then '35-44'
            when respondents.age < 55 then '45-54'
            when respondents.age < 65 then '55-64'
            else '65-74'
        end as age_group_code,
        respondents.contract_type_code in (1, 2) as is_employee,
        cast(respondents.has_course_last_12_months as integer) as course_indicator,
        cast(respondents.has_informal_learning as integer) as informal_learning_indicator,
        cast(respondents.has_self_study as integer) as self_study_indicator,
        cast(respondents.intends_training as integer) as training_intention_indicator

    from {{ ref('stg_llo_enquete__respondents') }} as respondents
    left join occupations
        on respondents.occupation_group_code = occupations.brc_group_code
    left join {{ ref('ref_sbi_sections') }} as sectors
        on respondents.sector_code = sectors.sbi_section_code
    left join {{ ref('ref_labour_market_regions') }} as regions
        on respondents.region_code = regions.region_code
    left join {{ ref('ref_education_levels') }} as education_levels
        on respondents.education_level_code = education_levels.education_level_code
    left join {{ ref('ref_education_orientations') }} as education_orientations
        on respondents.education_orientation_code
            = education_orientations.education_orientation_code
    left join {{ ref('ref_contract_types') }} as contract_types
        on respondents.contract_type_code = contract_types.contract_type_code

),

final as (

    select
        *,
        age_group_code || ' jaar' as age_group_label

    from joined

)

select * from final
