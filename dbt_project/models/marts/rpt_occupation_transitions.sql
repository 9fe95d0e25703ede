{#- Skill distance between BRC occupation classes in the latest NSS wave (see
    lnk_nss_occupation_distances: bias-corrected Euclidean distance between the classes'
    importance profiles, each task standardised by its national standard deviation), with
    for each occupation the rank of the other occupations from nearest to farthest and
    the number of tasks to learn for the move (rpt_occupation_transition_learning_needs). -#}
with

need_counts as (

    select
        from_occupation_code,
        to_occupation_code,
        count(*) filter (where gap > 0) as learning_need_tasks,
        count(*) filter (where gap > 0 and gap_is_significant) as significant_learning_need_tasks

    from {{ ref('lnk_nss_occupation_learning_needs') }}
    where not {{ is_suppressed('n_unweighted') }}
    group by from_occupation_code, to_occupation_code

),

controlled as (

    {{ with_suppression_flag(ref('lnk_nss_occupation_distances')) }}

),

ranked as (

    select
        controlled.*,
        case
            when not controlled.is_hidden then rank() over (
                partition by controlled.from_occupation_code, controlled.is_hidden
                order by {{ rank_key('controlled.distance') }}
            )
        end as distance_rank

    from controlled

),

final as (

    select
        {{ occupation_move_columns('ranked') }},
        ranked.wave,
        cast(ranked.wave as {{ dbt.type_string() }}) as period,
        {{ unless_flagged('ranked.distance', 'ranked.is_hidden') }} as estimate,
        {{ unless_flagged('ranked.distance_ci_lower', 'ranked.is_hidden') }} as ci_lower,
        {{ unless_flagged('ranked.distance_ci_upper', 'ranked.is_hidden') }} as ci_upper,
        ranked.distance_rank,
        ranked.distance_rank <= 3 as is_among_nearest_3,
        {{ unless_flagged('need_counts.learning_need_tasks', 'ranked.is_hidden') }}
            as learning_need_tasks,
        {{ unless_flagged('need_counts.significant_learning_need_tasks', 'ranked.is_hidden') }}
            as significant_learning_need_tasks,
        {#- n: the respondents of the smaller class, rounded: exact, they would give the n of
            a class cell that rpt_occupation_skill_profiles hides as a complement -#}
        {{ published_n_columns('ranked', 'nss', rounded_n=true) }}

    from ranked
    left join need_counts
        on ranked.from_occupation_code = need_counts.from_occupation_code
        and ranked.to_occupation_code = need_counts.to_occupation_code
    {{ occupation_move_label_joins('ranked') }}

)

select * from final
