{#- Complementarity of formal and informal learning (seed figure 5): the share of workers
    learning informally among those who followed a course in the last 12 months and among
    those who did not, per wave, for the Netherlands and per education orientation, plus
    their difference (course takers minus non-takers; normal 95% interval, independent
    groups). Weighted shares with Wilson intervals on Kish's n_eff. The two course groups
    add up to the group, so if one is suppressed the other is too. -#}
{%- set cell_columns = ['wave', 'group_type', 'group_code', 'group_label', 'course_group_code'] %}
with

workers as (

    select * from {{ ref('lnk_llo_workers_unpivoted_to_groups') }}
    where group_type in ('nederland', 'opleidingsrichting')
        and informal_learning_indicator is not null
        and course_indicator is not null

),

cells as (

    select
        wave,
        group_type,
        group_code,
        any_value(group_label) as group_label,
        case when course_indicator = 1 then 'cursus' else 'geen_cursus' end
            as course_group_code,
        count(*) as n_unweighted,
        {{ weighted_share('informal_learning_indicator', 'survey_weight') }} as share,
        {{ effective_n('survey_weight') }} as n_effective

    from workers
    group by all

),

controlled as (

    select
        *,
        {{ complementary_suppressed(
            'n_unweighted', 'wave, group_type, group_code', 'course_group_code'
        ) }} as is_hidden

    from cells

),

shares as (

    select
        {{ cell_columns | join(', ') }},
        {{ published_share_columns(
            'share', 'n_effective', 'n_unweighted', 'llo_enquete', hidden_flag='is_hidden'
        ) }}

    from controlled

),

differences as (

    select
        takers.wave,
        takers.group_type,
        takers.group_code,
        takers.group_label,
        'verschil' as course_group_code,
        {{ difference_of_estimates('takers', 'others') }}

    from shares as takers
    inner join shares as others
        on {{ same_cell('takers', 'others', ['wave', 'group_type', 'group_code']) }}
    where takers.course_group_code = 'cursus'
        and others.course_group_code = 'geen_cursus'

),

difference_rows as (

    select
        {{ cell_columns | join(', ') }},
        {{ published_estimate_columns(
            estimate='difference',
            ci_lower=normal_bound('difference', 'difference_standard_error', 'lower'),
            ci_upper=normal_bound('difference', 'difference_standard_error', 'upper'),
            standard_error='difference_standard_error',
            n_unweighted='n_both',
            source='llo_enquete',
            hidden_flag='is_hidden',
            reliability_n='n_smallest',
        ) }}

    from differences

),

unioned as (

    select * from shares
    union all
    select * from difference_rows

),

final as (

    select
        wave,
        cast(wave as {{ dbt.type_string() }}) as period,
        group_type,
        group_code,
        group_label,
        course_group_code,
        case course_group_code
            when 'cursus' then 'Werkenden die een cursus volgden'
            when 'geen_cursus' then 'Werkenden die geen cursus volgden'
            else 'Verschil: met min zonder cursus'
        end as course_group_label,
        {{ published_estimate_column_names() }},
        'direct' as method,
        'llo_enquete' as source

    from unioned

)

select * from final
