with

renamed as (

    select
        {{ liss_panel_key_columns() }},

        ---------- numerics
        {{ cast_columns('integer', {
            'golf': 'wave', 'panel': 'panel_code', 'geslacht': 'sex_code', 'leeftijd': 'age',
            'opleidingsniveau': 'education_level_code',
            'opleidingsrichting': 'education_orientation_code',
            'werkstatus': 'working_status_code', 'contractsoort': 'contract_type_code',
        }) }},
        cast(cursus_uren as double) as course_hours,
        {{ cast_columns('integer', {
            'cursus_initiatief': 'course_initiative_code',
            'cursus_betaald_door': 'course_paid_by_code',
        }) }},
        cast(informeel_leren_pct_tijd as double) as informal_learning_time_pct,
        {{ cast_columns('integer', {
            'steun_werkgever': 'employer_support_score',
            'bijbenen_technologie': 'keeping_up_with_technology_score',
        }) }},
        {{ cast_columns('double', {
            'leer_self_efficacy': 'learning_self_efficacy',
            'leerdoelgerichtheid': 'learning_goal_orientation', 'weegfactor': 'survey_weight',
        }) }},

        ---------- booleans
        {{ flag_columns({
            'werkstatus': 'is_working',
            'cursus_12mnd': 'has_course_last_12_months',
            'reden_bijblijven': 'reason_keep_up',
            'reden_nieuwe_taken': 'reason_new_tasks',
            'reden_langer_werken': 'reason_work_longer',
            'reden_verplicht': 'reason_mandatory',
            'reden_loopbaan': 'reason_career',
            'reden_persoonlijke_ontwikkeling': 'reason_personal_development',
            'informeel_leren': 'has_informal_learning',
            'zelfstudie': 'has_self_study',
            'belemmering_geen_tijd': 'barrier_no_time',
            'belemmering_kosten': 'barrier_costs',
            'belemmering_geen_steun_werkgever': 'barrier_no_employer_support',
            'belemmering_geen_behoefte': 'barrier_no_need',
            'belemmering_zorgtaken': 'barrier_care_duties',
            'belemmering_geen_passend_aanbod': 'barrier_no_suitable_offer',
            'scholingsintentie': 'intends_training',
            'hr_opleidingsplan': 'has_hr_training_plan',
            'hr_ontwikkelgesprek': 'has_hr_development_talk',
            'hr_opleidingsbudget': 'has_hr_training_budget',
            'hr_taakroulatie': 'has_hr_job_rotation',
        }) }}

    from {{ source('llo_enquete', 'llo_enquete') }} as source
    left join {{ ref('ref_sbi_sections') }} as sectors
        on source.sbi_sectie = sectors.sbi_section_number

)

select * from renamed
