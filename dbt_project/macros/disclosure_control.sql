{#- The one place where disclosure control and reliability are decided (docs/methods.md, sections 3 and 4).
    Thresholds are dbt vars; the publish step reads the same vars from dbt_project.yml. -#}

{% macro is_suppressed(n_unweighted) -%}
    coalesce({{ n_unweighted }}, 0) < {{ var('disclosure_min_n') }}
{%- endmacro %}

{#- Every row of `relation` with the primary suppression flag is_hidden (n below the
    disclosure threshold), as one select. -#}
{% macro with_suppression_flag(relation, n_unweighted='n_unweighted') -%}
    select
        *,
        {{ is_suppressed(n_unweighted) }} as is_hidden

    from {{ relation }}
{%- endmacro %}

{#- The closing columns of a published row of `relation` whose flag is_hidden says it is
    withheld: n_unweighted (NULL when hidden), suppressed, reliability, method, source. -#}
{% macro published_n_columns(relation, source, method='direct', rounded_n=false) -%}
    {%- set n = relation ~ '.n_unweighted' -%}
    cast({{ unless_flagged(rounded_count(n) if rounded_n else n, relation ~ '.is_hidden') }}
            as integer) as n_unweighted,
        {{ relation }}.is_hidden as suppressed,
        {{ reliability_label(relation ~ '.n_unweighted', source, relation ~ '.is_hidden') }}
            as reliability,
        '{{ method }}' as method,
        '{{ source }}' as source
{%- endmacro %}

{#- The value, or NULL when the cell is suppressed. -#}
{% macro unless_suppressed(expression, n_unweighted) -%}
    case when {{ is_suppressed(n_unweighted) }} then null else {{ expression }} end
{%- endmacro %}

{#- The value, or NULL when a suppression flag (e.g. complementary suppression) is set. -#}
{% macro unless_flagged(expression, suppressed_flag) -%}
    case when {{ suppressed_flag }} then null else {{ expression }} end
{%- endmacro %}

{#- Person counts are published rounded (to the nearest multiple of the rounding base).
    Pass `suppressed_flag` when suppression is decided by more than n (complementary). -#}
{% macro rounded_person_count(expression, n_unweighted, suppressed_flag=none) -%}
    {%- set base = var('person_count_rounding') -%}
    {%- set flag = suppressed_flag if suppressed_flag is not none else is_suppressed(n_unweighted) -%}
    {{ unless_flagged(
        'cast(round(' ~ expression ~ ' / ' ~ base ~ ') * ' ~ base ~ ' as bigint)',
        flag,
    ) }}
{%- endmacro %}

{% macro reliability_label(n_unweighted, source, suppressed_flag=none) -%}
    {%- set min_n = var('reliability_min_n')[source] -%}
    {%- set flag = suppressed_flag if suppressed_flag is not none else is_suppressed(n_unweighted) -%}
    case
        when {{ flag }} then null
        when {{ n_unweighted }} < {{ min_n }} then 'indicatief'
        else 'betrouwbaar'
    end
{%- endmacro %}

{#- Complementary suppression (docs/methods.md 4.3: a derived figure cannot undo suppression).
    Within a group of cells that add up to a published total, a single suppressed cell
    could be recovered by subtraction; then the smallest other cell is suppressed too.
    Returns a boolean expression to use in a select over cells that have a column
    `n_unweighted` (before nulling) and a group given by `partition_by`; `tiebreak`
    orders equal cells deterministically (same input, same output). With `only_where`,
    only the rows where that condition holds form such groups; the other rows are
    suppressed on their own n alone. -#}
{% macro complementary_suppressed(n_unweighted, partition_by, tiebreak, only_where=none) -%}
    {%- if only_where is not none -%}
    case
        when {{ only_where }}
            then {{ complementary_suppressed(n_unweighted, partition_by, tiebreak) }}
        else {{ is_suppressed(n_unweighted) }}
    end
    {%- else -%}
    (
        {{ is_suppressed(n_unweighted) }}
        or (
            count(*) filter (where {{ is_suppressed(n_unweighted) }})
                over (partition by {{ partition_by }}) = 1
            and row_number() over (
                partition by {{ partition_by }}
                order by {{ is_suppressed(n_unweighted) }} desc, {{ n_unweighted }}, {{ tiebreak }}
            ) = 2
        )
    )
    {%- endif -%}
{%- endmacro %}

{#- Rows of `relation` (with is_hidden_own, its own suppression) with is_hidden: hidden when
    its own flag or that of its parent row is set, as a part of a nested breakdown would
    give away a hidden parent. The parent is the row `parent` of the same relation where
    `parent_condition` holds and every column of `same_columns` is equal. -#}
{% macro hidden_with_parent(relation, parent_condition, same_columns) -%}
    select
        {{ relation }}.*,
        {{ relation }}.is_hidden_own or coalesce(parent.is_hidden_own, false) as is_hidden

    from {{ relation }}
    left join {{ relation }} as parent
        on {{ parent_condition }}
        {%- for column in same_columns %}
        and {{ relation }}.{{ column }} = parent.{{ column }}
        {%- endfor %}
{%- endmacro %}
