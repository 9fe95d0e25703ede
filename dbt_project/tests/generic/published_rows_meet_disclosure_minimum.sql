{#- Generic test: no row that is published (suppression flag false) rests on fewer than
    var('disclosure_min_n') observations, or on an unknown number. Together with
    suppressed_rows_carry_no_value this is disclosure control as the marts deliver it;
    the publish step checks both again on the serving tables. Returns the offending rows. -#}
{% test published_rows_meet_disclosure_minimum(
    model, n_column='n_unweighted', suppression_column='suppressed'
) %}

select
    {{ suppression_column }} as suppression_flag,
    {{ n_column }} as n_observations

from {{ model }}
where not coalesce({{ suppression_column }}, true)
    and coalesce({{ n_column }}, 0) < {{ var('disclosure_min_n') }}

{% endtest %}
