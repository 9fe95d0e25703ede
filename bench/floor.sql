-- The raw-DuckDB floor: the heaviest mart aggregates computed straight from the landing
-- files in one script, with no staging, linking, tests, checks or publish. bench/run.py
-- replaces @LANDING@ by the landing directory and @NSS@ by a Parquet copy of the NSS .sav
-- files (DuckDB has no SPSS reader; the decode is timed and counted in the floor).
-- Each result is materialized as a table so that the whole aggregate is computed.

-- 1. Employment and wages per year x arbeidsmarktregio (and NL) x SBI section (and all
--    sectors) from Polis, as rpt_employment_by_region_sector: grouping sets, median wage,
--    FTE, flexible share, growth on the previous year, primary suppression (persons < 10
--    or employers < 3), one round of complementary suppression each way, rounding to 10.
create table floor_employment_by_region_sector as
with cells as (
    select
        jaar as year,
        coalesce(amr_werk, 'NL') as region_code,
        coalesce(sbi_sectie, 'totaal') as sector_code,
        count(*) as jobs,
        count(distinct rinpersoon) as persons,
        count(distinct beid) as employers,
        sum(verloonde_uren) as paid_hours,
        sum(basisloon) as base_wage_eur,
        quantile_cont(basisloon, 0.5) as median_wage,
        count(*) filter (where contractsoort = 2) as flexible_jobs
    from read_parquet('@LANDING@/polis/polis_banen_*.parquet')
    group by grouping sets ((jaar, amr_werk, sbi_sectie), (jaar, amr_werk), (jaar, sbi_sectie), (jaar))
),
primary_hidden as (
    select *, persons < 10 or employers < 3 as hidden_0 from cells
),
complementary as (
    select *,
        hidden_0 or (
            count(*) filter (where hidden_0) over (partition by year, sector_code, region_code = 'NL') = 1
            and row_number() over (partition by year, sector_code, region_code = 'NL'
                                   order by hidden_0 desc, persons, region_code) = 2
        ) as hidden_1
    from primary_hidden
),
controlled as (
    select *,
        hidden_1 or (
            count(*) filter (where hidden_1) over (partition by year, region_code, sector_code = 'totaal') = 1
            and row_number() over (partition by year, region_code, sector_code = 'totaal'
                                   order by hidden_1 desc, persons, sector_code) = 2
        ) as suppressed
    from complementary
)
select
    year, region_code, sector_code, suppressed,
    case when not suppressed then cast(round(persons / 10) * 10 as bigint) end as employee_persons,
    case when not suppressed then cast(round(jobs / 10) * 10 as bigint) end as jobs_rounded,
    case when not suppressed then cast(round(paid_hours / 1836 / 10) * 10 as bigint) end as fte_rounded,
    case when not suppressed then base_wage_eur / jobs end as mean_annual_base_wage_eur,
    case when not suppressed then median_wage end as median_annual_base_wage_eur,
    case when not suppressed then base_wage_eur / nullif(paid_hours, 0) end as mean_hourly_wage_eur,
    case when not suppressed then paid_hours / jobs end as mean_paid_hours,
    case when not suppressed then flexible_jobs / jobs end as flexible_contract_share,
    case when not suppressed
          and lag(year) over w = year - 1 and not lag(suppressed) over w
         then (jobs / lag(jobs) over w - 1) * 100 end as jobs_growth_pct
from controlled
window w as (partition by region_code, sector_code order by year);

-- 2. Work-related course participation (last 4 weeks) of the employed per arbeidsmarktregio
--    (and NL) x year from the EBB quarter files, as rpt_course_participation_ebb_by_region:
--    quarters pooled within the year, weighted share, effective n, Wilson interval,
--    suppression below n = 10, rounded population.
create table floor_course_participation_ebb_by_region as
with workers as (
    select
        amr_code as region_code, jaar as year,
        ophoogfactor / count(distinct kwartaal) over (partition by jaar) as w,
        cursus_4wk = 1 as course
    from read_parquet('@LANDING@/ebb/ebb_*.parquet')
    where arbeidsmarktpositie = 1
),
cells as (
    select
        coalesce(region_code, 'NL') as region_code, year,
        count(*) as n,
        sum(w * course::int) / sum(w) as share,
        power(sum(w), 2) / sum(w * w) as n_eff,
        sum(w) as persons
    from workers
    group by grouping sets ((region_code, year), (year))
)
select
    region_code, year, n < 10 as suppressed,
    case when n >= 10 then share end as estimate,
    case when n >= 10 then (share + 1.96^2 / (2 * n_eff)
        - 1.96 * sqrt(share * (1 - share) / n_eff + 1.96^2 / (4 * n_eff^2))) / (1 + 1.96^2 / n_eff) end as ci_lower,
    case when n >= 10 then (share + 1.96^2 / (2 * n_eff)
        + 1.96 * sqrt(share * (1 - share) / n_eff + 1.96^2 / (4 * n_eff^2))) / (1 + 1.96^2 / n_eff) end as ci_upper,
    case when n >= 10 then n end as n_unweighted,
    case when n >= 10 then cast(round(persons / 10) * 10 as bigint) end as population_persons
from cells;

-- 3. NSS task importance per task x wave (workers, national): weighted mean importance on
--    the 1-5 scale and the weighted share rating the task very important or essential.
create table floor_nss_task_importance_by_wave as
with ratings as (
    unpivot (select golf, weegfactor, columns('^belang_[0-9]+$')
             from read_parquet('@NSS@') where werkstatus = 1)
    on columns('^belang_[0-9]+$') into name task value importance
)
select
    cast(golf as integer) as wave,
    cast(substr(task, 8) as integer) as task_id,
    count(*) as n_unweighted,
    sum(weegfactor * importance) / sum(weegfactor) as importance_mean,
    sum(weegfactor * (importance >= 4)::int) / sum(weegfactor) as important_share
from ratings
where importance is not null
group by all;
