{#- Reasons, payment and initiative of courses (among workers who followed a course),
    barriers to (more) training (all workers), perceived employer support and HR
    instruments (employees), keeping up with technology and learning attitude (workers),
    per LLO-Enquête wave and group. Yes/no items and answer categories are weighted shares
    (Wilson 95% interval on Kish's n_eff); the 1-5 agreement scales are published as the
    share agreeing (4 'mee eens' or 5 'helemaal mee eens') and as a weighted mean with a
    normal interval (SE from the weighted variance and n_eff). Items appear only in waves in
    which they were asked. -#}
{%- set paid_by = [
    (1, 'werkgever', 'Werkgever'),
    (2, 'zelf', 'Zelf'),
    (3, 'overheid', 'Overheid of subsidieregeling'),
    (4, 'sectorfonds', 'O&O-fonds of sectorfonds'),
    (5, 'anders', 'Anders of gecombineerd'),
] -%}
{%- set initiative = [
    (1, 'werkgever', 'Werkgever'),
    (2, 'zelf', 'Zelf'),
    (3, 'samen', 'Samen met werkgever'),
] -%}
{#- topic, topic label, item, item label, value expression, statistic, population -#}
{%- set items = [
    ('reden', 'Reden voor de cursus', 'bijblijven', 'Bijblijven in het vak',
        'reason_keep_up', 'aandeel', 'cursisten'),
    ('reden', 'Reden voor de cursus', 'nieuwe_taken', 'Nieuwe taken op het werk gekregen',
        'reason_new_tasks', 'aandeel', 'cursisten'),
    ('reden', 'Reden voor de cursus', 'langer_werken', 'Langer kunnen blijven werken',
        'reason_work_longer', 'aandeel', 'cursisten'),
    ('reden', 'Reden voor de cursus', 'verplicht',
        'Verplicht (door werkgever of beroepsregistratie)',
        'reason_mandatory', 'aandeel', 'cursisten'),
    ('reden', 'Reden voor de cursus', 'loopbaan', 'Andere functie of baan',
        'reason_career', 'aandeel', 'cursisten'),
    ('reden', 'Reden voor de cursus', 'persoonlijke_ontwikkeling',
        'Persoonlijke ontwikkeling en interesse',
        'reason_personal_development', 'aandeel', 'cursisten'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'geen_tijd', 'Geen tijd door werk',
        'barrier_no_time', 'aandeel', 'werkenden'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'kosten', 'Te duur',
        'barrier_costs', 'aandeel', 'werkenden'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'geen_steun_werkgever',
        'Werkgever werkt niet mee', 'barrier_no_employer_support', 'aandeel', 'werkenden'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'geen_behoefte',
        'Geen behoefte of nut', 'barrier_no_need', 'aandeel', 'werkenden'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'zorgtaken', 'Zorgtaken of gezin',
        'barrier_care_duties', 'aandeel', 'werkenden'),
    ('belemmering', 'Belemmering voor (meer) scholing', 'geen_passend_aanbod',
        'Geen passend aanbod in de buurt of op het juiste niveau',
        'barrier_no_suitable_offer', 'aandeel', 'werkenden'),
    ('steun_werkgever', 'Ervaren steun van de werkgever', 'eens',
        'Eens: mijn werkgever ondersteunt mijn ontwikkeling (4-5)',
        'employer_support_score >= 4', 'aandeel', 'werknemers'),
    ('steun_werkgever', 'Ervaren steun van de werkgever', 'gemiddelde',
        'Gemiddelde score: mijn werkgever ondersteunt mijn ontwikkeling (1-5)',
        'employer_support_score', 'gemiddelde', 'werknemers'),
    ('hr_instrument', 'HR-instrument van de werkgever', 'opleidingsplan',
        '(Persoonlijk) opleidingsplan', 'has_hr_training_plan', 'aandeel', 'werknemers'),
    ('hr_instrument', 'HR-instrument van de werkgever', 'ontwikkelgesprek',
        'Jaarlijks functionerings- of ontwikkelgesprek',
        'has_hr_development_talk', 'aandeel', 'werknemers'),
    ('hr_instrument', 'HR-instrument van de werkgever', 'opleidingsbudget',
        'Persoonlijk opleidingsbudget', 'has_hr_training_budget', 'aandeel', 'werknemers'),
    ('hr_instrument', 'HR-instrument van de werkgever', 'taakroulatie',
        'Taakroulatie of job rotation', 'has_hr_job_rotation', 'aandeel', 'werknemers'),
    ('bijbenen_technologie', 'Technologische ontwikkelingen bijbenen', 'eens',
        'Eens: ik kan de technologische ontwikkelingen in mijn werk goed bijbenen (4-5)',
        'keeping_up_with_technology_score >= 4', 'aandeel', 'werkenden'),
    ('bijbenen_technologie', 'Technologische ontwikkelingen bijbenen', 'gemiddelde',
        'Gemiddelde score: technologische ontwikkelingen bijbenen (1-5)',
        'keeping_up_with_technology_score', 'gemiddelde', 'werkenden'),
    ('leerattitude', 'Leerattitude', 'self_efficacy',
        'Self-efficacy gericht op leren (gemiddelde score 1-5)',
        'learning_self_efficacy', 'gemiddelde', 'werkenden'),
    ('leerattitude', 'Leerattitude', 'leerdoelgerichtheid',
        'Leerdoelgerichtheid (gemiddelde score 1-5)',
        'learning_goal_orientation', 'gemiddelde', 'werkenden'),
] -%}
{%- for code, item, label in paid_by %}
{%- do items.append(('betaald_door', 'Wie betaalde de (laatste) cursus', item, label,
    'course_paid_by_code = ' ~ code, 'aandeel', 'cursisten')) %}
{%- endfor %}
{%- for code, item, label in initiative %}
{%- do items.append(('initiatief', 'Initiatief voor de (laatste) cursus', item, label,
    'course_initiative_code = ' ~ code, 'aandeel', 'cursisten')) %}
{%- endfor %}
{%- set populations = {
    'cursisten': ('course_indicator = 1', 'Werkenden die een cursus volgden'),
    'werkenden': ('true', 'Werkenden'),
    'werknemers': ('is_employee', 'Werknemers (vast of flexibel)'),
} -%}
with

workers as (

    select * from {{ ref('lnk_llo_workers_unpivoted_to_groups') }}
    where group_type <> 'arbeidsmarktregio'

),

observations as (

    {%- for topic, topic_label, item, item_label, expression, statistic, population in items %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ topic }}' as topic_code,
        '{{ topic_label }}' as topic_label,
        '{{ item }}' as item_code,
        '{{ item_label }}' as item_label,
        '{{ statistic }}' as statistic,
        '{{ population }}' as population_code,
        wave,
        group_type,
        group_code,
        group_label,
        cast({{ expression }} as double) as item_value,
        survey_weight

    from workers
    where {{ populations[population][0] }}
        and ({{ expression }}) is not null
    {%- endfor %}

),

cells as (

    select
        topic_code,
        any_value(topic_label) as topic_label,
        item_code,
        any_value(item_label) as item_label,
        any_value(statistic) as statistic,
        any_value(population_code) as population_code,
        wave,
        group_type,
        group_code,
        any_value(group_label) as group_label,
        count(*) as n_unweighted,
        {{ weighted_mean('item_value', 'survey_weight') }} as value,
        {{ weighted_variance('item_value', 'survey_weight') }} as value_variance,
        {{ effective_n('survey_weight') }} as n_effective

    from observations
    group by topic_code, item_code, wave, group_type, group_code

),

controlled as (

    select
        *,
        {{ complementary_suppressed(
            'n_unweighted', 'topic_code, item_code, wave, group_type', 'group_code'
        ) }} as is_hidden,
        case
            when statistic = 'aandeel'
                then {{ share_standard_error('value', 'n_effective') }}
            else {{ mean_standard_error('value_variance', 'n_effective') }}
        end as value_standard_error

    from cells

),

{{ share_or_mean_estimates_with_change(
    'controlled',
    [
        'topic_code', 'topic_label', 'item_code', 'item_label', 'statistic',
        'population_code', 'wave', 'group_type', 'group_code', 'group_label',
    ],
    'value', 'value_standard_error', 'n_effective', "statistic = 'aandeel'",
    'n_unweighted', 'llo_enquete', hidden_flag='is_hidden',
    change_keys=['topic_code', 'item_code', 'group_type', 'group_code'],
    previous_wave_of='cell',
) }},

final as (

    select
        topic_code,
        topic_label,
        item_code,
        item_label,
        statistic,
        case statistic
            when 'aandeel' then 'aandeel (0-1)'
            else 'gemiddelde score (1-5)'
        end as estimate_unit,
        population_code,
        case population_code
            {%- for code, population in populations.items() %}
            when '{{ code }}' then '{{ population[1] }}'
            {%- endfor %}
        end as population_label,
        wave,
        cast(wave as {{ dbt.type_string() }}) as period,
        group_type,
        group_code,
        group_label,
        {{ published_estimate_column_names() }},
        'direct' as method,
        'llo_enquete' as source,
        {{ change_column_names() }}

    from with_change

)

select * from final
