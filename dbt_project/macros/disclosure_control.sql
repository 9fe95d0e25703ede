{#- The one place where disclosure control and reliability are decided (METHODS.md).
    Thresholds are dbt vars; the publish step reads the same vars from dbt_project.yml. -#}

{% macro is_suppressed(n_unweighted) -%}
    coalesce({{ n_unweighted }}, 0) < {{ var('disclosure_min_n') }}
{%- endmacro %}

{#- The value, or NULL when the cell is suppressed. -#}
{% macro unless_suppressed(expression, n_unweighted) -%}
    case when {{ is_suppressed(n_unweighted) }} then null else {{ expression }} end
{%- endmacro %}

{#- Person counts are published rounded (to the nearest multiple of the rounding base). -#}
{% macro rounded_person_count(expression, n_unweighted) -%}
    {%- set base = var('person_count_rounding') -%}
    {{ unless_suppressed(
        'cast(round(' ~ expression ~ ' / ' ~ base ~ ') * ' ~ base ~ ' as bigint)',
        n_unweighted,
    ) }}
{%- endmacro %}

{% macro reliability_label(n_unweighted, source) -%}
    {%- set min_n = var('reliability_min_n')[source] -%}
    case
        when {{ is_suppressed(n_unweighted) }} then null
        when {{ n_unweighted }} < {{ min_n }} then 'indicatief'
        else 'betrouwbaar'
    end
{%- endmacro %}
