{#- Skill distance between BRC occupation classes in the latest NSS wave.

    Profile of class o: its weighted mean importance of each of the 33 tasks, ybar_ot.
    Standardised with the national distribution of task t among workers in the same wave
    (mean, and weighted standard deviation sigma_t), the Euclidean distance is
        d(o, p) = sqrt(sum_t ((ybar_ot - ybar_pt) / sigma_t)^2).
    The plain sum of squares is biased upward by sampling noise,
    E[d^2] = d^2 + sum_t (se_ot^2 + se_pt^2) / sigma_t^2, which makes small classes look
    far from everything; the estimate subtracts that bias (d2_bias, floored at 0).
    Interval: linearisation of d^2 with each respondent's score over all tasks, so that
    the correlation between one respondent's answers is accounted for:
        u_i = +/- (w_i / W_o) sum_t 2 delta_t / sigma_t^2 (y_it - ybar_ot),
        var(d^2) = sum_i u_i^2 (with-replacement approximation);
    the 95% interval of d^2 (floored at 0) is mapped to d by the square root.
    One row per ordered pair (from, to), from <> to. Internal. -#}
with

ratings as (

    select * from {{ ref('lnk_nss_task_ratings') }}

),

latest as (

    select max(wave) as wave from {{ ref('lnk_nss_occupation_task_estimates') }}
    where measure = 'importance_mean'

),

{# The importance profiles of the latest wave. -#}
occupation_tasks as (

    select * from {{ ref('lnk_nss_occupation_task_estimates') }}
    where measure = 'importance_mean'
        and wave = (select latest.wave from latest)

),

national as (

    select
        occupation_tasks.task_id,
        sqrt(occupation_tasks.variance) as task_sd

    from occupation_tasks
    where occupation_tasks.occupation_level = 'nederland'

),

profiles as (

    select
        occupation_tasks.wave,
        occupation_tasks.occupation_code,
        occupation_tasks.task_id,
        occupation_tasks.mean_value,
        occupation_tasks.weight_sum,
        occupation_tasks.variance / nullif(occupation_tasks.n_effective, 0) as sampling_variance,
        national.task_sd

    from occupation_tasks
    inner join national
        on occupation_tasks.task_id = national.task_id
    where occupation_tasks.occupation_level = 'beroepsklasse'
        and national.task_sd > 0

),

class_sizes as (

    select
        occupation_class_code as occupation_code,
        count(distinct panel_person_key) as n_unweighted

    from ratings
    inner join latest
        on ratings.wave = latest.wave
    where ratings.importance is not null and ratings.occupation_class_code is not null
    group by occupation_class_code

),

pair_tasks as (

    select
        source.wave,
        source.occupation_code as from_occupation_code,
        target.occupation_code as to_occupation_code,
        source.task_id,
        source.mean_value as from_mean,
        target.mean_value as to_mean,
        source.weight_sum as from_weight_sum,
        target.weight_sum as to_weight_sum,
        (source.mean_value - target.mean_value) / source.task_sd as standardised_difference,
        2 * (source.mean_value - target.mean_value) / power(source.task_sd, 2) as gradient,
        (coalesce(source.sampling_variance, 0) + coalesce(target.sampling_variance, 0))
            / power(source.task_sd, 2) as noise

    from profiles as source
    inner join profiles as target
        on source.task_id = target.task_id
        and source.occupation_code <> target.occupation_code

),

pairs as (

    select
        wave,
        from_occupation_code,
        to_occupation_code,
        count(*) as number_of_tasks,
        sum(power(standardised_difference, 2)) as d2_raw,
        sum(noise) as d2_bias

    from pair_tasks
    group by wave, from_occupation_code, to_occupation_code

),

{# Respondent scores: members of the 'from' class enter with +, of the 'to' class with -. -#}
respondent_scores as (

    select
        pair_tasks.from_occupation_code,
        pair_tasks.to_occupation_code,
        ratings.panel_person_key,
        sum(
            case
                when ratings.occupation_class_code = pair_tasks.from_occupation_code
                    then ratings.survey_weight / pair_tasks.from_weight_sum
                        * pair_tasks.gradient * (ratings.importance - pair_tasks.from_mean)
                else -ratings.survey_weight / pair_tasks.to_weight_sum
                    * pair_tasks.gradient * (ratings.importance - pair_tasks.to_mean)
            end
        ) as score

    from ratings
    inner join pair_tasks
        on ratings.wave = pair_tasks.wave
        and ratings.task_id = pair_tasks.task_id
        and ratings.occupation_class_code in (
            pair_tasks.from_occupation_code, pair_tasks.to_occupation_code
        )
    where ratings.importance is not null
    group by
        pair_tasks.from_occupation_code,
        pair_tasks.to_occupation_code,
        ratings.panel_person_key

),

pair_variance as (

    select
        from_occupation_code,
        to_occupation_code,
        sum(score * score) as d2_variance

    from respondent_scores
    group by from_occupation_code, to_occupation_code

),

final as (

    select
        pairs.wave,
        pairs.from_occupation_code,
        pairs.to_occupation_code,
        pairs.number_of_tasks,
        least(source_size.n_unweighted, target_size.n_unweighted) as n_unweighted,
        source_size.n_unweighted as from_n_unweighted,
        target_size.n_unweighted as to_n_unweighted,
        pairs.d2_raw,
        pairs.d2_bias,
        greatest(pairs.d2_raw - pairs.d2_bias, 0) as d2_estimate,
        sqrt(pair_variance.d2_variance) as d2_standard_error,
        sqrt(greatest(pairs.d2_raw - pairs.d2_bias, 0)) as distance,
        sqrt(greatest(
            {{ normal_bound('(pairs.d2_raw - pairs.d2_bias)',
                'sqrt(pair_variance.d2_variance)', 'lower') }}, 0
        )) as distance_ci_lower,
        sqrt(greatest(
            {{ normal_bound('greatest(pairs.d2_raw - pairs.d2_bias, 0)',
                'sqrt(pair_variance.d2_variance)', 'upper') }}, 0
        )) as distance_ci_upper

    from pairs
    inner join class_sizes as source_size
        on pairs.from_occupation_code = source_size.occupation_code
    inner join class_sizes as target_size
        on pairs.to_occupation_code = target_size.occupation_code
    left join pair_variance
        on pairs.from_occupation_code = pair_variance.from_occupation_code
        and pairs.to_occupation_code = pair_variance.to_occupation_code

)

select * from final
