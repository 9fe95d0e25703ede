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
        first_group.estimate - second_group.estimate as gap,
        sqrt(
            power(first_group.standard_error, 2) + power(second_group.standard_error, 2)
        ) as gap_standard_error,
        first_group.n_unweighted + second_group.n_unweighted as n_both,
        least(first_group.n_unweighted, second_group.n_unweighted) as n_smallest,
        first_group.suppressed or second_group.suppressed as is_hidden

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
        {{ unless_flagged('gap', 'is_hidden') }} as estimate,
        {{ unless_flagged('gap_standard_error', 'is_hidden') }} as standard_error,
        cast({{ unless_flagged('n_both', 'is_hidden') }} as integer) as n_unweighted,
        is_hidden as suppressed,
        {{ reliability_label('n_smallest', 'llo_enquete', 'is_hidden') }} as reliability

    from pairs

),

waves as (

    select
        wave,
        lag(wave) over (order by wave) as previous_wave,
        min(wave) over () as first_wave

    from (select distinct wave from estimates) as distinct_waves

),

with_change as (

    select
        estimates.*,
        waves.previous_wave,
        estimates.estimate - previous.estimate as change_vs_previous_wave,
        {{ change_is_significant(
            'previous.estimate', 'previous.standard_error',
            'estimates.estimate', 'estimates.standard_error',
        ) }} as change_is_significant,
        waves.first_wave,
        estimates.estimate - first.estimate as change_since_first_wave,
        {{ change_is_significant(
            'first.estimate', 'first.standard_error',
            'estimates.estimate', 'estimates.standard_error',
        ) }} as change_since_first_wave_is_significant

    from estimates
    inner join waves
        on estimates.wave = waves.wave
    left join estimates as previous
        on waves.previous_wave = previous.wave
        and estimates.indicator_code = previous.indicator_code
        and estimates.comparison_code = previous.comparison_code
    left join estimates as first
        on waves.first_wave = first.wave
        and estimates.wave <> waves.first_wave
        and estimates.indicator_code = first.indicator_code
        and estimates.comparison_code = first.comparison_code

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
        previous_wave,
        change_vs_previous_wave,
        change_is_significant,
        first_wave,
        change_since_first_wave,
        change_since_first_wave_is_significant

    from with_change

)

select * from final
