{#- LLO participation of workers (LLO-Enquête) per indicator, wave and group: weighted
    shares with 95% Wilson intervals on Kish's n_eff ('direct'), and per arbeidsmarktregio
    also the composition estimate ('composition': the region's EBB employment mix x
    shrunk national cells; normal interval from the jackknife sampling variance plus the
    between-region model error variance). Change
    against the previous wave of the same series with a two-sided 5% test. -#}
{%- set indicators = llo_indicators() -%}
with

workers as (

    select * from {{ ref('lnk_llo_workers_unpivoted_to_groups') }}

),

composition as (

    select * from {{ ref('lnk_llo_regional_composition_estimates') }}
    where geography_level = 'arbeidsmarktregio'

),

observations as (

    {%- for indicator_code, indicator in indicators.items() %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ indicator_code }}' as indicator_code,
        wave,
        group_type,
        group_code,
        group_label,
        {{ indicator[0] }} as indicator_value,
        survey_weight

    from workers
    where {{ indicator[0] }} is not null
    {%- endfor %}

),

direct_cells as (

    {{ weighted_share_cells(
        'observations', ['indicator_code', 'wave', 'group_type', 'group_code'],
        'indicator_value', columns=['any_value(group_label) as group_label'],
    ) }}


),

{# The groups of a group type add up to the workers of the wave (whose n is published on
    the Netherlands row): one suppressed group would be recoverable, so a complementary
    group is suppressed too. -#}
direct_controlled as (

    select
        *,
        {{ complementary_suppressed(
            'n_unweighted', 'indicator_code, wave, group_type', 'group_code'
        ) }} as is_hidden

    from direct_cells

),

direct_estimates as (

    select
        indicator_code,
        wave,
        group_type,
        group_code,
        group_label,
        'direct' as method,
        cast(null as integer) as composition_ebb_year,
        {{ published_share_columns(
            'share', 'n_effective', 'n_unweighted', 'llo_enquete', hidden_flag='is_hidden'
        ) }}

    from direct_controlled

),

{# The composition estimate explains regional differences only by the employment mix;
    regional effects beyond it are model error. Its variance over regions is estimated per
    indicator and wave by the method of moments: mean over regions (with a published
    direct estimate) of (direct - composition)^2 - sampling variance of the direct
    estimate, floored at 0. The published SE of a composition row adds it to the
    jackknife sampling variance, so the interval is meant to cover the region's value. -#}
model_error as (

    select
        composition.indicator_code,
        composition.wave,
        greatest(
            avg(
                power(direct_cells.share - composition.estimate, 2)
                - power({{ share_standard_error(
                    'direct_cells.share', 'direct_cells.n_effective'
                ) }}, 2)
            ),
            0
        ) as model_variance

    from composition
    inner join direct_cells
        on {{ same_cell('composition', 'direct_cells', ['indicator_code', 'wave']) }}
        and direct_cells.group_type = 'arbeidsmarktregio'
        and composition.region_code = direct_cells.group_code
    where not {{ is_suppressed('direct_cells.n_unweighted') }}
    group by composition.indicator_code, composition.wave

),

composition_with_model_error as (

    select
        composition.*,
        sqrt(
            power(composition.standard_error, 2) + coalesce(model_error.model_variance, 0)
        ) as total_standard_error

    from composition
    left join model_error
        on {{ same_cell('composition', 'model_error', ['indicator_code', 'wave']) }}

),

composition_estimates as (

    select
        indicator_code,
        wave,
        'arbeidsmarktregio' as group_type,
        region_code as group_code,
        region_name as group_label,
        method,
        ebb_year as composition_ebb_year,
        {{ published_estimate_columns(
            estimate='estimate',
            ci_lower=llo_bounded_share(normal_bound('estimate', 'total_standard_error', 'lower')),
            ci_upper=llo_bounded_share(normal_bound('estimate', 'total_standard_error', 'upper')),
            standard_error='total_standard_error',
            n_unweighted='n_unweighted',
            source='llo_enquete',
        ) }}

    from composition_with_model_error

),

estimates as (

    select * from direct_estimates
    union all
    select * from composition_estimates

),

with_change as (

    {{ with_change_since_previous_wave(
        'estimates', ['indicator_code', 'group_type', 'group_code', 'method']
    ) }}

),

final as (

    select
        indicator_code,
        case indicator_code
            {%- for indicator_code, indicator in indicators.items() %}
            when '{{ indicator_code }}' then '{{ indicator[1] }}'
            {%- endfor %}
        end as indicator_label,
        wave,
        cast(wave as {{ dbt.type_string() }}) as period,
        group_type,
        group_code,
        group_label,
        method,
        composition_ebb_year,
        {{ published_estimate_column_names() }},
        'llo_enquete' as source,
        {{ change_column_names() }}

    from with_change

)

select * from final
