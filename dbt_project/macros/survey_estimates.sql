{#- Weighted survey estimators (METHODS.md, "Survey estimates").
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
    (
        ({{ share }} + {{ z }} * {{ z }} / (2 * {{ n_eff }}))
        {{ sign }} {{ z }} * sqrt(
            {{ share }} * (1 - {{ share }}) / {{ n_eff }}
            + {{ z }} * {{ z }} / (4 * {{ n_eff }} * {{ n_eff }})
        )
    ) / (1 + {{ z }} * {{ z }} / {{ n_eff }})
{%- endmacro %}
