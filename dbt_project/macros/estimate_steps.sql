{#- The steps every published estimate goes through, in order: estimate -> interval ->
    disclosure control (suppression, complementary suppression) -> change since the
    previous wave. The estimators themselves are in survey_estimates.sql, the rules of
    disclosure control in disclosure_control.sql; these macros only put them together the
    same way in every model. -#}

{#- `left.key = right.key and ...` for every key: the condition of a join on a cell. -#}
{% macro same_cell(left, right, keys) -%}
    {%- for key in keys -%}
    {{ left }}.{{ key }} = {{ right }}.{{ key }}{{ '\n        and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- One bound of the 95% interval of a figure that is a share on some rows and a mean on
    others: Wilson on n_eff where `share_condition` holds, normal (estimate -/+ z se)
    elsewhere. -#}
{% macro share_or_mean_bound(value, standard_error, n_eff, share_condition, side) -%}
    case when {{ share_condition }} then {{ wilson_bound(value, n_eff, side) }}
    else {{ normal_bound(value, standard_error, side) }} end
{%- endmacro %}

{#- The published columns of an estimate (estimate, ci_lower, ci_upper, standard_error,
    n_unweighted, suppressed, reliability): every figure NULL where the cell is hidden.
    `hidden_flag` is the outcome of (complementary) suppression; without it the cell is
    hidden when n_unweighted is below the disclosure threshold. `reliability_n` is the n
    the reliability label is judged on (default n_unweighted; a difference of two groups
    is judged on its smallest group). Pass ci_lower=none to publish no interval,
    standard_error=none to publish no standard error. `columns_after_n`: (expression,
    name) pairs published after n_unweighted (e.g. rounded person counts), as given. -#}
{% macro published_estimate_columns(
    estimate, ci_lower, ci_upper, standard_error, n_unweighted, source,
    hidden_flag=none, reliability_n=none, columns_after_n=[]
) -%}
    {%- set hidden = hidden_flag if hidden_flag is not none else is_suppressed(n_unweighted) -%}
    {{ unless_flagged(estimate, hidden) }} as estimate,
    {%- if ci_lower is not none %}
    {{ unless_flagged(ci_lower, hidden) }} as ci_lower,
    {{ unless_flagged(ci_upper, hidden) }} as ci_upper,
    {%- endif %}
    {%- if standard_error is not none %}
    {{ unless_flagged(standard_error, hidden) }} as standard_error,
    {%- endif %}
    cast({{ unless_flagged(n_unweighted, hidden) }} as integer) as n_unweighted,
    {%- for expression, name in columns_after_n %}
    {{ expression }} as {{ name }},
    {%- endfor %}
    {{ hidden }} as suppressed,
    {{ reliability_label(
        reliability_n if reliability_n is not none else n_unweighted, source, hidden_flag
    ) }} as reliability
{%- endmacro %}

{#- The columns of the difference between two estimates of the same cell (`first` minus
    `second`, relations with estimate, standard_error, n_unweighted and suppressed):
    difference, its standard error (independent samples), the n of both, the smallest n
    (for the reliability label) and whether either side is hidden. -#}
{% macro difference_of_estimates(first, second) -%}
    {{ first }}.estimate - {{ second }}.estimate as difference,
    sqrt(power({{ first }}.standard_error, 2) + power({{ second }}.standard_error, 2))
        as difference_standard_error,
    {{ first }}.n_unweighted + {{ second }}.n_unweighted as n_both,
    least({{ first }}.n_unweighted, {{ second }}.n_unweighted) as n_smallest,
    {{ first }}.suppressed or {{ second }}.suppressed as is_hidden
{%- endmacro %}

{#- The waves of a relation, each with the wave before it (NULL for the first). -#}
{% macro waves_with_previous(relation, wave='wave') -%}
    (
        select
            {{ wave }},
            lag({{ wave }}) over (order by {{ wave }}) as previous_wave,
            min({{ wave }}) over () as first_wave
        from (select distinct {{ wave }} from {{ relation }}) as distinct_waves
    )
{%- endmacro %}

{#- Every row of `relation` (published estimates: estimate, standard_error, a `wave`
    column) with its change since the same cell (`keys`, without the wave) in the
    previous wave: previous_wave, change_vs_previous_wave, change_is_significant.
    previous_wave is the wave before this one in the relation, or with
    previous_wave_of='cell' only where this cell has a row in it. With
    since_first_wave=true also first_wave, change_since_first_wave and
    change_since_first_wave_is_significant (NULL in the first wave itself). -#}
{% macro with_change_since_previous_wave(
    relation, keys, previous_wave_of='relation', since_first_wave=false
) -%}
    select
        {{ relation }}.*,
        {{ 'previous.wave' if previous_wave_of == 'cell' else 'waves.previous_wave' }}
            as previous_wave,
        {{ relation }}.estimate - previous.estimate as change_vs_previous_wave,
        {{ change_is_significant(
            'previous.estimate', 'previous.standard_error',
            relation ~ '.estimate', relation ~ '.standard_error',
        ) }} as change_is_significant
        {%- if since_first_wave %},
        waves.first_wave,
        {{ relation }}.estimate - first.estimate as change_since_first_wave,
        {{ change_is_significant(
            'first.estimate', 'first.standard_error',
            relation ~ '.estimate', relation ~ '.standard_error',
        ) }} as change_since_first_wave_is_significant
        {%- endif %}

    from {{ relation }}
    inner join {{ waves_with_previous(relation) }} as waves
        on {{ relation }}.wave = waves.wave
    left join {{ relation }} as previous
        on waves.previous_wave = previous.wave
        and {{ same_cell(relation, 'previous', keys) }}
    {%- if since_first_wave %}
    left join {{ relation }} as first
        on waves.first_wave = first.wave
        and {{ relation }}.wave <> waves.first_wave
        and {{ same_cell(relation, 'first', keys) }}
    {%- endif %}
{%- endmacro %}

{#- Complementary suppression in rounds, as one select over `relation`. Round r applies
    complementary_suppressed() along dimension r of `dimensions` (cyclically, so two
    dimensions alternate), counting the cells hidden in earlier rounds as suppressed;
    the first round starts from `hidden_flag` if given (e.g. primary suppression on more
    than n), else from n alone. Adds is_hidden_1 .. is_hidden_(rounds - 1) and the final
    flag `is_hidden`. `dimensions`: list of (partition_by, tiebreak). -#}
{% macro complementary_suppression_rounds(
    relation, n_unweighted, dimensions, rounds=4, hidden_flag=none
) -%}
    {%- set ns = namespace(query='select * from ' ~ relation, previous=hidden_flag) -%}
    {%- for round in range(1, rounds + 1) -%}
        {%- set partition_by, tiebreak = dimensions[(round - 1) % (dimensions | length)] -%}
        {%- set n = n_after_hiding(n_unweighted, ns.previous)
            if ns.previous is not none else n_unweighted -%}
        {%- set flag = 'is_hidden' if round == rounds else 'is_hidden_' ~ round -%}
        {%- set ns.query -%}
    select
        *,
        {{ complementary_suppressed(n, partition_by, tiebreak) }} as {{ flag }}
    from ({{ ns.query }}) as round_{{ round - 1 }}
        {%- endset -%}
        {%- set ns.previous = flag -%}
    {%- endfor -%}
    {{ ns.query }}
{%- endmacro %}

{#- published_estimate_columns() of a weighted share: Wilson interval and standard error
    on Kish's n_eff (with_standard_error=false: no standard error column). -#}
{% macro published_share_columns(
    share, n_eff, n_unweighted, source, hidden_flag=none, with_standard_error=true,
    columns_after_n=[]
) -%}
    {{ published_estimate_columns(
        estimate=share,
        ci_lower=wilson_bound(share, n_eff, 'lower'),
        ci_upper=wilson_bound(share, n_eff, 'upper'),
        standard_error=share_standard_error(share, n_eff) if with_standard_error else none,
        n_unweighted=n_unweighted,
        source=source,
        hidden_flag=hidden_flag,
        columns_after_n=columns_after_n,
    ) }}
{%- endmacro %}

{#- published_estimate_columns() of a figure that is a share on some rows (Wilson interval
    on n_eff where `share_condition` holds) and a mean on others (normal interval). -#}
{% macro published_share_or_mean_columns(
    value, standard_error, n_eff, share_condition, n_unweighted, source, hidden_flag=none
) -%}
    {{ published_estimate_columns(
        estimate=value,
        ci_lower=share_or_mean_bound(value, standard_error, n_eff, share_condition, 'lower'),
        ci_upper=share_or_mean_bound(value, standard_error, n_eff, share_condition, 'upper'),
        standard_error=standard_error,
        n_unweighted=n_unweighted,
        source=source,
        hidden_flag=hidden_flag,
    ) }}
{%- endmacro %}

{#- Strength k of an empirical-Bayes prior per group of units (`keys`) of `relation`, with
    the pooled within-unit variance sigma2_within = sum(n v) / sum(n - 1) and
    tau2_between = avg((mean_u - prior_u)^2 - sigma2_within / n_eff_u), both over the
    units with at least 2 respondents; k = eb_strength(sigma2_within, tau2_between).
    `relation` has n_unweighted, n_effective and the columns named by `mean`, `prior`
    and `variance` (the unit's weighted variance). Returns keys, within_variance and
    strength. -#}
{% macro empirical_bayes_strength(relation, keys, mean, prior, variance) -%}
    select
        {%- for key in keys %}
        {{ relation }}.{{ key }},
        {%- endfor %}
        any_value(pooled.within_variance) as within_variance,
        {{ eb_strength(
            'any_value(pooled.within_variance)',
            'avg(power(' ~ relation ~ '.' ~ mean ~ ' - ' ~ relation ~ '.' ~ prior ~ ', 2)'
            ~ ' - pooled.within_variance / ' ~ relation ~ '.n_effective)'
        ) }} as strength

    from {{ relation }}
    inner join (
        select
            {{ keys | join(', ') }},
            sum(n_unweighted * {{ variance }}) / nullif(sum(n_unweighted - 1), 0)
                as within_variance
        from {{ relation }}
        where n_unweighted >= 2
        group by {{ keys | join(', ') }}
    ) as pooled
        using ({{ keys | join(', ') }})
    where {{ relation }}.n_unweighted >= 2
    group by
        {%- for key in keys %}
        {{ relation }}.{{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}

{#- The names of the columns published_estimate_columns() makes, for the select lists of
    later CTEs (without a trailing comma). -#}
{% macro published_estimate_column_names(interval=true, relation=none) -%}
    {%- set names = ['estimate']
        + (['ci_lower', 'ci_upper'] if interval else [])
        + ['standard_error', 'n_unweighted', 'suppressed', 'reliability'] -%}
    {%- for name in names -%}
    {{ relation ~ '.' if relation is not none }}{{ name }}{{ ',\n        ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Cells of `relation` (direct_share, prior_share, n_effective, n_unweighted and the
    within-cell variance `within_variance`) shrunk toward their prior with one
    empirical-Bayes strength per group of cells (`keys`), estimated over the cells with
    respondents by the method of moments (llo_between_cell_variance, llo_eb_strength).
    Returns every column of `relation`, cell_strength and shrunk_share. -#}
{% macro llo_shrunk_cells(relation, keys, min_strength, max_strength) -%}
    select
        {{ relation }}.*,
        strengths.cell_strength,
        {{ shrink_toward(
            relation ~ '.direct_share',
            relation ~ '.n_effective',
            relation ~ '.prior_share',
            'strengths.cell_strength',
        ) }} as shrunk_share

    from {{ relation }}
    inner join (
        select
            {{ keys | join(', ') }},
            {{ llo_eb_strength(
                'any_value(within_variance)',
                llo_between_cell_variance(
                    'direct_share', 'prior_share', 'n_effective', 'any_value(within_variance)'
                ),
                min_strength,
                max_strength,
            ) }} as cell_strength
        from {{ relation }}
        where n_unweighted > 0
        group by {{ keys | join(', ') }}
    ) as strengths
        on {{ same_cell(relation, 'strengths', keys) }}
{%- endmacro %}

{#- The names of the columns with_change_since_previous_wave() adds, for the select lists
    of later CTEs (without a trailing comma). -#}
{% macro change_column_names(since_first_wave=false) -%}
    {%- set names = ['previous_wave', 'change_vs_previous_wave', 'change_is_significant']
        + (['first_wave', 'change_since_first_wave', 'change_since_first_wave_is_significant']
            if since_first_wave else []) -%}
    {%- for name in names -%}
    {{ name }}{{ ',\n        ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- Two CTEs, `estimates` and `with_change`: the published columns of a figure that is a
    share on some rows and a mean on others (published_share_or_mean_columns() over
    `relation`, after the columns `columns` as they are), then its change since the same
    cell (`change_keys`) in the previous wave (with_change_since_previous_wave()). -#}
{% macro share_or_mean_estimates_with_change(
    relation, columns, value, standard_error, n_eff, share_condition, n_unweighted, source,
    hidden_flag, change_keys, previous_wave_of='relation'
) -%}
estimates as (

    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        {{ published_share_or_mean_columns(
            value, standard_error, n_eff, share_condition, n_unweighted, source,
            hidden_flag=hidden_flag,
        ) }}

    from {{ relation }}

),

with_change as (

    {{ with_change_since_previous_wave(
        'estimates', change_keys, previous_wave_of=previous_wave_of,
    ) }}

)
{%- endmacro %}

{#- A composition estimate, as one select grouped by all: the cells of `cells` (SBI
    section x BRC class, with wave and shrunk_share) weighted by the class shares `share`
    of the composition `mix` (sector_code, occupation_class_code), in the waves of
    `waves` (cross joined, or inner joined on `waves_on`). Selects `columns`, the
    weighted sum as `name` (divided by the sum of the shares with normalised=true), then
    `columns_after`; `left_joins`: (relation, condition) pairs joined after the cells. -#}
{% macro composition_estimate(
    mix, share, cells, waves, name, columns, columns_after=[], waves_on=none,
    sector_column='sector_code', class_column='occupation_class_code', normalised=false,
    left_joins=[]
) -%}
    select
        {%- for column in columns %}
        {{ column }},
        {%- endfor %}
        sum({{ mix }}.{{ share }} * {{ cells }}.shrunk_share)
        {%- if normalised %}
            / nullif(sum({{ mix }}.{{ share }}), 0)
        {%- endif %} as {{ name }}
        {%- for column in columns_after %},
        {{ column }}
        {%- endfor %}

    from {{ mix }}
    {%- if waves_on is none %}
    cross join {{ waves }}
    {%- else %}
    inner join {{ waves }}
        on {{ waves_on }}
    {%- endif %}
    inner join {{ cells }}
        on {{ waves }}.wave = {{ cells }}.wave
        and {{ mix }}.sector_code = {{ cells }}.{{ sector_column }}
        and {{ mix }}.occupation_class_code = {{ cells }}.{{ class_column }}
    {%- for relation, condition in left_joins %}
    left join {{ relation }}
        on {{ condition }}
    {%- endfor %}
    group by all
{%- endmacro %}

{#- The weighted share of the 0/1 `indicator` per cell (`keys`) of `relation`, as one
    select grouped by the keys: the keys, `columns` (aggregates, e.g. a label), then
    n_unweighted (with n_unweighted=true), the share as `name` and Kish's n_effective
    (with n_effective=true). -#}
{% macro weighted_share_cells(
    relation, keys, indicator, weight='survey_weight', name='share', columns=[],
    n_unweighted=true, n_effective=true
) -%}
    select
        {%- for column in keys + columns %}
        {{ column }},
        {%- endfor %}
        {%- if n_unweighted %}
        count(*) as n_unweighted,
        {%- endif %}
        {{ weighted_share(indicator, weight) }} as {{ name }}
        {%- if n_effective %},
        {{ effective_n(weight) }} as n_effective
        {%- endif %}

    from {{ relation }}
    group by {{ keys | join(', ') }}
{%- endmacro %}

{#- published_share_columns() of a share of a population (columns share, n_effective,
    n_unweighted and weighted_persons, hidden where `hidden_flag` is set) without a
    standard error, with the population's rounded person count as `persons_name`. -#}
{% macro published_population_share_columns(persons_name, source, hidden_flag='is_hidden') -%}
    {{ published_share_columns(
        'share', 'n_effective', 'n_unweighted', source, hidden_flag=hidden_flag,
        with_standard_error=false,
        columns_after_n=[(
            rounded_person_count('weighted_persons', 'n_unweighted', hidden_flag),
            persons_name,
        )],
    ) }}
{%- endmacro %}
