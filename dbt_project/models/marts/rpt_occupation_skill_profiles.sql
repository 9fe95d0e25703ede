{#- Skill profile and task complexity per occupation and NSS wave: for every task the
    weighted mean importance (1-5), the share of workers rating it zeer belangrijk or
    essentieel and the mean effectiveness (1-5); for the occupation as a whole the task
    complexity (docs/methods.md): the mean number of tasks a worker rates important and the
    mean importance over all 33 tasks. The Netherlands is the reference profile.
    BRC classes are always listed (suppressed below the disclosure threshold); BRC groups
    only where they may be published. Classes share the suppression pattern of
    rpt_skills_by_task; groups add up to their class, so a single suppressed group per
    class, task and measure is complemented by a second one, and the groups of a hidden
    class are hidden, before the hidden groups are left out. -#}
with

tasks as (

    select * from {{ ref('ref_nss_tasks') }}

),

{# Task complexity per worker: number of tasks rated important, mean importance. -#}
workers as (

    select
        wave,
        panel_person_key,
        any_value(occupation_class_code) as occupation_class_code,
        any_value(occupation_group_code) as occupation_group_code,
        any_value(survey_weight) as survey_weight,
        cast(sum(is_important) as double) as important_task_count,
        avg(importance) as importance_mean_all_tasks

    from {{ ref('lnk_nss_task_ratings') }}
    where importance is not null
    group by wave, panel_person_key

),

worker_values as (

    unpivot workers
    on important_task_count, importance_mean_all_tasks
    into name measure value value

),

complexity as (

    {%- for occupation_level, occupation_code in [
        ('nederland', "'NL'"),
        ('beroepsklasse', 'occupation_class_code'),
        ('beroepsgroep', 'occupation_group_code'),
    ] %}

    select
        wave,
        '{{ occupation_level }}' as occupation_level,
        {{ occupation_code }} as occupation_code,
        cast(null as integer) as task_id,
        measure,
        count(*) as n_unweighted,
        {{ weighted_mean('value', 'survey_weight') }} as mean_value,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_variance('value', 'survey_weight') }} as variance

    from worker_values
    where {{ occupation_code }} is not null
    group by wave, {{ occupation_code }}, measure
    {% if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

cells as (

    select
        wave,
        occupation_level,
        occupation_code,
        task_id,
        measure,
        n_unweighted,
        mean_value,
        n_effective,
        variance

    from {{ ref('lnk_nss_occupation_task_estimates') }}

    union all

    select * from complexity

),

classes as (

    select distinct
        {{ brc_code('brc_class_code', 2) }} as occupation_class_code,
        brc_class_name

    from {{ ref('ref_brc_occupations') }}

),

groups as (

    select
        {{ brc_code('brc_group_code', 4) }} as occupation_group_code,
        {{ brc_code('brc_class_code', 2) }} as occupation_class_code,
        brc_group_name

    from {{ ref('ref_brc_occupations') }}

),

with_intervals as (

    select
        cells.*,
        case
            when measure = 'importance_share_important'
                then {{ wilson_bound('mean_value', 'n_effective', 'lower') }}
            else {{ normal_bound('mean_value',
                mean_standard_error('variance', 'n_effective'), 'lower') }}
        end as interval_lower,
        case
            when measure = 'importance_share_important'
                then {{ wilson_bound('mean_value', 'n_effective', 'upper') }}
            else {{ normal_bound('mean_value',
                mean_standard_error('variance', 'n_effective'), 'upper') }}
        end as interval_upper,
        groups.occupation_class_code as parent_class_code

    from cells
    left join groups
        on cells.occupation_code = groups.occupation_group_code
        and cells.occupation_level = 'beroepsgroep'

),

{# One suppression pattern per population and breakdown (docs/methods.md, "One pattern per
    population"): the task measures of NL and the BRC classes are the same cells as the
    class rows of rpt_skills_by_task, so their pattern (primary and complementary
    suppression over the classes) is taken from lnk_nss_group_estimates. The task
    complexity measures get their own complementary suppression over the classes, and
    groups over the groups of their class; a group of a hidden class is hidden too, as the
    class would follow from its groups. -#}
shared_pattern as (

    select
        wave,
        cast(item_code as integer) as task_id,
        measure,
        group_type as occupation_level,
        group_code as occupation_code,
        suppressed as is_hidden

    from {{ ref('lnk_nss_group_estimates') }}
    where item_level = 'taak'
        and method = 'direct'
        and group_type in ('nederland', 'beroepsklasse')

),

own_pattern as (

    select
        with_intervals.*,
        coalesce(
            shared_pattern.is_hidden,
            {{ complementary_suppressed(
                'with_intervals.n_unweighted',
                'with_intervals.wave, with_intervals.occupation_level, '
                ~ 'with_intervals.parent_class_code, with_intervals.task_id, with_intervals.measure',
                'with_intervals.occupation_code',
            ) }}
        ) as is_hidden_own

    from with_intervals
    left join shared_pattern
        on with_intervals.wave = shared_pattern.wave
        and with_intervals.task_id = shared_pattern.task_id
        and with_intervals.measure = shared_pattern.measure
        and with_intervals.occupation_level = shared_pattern.occupation_level
        and with_intervals.occupation_code = shared_pattern.occupation_code

),

controlled as (

    {{ hidden_with_parent(
        'own_pattern',
        "parent.occupation_level = 'beroepsklasse' "
        ~ 'and own_pattern.parent_class_code = parent.occupation_code '
        ~ 'and own_pattern.task_id is not distinct from parent.task_id',
        ['wave', 'measure'],
    ) }}

),

measures as (

    select measure, measure_label, measure_unit from {{ skills_measure_relation() }}

    union all

    select * from (
        values
        ('important_task_count', 'Taakcomplexiteit: aantal (zeer) belangrijke taken',
            'aantal taken (0-33)'),
        ('importance_mean_all_tasks', 'Taakcomplexiteit: gemiddeld belang van alle taken',
            'schaal 1-5')
    ) as complexity_measures (measure, measure_label, measure_unit)  -- noqa: AL05

),

final as (

    select
        controlled.occupation_level,
        controlled.occupation_code,
        case controlled.occupation_level
            when 'nederland' then 'Nederland (alle werkenden)'
            when 'beroepsklasse' then classes.brc_class_name
            else groups.brc_group_name
        end as occupation_label,
        case controlled.occupation_level
            when 'beroepsklasse' then controlled.occupation_code
            when 'beroepsgroep' then groups.occupation_class_code
        end as occupation_class_code,
        controlled.wave,
        cast(controlled.wave as {{ dbt.type_string() }}) as period,
        controlled.measure,
        measures.measure_label,
        measures.measure_unit,
        controlled.task_id,
        tasks.task_name,
        tasks.task_domain_code,
        {{ unless_flagged('controlled.mean_value', 'controlled.is_hidden') }} as estimate,
        {{ unless_flagged('controlled.interval_lower', 'controlled.is_hidden') }} as ci_lower,
        {{ unless_flagged('controlled.interval_upper', 'controlled.is_hidden') }} as ci_upper,
        cast({{ unless_flagged('controlled.n_unweighted', 'controlled.is_hidden') }} as integer)
            as n_unweighted,
        controlled.is_hidden as suppressed,
        {{ reliability_label('controlled.n_unweighted', 'nss', 'controlled.is_hidden') }}
            as reliability,
        'direct' as method,
        'nss' as source

    from controlled
    inner join measures
        on controlled.measure = measures.measure
    left join classes
        on controlled.occupation_code = classes.occupation_class_code
        and controlled.occupation_level = 'beroepsklasse'
    left join groups
        on controlled.occupation_code = groups.occupation_group_code
        and controlled.occupation_level = 'beroepsgroep'
    left join tasks
        on controlled.task_id = tasks.task_id
    where not (controlled.occupation_level = 'beroepsgroep' and controlled.is_hidden)

)

select * from final
