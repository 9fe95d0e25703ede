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

    select
        *,
        {{ is_suppressed('n_unweighted') }} as is_hidden

    from {{ ref('lnk_nss_occupation_distances') }}

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
        ranked.from_occupation_code,
        source_class.brc_class_name as from_occupation_label,
        ranked.to_occupation_code,
        target_class.brc_class_name as to_occupation_label,
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
        {#- the respondents of the smaller class, rounded: exact, they would give the n of a
            class cell that rpt_occupation_skill_profiles hides as a complement -#}
        cast({{ unless_flagged(rounded_count('ranked.n_unweighted'), 'ranked.is_hidden') }}
            as integer) as n_unweighted,
        ranked.is_hidden as suppressed,
        {{ reliability_label('ranked.n_unweighted', 'nss', 'ranked.is_hidden') }} as reliability,
        'direct' as method,
        'nss' as source

    from ranked
    left join need_counts
        on ranked.from_occupation_code = need_counts.from_occupation_code
        and ranked.to_occupation_code = need_counts.to_occupation_code
    {{ occupation_move_label_joins('ranked') }}

)

select * from final
