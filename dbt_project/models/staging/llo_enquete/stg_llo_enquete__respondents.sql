with

renamed as (

    select
        ---------- ids
        cast(nomem_encr as {{ dbt.type_string() }}) as panel_person_key,
        rinpersoon as person_key,

        ---------- strings
        amr_code as region_code,
        lpad(cast(brc_beroepsgroep as {{ dbt.type_string() }}), 4, '0') as occupation_group_code,
        sectors.sbi_section_code as sector_code,

        ---------- numerics
        cast(golf as integer) as wave,
        cast(panel as integer) as panel_code,
        cast(geslacht as integer) as sex_code,
        cast(leeftijd as integer) as age,
        cast(opleidingsniveau as integer) as education_level_code,
        cast(opleidingsrichting as integer) as education_orientation_code,
        cast(werkstatus as integer) as working_status_code,
        cast(contractsoort as integer) as contract_type_code,
        cast(cursus_uren as double) as course_hours,
        cast(cursus_initiatief as integer) as course_initiative_code,
        cast(cursus_betaald_door as integer) as course_paid_by_code,
        cast(informeel_leren_pct_tijd as double) as informal_learning_time_pct,
        cast(steun_werkgever as integer) as employer_support_score,
        cast(bijbenen_technologie as integer) as keeping_up_with_technology_score,
        cast(leer_self_efficacy as double) as learning_self_efficacy,
        cast(leerdoelgerichtheid as double) as learning_goal_orientation,
        cast(weegfactor as double) as survey_weight,

        ---------- booleans
        cast(werkstatus as integer) = 1 as is_working,
        cast(cursus_12mnd as integer) = 1 as has_course_last_12_months,
        cast(reden_bijblijven as integer) = 1 as reason_keep_up,
        cast(reden_nieuwe_taken as integer) = 1 as reason_new_tasks,
        cast(reden_langer_werken as integer) = 1 as reason_work_longer,
        cast(reden_verplicht as integer) = 1 as reason_mandatory,
        cast(reden_loopbaan as integer) = 1 as reason_career,
        cast(reden_persoonlijke_ontwikkeling as integer) = 1 as reason_personal_development,
        cast(informeel_leren as integer) = 1 as has_informal_learning,
        cast(zelfstudie as integer) = 1 as has_self_study,
        cast(belemmering_geen_tijd as integer) = 1 as barrier_no_time,
        cast(belemmering_kosten as integer) = 1 as barrier_costs,
        cast(belemmering_geen_steun_werkgever as integer) = 1 as barrier_no_employer_support,
        cast(belemmering_geen_behoefte as integer) = 1 as barrier_no_need,
        cast(belemmering_zorgtaken as integer) = 1 as barrier_care_duties,
        cast(belemmering_geen_passend_aanbod as integer) = 1 as barrier_no_suitable_offer,
        cast(scholingsintentie as integer) = 1 as intends_training,
        cast(hr_opleidingsplan as integer) = 1 as has_hr_training_plan,
        cast(hr_ontwikkelgesprek as integer) = 1 as has_hr_development_talk,
        cast(hr_opleidingsbudget as integer) = 1 as has_hr_training_budget,
        cast(hr_taakroulatie as integer) = 1 as has_hr_job_rotation

    from {{ source('llo_enquete', 'llo_enquete') }} as source
    left join {{ ref('ref_sbi_sections') }} as sectors
        on source.sbi_sectie = sectors.sbi_section_number

)

select * from renamed
