{#- Rounding of figures published next to rounded counts (docs/methods.md, "Rounding and
    derived figures"). The steps are the dbt var published_precision. -#}

{#- `expression` rounded to the nearest multiple of the published_precision step `kind`
    (a step below 1 is a power of ten and rounds to that many decimals). -#}
{% macro published_precision(expression, kind) -%}
    {%- set step = var('published_precision')[kind] -%}
    {%- if step >= 1 -%}
    (round(({{ expression }}) / {{ step }}) * {{ step }})
    {%- else -%}
    {%- set digits = ((1 / step) | round | int | string | length) - 1 -%}
    round({{ expression }}, {{ digits }})
    {%- endif -%}
{%- endmacro %}

{#- `expression` rounded like a published person count (to var('person_count_rounding')),
    without the suppression of rounded_person_count(): for figures derived from counts that
    are published rounded. -#}
{% macro rounded_count(expression) -%}
    {%- set base = var('person_count_rounding') -%}
    (round(({{ expression }}) / {{ base }}) * {{ base }})
{%- endmacro %}
