{#- Polis job-file sums per year x work region (and the Netherlands) x SBI section (and all
    sectors): jobs, persons, employers, paid hours, base wage, the median annual base wage
    per job and the number of jobs with a flexible contract. A job is counted in every year
    in which it was held (annual file), so part-year jobs count once per year; FTE from paid
    hours corrects for that. Cell sums before disclosure control: schema linked, never
    published.
    Built one Polis year per batch (microbatch on year_start_date): memory and time stay
    those of one year's jobs, and a refresh rebuilds only the years that were (re)delivered
    (the orchestration passes their range as --event-time-start/--event-time-end). -#}
{{ config(**yearly_microbatch_config()) }}

with

jobs as (

    select * from {{ ref('stg_polis__jobs') }}
    where {{ batch_year_filter('year') }}

),

cells as (

    select
        year,
        case when grouping(work_region_code) = 1 then 'nederland' else 'arbeidsmarktregio' end
            as geography_level,
        coalesce(work_region_code, 'NL') as region_code,
        coalesce(sector_code, 'totaal') as sector_code,
        count(*) as jobs,
        count(distinct person_key) as persons,
        count(distinct employer_key) as employers,
        sum(paid_hours) as paid_hours,
        sum(base_wage_eur) as base_wage_eur,
        {{ percentile_cont('base_wage_eur', 0.5) }} as median_annual_base_wage_eur,
        count(*) filter (where contract_type_code = 2) as flexible_jobs

    from jobs
    group by year, cube(work_region_code, sector_code)

),

final as (

    select
        make_date(year, 1, 1) as year_start_date,
        *

    from cells

)

select * from final
