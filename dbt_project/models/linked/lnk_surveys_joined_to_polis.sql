{#- NSS and LLO-Enquête respondents (LISS/DHS panels) linked to Polis on the CBS person
    key, in the survey year and `polis_followup_years` later. The survey date within the
    year is not delivered, so the baseline is the whole wave year. The main employer of a
    year is the employer of the job with the most paid hours. Employer change: the person
    has jobs in both years and none of the follow-up jobs is with the baseline main
    employer. Person-level with linking keys: schema linked, never published. -#}
{{ config(materialized='table') }}

{%- set followup = labour_market_setting('polis_followup_years') %}

with

nss as (

    select * from {{ ref('stg_nss__respondents') }}

),

jobs as (

    select * from {{ ref('stg_polis__jobs') }}

),

polis_years as (

    -- straight from the staging view, not from the `jobs` CTE: a CTE read twice is
    -- materialised, and Polis has hundreds of millions of rows
    select
        min(year) as first_year,
        max(year) as last_year

    from {{ ref('stg_polis__jobs') }}

),

respondents as (

    {#- The columns both surveys deliver; the LLO-Enquête also asks about course
        participation, the NSS does not. #}
    {%- for survey, relation, course in [
        ('nss', 'nss', 'cast(null as boolean)'),
        ('llo_enquete', ref('stg_llo_enquete__respondents'), 'has_course_last_12_months'),
    ] %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ survey }}' as source,
        panel_person_key,
        person_key,
        wave,
        region_code,
        sector_code,
        occupation_group_code,
        education_level_code,
        contract_type_code,
        age,
        survey_weight,
        is_working,
        {{ course }} as has_course_last_12_months

    from {{ relation }}
    {%- endfor %}

),

survey_jobs as (

    -- only the jobs of surveyed persons: a few thousand persons out of millions
    select * from jobs
    where person_key in (select person_key from respondents where person_key is not null)

),

ranked_jobs as (

    select
        *,
        -- ties on hours go to the lowest employer key, the same in every run
        row_number() over (
            partition by person_key, year order by paid_hours desc, employer_key
        ) as hours_rank

    from survey_jobs

),

person_years as (

    select
        person_key,
        year,
        count(*) as jobs,
        sum(base_wage_eur) as base_wage_eur,
        sum(paid_hours) as paid_hours,
        max(case when hours_rank = 1 then employer_key end) as main_employer_key

    from ranked_jobs
    group by person_key, year

),

person_year_employers as (

    select distinct
        person_key,
        year,
        employer_key

    from survey_jobs

),

joined as (

    select
        respondents.*,
        respondents.person_key is not null as has_person_key,
        respondents.is_working
            and respondents.contract_type_code in (1, 2) as is_employee,
        respondents.wave + {{ followup }} as followup_year,
        respondents.wave between polis_years.first_year and polis_years.last_year
            as is_polis_year,
        respondents.wave + {{ followup }} between polis_years.first_year and polis_years.last_year
            as is_followup_observed,
        baseline.person_key is not null as has_polis_job_in_wave_year,
        followup.person_key is not null as has_polis_job_in_followup_year,
        baseline.main_employer_key as wave_year_main_employer_key,
        followup.main_employer_key as followup_main_employer_key,
        baseline.base_wage_eur as wave_year_base_wage_eur,
        baseline.paid_hours as wave_year_paid_hours,
        {{ hourly_wage('baseline.base_wage_eur', 'baseline.paid_hours') }}
            as wave_year_hourly_wage_eur,
        followup.base_wage_eur as followup_base_wage_eur,
        followup.paid_hours as followup_paid_hours,
        {{ hourly_wage('followup.base_wage_eur', 'followup.paid_hours') }}
            as followup_hourly_wage_eur,
        stayed.employer_key is not null as kept_baseline_employer

    from respondents
    cross join polis_years
    left join person_years as baseline
        on respondents.person_key = baseline.person_key
        and respondents.wave = baseline.year
    left join person_years as followup
        on respondents.person_key = followup.person_key
        and respondents.wave + {{ followup }} = followup.year
    left join person_year_employers as stayed
        on respondents.person_key = stayed.person_key
        and respondents.wave + {{ followup }} = stayed.year
        and baseline.main_employer_key = stayed.employer_key

),

final as (

    select
        *,
        case
            when has_polis_job_in_wave_year and has_polis_job_in_followup_year
                then not kept_baseline_employer
        end as has_changed_employer,
        case
            when wave_year_hourly_wage_eur > 0 and followup_hourly_wage_eur is not null
                then followup_hourly_wage_eur / wave_year_hourly_wage_eur - 1
        end as hourly_wage_growth

    from joined

)

select * from final
