{#- Generic test, the one owner of the disclosure rule "a suppressed row carries no value":
    on every row whose suppression flag is set (or unknown), each of `value_columns` is
    NULL. The publish step checks the serving tables again, independently, before they
    leave the build database. Returns one row per offending row and column. -#}
{% test suppressed_rows_carry_no_value(model, value_columns, suppression_column='suppressed') %}

{%- if not value_columns %}
    {{ exceptions.raise_compiler_error(
        'suppressed_rows_carry_no_value on ' ~ model ~ ': value_columns is empty'
    ) }}
{%- endif %}

{%- for column in value_columns %}

select
    '{{ column }}' as value_column,
    cast({{ column }} as {{ dbt.type_string() }}) as value_on_suppressed_row

from {{ model }}
where coalesce({{ suppression_column }}, true)
    and {{ column }} is not null
{%- if not loop.last %}

union all
{%- endif %}
{%- endfor %}

{% endtest %}
