{#- Share of the employed labour force (werkzame beroepsbevolking) that followed a
    work-related course in the last 4 weeks, per arbeidsmarktregio and for the Netherlands,
    per year. Quarters are pooled within a year: weights are divided by the number of
    quarters so that population_persons is an average quarter. -#}
with

respondents as (

    select * from {{ ref('lnk_ebb_respondents_joined_to_regions') }}
    where is_employed

),

quarters_per_year as (

    select
        year,
        count(distinct quarter) as n_quarters

    from respondents
    group by year

),

workers as (

    select
        respondents.*,
        respondents.survey_weight / quarters_per_year.n_quarters as annual_weight,
        cast(respondents.has_course_last_4_weeks as integer) as course_indicator

    from respondents
    inner join quarters_per_year
        on respondents.year = quarters_per_year.year

),

years as (

    select
        year,
        bool_or(has_design_break) as has_design_break

    from workers
    group by year

),

region_cells as (

    {{ weighted_share_cells(
        'workers', ['region_code', 'year'], 'course_indicator', weight='annual_weight',
        columns=['sum(annual_weight) as weighted_persons'],
    ) }}

),

{# Every region is listed for every year, also without respondents (then suppressed). -#}
by_region as (

    select
        regions.region_code,
        regions.region_name,
        regions.province_code,
        'arbeidsmarktregio' as geography_level,
        years.year,
        years.has_design_break,
        coalesce(region_cells.n_unweighted, 0) as n_unweighted,
        region_cells.share,
        region_cells.n_effective,
        region_cells.weighted_persons

    from {{ ref('ref_labour_market_regions') }} as regions
    cross join years
    left join region_cells
        on regions.region_code = region_cells.region_code
        and years.year = region_cells.year

),

national as (

    select
        'NL' as region_code,
        'Nederland' as region_name,
        cast(null as {{ dbt.type_string() }}) as province_code,
        'nederland' as geography_level,
        year,
        bool_or(has_design_break) as has_design_break,
        count(*) as n_unweighted,
        {{ weighted_share('course_indicator', 'annual_weight') }} as share,
        {{ effective_n('annual_weight') }} as n_effective,
        sum(annual_weight) as weighted_persons

    from workers
    group by year

),

cells as (

    select
        *,
        {#- the latest ebb_pooled_years years: rpt_vulnerable_workers publishes their sum
            per region (the exact n of its pool) -#}
        year > max(year) over () - {{ labour_market_setting('ebb_pooled_years') }}
            as is_in_latest_pool

    from (
        select * from by_region
        union all
        select * from national
    ) as all_cells

),

{# Regions add up to the national total, so one suppressed region per year would be
    recoverable from the published n: suppress a complementary cell. The years of the
    latest pool add up to the pooled n of rpt_vulnerable_workers, so the same holds for
    the years of a region within that pool: complementary suppression alternates over both
    directions (docs/methods.md, "One pattern per population"). -#}
controlled as (

    {{ complementary_suppression_rounds(
        'cells', 'n_unweighted',
        [
            ('year, geography_level', 'region_code'),
            ('region_code, case when is_in_latest_pool then 0 else year end', 'year'),
        ],
        rounds=4,
    ) }}

),

final as (

    select
        region_code,
        region_name,
        province_code,
        geography_level,
        year,
        cast(year as {{ dbt.type_string() }}) as period,
        {{ published_population_share_columns('population_persons', 'ebb') }},
        'direct' as method,
        'EBB' as source,
        has_design_break

    from controlled

)

select * from final
