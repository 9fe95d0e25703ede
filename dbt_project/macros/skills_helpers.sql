{#- Helpers of the skills area (NSS task importance and effectiveness). The estimators,
    disclosure control and reliability come from survey_estimates.sql and
    disclosure_control.sql; this file only holds the NSS-specific definitions and the
    empirical-Bayes strength. -#}

{#- NSS answer scales as delivered (contract orchestration/sources/contracts/nss.yml):
    importance 1 'helemaal niet belangrijk of niet van toepassing' .. 5 'essentieel';
    effectiveness 1 'helemaal niet effectief' .. 5 'zeer effectief', asked only where the
    task applies (importance 2 or higher). -#}
{% macro skills_scale_min() -%} 1 {%- endmacro %}
{% macro skills_scale_max() -%} 5 {%- endmacro %}

{#- A task is '(zeer) belangrijk' at 'zeer belangrijk' (4) or 'essentieel' (5): the two
    highest categories, as in the UK/Dutch Skills Survey reports. -#}
{% macro skills_important_min() -%} 4 {%- endmacro %}

{#- Effectiveness is 'laag' at 'helemaal niet' (1) or 'weinig effectief' (2). -#}
{% macro skills_low_effectiveness_max() -%} 2 {%- endmacro %}

{#- Upper bound of the empirical-Bayes prior strength k (in respondents). When the
    between-cell variance is estimated at zero the cells are pulled (almost) completely to
    their prior; the bound keeps k finite. -#}
{% macro skills_max_shrinkage_strength() -%} 1000 {%- endmacro %}

{#- The measures published for a task (or a task domain), in display order.
    `is_share`: a 0/1 indicator per respondent and task (Wilson interval at task level).
    `lower`/`upper`: the range of the measure, used to keep model-based intervals in range. -#}
{% macro skills_measures() %}
    {% do return([
        {'code': 'importance_mean', 'order': 1, 'is_share': false, 'lower': 1, 'upper': 5,
         'label': 'Belang van de taak (gemiddelde)', 'unit': 'schaal 1-5'},
        {'code': 'importance_share_important', 'order': 2, 'is_share': true,
         'lower': 0, 'upper': 1,
         'label': 'Aandeel dat de taak zeer belangrijk of essentieel vindt',
         'unit': 'aandeel (0-1)'},
        {'code': 'effectiveness_mean', 'order': 3, 'is_share': false, 'lower': 1, 'upper': 5,
         'label': 'Effectiviteit in de taak (gemiddelde)', 'unit': 'schaal 1-5'},
        {'code': 'mismatch_z', 'order': 4, 'is_share': false, 'lower': none, 'upper': none,
         'label': 'Mismatch: belang min effectiviteit (z-score t.o.v. 2012)',
         'unit': 'standaarddeviaties'},
        {'code': 'gap_share', 'order': 5, 'is_share': true, 'lower': 0, 'upper': 1,
         'label': 'Aandeel met een tekort (taak belangrijk, effectiviteit laag)',
         'unit': 'aandeel (0-1)'},
    ]) %}
{% endmacro %}

{#- The measures as an inline relation (measure, measure_label, measure_unit,
    measure_order, is_share, lower_bound, upper_bound). -#}
{% macro skills_measure_relation() -%}
    (
        values
        {%- for m in skills_measures() %}
        (
            '{{ m.code }}', '{{ m.label }}', '{{ m.unit }}', {{ m.order }}, {{ m.is_share }},
            cast({{ 'null' if m.lower is none else m.lower }} as double),
            cast({{ 'null' if m.upper is none else m.upper }} as double)
        ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as measures (
        measure, measure_label, measure_unit, measure_order, is_share, lower_bound, upper_bound
    )
{%- endmacro %}

{#- Weight of a cell's own estimate in its shrunk value: n_eff / (n_eff + k), the factor
    that shrink_toward() applies. 0 for an empty cell. -#}
{% macro shrinkage_factor(n_eff, strength) -%}
    coalesce({{ n_eff }} / nullif({{ n_eff }} + {{ strength }}, 0), 0)
{%- endmacro %}

{#- Empirical-Bayes strength k = sigma2_within / tau2_between (respondents), with tau2
    bounded below so that k stays at most skills_max_shrinkage_strength(). A zero
    within-cell variance gives k = 0 (nothing to shrink). -#}
{% macro eb_strength(within_variance, between_variance) -%}
    coalesce(
        {{ within_variance }} / nullif(greatest(
            {{ between_variance }},
            {{ within_variance }} / {{ skills_max_shrinkage_strength() }}
        ), 0),
        0
    )
{%- endmacro %}

{#- Keep a model-based bound inside the measure's range (no-op for unbounded measures). -#}
{% macro clip_to_range(expression, lower_bound, upper_bound) -%}
    least(
        greatest({{ expression }}, coalesce({{ lower_bound }}, {{ expression }})),
        coalesce({{ upper_bound }}, {{ expression }})
    )
{%- endmacro %}

{#- A BRC code as text with its leading zeros ('01', '0111'), whatever type the reference
    seed or a source delivered it in. 'onbekend' and NULL pass unchanged. -#}
{% macro brc_code(expression, width) -%}
    case
        when cast({{ expression }} as {{ dbt.type_string() }}) = 'onbekend' then 'onbekend'
        else lpad(cast({{ expression }} as {{ dbt.type_string() }}), {{ width }}, '0')
    end
{%- endmacro %}

{#- The published columns of an NSS estimate from lnk_nss_group_estimates (`relation`),
    with the measure's labels from skills_measure_relation() (`measures`) and the group's
    label (`group_labels`): the common body of rpt_skills_by_task and rpt_skills_by_domain. -#}
{% macro skills_published_columns(relation, measures, group_labels) -%}
        {{ relation }}.measure,
        {{ measures }}.measure_label,
        {{ measures }}.measure_unit,
        {{ relation }}.wave,
        cast({{ relation }}.wave as {{ dbt.type_string() }}) as period,
        {{ relation }}.group_type,
        {{ relation }}.group_code,
        {{ group_labels }}.group_label,
        {%- for column in [
            'method', 'composition_year', 'estimate', 'ci_lower', 'ci_upper', 'n_unweighted',
            'suppressed', 'reliability',
        ] %}
        {{ relation }}.{{ column }},
        {%- endfor %}
        'nss' as source,
        {%- for column in [
            'previous_wave', 'change_since_previous_wave',
            'change_since_previous_wave_is_significant', 'change_since_2012',
            'change_since_2012_is_significant',
        ] %}
        {{ relation }}.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}


{#- The codes and labels of a move from one BRC occupation class to another (the labels
    from occupation_move_label_joins()): from_occupation_code, from_occupation_label,
    to_occupation_code, to_occupation_label. -#}
{% macro occupation_move_columns(relation) -%}
    {{ relation }}.from_occupation_code,
        source_class.brc_class_name as from_occupation_label,
        {{ relation }}.to_occupation_code,
        target_class.brc_class_name as to_occupation_label
{%- endmacro %}

{#- The labels of a move from one BRC occupation class to another: left joins of the class
    names of ref_brc_occupations as `source_class` (on from_occupation_code of `relation`)
    and `target_class` (on to_occupation_code). -#}
{% macro occupation_move_label_joins(relation) -%}
    {%- for alias, column in [
        ('source_class', 'from_occupation_code'), ('target_class', 'to_occupation_code')
    ] %}
    left join (
        select distinct
            {{ brc_code('brc_class_code', 2) }} as occupation_class_code,
            brc_class_name
        from {{ ref('ref_brc_occupations') }}
    ) as {{ alias }}
        on {{ relation }}.{{ column }} = {{ alias }}.occupation_class_code
    {%- endfor %}
{%- endmacro %}

{#- The rating measures of a row of lnk_nss_task_ratings as doubles, for averaging:
    importance_mean, importance_share_important and effectiveness_mean. -#}
{% macro nss_rating_measure_columns() -%}
    cast(importance as double) as importance_mean,
    cast(is_important as double) as importance_share_important,
    cast(effectiveness as double) as effectiveness_mean
{%- endmacro %}
