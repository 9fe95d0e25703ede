{#- Worker groups (cells) for the vulnerability mart: arbeidsmarktregio (and NL) x education
    level x BRC beroepsklasse, each with the four conditions of docs/methods.md (7.5, vulnerability)
    (thresholds: macro labour_market_setting):
    1. poor prospects (POA, latest edition, per region): at least
       vulnerability_poor_prospects_share (0.5) of the class's employment at the start of
       the forecast is in occupation groups with jobseeker prospects 'matig' or 'slecht';
       a region without forecast employment in the class takes the national share;
    2. low LLO participation (LLO-Enquête, latest wave): the shrunk national level x class
       course participation (lnk_training_cell_estimates) is below
       vulnerability_low_llo_ratio (0.8) times the national participation of workers;
    3. low basic skills (PIAAC, latest cycle, employed): at least
       vulnerability_low_literacy_share (0.25) of the workers with the education level score
       at or below level 1 (below 226 points) in literacy or numeracy (mean over the ten
       plausible values);
    4. low task effectiveness (NSS, latest wave, workers): the level x class mean of the
       workers' mean effectiveness z-score over the tasks they perform, shrunk toward the
       level margin (empirical Bayes, k by the method of moments), lies at least
       |vulnerability_low_effectiveness_z| (0.25) person-level standard deviations below the
       national mean.
    Conditions 2-4 are national per cell (the surveys are national samples); condition 1 is
    regional. Schema linked, not published. -#}
{{ config(materialized='table') }}

{%- set level_class = ['education_level_code', 'occupation_class_code'] %}
with

forecasts as (

    select * from {{ ref('stg_poa__forecasts') }}

),

participation_cells as (

    select * from {{ ref('lnk_training_cell_estimates') }}
    where indicator_code = 'course_participation'

),

piaac as (

    select * from {{ ref('stg_piaac__respondents') }}

),

task_ratings as (

    select * from {{ ref('lnk_nss_task_ratings') }}

),

classes as (

    select distinct brc_class_code as occupation_class_code
    from {{ ref('ref_brc_occupations') }}

),

levels as (

    select 1 as education_level_code
    union all
    select 2 as education_level_code
    union all
    select 3 as education_level_code

),

{# The cells of the model: every education level x BRC class. -#}
level_classes as (

    select
        levels.education_level_code,
        classes.occupation_class_code

    from levels
    cross join classes

),

---------- 1. poor prospects (POA)

latest_forecasts as (

    select
        forecasts.*,
        occupations.brc_class_code as occupation_class_code

    from forecasts
    inner join {{ ref('ref_brc_occupations') }} as occupations
        on forecasts.occupation_group_code = occupations.brc_group_code
    where forecasts.edition = (select max(all_rows.edition) from forecasts as all_rows)

),

prospects as (

    select
        coalesce(region_code, 'NL') as region_code,
        occupation_class_code,
        any_value(edition) as poa_edition,
        sum(employment_start) as employment_start,
        coalesce(sum(employment_start) filter (where jobseeker_prospects_code in (4, 5)), 0)
            / nullif(sum(employment_start), 0) as poor_prospects_share

    from latest_forecasts
    group by occupation_class_code, rollup(region_code)

),

---------- 2. LLO participation (LLO-Enquête cells)

participation as (

    select
        cast(row_code as integer) as education_level_code,
        column_code as occupation_class_code,
        wave as llo_wave,
        shrunk_share as course_participation,
        national_share as national_course_participation

    from participation_cells
    where wave = (select max(all_rows.wave) from participation_cells as all_rows)

),

---------- 3. basic skills (PIAAC)

piaac_workers as (

    select * from piaac
    where is_employed
        and wave = (select max(all_rows.wave) from piaac as all_rows)

),

basic_skills as (

    select
        education_level_code,
        any_value(wave) as piaac_cycle,
        count(*) as piaac_n,
        (
            {%- for pv in range(1, 11) %}
            sum(
                survey_weight
                * cast(literacy_pv{{ pv }} < 226 or numeracy_pv{{ pv }} < 226 as integer)
            )
            {{- ' +' if not loop.last }}
            {%- endfor %}
        ) / 10.0 / sum(survey_weight) as low_basic_skills_share

    from piaac_workers
    group by education_level_code

),

---------- 4. task effectiveness (NSS)

nss_persons as (

    select
        panel_person_key,
        any_value(education_level_code) as education_level_code,
        any_value(occupation_class_code) as occupation_class_code,
        any_value(survey_weight) as survey_weight,
        any_value(wave) as wave,
        avg(effectiveness_z) as effectiveness_z

    from task_ratings
    where wave = (select max(all_rows.wave) from task_ratings as all_rows)
        and effectiveness_z is not null
    group by panel_person_key

),

nss_national as (

    select
        {{ weighted_mean('effectiveness_z', 'survey_weight') }} as national_mean,
        {{ weighted_variance('effectiveness_z', 'survey_weight') }} as person_variance,
        any_value(wave) as nss_wave

    from nss_persons

),

nss_level_margins as (

    select
        education_level_code,
        {{ weighted_mean('effectiveness_z', 'survey_weight') }} as level_mean

    from nss_persons
    group by education_level_code

),

nss_cells as (

    select
        education_level_code,
        occupation_class_code,
        count(*) as nss_n,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_mean('effectiveness_z', 'survey_weight') }} as cell_mean

    from nss_persons
    group by education_level_code, occupation_class_code

),

nss_grid as (

    select
        level_classes.education_level_code,
        level_classes.occupation_class_code,
        coalesce(nss_cells.nss_n, 0) as nss_n,
        coalesce(nss_cells.n_effective, 0) as n_effective,
        nss_cells.cell_mean,
        coalesce(nss_level_margins.level_mean, nss_national.national_mean) as prior_mean,
        nss_national.national_mean,
        nss_national.person_variance,
        nss_national.nss_wave

    from level_classes
    cross join nss_national
    left join nss_level_margins
        on level_classes.education_level_code = nss_level_margins.education_level_code
    left join nss_cells
        on {{ same_cell('level_classes', 'nss_cells', level_class) }}

),

nss_strength as (

    select
        {{ llo_eb_strength(
            'any_value(person_variance)',
            llo_between_cell_variance('cell_mean', 'prior_mean', 'n_effective',
                'any_value(person_variance)'),
            1, 1000) }} as strength

    from nss_grid
    where nss_n > 0

),

effectiveness as (

    select
        nss_grid.*,
        {{ shrink_toward('nss_grid.cell_mean', 'nss_grid.n_effective', 'nss_grid.prior_mean',
            'nss_strength.strength') }} as shrunk_effectiveness_z

    from nss_grid
    cross join nss_strength

),

---------- cells

cells as (

    select
        geographies.geography_level,
        geographies.region_code,
        geographies.region_name,
        level_classes.education_level_code,
        level_classes.occupation_class_code,
        coalesce(
            case
                when own_prospects.employment_start > 0
                    then own_prospects.poor_prospects_share
            end,
            national_prospects.poor_prospects_share
        ) as poor_prospects_share,
        coalesce(own_prospects.poa_edition, national_prospects.poa_edition) as poa_edition,
        participation.course_participation,
        participation.national_course_participation,
        participation.llo_wave,
        basic_skills.low_basic_skills_share,
        basic_skills.piaac_cycle,
        effectiveness.shrunk_effectiveness_z,
        effectiveness.national_mean as national_effectiveness_z,
        effectiveness.person_variance as effectiveness_person_variance,
        effectiveness.nss_n,
        effectiveness.nss_wave

    from {{ labour_market_geographies() }}
    cross join level_classes
    left join prospects as own_prospects
        on geographies.region_code = own_prospects.region_code
        and level_classes.occupation_class_code = own_prospects.occupation_class_code
    left join prospects as national_prospects
        on national_prospects.region_code = 'NL'
        and level_classes.occupation_class_code = national_prospects.occupation_class_code
    left join participation
        on {{ same_cell('level_classes', 'participation', level_class) }}
    left join basic_skills
        on level_classes.education_level_code = basic_skills.education_level_code
    left join effectiveness
        on {{ same_cell('level_classes', 'effectiveness', level_class) }}

),

final as (

    select
        *,
        poor_prospects_share >= {{ labour_market_setting('vulnerability_poor_prospects_share') }}
            as has_poor_prospects,
        course_participation < {{ labour_market_setting('vulnerability_low_llo_ratio') }}
            * national_course_participation as has_low_llo_participation,
        low_basic_skills_share >= {{ labour_market_setting('vulnerability_low_literacy_share') }}
            as has_low_basic_skills,
        shrunk_effectiveness_z - national_effectiveness_z
            <= {{ labour_market_setting('vulnerability_low_effectiveness_z') }}
            * sqrt(effectiveness_person_variance) as has_low_task_effectiveness

    from cells

)

select * from final
