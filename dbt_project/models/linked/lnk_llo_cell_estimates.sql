{#- National LLO-Enquête estimates per cell (SBI section x BRC beroepsklasse) per wave,
    among workers, for the four learning indicators, with empirical-Bayes shrinkage:

    1. margins: the sector share and the beroepsklasse share are shrunk toward the
       national share;
    2. prior of a cell: shrunk sector margin + shrunk class margin - national share
       (main effects on the share scale), kept inside [0.001, 0.999];
    3. the cell share is shrunk toward its prior: (n_eff p + k prior) / (n_eff + k).

    The strength k (in respondents) is estimated per wave and indicator at each level by
    the method of moments: k = sigma^2 / tau^2, with sigma^2 = p(1 - p) of the national
    share and tau^2 the between-cell variance around the priors; k is bounded to
    [llo_shrinkage_min_strength, llo_shrinkage_max_strength] (defaults 1 and 1000). The
    grid holds every section x class (plus 'onbekend' for either) so that the composition
    method has an estimate for every cell of a region's employment; a cell without
    respondents gets its prior.

    Uncertainty: every estimate is repeated for delete-a-group jackknife replicates
    (`replicate` 0 = full sample; 1..G = the sample without random group g, G =
    llo_jackknife_groups, default 20; groups assigned by panel key order within a wave).
    The whole chain (margins, strengths, priors, cells) is re-estimated per replicate, so
    the jackknife variance of anything built from the cells (the composition estimates)
    includes the uncertainty of the priors and their correlation across cells.
    Never published (schema linked). -#}
{{ config(materialized='table') }}
{%- set indicators = llo_indicators() -%}
{%- set min_strength = var('llo_shrinkage_min_strength', 1) -%}
{%- set max_strength = var('llo_shrinkage_max_strength', 1000) -%}
{%- set jackknife_groups = var('llo_jackknife_groups', 20) -%}
with

workers as (

    select
        *,
        (row_number() over (partition by wave order by panel_person_key) - 1)
            % {{ jackknife_groups }} + 1 as jackknife_group

    from {{ ref('lnk_llo_respondents_joined_to_classifications') }}
    where is_working

),

replicates as (

    {%- for replicate in range(0, (jackknife_groups | int) + 1) %}
    select cast({{ replicate }} as bigint) as replicate{{ ' union all' if not loop.last }}
    {%- endfor %}

),

sector_codes as (

    select sbi_section_code as sector_code from {{ ref('ref_sbi_sections') }}
    union
    select 'onbekend' as sector_code

),

occupation_codes as (

    select {{ llo_code('brc_class_code', 2) }} as occupation_class_code
    from {{ ref('ref_brc_occupations') }}
    union
    select 'onbekend' as occupation_class_code

),

full_sample_observations as (

    {%- for indicator_code, indicator in indicators.items() %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        wave,
        '{{ indicator_code }}' as indicator_code,
        coalesce(sector_code, 'onbekend') as sector_code,
        coalesce(occupation_class_code, 'onbekend') as occupation_class_code,
        {{ indicator[0] }} as indicator_value,
        survey_weight,
        jackknife_group

    from workers
    where {{ indicator[0] }} is not null
    {%- endfor %}

),

observations as (

    select
        replicates.replicate,
        full_sample_observations.*

    from full_sample_observations
    inner join replicates
        on full_sample_observations.jackknife_group <> replicates.replicate

),

national as (

    {{ weighted_share_cells(
        'observations', ['replicate', 'wave', 'indicator_code'], 'indicator_value',
        name='national_share', n_unweighted=false, n_effective=false,
    ) }}


),

national_with_variance as (

    select
        *,
        national_share * (1 - national_share) as within_variance

    from national

),

{%- for level, code in [('sector', 'sector_code'), ('occupation', 'occupation_class_code')] %}

{{ level }}_observed as (

    {{ weighted_share_cells(
        'observations', ['replicate', 'wave', 'indicator_code', code], 'indicator_value',
        n_unweighted=false,
    ) }}


),

{{ level }}_strength as (

    select
        {{ level }}_observed.replicate,
        {{ level }}_observed.wave,
        {{ level }}_observed.indicator_code,
        {{ llo_eb_strength(
            'any_value(national_with_variance.within_variance)',
            llo_between_cell_variance(
                level ~ '_observed.share',
                'national_with_variance.national_share',
                level ~ '_observed.n_effective',
                'any_value(national_with_variance.within_variance)',
            ),
            min_strength,
            max_strength,
        ) }} as {{ level }}_strength

    from {{ level }}_observed
    inner join national_with_variance
        on {{ level }}_observed.replicate = national_with_variance.replicate
        and {{ level }}_observed.wave = national_with_variance.wave
        and {{ level }}_observed.indicator_code = national_with_variance.indicator_code
    group by all

),

{{ level }}_margins as (

    select
        national_with_variance.replicate,
        national_with_variance.wave,
        national_with_variance.indicator_code,
        {{ level }}_codes.{{ code }},
        {{ shrink_toward(
            level ~ '_observed.share',
            level ~ '_observed.n_effective',
            'national_with_variance.national_share',
            level ~ '_strength.' ~ level ~ '_strength',
        ) }} as {{ level }}_margin,
        {{ level }}_strength.{{ level }}_strength

    from national_with_variance
    cross join {{ level }}_codes
    inner join {{ level }}_strength
        on national_with_variance.replicate = {{ level }}_strength.replicate
        and national_with_variance.wave = {{ level }}_strength.wave
        and national_with_variance.indicator_code = {{ level }}_strength.indicator_code
    left join {{ level }}_observed
        on national_with_variance.replicate = {{ level }}_observed.replicate
        and national_with_variance.wave = {{ level }}_observed.wave
        and national_with_variance.indicator_code = {{ level }}_observed.indicator_code
        and {{ level }}_codes.{{ code }} = {{ level }}_observed.{{ code }}

),
{%- endfor %}

cells_observed as (

    {{ weighted_share_cells(
        'observations',
        ['replicate', 'wave', 'indicator_code', 'sector_code', 'occupation_class_code'],
        'indicator_value',
        name='direct_share',
    ) }}


),

grid as (

    select
        sector_margins.replicate,
        sector_margins.wave,
        sector_margins.indicator_code,
        sector_margins.sector_code,
        occupation_margins.occupation_class_code,
        national_with_variance.national_share,
        national_with_variance.within_variance,
        sector_margins.sector_margin,
        sector_margins.sector_strength,
        occupation_margins.occupation_margin,
        occupation_margins.occupation_strength,
        least(
            greatest(
                sector_margins.sector_margin + occupation_margins.occupation_margin
                - national_with_variance.national_share,
                0.001
            ),
            0.999
        ) as prior_share,
        coalesce(cells_observed.n_unweighted, 0) as n_unweighted,
        coalesce(cells_observed.n_effective, 0) as n_effective,
        cells_observed.direct_share

    from sector_margins
    inner join occupation_margins
        on {{ same_cell('sector_margins', 'occupation_margins', [
            'replicate', 'wave', 'indicator_code'
        ]) }}
    inner join national_with_variance
        on {{ same_cell('sector_margins', 'national_with_variance', [
            'replicate', 'wave', 'indicator_code'
        ]) }}
    left join cells_observed
        on {{ same_cell('sector_margins', 'cells_observed', [
            'replicate', 'wave', 'indicator_code', 'sector_code'
        ]) }}
        and occupation_margins.occupation_class_code = cells_observed.occupation_class_code

),

shrunk as (

    {{ llo_shrunk_cells(
        'grid', ['replicate', 'wave', 'indicator_code'], min_strength, max_strength
    ) }}

),

final as (

    select
        replicate,
        wave,
        indicator_code,
        sector_code,
        occupation_class_code,
        n_unweighted,
        n_effective,
        direct_share,
        national_share,
        sector_margin,
        occupation_margin,
        prior_share,
        sector_strength,
        occupation_strength,
        cell_strength,
        shrunk_share

    from shrunk

)

select * from final
