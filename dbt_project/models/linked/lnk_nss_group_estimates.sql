{{ config(materialized='table') }}
{#- All NSS skills estimates per wave x item (task or domain) x measure x group, with
    disclosure control and change between waves: the common body of rpt_skills_by_task
    and rpt_skills_by_domain, which add labels.

    Direct estimates (method 'direct'): weighted mean over workers with a value; Kish's
    n_eff; share measures of a single task (0/1 per respondent) get a Wilson interval,
    every other measure (means, and domain shares, which are means of fractions) a normal
    interval. Region rows also come from the composition method
    (lnk_nss_regional_composition, method 'composition', normal interval kept inside the
    measure's range); the direct region row is kept only where it passes disclosure
    control. Groups of one type partition the workers, so a single suppressed direct cell
    would be recoverable from the n's: complementary suppression per wave, item, measure
    and group type. Change is computed from published values only: against the previous
    NSS wave and against 2012, with the two-sided z-test of change_is_significant() on the
    two standard errors (waves treated as independent samples; the LISS panel overlap makes
    the test conservative). -#}
{%- set group_dimensions = [
    ('nederland', "'NL'"),
    ('arbeidsmarktregio', 'region_code'),
    ('sector', 'sector_code'),
    ('beroepsklasse', 'occupation_class_code'),
    ('opleidingsniveau', 'cast(education_level_code as ' ~ dbt.type_string() ~ ')'),
    ('opleidingsrichting', 'cast(education_orientation_code as ' ~ dbt.type_string() ~ ')'),
] -%}
{%- set cell_keys = [
    'item_level', 'item_code', 'measure', 'group_type', 'group_code', 'method'
] -%}
with

composition as (

    select * from {{ ref('lnk_nss_regional_composition') }}

),

measures as (

    select * from {{ skills_measure_relation() }}

),

direct_cells as (

    {%- for group_type, group_code in group_dimensions %}

    select
        wave,
        item_level,
        item_code,
        measure,
        '{{ group_type }}' as group_type,
        {{ group_code }} as group_code,
        count(*) as n_unweighted,
        {{ weighted_mean('value', 'survey_weight') }} as estimate,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_variance('value', 'survey_weight') }} as variance

    from {{ ref('lnk_nss_person_measures') }}
    where {{ group_code }} is not null
    group by wave, item_level, item_code, measure, {{ group_code }}
    {% if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

direct as (

    select
        direct_cells.wave,
        direct_cells.item_level,
        direct_cells.item_code,
        direct_cells.measure,
        direct_cells.group_type,
        direct_cells.group_code,
        'direct' as method,
        cast(null as integer) as composition_year,
        direct_cells.n_unweighted,
        direct_cells.estimate,
        case
            when measures.is_share and direct_cells.item_level = 'taak'
                then {{ share_standard_error(
                    'direct_cells.estimate', 'direct_cells.n_effective') }}
            else {{ mean_standard_error('direct_cells.variance', 'direct_cells.n_effective') }}
        end as standard_error,
        {%- for side in ['lower', 'upper'] %}
        {{ share_or_mean_bound(
            'direct_cells.estimate',
            mean_standard_error('direct_cells.variance', 'direct_cells.n_effective'),
            'direct_cells.n_effective',
            "measures.is_share and direct_cells.item_level = 'taak'",
            side,
        ) }} as ci_{{ side }}{{ ',' if not loop.last }}
        {%- endfor %}

    from direct_cells
    inner join measures
        on direct_cells.measure = measures.measure

),

model_based as (

    select
        composition.wave,
        composition.item_level,
        composition.item_code,
        composition.measure,
        'arbeidsmarktregio' as group_type,
        composition.region_code as group_code,
        'composition' as method,
        composition.composition_year,
        composition.n_unweighted,
        composition.estimate,
        composition.standard_error,
        {{ clip_to_range(
            normal_bound('composition.estimate', 'composition.standard_error', 'lower'),
            'measures.lower_bound', 'measures.upper_bound') }} as ci_lower,
        {{ clip_to_range(
            normal_bound('composition.estimate', 'composition.standard_error', 'upper'),
            'measures.lower_bound', 'measures.upper_bound') }} as ci_upper

    from composition
    inner join measures
        on composition.measure = measures.measure

),

estimates as (

    select * from direct
    union all
    select * from model_based

),

controlled as (

    select
        *,
        {{ complementary_suppressed(
            'n_unweighted', 'wave, item_level, item_code, measure, group_type, method',
            'group_code', only_where="method = 'direct'",
        ) }} as is_hidden

    from estimates

),

published as (

    select
        wave,
        {{ cell_keys | join(', ') }},
        composition_year,
        {{ published_estimate_columns(
            'estimate', 'ci_lower', 'ci_upper', 'standard_error', 'n_unweighted', 'nss',
            hidden_flag='is_hidden',
        ) }}

    from controlled
    {# A direct regional row is shown next to the composition row only where it may be. #}
    where not (group_type = 'arbeidsmarktregio' and method = 'direct' and is_hidden)

),

with_previous as (

    select
        published.*,
        waves.previous_wave,
        previous.estimate as previous_estimate,
        previous.standard_error as previous_standard_error,
        baseline.estimate as baseline_estimate,
        baseline.standard_error as baseline_standard_error

    from published
    inner join {{ waves_with_previous('published') }} as waves
        on published.wave = waves.wave
    left join published as previous
        on waves.previous_wave = previous.wave
        and {{ same_cell('published', 'previous', cell_keys) }}
    left join published as baseline
        on baseline.wave = 2012
        and published.wave > 2012
        and {{ same_cell('published', 'baseline', cell_keys) }}

),

final as (

    select
        wave,
        {{ cell_keys | join(', ') }},
        composition_year,
        {{ published_estimate_column_names() }},
        previous_wave,
        estimate - previous_estimate as change_since_previous_wave,
        {{ change_is_significant(
            'previous_estimate', 'previous_standard_error', 'estimate', 'standard_error'
        ) }} as change_since_previous_wave_is_significant,
        estimate - baseline_estimate as change_since_2012,
        {{ change_is_significant(
            'baseline_estimate', 'baseline_standard_error', 'estimate', 'standard_error'
        ) }} as change_since_2012_is_significant

    from with_previous

)

select * from final
