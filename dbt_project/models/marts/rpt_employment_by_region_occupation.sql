{#- Employed persons (werkzame beroepsbevolking, EBB) per year x arbeidsmarktregio of
    residence (and NL) x BRC 2014 beroepsklasse: the weighted share of the region's
    employed in the occupation class and the weighted number of employed persons (average
    quarter), with a Wilson interval on Kish's n_eff of the region.
    Pooling: a cell with fewer respondent-quarters in its year than the EBB reliability
    threshold (reliability_min_n.ebb = 150) is estimated over the year and the
    ebb_pooled_years - 1 preceding years (weights per year divided by its number of
    quarters, pooled figures are the average year); `pooled_periods` says how many years.
    Then primary suppression below disclosure_min_n and complementary suppression over
    classes within a region and over regions within a class (two rounds each). -#}
{%- set pool = labour_market_setting('ebb_pooled_years') %}
{%- set min_reliable = var('reliability_min_n')['ebb'] %}

with

workers as (

    select * from {{ ref('stg_ebb__respondents') }}
    where is_employed

),

classes as (

    select distinct
        brc_class_code as occupation_class_code,
        brc_class_name as occupation_class_label

    from {{ ref('ref_brc_occupations') }}

),

quarters_per_year as (

    select
        year,
        count(distinct quarter) as n_quarters,
        bool_or(has_design_break) as has_design_break

    from workers
    group by year

),

{# Weights divided by the number of quarters of their year: sums are an average quarter. -#}
weighted as (

    select
        workers.year,
        workers.region_code,
        occupations.brc_class_code as occupation_class_code,
        workers.survey_weight / quarters_per_year.n_quarters as annual_weight

    from workers
    inner join quarters_per_year
        on workers.year = quarters_per_year.year
    left join {{ ref('ref_brc_occupations') }} as occupations
        on workers.occupation_group_code = occupations.brc_group_code

),

yearly_cells as (

    select
        year,
        coalesce(region_code, 'NL') as region_code,
        occupation_class_code,
        count(*) as n_cell,
        sum(annual_weight) as weight_cell

    from weighted
    where occupation_class_code is not null
    group by year, occupation_class_code, rollup(region_code)

),

yearly_totals as (

    select
        year,
        coalesce(region_code, 'NL') as region_code,
        count(*) as n_total,
        sum(annual_weight) as weight_total,
        sum(annual_weight * annual_weight) as weight_squared_total

    from weighted
    group by year, rollup(region_code)

),

grid as (

    select
        quarters_per_year.year,
        quarters_per_year.has_design_break,
        geographies.geography_level,
        geographies.region_code,
        geographies.region_name,
        classes.occupation_class_code,
        classes.occupation_class_label

    from quarters_per_year
    cross join {{ labour_market_geographies() }}
    cross join classes

),

{# The cell's own year, and the pool of up to `pool` years ending in that year. -#}
windows as (

    select
        grid.*,
        coalesce(sum(yearly_cells.n_cell) filter (where yearly_cells.year = grid.year), 0)
            as n_single,
        coalesce(sum(yearly_cells.n_cell), 0) as n_pooled

    from grid
    left join yearly_cells
        on grid.region_code = yearly_cells.region_code
        and grid.occupation_class_code = yearly_cells.occupation_class_code
        and yearly_cells.year between grid.year - {{ pool }} + 1 and grid.year
    group by all

),

chosen as (

    select
        *,
        case when n_single >= {{ min_reliable }} then 1 else {{ pool }} end as pool_length

    from windows

),

estimates as (

    select
        chosen.year,
        chosen.has_design_break,
        chosen.geography_level,
        chosen.region_code,
        chosen.region_name,
        chosen.occupation_class_code,
        chosen.occupation_class_label,
        count(distinct yearly_totals.year) as pooled_periods,
        min(yearly_totals.year) as first_year,
        bool_or(yearly_totals.year >= 2021) and bool_or(yearly_totals.year < 2021)
            as pool_crosses_design_break,
        coalesce(sum(yearly_cells.n_cell), 0) as n_unweighted,
        sum(yearly_cells.weight_cell) / count(distinct yearly_totals.year) as weighted_persons,
        coalesce(sum(yearly_cells.weight_cell), 0) / nullif(sum(yearly_totals.weight_total), 0)
            as share,
        power(sum(yearly_totals.weight_total), 2)
            / nullif(sum(yearly_totals.weight_squared_total), 0) as n_effective

    from chosen
    left join yearly_totals
        on chosen.region_code = yearly_totals.region_code
        and yearly_totals.year between chosen.year - chosen.pool_length + 1 and chosen.year
    left join yearly_cells
        on yearly_totals.region_code = yearly_cells.region_code
        and yearly_totals.year = yearly_cells.year
        and chosen.occupation_class_code = yearly_cells.occupation_class_code
    group by all

),

controlled as (

    {{ complementary_suppression_rounds(
        'estimates', 'n_unweighted',
        [
            ('year, region_code', 'occupation_class_code'),
            ('year, occupation_class_code, geography_level', 'region_code'),
        ],
        rounds=4,
    ) }}

),

{# Published precision (docs/methods.md, "Rounding and derived figures"): the share and its
    interval to published_precision.share, so that the rounded numbers of employed do not
    follow from shares of the region's total; n of a pool of years rounded like a person
    count, because overlapping pools with exact n give the single years by differencing. -#}
final as (

    select
        year,
        case
            when pooled_periods > 1
                then cast(first_year as {{ dbt.type_string() }})
                    || '-' || cast(year as {{ dbt.type_string() }})
            else cast(year as {{ dbt.type_string() }})
        end as period,
        pooled_periods,
        geography_level as group_type,
        region_code as group_code,
        region_name as group_label,
        occupation_class_code,
        occupation_class_label,
        {{ published_estimate_columns(
            estimate=published_precision('share', 'share'),
            ci_lower=published_precision(wilson_bound('share', 'n_effective', 'lower'), 'share'),
            ci_upper=published_precision(wilson_bound('share', 'n_effective', 'upper'), 'share'),
            standard_error=none,
            n_unweighted='case when pooled_periods > 1 then ' ~ rounded_count('n_unweighted')
                ~ ' else n_unweighted end',
            source='ebb',
            hidden_flag='is_hidden',
            reliability_n='n_unweighted',
            columns_after_n=[(
                rounded_person_count('weighted_persons', 'n_unweighted', 'is_hidden'),
                'employed_persons',
            )],
        ) }},
        'direct' as method,
        'ebb' as source,
        has_design_break,
        coalesce(pool_crosses_design_break, false) as pool_crosses_design_break

    from controlled

)

select * from final
