{#- The tasks to learn for a move from one BRC occupation class to another (latest NSS
    wave): per (from, to, task) the target's mean importance, the mover's mean
    effectiveness and the gap between them on the standardised scale of the wave (see
    lnk_nss_occupation_learning_needs). is_learning_need marks gap > 0;
    learning_need_rank orders a move's learning needs from the largest gap. -#}
with

controlled as (

    {{ with_suppression_flag(ref('lnk_nss_occupation_learning_needs')) }}

),

published as (

    select
        wave,
        from_occupation_code,
        to_occupation_code,
        task_id,
        is_hidden,
        n_unweighted,
        {{ unless_flagged('gap', 'is_hidden') }} as estimate,
        {{ unless_flagged(normal_bound('gap', 'gap_standard_error', 'lower'), 'is_hidden') }}
            as ci_lower,
        {{ unless_flagged(normal_bound('gap', 'gap_standard_error', 'upper'), 'is_hidden') }}
            as ci_upper,
        {{ unless_flagged('to_importance_mean', 'is_hidden') }} as to_importance_mean,
        {{ unless_flagged('from_effectiveness_mean', 'is_hidden') }} as from_effectiveness_mean,
        {{ unless_flagged('to_importance_z', 'is_hidden') }} as to_importance_z,
        {{ unless_flagged('from_effectiveness_z', 'is_hidden') }} as from_effectiveness_z,
        {{ unless_flagged('gap > 0', 'is_hidden') }} as is_learning_need,
        {{ unless_flagged('gap_is_significant and gap > 0', 'is_hidden') }}
            as is_significant_learning_need

    from controlled

),

ranked as (

    select
        *,
        case
            when is_learning_need then row_number() over (
                partition by wave, from_occupation_code, to_occupation_code, is_learning_need
                order by {{ rank_key('estimate') }} desc, task_id
            )
        end as learning_need_rank

    from published

),

final as (

    select
        {{ occupation_move_columns('ranked') }},
        ranked.task_id,
        tasks.task_name,
        tasks.task_domain_code,
        ranked.wave,
        cast(ranked.wave as {{ dbt.type_string() }}) as period,
        ranked.estimate,
        ranked.ci_lower,
        ranked.ci_upper,
        ranked.to_importance_mean,
        ranked.from_effectiveness_mean,
        ranked.to_importance_z,
        ranked.from_effectiveness_z,
        ranked.is_learning_need,
        ranked.is_significant_learning_need,
        ranked.learning_need_rank,
        {#- n: the respondents of the smaller class, rounded: exact, they would give the n of
            a class cell that rpt_occupation_skill_profiles hides as a complement -#}
        {{ published_n_columns('ranked', 'nss', rounded_n=true) }}

    from ranked
    inner join {{ ref('ref_nss_tasks') }} as tasks
        on ranked.task_id = tasks.task_id
    {{ occupation_move_label_joins('ranked') }}

)

select * from final
