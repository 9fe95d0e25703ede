{#- Cross-database aggregates. Each macro dispatches on the adapter: duckdb__ is the
    DuckDB implementation (the embedded default), spark__ the one for dbt-spark (the
    distributed target), default__ the ANSI/PostgreSQL form. Models call the macro, never
    the DuckDB function: scripts/check_portability.py fails on DuckDB-only SQL anywhere
    else. -#}

{#- Continuous percentile (linear interpolation between order statistics), e.g. the
    median at fraction 0.5. -#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont')(expression, fraction)) }}
{%- endmacro %}

{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}


{#- The value of `expression` on the row where `order_by` is largest (ties: any of them,
    so callers break ties inside `order_by` when the result must be reproducible). -#}
{% macro value_at_max(expression, order_by) -%}
    {{ return(adapter.dispatch('value_at_max')(expression, order_by)) }}
{%- endmacro %}

{% macro duckdb__value_at_max(expression, order_by) -%}
    arg_max({{ expression }}, {{ order_by }})
{%- endmacro %}

{% macro spark__value_at_max(expression, order_by) -%}
    max_by({{ expression }}, {{ order_by }})
{%- endmacro %}

{% macro default__value_at_max(expression, order_by) -%}
    (array_agg({{ expression }} order by {{ order_by }} desc))[1]
{%- endmacro %}


{#- True where `expression` matches the regular expression `pattern` anywhere. -#}
{% macro matches_regex(expression, pattern) -%}
    {{ return(adapter.dispatch('matches_regex')(expression, pattern)) }}
{%- endmacro %}

{% macro duckdb__matches_regex(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro spark__matches_regex(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern }})
{%- endmacro %}

{% macro default__matches_regex(expression, pattern) -%}
    ({{ expression }} ~ {{ pattern }})
{%- endmacro %}
