{#- Weighted survey estimators (docs/methods.md, section 2).
    Variance uses Kish's effective sample size n_eff = (sum w)^2 / sum w^2, which accounts for
    unequal weights but not for clustering; intervals for shares are Wilson score intervals on
    n_eff, which stay inside [0, 1] and always contain the estimate. -#}

{% macro weighted_share(indicator, weight) -%}
    sum({{ weight }} * {{ indicator }}) / nullif(sum({{ weight }}), 0)
{%- endmacro %}

{% macro weighted_mean(value, weight) -%}
    sum({{ weight }} * {{ value }}) / nullif(sum({{ weight }}), 0)
{%- endmacro %}

{% macro effective_n(weight) -%}
    power(sum({{ weight }}), 2) / nullif(sum({{ weight }} * {{ weight }}), 0)
{%- endmacro %}

{% macro wilson_bound(share, n_eff, side) -%}
    {%- set z = var('ci_z') -%}
    {%- set sign = '-' if side == 'lower' else '+' -%}
    {#- Clamped to [0, 1] and to the estimate itself: the Wilson interval contains the
        estimate in exact arithmetic; this removes floating-point noise at 0 and 1. -#}
    {{ 'least' if side == 'lower' else 'greatest' }}(
        {{ 'greatest' if side == 'lower' else 'least' }}(
            (
                ({{ share }} + {{ z }} * {{ z }} / (2 * {{ n_eff }}))
                {{ sign }} {{ z }} * sqrt(
                    {{ share }} * (1 - {{ share }}) / {{ n_eff }}
                    + {{ z }} * {{ z }} / (4 * {{ n_eff }} * {{ n_eff }})
                )
            ) / (1 + {{ z }} * {{ z }} / {{ n_eff }}),
            {{ '0' if side == 'lower' else '1' }}
        ),
        {{ share }}
    )
{%- endmacro %}

{#- Normal 95% bound for a share (e.g. a model-based or composition share with its own
    standard error), clamped to [0, 1]. -#}
{% macro share_normal_bound(estimate, standard_error, side) -%}
    {%- if side == 'lower' -%}
    greatest({{ normal_bound(estimate, standard_error, side) }}, 0)
    {%- else -%}
    least({{ normal_bound(estimate, standard_error, side) }}, 1)
    {%- endif -%}
{%- endmacro %}

{#- Weighted population variance of a value: sum w x^2 / sum w - mean^2 (>= 0).
    The difference cancels when all values in a cell are (nearly) equal; what is left
    below 1e-12 of the mean square is rounding noise whose size depends on the order in
    which DuckDB adds in parallel, so it counts as zero: a constant cell has variance 0
    and the same interval in every run. -#}
{% macro weighted_variance(value, weight) -%}
    {%- set mean_square -%}
        sum({{ weight }} * {{ value }} * {{ value }}) / nullif(sum({{ weight }}), 0)
    {%- endset -%}
    {%- set difference -%}
        {{ mean_square }}
        - power(sum({{ weight }} * {{ value }}) / nullif(sum({{ weight }}), 0), 2)
    {%- endset -%}
    case
        when {{ difference }} <= 1e-12 * {{ mean_square }} then 0
        else {{ difference }}
    end
{%- endmacro %}

{#- Standard error of a weighted mean from its variance and Kish's n_eff. -#}
{% macro mean_standard_error(variance, n_eff) -%}
    sqrt({{ variance }} / nullif({{ n_eff }}, 0))
{%- endmacro %}

{#- Standard error of a weighted share on Kish's n_eff. -#}
{% macro share_standard_error(share, n_eff) -%}
    sqrt({{ share }} * (1 - {{ share }}) / nullif({{ n_eff }}, 0))
{%- endmacro %}

{#- Normal 95% bound for a mean: estimate -/+ z * se. -#}
{% macro normal_bound(estimate, standard_error, side) -%}
    {%- set sign = '-' if side == 'lower' else '+' -%}
    ({{ estimate }} {{ sign }} {{ var('ci_z') }} * {{ standard_error }})
{%- endmacro %}

{#- Two-sided test at 5% that two independent estimates differ (z-test on their SEs).
    NULL when either side is missing. -#}
{% macro change_is_significant(estimate_a, se_a, estimate_b, se_b) -%}
    case
        when {{ estimate_a }} is null or {{ estimate_b }} is null
            or {{ se_a }} is null or {{ se_b }} is null then null
        when power({{ se_a }}, 2) + power({{ se_b }}, 2) = 0
            then {{ estimate_a }} <> {{ estimate_b }}
        else abs({{ estimate_b }} - {{ estimate_a }})
            / sqrt(power({{ se_a }}, 2) + power({{ se_b }}, 2)) > {{ var('ci_z') }}
    end
{%- endmacro %}

{#- Empirical-Bayes shrinkage of a cell estimate toward a prior (its margin):
    (n_eff * estimate + k * prior) / (n_eff + k), where k = within-cell variance over
    between-cell variance (the prior's strength in respondents). With n_eff >> k the cell
    keeps its own estimate; a tiny cell borrows from its margin. -#}
{% macro shrink_toward(estimate, n_eff, prior, strength) -%}
    case
        when {{ estimate }} is null then {{ prior }}
        else ({{ n_eff }} * {{ estimate }} + {{ strength }} * {{ prior }})
            / nullif({{ n_eff }} + {{ strength }}, 0)
    end
{%- endmacro %}

{#- Sort key for ranking on a computed figure: rounded to 9 decimals, so values that are
    equal in exact arithmetic stay equal whatever order DuckDB added them in (parallel
    sums differ in the last bits), and the tie-breaker or a shared rank decides the same
    way in every run. -#}
{% macro rank_key(value) -%}
    round({{ value }}, 9)
{%- endmacro %}
