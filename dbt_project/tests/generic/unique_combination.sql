{#- Generic test: the combination of columns identifies a row (a compound primary key).
    Rows whose key columns are NULL group together, so a NULL in a key column (e.g. "all
    tasks") counts as one value. A single-column key uses dbt's `unique` and `not_null`
    instead. Written here because dbt hub packages (dbt_utils) cannot be installed offline.
    Returns every key that occurs more than once. -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
