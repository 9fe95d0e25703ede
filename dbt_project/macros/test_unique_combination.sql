{#- Generic test: the combination of columns identifies a row (a composite primary key).
    Written here because dbt hub packages (dbt_utils) cannot be installed offline. -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
