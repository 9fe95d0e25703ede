{#- LLO-Enquête respondents of the LISS panel (waves from 2017) linked person-to-person
    to the NSS on the LISS key (panel_person_key): for each LLO respondent the NSS wave of
    the same person in the same year, otherwise the nearest NSS wave within
    llo_nss_link_max_wave_distance years (default 4; ties go to the earlier NSS wave, the
    skills measured before the learning). LLO 2017 -> NSS 2017, LLO 2020 -> NSS 2017 or
    2024, LLO 2024 -> NSS 2024. Unlinked respondents are kept (is_linked false);
    link_rate is the share of the wave's LISS respondents that linked. The DHS-panel waves
    (2004-2013) have no LISS key and do not link. Person-level: never published. -#}
{%- set max_distance = var('llo_nss_link_max_wave_distance', 4) -%}
with

llo as (

    select * from {{ ref('lnk_llo_respondents_joined_to_classifications') }}
    where panel_code = 2
        and wave >= 2017

),

nss as (

    select * from {{ ref('stg_nss__respondents') }}

),

ranked_candidates as (

    select
        llo.panel_person_key,
        llo.wave,
        nss.wave as nss_wave,
        abs(nss.wave - llo.wave) as wave_distance,
        row_number() over (
            partition by llo.panel_person_key, llo.wave
            order by abs(nss.wave - llo.wave), nss.wave
        ) as candidate_rank

    from llo
    inner join nss
        on llo.panel_person_key = nss.panel_person_key
        and abs(nss.wave - llo.wave) <= {{ max_distance }}

),

candidates as (

    select
        panel_person_key,
        wave,
        nss_wave,
        wave_distance

    from ranked_candidates
    where candidate_rank = 1

),

linked as (

    select
        llo.panel_person_key,
        llo.person_key,
        llo.wave,
        candidates.nss_wave,
        candidates.wave_distance,
        candidates.nss_wave is not null as is_linked,
        llo.is_working,
        llo.region_code,
        llo.sector_code,
        llo.occupation_class_code,
        llo.education_orientation_code,
        llo.course_indicator,
        llo.informal_learning_indicator,
        llo.self_study_indicator,
        llo.training_intention_indicator,
        llo.survey_weight,
        nss.survey_weight as nss_survey_weight,
        nss.occupation_group_code as nss_occupation_group_code,
        {%- for task in range(1, 34) %}
        nss.importance_{{ '%02d' % task }} as nss_importance_{{ '%02d' % task }},
        nss.effectiveness_{{ '%02d' % task }} as nss_effectiveness_{{ '%02d' % task }},
        {%- endfor %}
        count(*) over (partition by llo.wave) as llo_respondents_in_wave

    from llo
    left join candidates
        on llo.panel_person_key = candidates.panel_person_key
        and llo.wave = candidates.wave
    left join nss
        on candidates.panel_person_key = nss.panel_person_key
        and candidates.nss_wave = nss.wave

),

final as (

    select
        *,
        count(*) filter (where is_linked) over (partition by wave)
            / llo_respondents_in_wave as link_rate

    from linked

)

select * from final
