{#- Polis employment and wage figures per year x arbeidsmarktregio (place of work; and the
    Netherlands) x SBI section (and all sectors), after disclosure control, wide: one row
    per cell. Read by the published marts (rpt_employment_by_region_sector long by
    measure, the region profile and the sector infographic).
    Disclosure control for a register: a cell with fewer than disclosure_min_n persons or
    fewer than disclosure_min_employers employers is withheld; regions add up to NL and
    sectors to 'totaal', so complementary suppression runs twice in each direction.
    Person counts, jobs and FTE are rounded to 10; growth and shares are computed from the
    rounded counts, means and the median are rounded to a published precision. The median
    is a quantile of a person-level variable: it is only published for cells that pass
    disclosure control (at least disclosure_min_n persons and disclosure_min_employers employers). -#}
{{ config(materialized='table') }}

with

cells as (

    select * from {{ ref('lnk_polis_employment_cells') }}

),

sectors as (

    select * from {{ ref('ref_sbi_sections') }}

),

years as (

    select distinct year from cells

),

sector_list as (

    select
        sbi_section_code as sector_code,
        sbi_section_name as sector_label

    from sectors

    union all

    select
        'totaal' as sector_code,
        'Alle sectoren' as sector_label

),

{# Every geography x sector is listed for every year, also without jobs (withheld). -#}
grid as (

    select
        years.year,
        geographies.geography_level,
        geographies.region_code,
        geographies.region_name,
        sector_list.sector_code,
        sector_list.sector_label,
        coalesce(cells.jobs, 0) as jobs,
        coalesce(cells.persons, 0) as persons,
        coalesce(cells.employers, 0) as employers,
        cells.paid_hours,
        cells.base_wage_eur,
        cells.median_annual_base_wage_eur,
        cells.flexible_jobs,
        {{ register_cell_suppressed('cells.persons', 'cells.employers') }} as is_primary_hidden

    from years
    cross join {{ labour_market_geographies() }}
    cross join sector_list
    left join cells
        on years.year = cells.year
        and geographies.region_code = cells.region_code
        and sector_list.sector_code = cells.sector_code

),

{# Complementary suppression: regions within (year, sector), then sectors within
    (year, geography), twice, each round counting earlier hidden cells as suppressed. -#}
controlled as (

    {{ complementary_suppression_rounds(
        'grid', 'persons',
        [
            ('year, sector_code, geography_level', 'region_code'),
            ("year, region_code, sector_code = 'totaal'", 'sector_code'),
        ],
        rounds=4,
        hidden_flag='is_primary_hidden',
    ) }}

),

{# Everything published next to a rounded count is computed from rounded counts or
    rounded to a coarse published precision (docs/methods.md, "Rounding and derived
    figures"): a mean or share over the unrounded jobs would give the exact job count back.
    Growth and the share of flexible contracts come from the rounded counts; means and the
    median are rounded to published_precision. -#}
rounded as (

    select
        controlled.*,
        {{ rounded_person_count('persons', 'persons', 'is_hidden') }} as employee_persons,
        {{ rounded_person_count('jobs', 'persons', 'is_hidden') }} as jobs_rounded,
        {{ rounded_person_count(full_time_equivalents('paid_hours'), 'persons', 'is_hidden') }}
            as fte_rounded,
        {{ rounded_person_count('flexible_jobs', 'persons', 'is_hidden') }}
            as flexible_jobs_rounded

    from controlled

),

figures as (

    select
        rounded.*,
        {{ published_precision('base_wage_eur / nullif(jobs, 0)', 'annual_wage_eur') }}
            as mean_annual_base_wage_eur,
        {{ published_precision(hourly_wage('base_wage_eur', 'paid_hours'), 'hourly_wage_eur') }}
            as mean_hourly_wage_eur,
        {{ published_precision('paid_hours / nullif(jobs, 0)', 'annual_hours') }}
            as mean_paid_hours,
        {{ published_precision('median_annual_base_wage_eur', 'annual_wage_eur') }}
            as median_wage_rounded,
        flexible_jobs_rounded * 1.0 / nullif(jobs_rounded, 0) as flexible_contract_share,
        case
            when not is_hidden
                and not lag(is_hidden) over (
                    partition by region_code, sector_code order by year
                )
                and lag(year) over (partition by region_code, sector_code order by year)
                    = year - 1
                then (jobs_rounded * 1.0 / nullif(
                    lag(jobs_rounded) over (partition by region_code, sector_code order by year),
                    0
                ) - 1) * 100
        end as jobs_growth_pct

    from rounded

),

final as (

    select
        year,
        geography_level,
        region_code,
        region_name,
        sector_code,
        sector_label,
        is_hidden as suppressed,
        employee_persons,
        jobs_rounded,
        fte_rounded,
        {{ unless_flagged('jobs_growth_pct', 'is_hidden') }} as jobs_growth_pct,
        {{ unless_flagged('mean_annual_base_wage_eur', 'is_hidden') }} as mean_annual_base_wage_eur,
        {{ unless_flagged('median_wage_rounded', 'is_hidden') }}
            as median_annual_base_wage_eur,
        {{ unless_flagged('mean_hourly_wage_eur', 'is_hidden') }} as mean_hourly_wage_eur,
        {{ unless_flagged('mean_paid_hours', 'is_hidden') }} as mean_paid_hours,
        {{ unless_flagged('flexible_contract_share', 'is_hidden') }} as flexible_contract_share

    from figures

)

select * from final
