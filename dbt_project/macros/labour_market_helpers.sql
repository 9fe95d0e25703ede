{#- Helpers for the employment, wage, forecast and cross-cutting marts (Polis, EBB, POA,
    training offer). Disclosure control itself stays in disclosure_control.sql; these only
    add the rules that belong to register data and to the classifications of these marts.

    Settings are dbt vars with the defaults below, so a site can override them in
    dbt_project.yml or on the command line (--vars) without touching the models:

    | var                               | default | meaning                                          |
    |-----------------------------------|---------|--------------------------------------------------|
    | disclosure_min_employers          | 3       | register cells need at least this many employers |
    | full_time_hours_per_year          | 1836    | paid hours of one full-time job in a year (FTE)  |
    | forecast_growth_threshold_pct     | 1.0     | expansion demand %/yr for groei-/krimpberoep     |
    | polis_followup_years              | 2       | years after the survey wave for wage/mobility    |
    | vulnerability_min_conditions      | 2       | conditions that must hold at once                |
    | vulnerability_low_llo_ratio       | 0.8     | cell participation below this x national = low   |
    | vulnerability_low_literacy_share  | 0.25    | share at or below PIAAC level 1 = low skills     |
    | vulnerability_low_effectiveness_z | -0.25   | cell effectiveness this many SD below NL = low   |
    | vulnerability_poor_prospects_share| 0.5     | share of class employment with poor prospects    |
    | ebb_pooled_years                  | 3       | years pooled when one EBB year is too small      |
-#}

{% macro labour_market_setting(name) -%}
    {%- set defaults = {
        'disclosure_min_employers': 3,
        'full_time_hours_per_year': 1836,
        'forecast_growth_threshold_pct': 1.0,
        'polis_followup_years': 2,
        'vulnerability_min_conditions': 2,
        'vulnerability_low_llo_ratio': 0.8,
        'vulnerability_low_literacy_share': 0.25,
        'vulnerability_low_effectiveness_z': -0.25,
        'vulnerability_poor_prospects_share': 0.5,
        'ebb_pooled_years': 3,
    } -%}
    {{ return(var(name, defaults[name])) }}
{%- endmacro %}

{#- A register cell (Polis) is withheld when it has fewer persons than the disclosure
    threshold or fewer employers than `disclosure_min_employers` (a figure for one or two
    employers describes those firms). -#}
{% macro register_cell_suppressed(n_persons, n_employers) -%}
    (
        {{ is_suppressed(n_persons) }}
        or coalesce({{ n_employers }}, 0) < {{ labour_market_setting('disclosure_min_employers') }}
    )
{%- endmacro %}

{#- Register figures are integral counts without sampling error: a published register
    figure is 'betrouwbaar'; a withheld one has no reliability label. -#}
{% macro register_reliability(suppressed_flag) -%}
    case when {{ suppressed_flag }} then null else 'betrouwbaar' end
{%- endmacro %}

{#- The estimate columns of a register or forecast figure (estimate, ci_lower, ci_upper,
    n_unweighted): the value unless withheld, no interval (no sampling error), and as n the
    rounded count the figure rests on. -#}
{% macro register_estimate_columns(value, suppressed_flag, rounded_n) -%}
    {{ unless_flagged(value, suppressed_flag) }} as estimate,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        cast({{ rounded_n }} as integer) as n_unweighted
{%- endmacro %}

{#- Reliability of a survey figure, or of a register figure when `source` has no
    survey threshold in var('reliability_min_n'). -#}
{% macro reliability_for_source(n_unweighted, source, suppressed_flag) -%}
    {%- if source in var('reliability_min_n') -%}
        {{ reliability_label(n_unweighted, source, suppressed_flag) }}
    {%- else -%}
        {{ register_reliability(suppressed_flag) }}
    {%- endif -%}
{%- endmacro %}

{#- Mean hourly wage of a cell: total base wage over total paid hours (a ratio of sums,
    i.e. the hours-weighted mean of the jobs' hourly wages, as CBS publishes it). Jobs
    without paid hours add nothing to either side. -#}
{% macro hourly_wage(wage_sum, hours_sum) -%}
    ({{ wage_sum }} / nullif({{ hours_sum }}, 0))
{%- endmacro %}

{#- Full-time equivalents from paid hours. -#}
{% macro full_time_equivalents(hours_sum) -%}
    ({{ hours_sum }} / {{ labour_market_setting('full_time_hours_per_year') }})
{%- endmacro %}

{#- Compound growth in % per year of an employment level over `years` years, as POA
    publishes uitbreidingsvraag_pct_jaar: ((start + change) / start)^(1/years) - 1. -#}
{% macro compound_growth_pct(start, change, years) -%}
    case
        when ({{ start }}) is null or ({{ start }}) <= 0
            or ({{ years }}) is null or ({{ years }}) <= 0
            then null
        else (
            power(greatest((({{ start }}) + ({{ change }})) / ({{ start }}), 0), 1.0 / ({{ years }}))
            - 1
        ) * 100
    end
{%- endmacro %}

{#- Growth / shrink classification of an occupation from its expansion demand in % per
    year: 'groeiberoep' at or above +threshold, 'krimpberoep' at or below -threshold,
    otherwise 'stabiel'. -#}
{% macro growth_classification(pct_per_year) -%}
    {%- set threshold = labour_market_setting('forecast_growth_threshold_pct') -%}
    case
        when {{ pct_per_year }} is null then null
        when {{ pct_per_year }} >= {{ threshold }} then 'groeiberoep'
        when {{ pct_per_year }} <= -{{ threshold }} then 'krimpberoep'
        else 'stabiel'
    end
{%- endmacro %}

{#- 'ja' when the value is at or above the threshold, 'nee' below, NULL when unknown. -#}
{% macro high_or_low(value, threshold) -%}
    case
        when {{ value }} is null or {{ threshold }} is null then null
        when {{ value }} >= {{ threshold }} then 'ja'
        else 'nee'
    end
{%- endmacro %}

{#- A worker group is vulnerable when at least `vulnerability_min_conditions` of the
    condition flags hold at once. Unknown conditions count as not holding. -#}
{% macro is_vulnerable(condition_flags) -%}
    (
        {%- for flag in condition_flags %}
        cast(coalesce({{ flag }}, false) as integer){{ ' +' if not loop.last }}
        {%- endfor %}
    ) >= {{ labour_market_setting('vulnerability_min_conditions') }}
{%- endmacro %}

{#- n of a cell for a next round of complementary suppression: cells hidden in an
    earlier round count as suppressed (n = 0), so the shared macro
    complementary_suppressed() can be applied along a second dimension. -#}
{% macro n_after_hiding(n_unweighted, hidden_flag) -%}
    case when {{ hidden_flag }} then 0 else coalesce({{ n_unweighted }}, 0) end
{%- endmacro %}

{#- reliability_label() for rows whose survey is in a column (e.g. link rates over
    several sources): the threshold of each source in var('reliability_min_n'); a source
    without one is treated as a register. -#}
{% macro reliability_by_source_column(n_unweighted, source_column, suppressed_flag) -%}
    case
        when {{ suppressed_flag }} then null
        {%- for source_name, min_n in var('reliability_min_n').items() %}
        when {{ source_column }} = '{{ source_name }}' and {{ n_unweighted }} < {{ min_n }}
            then 'indicatief'
        {%- endfor %}
        else 'betrouwbaar'
    end
{%- endmacro %}


{#- The geographies of the regional marts as a relation aliased `geographies`: every
    arbeidsmarktregio of ref_labour_market_regions plus the Netherlands ('NL'), with
    geography_level 'arbeidsmarktregio' or 'nederland'. -#}
{% macro labour_market_geographies() -%}
    (
        select
            'arbeidsmarktregio' as geography_level,
            region_code,
            region_name
        from {{ ref('ref_labour_market_regions') }}
        union all
        select
            'nederland' as geography_level,
            'NL' as region_code,
            'Nederland' as region_name
    ) as geographies
{%- endmacro %}
