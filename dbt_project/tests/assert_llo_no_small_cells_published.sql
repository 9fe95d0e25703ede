{#- The LLO, PIAAC and policy marts publish no small cells (METHODS.md, disclosure
    control): no unsuppressed row with fewer than disclosure_min_n respondents (or no n),
    no figure on a suppressed row, and no partition of groups that add up to a total
    with exactly one suppressed cell (which subtraction would reveal). Returns the
    offending rows. -#}
{%- set marts = {
    'rpt_llo_participation':
        "indicator_code || '|' || wave || '|' || group_type || '|' || method",
    'rpt_llo_participation_gaps': none,
    'rpt_llo_informal_by_course':
        "wave || '|' || group_type || '|' || group_code || '|'"
        ~ " || (course_group_code = 'verschil')",
    'rpt_llo_reasons_barriers_support':
        "topic_code || '|' || item_code || '|' || wave || '|' || group_type",
    'rpt_basic_skills_piaac':
        "wave || '|' || population_code || '|' || domain_code || '|' || statistic"
        ~ " || '|' || group_type",
    'rpt_policy_event_comparison': none,
} -%}
with

rows_checked as (

    {%- for mart, partition in marts.items() %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ mart }}' as mart,
        {{ partition if partition else "'-'" }} as partition_key,
        {{ 'true' if partition else 'false' }} as is_additive,
        n_unweighted,
        suppressed,
        estimate,
        ci_lower,
        ci_upper,
        standard_error

    from {{ ref(mart) }}
    {%- endfor %}

),

small_or_leaking as (

    select
        mart,
        partition_key,
        case
            when not suppressed then 'unsuppressed row with n below the disclosure threshold'
            else 'suppressed row carries a figure'
        end as problem

    from rows_checked
    where (
        not suppressed
        and (n_unweighted is null or n_unweighted < {{ var('disclosure_min_n') }})
    )
    or (
        suppressed
        and (
            n_unweighted is not null
            or estimate is not null
            or ci_lower is not null
            or ci_upper is not null
            or standard_error is not null
        )
    )

),

single_suppressed as (

    select
        mart,
        partition_key,
        'exactly one suppressed cell in a partition that adds up' as problem

    from rows_checked
    where is_additive
        and partition_key not like '%|nederland%'
        and partition_key not like '%|composition'
    group by mart, partition_key
    having count(*) filter (where suppressed) = 1
        and count(*) > 1

),

final as (

    select * from small_or_leaking
    union all
    select * from single_suppressed

)

select * from final
