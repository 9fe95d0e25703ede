{#- POA labour-market forecasts (ROA) of the latest edition per arbeidsmarktregio (and NL)
    x occupation, for BRC beroepsgroepen (as delivered) and beroepsklassen (sums of their
    groups). Growth in % per year is compound over the horizon, as POA publishes it:
    ((start + expansion) / start)^(1 / years) - 1; replacement demand in % per year is
    linear (replacement / start / years). Classification (macro growth_classification):
    'groeiberoep' at expansion demand >= +forecast_growth_threshold_pct (1.0) % per year,
    'krimpberoep' at <= -1.0 % per year, else 'stabiel'. Prospects for aggregates (classes,
    NL) are employment-weighted: the ITKB as a weighted mean placed in the seed's ITKB
    categories, the jobseeker prospects as the rounded weighted mean category. A forecast
    for fewer than disclosure_min_n workers at the start is not published. The counts are
    published rounded, so the figures of aggregates are computed from the rounded counts
    (growth, replacement and the employment weights of the prospects): from the exact sums
    they would give the counts back (docs/methods.md, "Rounding and derived figures"). -#}
with

forecasts as (

    select * from {{ ref('stg_poa__forecasts') }}

),

latest as (

    select * from forecasts
    where edition = (select max(all_rows.edition) from forecasts as all_rows)

),

with_occupation as (

    select
        latest.*,
        occupations.brc_group_name,
        occupations.brc_class_code,
        occupations.brc_class_name

    from latest
    inner join {{ ref('ref_brc_occupations') }} as occupations
        on latest.occupation_group_code = occupations.brc_group_code

),

aggregated as (

    select
        edition,
        min(forecast_start_year) as forecast_start_year,
        max(forecast_end_year) as forecast_end_year,
        case when grouping(region_code) = 1 then 'nederland' else 'arbeidsmarktregio' end
            as geography_level,
        coalesce(region_code, 'NL') as region_code,
        case when grouping(occupation_group_code) = 1 then 'beroepsklasse' else 'beroepsgroep' end
            as occupation_level,
        coalesce(occupation_group_code, brc_class_code) as occupation_code,
        case
            when grouping(occupation_group_code) = 1 then any_value(brc_class_name)
            else any_value(brc_group_name)
        end as occupation_label,
        brc_class_code as occupation_class_code,
        any_value(brc_class_name) as occupation_class_label,
        count(*) as source_rows,
        sum(employment_start) as employment_start,
        sum(expansion_demand) as expansion_demand,
        sum(replacement_demand) as replacement_demand,
        sum(job_openings) as job_openings,
        any_value(expansion_demand_pct_per_year) as delivered_expansion_pct,
        any_value(replacement_demand_pct_per_year) as delivered_replacement_pct,
        any_value(jobseeker_prospects_code) as delivered_prospects_code,
        any_value(future_bottleneck_category_code) as delivered_bottleneck_code,
        sum({{ rounded_count('employment_start') }} * future_bottleneck_indicator)
            / nullif(sum({{ rounded_count('employment_start') }}), 0)
            as weighted_bottleneck_indicator,
        sum({{ rounded_count('employment_start') }} * jobseeker_prospects_code)
            / nullif(sum({{ rounded_count('employment_start') }}), 0)
            as weighted_prospects_code

    from with_occupation
    group by
        edition,
        brc_class_code,
        cube(region_code, occupation_group_code)

),

measures as (

    select
        *,
        forecast_end_year - forecast_start_year + 1 as horizon_years,
        case
            when source_rows = 1 then delivered_expansion_pct
            else {{ compound_growth_pct(
                rounded_count('employment_start'), rounded_count('expansion_demand'),
                'forecast_end_year - forecast_start_year + 1') }}
        end as expansion_pct_per_year,
        case
            when source_rows = 1 then delivered_replacement_pct
            else {{ rounded_count('replacement_demand') }} * 100.0
                / nullif({{ rounded_count('employment_start') }}, 0)
                / (forecast_end_year - forecast_start_year + 1)
        end as replacement_pct_per_year,
        case
            when source_rows = 1 then delivered_prospects_code
            else cast(round(weighted_prospects_code) as integer)
        end as prospects_code,
        case when source_rows = 1 then delivered_bottleneck_code end as delivered_category,
        source_rows > 1 as is_aggregated,
        {{ is_suppressed('employment_start') }} as is_hidden

    from aggregated

),

with_categories as (

    select
        measures.*,
        prospects.category_name as prospects_label,
        coalesce(measures.delivered_category, bottleneck.category_code) as bottleneck_code,
        bottleneck.category_name as bottleneck_label_from_indicator

    from measures
    left join {{ ref('ref_poa_prospect_categories') }} as prospects
        on prospects.indicator_code = 'perspectief'
        and measures.prospects_code = prospects.category_code
    left join {{ ref('ref_poa_prospect_categories') }} as bottleneck
        on bottleneck.indicator_code = 'itkb'
        and measures.weighted_bottleneck_indicator >= bottleneck.lower_bound
        and (
            measures.weighted_bottleneck_indicator < bottleneck.upper_bound
            or (bottleneck.upper_bound >= 1 and measures.weighted_bottleneck_indicator <= 1)
        )

),

labelled as (

    select
        with_categories.*,
        bottleneck_names.category_name as bottleneck_label,
        coalesce(regions.region_name, 'Nederland') as region_name,
        {{ growth_classification('expansion_pct_per_year') }} as growth_class

    from with_categories
    left join {{ ref('ref_poa_prospect_categories') }} as bottleneck_names
        on bottleneck_names.indicator_code = 'itkb'
        and with_categories.bottleneck_code = bottleneck_names.category_code
    left join {{ ref('ref_labour_market_regions') }} as regions
        on with_categories.region_code = regions.region_code

),

ranked as (

    select
        *,
        case when not is_hidden then rank() over (
            partition by region_code, occupation_level, is_hidden
            order by {{ rank_key('expansion_pct_per_year') }} desc
        ) end as growth_rank,
        case when not is_hidden then rank() over (
            partition by region_code, occupation_level, is_hidden
            order by {{ rank_key('job_openings') }} desc
        ) end as job_openings_rank

    from labelled

),

final as (

    select
        edition,
        forecast_start_year,
        forecast_end_year,
        horizon_years,
        cast(forecast_start_year as {{ dbt.type_string() }})
        || '-' || cast(forecast_end_year as {{ dbt.type_string() }})
            as period,
        geography_level as group_type,
        region_code as group_code,
        region_name as group_label,
        occupation_level,
        occupation_code,
        occupation_label,
        occupation_class_code,
        occupation_class_label,
        {{ register_estimate_columns(
            'expansion_pct_per_year', 'is_hidden',
            rounded_person_count('employment_start', 'employment_start', 'is_hidden'),
        ) }},
        {{ rounded_person_count('employment_start', 'employment_start', 'is_hidden') }}
            as employment_start_persons,
        {{ rounded_person_count('expansion_demand', 'employment_start', 'is_hidden') }}
            as expansion_demand_persons,
        {{ rounded_person_count('replacement_demand', 'employment_start', 'is_hidden') }}
            as replacement_demand_persons,
        {{ rounded_person_count('job_openings', 'employment_start', 'is_hidden') }}
            as job_openings_persons,
        {{ unless_flagged('expansion_pct_per_year', 'is_hidden') }}
            as expansion_demand_pct_per_year,
        {{ unless_flagged('replacement_pct_per_year', 'is_hidden') }}
            as replacement_demand_pct_per_year,
        {{ unless_flagged('growth_class', 'is_hidden') }} as growth_class,
        {{ unless_flagged('growth_rank', 'is_hidden') }} as growth_rank,
        {{ unless_flagged('job_openings_rank', 'is_hidden') }} as job_openings_rank,
        {{ unless_flagged('prospects_code', 'is_hidden') }} as jobseeker_prospects_code,
        {{ unless_flagged('prospects_label', 'is_hidden') }} as jobseeker_prospects_label,
        {{ unless_flagged('weighted_bottleneck_indicator', 'is_hidden') }}
            as future_bottleneck_indicator,
        {{ unless_flagged('bottleneck_label', 'is_hidden') }} as future_bottleneck_label,
        is_aggregated,
        is_hidden as suppressed,
        {{ register_reliability('is_hidden') }} as reliability,
        'forecast' as method,
        'poa' as source

    from ranked

)

select * from final
