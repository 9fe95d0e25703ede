{#- Learning need for a move between BRC occupation classes, latest NSS wave: per
    (from, to, task) the target class's mean importance against the mover's (from class)
    mean effectiveness. Importance and effectiveness are different scales (effectiveness
    is rated high for most tasks whatever their importance), so each is standardised with
    the national distribution of the task among workers in the same wave (weighted mean
    and standard deviation), as the skill distance is:
        gap = (imp(to, t) - mean_imp_t) / sd_imp_t - (eff(from, t) - mean_eff_t) / sd_eff_t
    A task is a learning need when gap > 0: the target occupation asks more of the task,
    relative to all workers, than workers of the source occupation deliver, relative to
    all workers. Standardising within the wave (not on 2012 as the mismatch series does)
    keeps the national rise in importance and fall in effectiveness since 2012 from
    turning every task into a learning need. Standard error from the two independent class
    samples (the national mean and sd treated as fixed); n_unweighted is the smaller of
    the two samples behind the gap. Internal; published with disclosure control by
    rpt_occupation_transition_learning_needs. -#}
with

occupation_tasks as (

    select * from {{ ref('lnk_nss_occupation_task_estimates') }}
    where measure in ('importance_mean', 'effectiveness_mean')

),

latest_tasks as (

    select
        *,
        {{ mean_standard_error('variance', 'n_effective') }} as standard_error

    from occupation_tasks
    where wave = (select max(all_tasks.wave) from occupation_tasks as all_tasks)

),

national as (

    select
        task_id,
        measure,
        mean_value as national_mean,
        sqrt(variance) as national_sd

    from latest_tasks
    where occupation_level = 'nederland'

),

standardised as (

    select
        latest_tasks.wave,
        latest_tasks.occupation_code,
        latest_tasks.task_id,
        latest_tasks.measure,
        latest_tasks.n_unweighted,
        latest_tasks.mean_value,
        (latest_tasks.mean_value - national.national_mean) / nullif(national.national_sd, 0)
            as z_value,
        latest_tasks.standard_error / nullif(national.national_sd, 0) as z_standard_error

    from latest_tasks
    inner join national
        on latest_tasks.task_id = national.task_id
        and latest_tasks.measure = national.measure
    where latest_tasks.occupation_level = 'beroepsklasse'

),

importance as (

    select * from standardised where measure = 'importance_mean'

),

effectiveness as (

    select * from standardised where measure = 'effectiveness_mean'

),

final as (

    select
        effectiveness.wave,
        effectiveness.occupation_code as from_occupation_code,
        importance.occupation_code as to_occupation_code,
        effectiveness.task_id,
        importance.mean_value as to_importance_mean,
        effectiveness.mean_value as from_effectiveness_mean,
        importance.z_value as to_importance_z,
        effectiveness.z_value as from_effectiveness_z,
        importance.z_value - effectiveness.z_value as gap,
        sqrt(
            power(importance.z_standard_error, 2) + power(effectiveness.z_standard_error, 2)
        ) as gap_standard_error,
        {{ change_is_significant(
            'effectiveness.z_value', 'effectiveness.z_standard_error',
            'importance.z_value', 'importance.z_standard_error'
        ) }} as gap_is_significant,
        least(importance.n_unweighted, effectiveness.n_unweighted) as n_unweighted

    from effectiveness
    inner join importance
        on effectiveness.task_id = importance.task_id
        and effectiveness.occupation_code <> importance.occupation_code

)

select * from final
