{#- Composition estimates of the NSS measures per arbeidsmarktregio (docs/methods.md,
    section 6.2): est_region = sum over cells c of share(region, c) * est_c, with
    est_c the shrunk national cell estimate (lnk_nss_cell_estimates) and share(region, c)
    the region's EBB employment share in the EBB year nearest to the wave (the later year
    on a tie). Shares are renormalised over the cells that have an estimate.

    Variance: est_region is a linear combination of weighted means,
        sum_c s_c l_c ybar_c + sum_s a_s m_s + sum_o b_o m_o + d m
    with l_c, l_s, l_o the shrinkage factors, A_s = sum_{c in s} s_c (1 - l_c),
    B_o = sum_{c in o} s_c (1 - l_c), C = sum_c s_c (1 - l_c), a_s = l_s A_s,
    b_o = l_o B_o and d = sum_s (1 - l_s) A_s + sum_o (1 - l_o) B_o - C. Its Taylor
    linearisation gives each respondent i in cell c the score
        z_i = w_i (alpha_c y_i - beta_c),
        alpha_c = s_c l_c / W_c + a_s / W_s + b_o / W_o + d / W,
        beta_c  = s_c l_c ybar_c / W_c + a_s m_s / W_s + b_o m_o / W_o + d m / W,
    and var = sum_i z_i^2 = sum_c (alpha_c^2 s2_c - 2 alpha_c beta_c s1_c + beta_c^2 s0_c)
    (with-replacement approximation), conditional on the shrinkage factors: it includes
    the sampling error of the cells and of the margins they borrow from, not the model
    error of shrinkage. The sampling error of the EBB shares is added as an independent
    multinomial term (share_variance). n_unweighted is the number of NSS respondents in
    cells with a positive share in the region. Internal. -#}
{%- set item_keys = ['wave', 'item_level', 'item_code', 'measure'] -%}
{%- set region_keys = ['region_code'] + item_keys -%}
with

cells as (

    select * from {{ ref('lnk_nss_cell_estimates') }}

),

composition as (

    select * from {{ ref('lnk_regional_employment_composition') }}

),

waves as (

    select distinct wave from cells

),

composition_years as (

    select distinct year from composition

),

ranked_wave_years as (

    select
        waves.wave,
        composition_years.year as composition_year,
        row_number() over (
            partition by waves.wave
            order by abs(composition_years.year - waves.wave), composition_years.year desc
        ) as year_rank

    from waves
    cross join composition_years

),

wave_years as (

    select
        wave,
        composition_year

    from ranked_wave_years
    where year_rank = 1

),

shares as (

    select
        composition.region_code,
        wave_years.wave,
        wave_years.composition_year,
        composition.sector_code,
        {{ brc_code('composition.occupation_class_code', 2) }} as occupation_class_code,
        composition.employment_share,
        sum(composition.n_unweighted) over (
            partition by composition.region_code, composition.year
        ) / 4.0 as ebb_respondents

    from composition
    inner join wave_years
        on composition.year = wave_years.composition_year

),

share_cells as (

    select
        shares.region_code,
        shares.composition_year,
        shares.ebb_respondents,
        shares.employment_share
            / sum(shares.employment_share) over (
                partition by shares.region_code, cells.wave, cells.item_level,
                    cells.item_code, cells.measure
            ) as share,
        cells.*

    from shares
    inner join cells
        on {{ same_cell('shares', 'cells', ['wave', 'sector_code', 'occupation_class_code']) }}

),

region_totals as (

    select
        {{ region_keys | join(', ') }},
        any_value(composition_year) as composition_year,
        sum(share * estimate) as estimate,
        coalesce(sum(n_unweighted) filter (where share > 0), 0) as n_unweighted,
        sum(share * (1 - cell_factor)) as prior_weight,
        any_value(ebb_respondents) as ebb_respondents

    from share_cells
    group by {{ region_keys | join(', ') }}

),

{# Sampling error of the EBB shares: multinomial, var = sum_c s_c (est_c - est_R)^2 / n,
    with n the region's EBB respondent-quarters divided by 4 (a person answers in up to
    four quarters of a year, so this n is conservative). -#}
share_variance as (

    select
        share_cells.region_code,
        share_cells.wave,
        share_cells.item_level,
        share_cells.item_code,
        share_cells.measure,
        sum(share_cells.share * power(share_cells.estimate - region_totals.estimate, 2))
            / nullif(any_value(region_totals.ebb_respondents), 0) as variance

    from share_cells
    inner join region_totals
        using (region_code, wave, item_level, item_code, measure)
    group by
        share_cells.region_code,
        share_cells.wave,
        share_cells.item_level,
        share_cells.item_code,
        share_cells.measure

),

{# The weight with which the region borrows from each margin's prior. -#}
{%- for level, code in [('sector', 'sector_code'), ('class', 'occupation_class_code')] %}

{{ level }}_weights as (

    select
        {%- for key in region_keys %}
        {{ key }},
        {%- endfor %}
        {{ code }},
        sum(share * (1 - cell_factor)) as prior_weight,
        any_value({{ level }}_factor) as {{ level }}_factor

    from share_cells
    group by {{ region_keys | join(', ') }}, {{ code }}

),

{{ level }}_borrowing as (

    select
        {%- for key in region_keys %}
        {{ key }},
        {%- endfor %}
        sum((1 - {{ level }}_factor) * prior_weight) as borrowed_weight

    from {{ level }}_weights
    group by {{ region_keys | join(', ') }}

),
{%- endfor %}

national_coefficients as (

    select
        region_totals.region_code,
        region_totals.wave,
        region_totals.item_level,
        region_totals.item_code,
        region_totals.measure,
        sector_borrowing.borrowed_weight
            + class_borrowing.borrowed_weight
            - region_totals.prior_weight as national_coefficient

    from region_totals
    inner join sector_borrowing
        using (region_code, wave, item_level, item_code, measure)
    inner join class_borrowing
        using (region_code, wave, item_level, item_code, measure)

),

{# Every NSS cell with respondents contributes to the variance of every region (through
    the margins), also cells outside the region's composition. -#}
cell_scores as (

    select
        national_coefficients.region_code,
        cells.wave,
        cells.item_level,
        cells.item_code,
        cells.measure,
        cells.s0,
        cells.s1,
        cells.s2,
        coalesce(share_cells.share, 0) * cells.cell_factor / cells.weight_sum
            + coalesce(sector_weights.sector_factor * sector_weights.prior_weight, 0)
            / nullif(cells.sector_weight_sum, 0)
            + coalesce(class_weights.class_factor * class_weights.prior_weight, 0)
            / nullif(cells.class_weight_sum, 0)
            + national_coefficients.national_coefficient / cells.national_weight_sum
            as alpha,
        coalesce(share_cells.share, 0) * cells.cell_factor * cells.direct_mean / cells.weight_sum
            + coalesce(
                sector_weights.sector_factor * sector_weights.prior_weight * cells.sector_mean
                / nullif(cells.sector_weight_sum, 0), 0)
            + coalesce(
                class_weights.class_factor * class_weights.prior_weight * cells.class_mean
                / nullif(cells.class_weight_sum, 0), 0)
            + national_coefficients.national_coefficient * cells.national_mean
            / cells.national_weight_sum
            as beta

    from cells
    inner join national_coefficients
        on {{ same_cell('cells', 'national_coefficients', item_keys) }}
    left join share_cells
        on national_coefficients.region_code = share_cells.region_code
        and {{ same_cell(
            'cells', 'share_cells', item_keys + ['sector_code', 'occupation_class_code']
        ) }}
    left join sector_weights
        on national_coefficients.region_code = sector_weights.region_code
        and {{ same_cell('cells', 'sector_weights', item_keys + ['sector_code']) }}
    left join class_weights
        on national_coefficients.region_code = class_weights.region_code
        and {{ same_cell('cells', 'class_weights', item_keys + ['occupation_class_code']) }}
    where cells.n_unweighted > 0

),

region_variance as (

    select
        {{ region_keys | join(', ') }},
        greatest(sum(alpha * alpha * s2 - 2 * alpha * beta * s1 + beta * beta * s0), 0)
            as variance

    from cell_scores
    group by {{ region_keys | join(', ') }}

),

final as (

    select
        region_totals.region_code,
        region_totals.wave,
        region_totals.composition_year,
        region_totals.item_level,
        region_totals.item_code,
        region_totals.measure,
        region_totals.estimate,
        sqrt(region_variance.variance + coalesce(share_variance.variance, 0)) as standard_error,
        region_totals.n_unweighted

    from region_totals
    left join region_variance
        on {{ same_cell('region_totals', 'region_variance', ['region_code'] + item_keys) }}
    left join share_variance
        on {{ same_cell('region_totals', 'share_variance', ['region_code'] + item_keys) }}

)

select * from final
