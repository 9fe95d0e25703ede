{#- Composition estimates of the LLO-Enquête indicators per arbeidsmarktregio (and for the
    Netherlands with the national composition, the like-for-like reference of the regional
    composition series) per wave: est_region = sum over cells c (SBI section x BRC class)
    of share(region, c) x shrunk national estimate of c. The employment shares come from
    the EBB year nearest to the wave (ties: the earlier year). Standard error: delete-a-group
    jackknife over the replicates of lnk_llo_cell_estimates (the EBB shares, from a sample
    about 60 times larger, are treated as fixed). Shares are renormalised over the cells
    that have an estimate (covered_share).
    `n_unweighted` counts the national LLO respondents in the cells the region employs
    people in. Never published (schema linked). -#}
{{ config(materialized='table') }}
{%- set jackknife_groups = var('llo_jackknife_groups', 20) -%}
with

cells as (

    select * from {{ ref('lnk_llo_cell_estimates') }}

),

composition as (

    select
        region_code,
        year,
        sector_code,
        {{ llo_code('occupation_class_code', 2) }} as occupation_class_code,
        employed_weighted,
        employment_share

    from {{ ref('lnk_regional_employment_composition') }}

),

waves as (

    select distinct wave from cells where replicate = 0

),

ebb_years as (

    select distinct year from composition

),

ranked_years as (

    select
        waves.wave,
        ebb_years.year as ebb_year,
        row_number() over (
            partition by waves.wave
            order by abs(ebb_years.year - waves.wave), ebb_years.year
        ) as year_rank

    from waves
    cross join ebb_years

),

nearest_year as (

    select
        wave,
        ebb_year

    from ranked_years
    where year_rank = 1

),

national_composition as (

    select
        'NL' as region_code,
        year,
        sector_code,
        occupation_class_code,
        sum(employed_weighted)
            / sum(sum(employed_weighted)) over (partition by year) as employment_share

    from composition
    group by year, sector_code, occupation_class_code

),

shares as (

    {%- for relation in ['composition', 'national_composition'] %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        region_code,
        year,
        sector_code,
        occupation_class_code,
        employment_share

    from {{ relation }}
    {%- endfor %}

),

combined as (

    {{ composition_estimate(
        'shares', 'employment_share', 'cells', 'nearest_year', 'estimate',
        columns=[
            'cells.replicate', 'shares.region_code', 'nearest_year.wave',
            'nearest_year.ebb_year', 'cells.indicator_code',
            'sum(shares.employment_share) as covered_share',
        ],
        columns_after=[
            'coalesce(sum(cells.n_unweighted) filter (where shares.employment_share > 0), 0)'
            ~ ' as n_unweighted',
            'count(*) filter (where shares.employment_share > 0) as n_cells',
        ],
        waves_on='shares.year = nearest_year.ebb_year',
        normalised=true,
    ) }}

),

jackknife as (

    select
        region_code,
        wave,
        indicator_code,
        sqrt({{ llo_jackknife_variance('estimate', jackknife_groups) }}) as standard_error

    from combined
    where replicate > 0
    group by region_code, wave, indicator_code

),

final as (

    select
        combined.region_code,
        coalesce(regions.region_name, 'Nederland') as region_name,
        case when combined.region_code = 'NL' then 'nederland' else 'arbeidsmarktregio' end
            as geography_level,
        combined.wave,
        combined.ebb_year,
        combined.indicator_code,
        combined.estimate,
        jackknife.standard_error,
        combined.n_unweighted,
        combined.n_cells,
        combined.covered_share,
        'composition' as method

    from combined
    inner join jackknife
        on {{ same_cell('combined', 'jackknife', ['region_code', 'wave', 'indicator_code']) }}
    left join {{ ref('ref_labour_market_regions') }} as regions
        on combined.region_code = regions.region_code
    where combined.replicate = 0

)

select * from final
