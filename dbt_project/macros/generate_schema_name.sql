{#- Custom schemas are used verbatim (staging, linked, marts, reference), so the published
    schema is always `marts` and Superset datasets never change between environments. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
