{#- Complementary suppression of the LLO and PIAAC marts: in no partition of groups that
    add up to a total is exactly one cell suppressed, which subtraction would reveal.
    Returns the partitions that break it. (That a suppressed row carries no value, and a
    published row enough respondents, is owned by the generic tests
    suppressed_rows_carry_no_value and published_rows_meet_disclosure_minimum.) -#}
{%- set marts = {
    'rpt_llo_participation':
        "indicator_code || '|' || wave || '|' || group_type || '|' || method",
    'rpt_llo_informal_by_course':
        "wave || '|' || group_type || '|' || group_code || '|'"
        ~ " || (course_group_code = 'verschil')",
    'rpt_llo_reasons_barriers_support':
        "topic_code || '|' || item_code || '|' || wave || '|' || group_type",
    'rpt_basic_skills_piaac':
        "wave || '|' || population_code || '|' || domain_code || '|' || statistic"
        ~ " || '|' || group_type",
} -%}
with

rows_checked as (

    {%- for mart, partition in marts.items() %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ mart }}' as mart,
        {{ partition }} as partition_key,
        suppressed

    from {{ ref(mart) }}
    {%- endfor %}

),

single_suppressed as (

    select
        mart,
        partition_key,
        count(*) as cells,
        count(*) filter (where suppressed) as suppressed_cells

    from rows_checked
    where partition_key not like '%|nederland%'
        and partition_key not like '%|composition'
    group by mart, partition_key
    having count(*) filter (where suppressed) = 1
        and count(*) > 1

)

select * from single_suppressed
