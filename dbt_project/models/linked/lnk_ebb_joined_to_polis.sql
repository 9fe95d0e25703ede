{#- EBB respondent-quarters joined to their Polis jobs of the same year on the person key.
    Every respondent-quarter is kept (left join); the main job is the job that runs in the
    survey quarter with the most paid hours (else the year's job with the most hours).
    Wages and hours are summed over all of the person's jobs in the year. Person-level:
    schema linked, never published.
    Built one year per batch (microbatch on year_start_date, EBB and Polis both filtered to
    the batch year): a refresh rebuilds only the (re)delivered years. -#}
{{ config(**yearly_microbatch_config()) }}

with

respondents as (

    select * from {{ ref('stg_ebb__respondents') }}
    where {{ batch_year_filter('year') }}

),

jobs as (

    select * from {{ ref('stg_polis__jobs') }}
    where {{ batch_year_filter('year') }}

),

polis_years as (

    -- straight from the staging view, not from the `jobs` CTE: a CTE read twice is
    -- materialised, and a Polis year has millions of rows
    select distinct year from {{ ref('stg_polis__jobs') }}
    where {{ batch_year_filter('year') }}

),

respondent_jobs as (

    select
        respondents.person_key,
        respondents.year,
        respondents.quarter,
        jobs.income_relation_id,
        jobs.employer_key,
        jobs.sector_code,
        jobs.work_region_code,
        jobs.contract_type_code,
        jobs.job_type_code,
        jobs.paid_hours,
        jobs.base_wage_eur,
        jobs.job_start_date <= make_date(respondents.year, respondents.quarter * 3, 1)
            + interval 1 month - interval 1 day
        and coalesce(jobs.job_end_date, date '9999-12-31')
            >= make_date(respondents.year, respondents.quarter * 3 - 2, 1)
            as runs_in_quarter

    from respondents
    inner join jobs
        on respondents.person_key = jobs.person_key
        and respondents.year = jobs.year

),

ranked_jobs as (

    select
        *,
        row_number() over (
            partition by person_key, year, quarter
            order by runs_in_quarter desc, paid_hours desc, income_relation_id
        ) as job_rank

    from respondent_jobs

),

job_summary as (

    select
        person_key,
        year,
        quarter,
        count(*) as polis_jobs_in_year,
        bool_or(runs_in_quarter) as has_polis_job_in_quarter,
        sum(base_wage_eur) as annual_base_wage_eur,
        sum(paid_hours) as annual_paid_hours,
        max(employer_key) filter (where job_rank = 1) as main_employer_key,
        max(sector_code) filter (where job_rank = 1) as main_job_sector_code,
        max(work_region_code) filter (where job_rank = 1) as main_job_work_region_code,
        max(contract_type_code) filter (where job_rank = 1) as main_job_contract_type_code,
        max(job_type_code) filter (where job_rank = 1) as main_job_type_code

    from ranked_jobs
    group by person_key, year, quarter

),

joined as (

    select
        respondents.person_key,
        respondents.year_start_date,
        respondents.year,
        respondents.quarter,
        respondents.region_code,
        respondents.sector_code,
        respondents.occupation_group_code,
        respondents.education_level_code,
        respondents.contract_type_code,
        respondents.age,
        respondents.survey_weight,
        respondents.is_employed,
        respondents.is_employed
            and respondents.contract_type_code in (1, 2) as is_employee,
        polis_years.year is not null as is_polis_year,
        coalesce(job_summary.polis_jobs_in_year, 0) as polis_jobs_in_year,
        job_summary.person_key is not null as has_polis_job_in_year,
        coalesce(job_summary.has_polis_job_in_quarter, false) as has_polis_job_in_quarter,
        job_summary.main_employer_key,
        job_summary.main_job_sector_code,
        job_summary.main_job_work_region_code,
        job_summary.main_job_contract_type_code,
        job_summary.main_job_type_code,
        job_summary.annual_base_wage_eur,
        job_summary.annual_paid_hours,
        {{ hourly_wage('job_summary.annual_base_wage_eur', 'job_summary.annual_paid_hours') }}
            as hourly_wage_eur,
        job_summary.main_job_sector_code = respondents.sector_code as is_same_sector

    from respondents
    left join polis_years
        on respondents.year = polis_years.year
    left join job_summary
        on {{ same_cell('respondents', 'job_summary', ['person_key', 'year', 'quarter']) }}

)

select * from joined
