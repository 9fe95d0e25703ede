{#- Estimation helpers for the LLO-Enquête, PIAAC and policy-monitoring models.
    Generic pieces only: disclosure control and reliability stay in disclosure_control.sql,
    the basic estimators in survey_estimates.sql. -#}

{#- Method-of-moments estimate of the between-cell variance tau^2 of cell shares around
    their priors (an aggregate over cells): E[n_c (p_c - prior_c)^2] = sigma^2 + n_c tau^2,
    so tau^2 = (sum n_c (p_c - prior_c)^2 - C sigma^2) / sum n_c, floored at 0. `n_eff` is
    the cell's effective n, `within_variance` the (common) within-cell variance sigma^2. -#}
{% macro llo_between_cell_variance(estimate, prior, n_eff, within_variance) -%}
    greatest(
        (
            sum({{ n_eff }} * power({{ estimate }} - {{ prior }}, 2))
            - count(*) * {{ within_variance }}
        ) / nullif(sum({{ n_eff }}), 0),
        0
    )
{%- endmacro %}

{#- Strength k of the empirical-Bayes prior (in respondents): sigma^2 / tau^2, bounded.
    No measurable between-cell variation (tau^2 = 0) gives the upper bound. -#}
{% macro llo_eb_strength(within_variance, between_variance, min_strength, max_strength) -%}
    least(
        greatest(
            coalesce({{ within_variance }} / nullif({{ between_variance }}, 0), {{ max_strength }}),
            {{ min_strength }}
        ),
        {{ max_strength }}
    )
{%- endmacro %}

{#- Rubin's rules for M plausible values: total variance = mean within-PV (sampling)
    variance + (1 + 1/M) x between-PV variance. -#}
{% macro llo_rubin_total_variance(within_variance, between_variance, n_imputations) -%}
    (
        {{ within_variance }}
        + (1 + 1.0 / {{ n_imputations }}) * coalesce({{ between_variance }}, 0)
    )
{%- endmacro %}

{#- Delete-a-group jackknife variance of an estimate over G replicates (an aggregate over
    the replicate rows 1..G): (G - 1) / G x sum (theta_g - mean theta_g)^2. -#}
{% macro llo_jackknife_variance(replicate_estimate, n_groups) -%}
    ({{ n_groups }} - 1) * var_pop({{ replicate_estimate }})
{%- endmacro %}

{#- A share bounded to [0, 1] (normal intervals of model-based shares). -#}
{% macro llo_bounded_share(expression) -%}
    least(greatest({{ expression }}, 0), 1)
{%- endmacro %}

{#- The LLO-Enquête learning indicators: code -> (0/1 column in the linked models, Dutch
    label). One list for the cell estimates, the composition and the participation marts. -#}
{% macro llo_indicators() -%}
    {{ return({
        'course_participation': (
            'course_indicator', 'Werkgerelateerde cursus gevolgd (afgelopen 12 maanden)'
        ),
        'informal_learning': (
            'informal_learning_indicator',
            'Informeel geleerd op of voor het werk (afgelopen 12 maanden)'
        ),
        'self_study': (
            'self_study_indicator', 'Werkgerelateerde zelfstudie (afgelopen 12 maanden)'
        ),
        'training_intention': (
            'training_intention_indicator',
            'Wil een werkgerelateerde cursus volgen (komende 12 maanden)'
        ),
    }) }}
{%- endmacro %}

{#- A code as text with its leading zeros (BRC '01', '0111', ISCO '01'), whether the
    reference seed or source delivered it as a number or as text; other codes ('onbekend')
    pass unchanged. -#}
{% macro llo_code(expression, width) -%}
    case
        when {{ matches_regex(
            'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')', "'^[0-9]+$'"
        ) }}
            then lpad(cast({{ expression }} as {{ dbt.type_string() }}), {{ width }}, '0')
        else cast({{ expression }} as {{ dbt.type_string() }})
    end
{%- endmacro %}

{#- A span of years as text for a `period` column: '2018-2021', '2024', or 'geen'. -#}
{% macro llo_year_range(first_year, last_year) -%}
    case
        when {{ first_year }} is null then 'geen'
        when {{ first_year }} = {{ last_year }}
            then cast({{ first_year }} as {{ dbt.type_string() }})
        else {{ first_year }} || '-' || {{ last_year }}
    end
{%- endmacro %}
