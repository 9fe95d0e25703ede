{#- The participation gap between education orientations per indicator and wave (seed
    figure 4): theoretisch minus praktisch geschoold, and theoretisch geschoold minus
    zonder startkwalificatie, from the direct estimates in rpt_llo_participation. The two
    groups are independent samples: SE = sqrt(se_a^2 + se_b^2), normal 95% interval.
    Change of the gap against the previous wave and against the first wave (2004) with a
    two-sided z-test at 5%. A gap involving a suppressed group is suppressed. -#}
{%- set comparisons = [
    ('theoretisch_min_praktisch', '1', '2',
        'Theoretisch geschoold min praktisch geschoold'),
    ('theoretisch_min_zonder_startkwalificatie', '1', '3',
        'Theoretisch geschoold min zonder startkwalificatie'),
] -%}
with

orientations as (

    select * from {{ ref('rpt_llo_participation') }}
    where group_type = 'opleidingsrichting'
        and method = 'direct'

),

pairs as (

    {%- for code, first, second, label in comparisons %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        first_group.indicator_code,
        first_group.indicator_label,
        first_group.wave,
        '{{ code }}' as comparison_code,
        '{{ label }}' as comparison_label,
        {{ difference_of_estimates('first_group', 'second_group') }}

    from orientations as first_group
    inner join orientations as second_group
        on first_group.indicator_code = second_group.indicator_code
        and first_group.wave = second_group.wave
    where first_group.group_code = '{{ first }}'
        and second_group.group_code = '{{ second }}'
    {%- endfor %}

),

estimates as (

    select
        indicator_code,
        indicator_label,
        wave,
        comparison_code,
        comparison_label,
        {{ published_estimate_columns(
            estimate='difference',
            ci_lower=none,
            ci_upper=none,
            standard_error='difference_standard_error',
            n_unweighted='n_both',
            source='llo_enquete',
            hidden_flag='is_hidden',
            reliability_n='n_smallest',
        ) }}

    from pairs

),

with_change as (

    {{ with_change_since_previous_wave(
        'estimates', ['indicator_code', 'comparison_code'], since_first_wave=true
    ) }}

),

final as (

    select
        indicator_code,
        indicator_label,
        wave,
        cast(wave as {{ dbt.type_string() }}) as period,
        'nederland' as group_type,
        'NL' as group_code,
        'Nederland' as group_label,
        comparison_code,
        comparison_label,
        estimate,
        {{ unless_flagged(normal_bound('estimate', 'standard_error', 'lower'), 'suppressed') }}
            as ci_lower,
        {{ unless_flagged(normal_bound('estimate', 'standard_error', 'upper'), 'suppressed') }}
            as ci_upper,
        standard_error,
        n_unweighted,
        suppressed,
        reliability,
        'direct' as method,
        'llo_enquete' as source,
        {{ change_column_names(since_first_wave=true) }}

    from with_change

)

select * from final
