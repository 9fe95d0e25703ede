{{ config(materialized='table') }}
{#- National NSS cell estimates for cells c = SBI section x BRC class, per wave, item
    (task or domain) and measure, with empirical-Bayes shrinkage (docs/methods.md, 2.5
    and 6). Two levels, each with its strength k estimated from the data by the
    method of moments:

    1. margins: a sector mean m_s is shrunk toward the national mean m with
       k_sector = sigma2_within / tau2_between over sectors; the same for classes (m_o);
    2. cells: the prior of a cell is the additive main-effects value
       prior_c = m~_s + m~_o - m (clipped to the measure's range) and the cell mean is
       shrunk toward it with k_cell = sigma2_within / tau2_between over cells.

    sigma2_within is the pooled within-unit variance sum(n v) / sum(n - 1) over units with
    at least 2 respondents; tau2_between = avg((mean_u - prior_u)^2 - sigma2_within /
    n_eff_u) over the same units (bounded below, see eb_strength()). Shrunk value:
    shrink_toward(mean_c, n_eff_c, prior_c, k) = (n_eff mean + k prior) / (n_eff + k).
    The grid holds every section (and 'onbekend') x every class (and 'onbekend'), also
    cells without respondents (then the prior), so that every cell of the EBB composition
    finds an estimate. The components (means, weight sums, shrinkage factors and the sums
    of squared weights s0, s1, s2) are kept for the composition variance. Internal. -#}
{%- set item_keys = ['wave', 'item_level', 'item_code', 'measure'] -%}
with

person_values as (

    select
        *,
        coalesce(sector_code, 'onbekend') as cell_sector_code,
        coalesce(occupation_class_code, 'onbekend') as cell_class_code

    from {{ ref('lnk_nss_person_measures') }}

),

measures as (

    select * from {{ skills_measure_relation() }}

),

sectors as (

    select sbi_section_code as sector_code from {{ ref('ref_sbi_sections') }}
    union all
    select 'onbekend'

),

classes as (

    select distinct {{ brc_code('brc_class_code', 2) }} as occupation_class_code
    from {{ ref('ref_brc_occupations') }}
    union all
    select 'onbekend'

),

moments as (

    select
        wave,
        item_level,
        item_code,
        measure,
        cell_sector_code as sector_code,
        cell_class_code as occupation_class_code,
        grouping(cell_sector_code, cell_class_code) as grouping_level,
        count(*) as n_unweighted,
        sum(survey_weight) as weight_sum,
        {{ weighted_mean('value', 'survey_weight') }} as mean_value,
        {{ weighted_variance('value', 'survey_weight') }} as variance,
        {{ effective_n('survey_weight') }} as n_effective,
        sum(survey_weight * survey_weight) as s0,
        sum(survey_weight * survey_weight * value) as s1,
        sum(survey_weight * survey_weight * value * value) as s2

    from person_values
    group by wave, item_level, item_code, measure, cube(cell_sector_code, cell_class_code)

),

national as (

    select
        wave,
        item_level,
        item_code,
        measure,
        mean_value as national_mean,
        weight_sum as national_weight_sum

    from moments
    where grouping_level = 3

),

{# Level 1: sector margins and class margins, each shrunk toward the national mean. -#}
{%- for level, grouping_level, code in [
    ('sector', 1, 'sector_code'), ('class', 2, 'occupation_class_code')
] %}

{{ level }}_margins as (

    select
        moments.wave,
        moments.item_level,
        moments.item_code,
        moments.measure,
        moments.{{ code }},
        moments.n_unweighted,
        moments.n_effective,
        moments.weight_sum,
        moments.mean_value,
        moments.variance,
        national.national_mean

    from moments
    inner join national
        using (wave, item_level, item_code, measure)
    where moments.grouping_level = {{ grouping_level }} and moments.{{ code }} <> 'onbekend'

),

{{ level }}_strength as (

    {{ empirical_bayes_strength(
        level ~ '_margins', item_keys, 'mean_value', 'national_mean', 'variance'
    ) }}

),
{%- endfor %}

grid as (

    select
        national.*,
        sectors.sector_code,
        classes.occupation_class_code

    from national
    cross join sectors
    cross join classes

),

with_margins as (

    select
        grid.*,
        cells.n_unweighted,
        cells.n_effective,
        cells.weight_sum,
        cells.mean_value as direct_mean,
        cells.variance as direct_variance,
        cells.s0,
        cells.s1,
        cells.s2,
        {#- Each margin (sector, class) shrunk toward the national mean. #}
        {%- for margin in ['sector', 'class'] %}
        {{ margin }}_margins.mean_value as {{ margin }}_mean,
        {{ margin }}_margins.weight_sum as {{ margin }}_weight_sum,
        {{ margin }}_strength.strength as {{ margin }}_strength,
        {{ shrinkage_factor(margin ~ '_margins.n_effective', margin ~ '_strength.strength') }}
            as {{ margin }}_factor,
        coalesce(
            {{ shrink_toward(margin ~ '_margins.mean_value', margin ~ '_margins.n_effective',
                'grid.national_mean', margin ~ '_strength.strength') }},
            grid.national_mean
        ) as {{ margin }}_shrunk_mean,
        {%- endfor %}
        measures.lower_bound,
        measures.upper_bound

    from grid
    inner join measures
        on grid.measure = measures.measure
    left join moments as cells
        on {{ same_cell('grid', 'cells', item_keys + ['sector_code', 'occupation_class_code']) }}
        and cells.grouping_level = 0
    left join sector_margins
        on {{ same_cell('grid', 'sector_margins', item_keys + ['sector_code']) }}
    left join sector_strength
        on {{ same_cell('grid', 'sector_strength', item_keys) }}
    left join class_margins
        on {{ same_cell('grid', 'class_margins', item_keys + ['occupation_class_code']) }}
    left join class_strength
        on {{ same_cell('grid', 'class_strength', item_keys) }}

),

with_prior as (

    select
        *,
        {{ clip_to_range(
            'sector_shrunk_mean + class_shrunk_mean - national_mean',
            'lower_bound', 'upper_bound'
        ) }} as prior_mean

    from with_margins

),

{# Level 2: cells shrunk toward their main-effects prior. -#}
cell_strength as (

    {{ empirical_bayes_strength(
        'with_prior', item_keys, 'direct_mean', 'prior_mean', 'direct_variance'
    ) }}

),

final as (

    select
        {%- for column in item_keys + ['sector_code', 'occupation_class_code'] %}
        with_prior.{{ column }},
        {%- endfor %}
        {#- no respondents: counts and moments 0, direct mean and variance NULL #}
        {%- for column in [
            'n_unweighted', 'n_effective', 'weight_sum', 'direct_mean', 'direct_variance',
            's0', 's1', 's2',
        ] %}
        {%- if column.startswith('direct_') %}
        with_prior.{{ column }},
        {%- else %}
        coalesce(with_prior.{{ column }}, 0) as {{ column }},
        {%- endif %}
        {%- endfor %}
        {%- for margin in ['sector', 'class'] %}
        {%- for part in ['mean', 'weight_sum', 'strength', 'factor'] %}
        with_prior.{{ margin }}_{{ part }},
        {%- endfor %}
        {%- endfor %}
        with_prior.national_mean,
        with_prior.national_weight_sum,
        with_prior.prior_mean,
        coalesce(cell_strength.strength, 0) as cell_strength,
        {{ shrinkage_factor('with_prior.n_effective', 'coalesce(cell_strength.strength, 0)') }}
            as cell_factor,
        {{ shrink_toward('with_prior.direct_mean', 'with_prior.n_effective',
            'with_prior.prior_mean', 'coalesce(cell_strength.strength, 0)') }} as estimate,
        cell_strength.within_variance
            / nullif(
                coalesce(with_prior.n_effective, 0) + coalesce(cell_strength.strength, 0), 0
            )
            as estimate_variance

    from with_prior
    left join cell_strength
        on {{ same_cell('with_prior', 'cell_strength', item_keys) }}

)

select * from final
