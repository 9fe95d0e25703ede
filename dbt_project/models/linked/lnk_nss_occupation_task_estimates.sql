{{ config(materialized='table') }}
{#- Direct NSS estimates per wave x occupation x task x measure, for the skill profiles
    and the transitions between occupations: weighted mean over workers with a value,
    unweighted n, Kish's n_eff, weighted variance and weight sum. Occupation levels:
    'nederland' (NL, the reference profile), 'beroepsklasse' (BRC class, 2 digits),
    'beroepsgroep' (BRC group, 4 digits). Measures: importance_mean (1-5),
    importance_share_important (0/1) and effectiveness_mean (1-5). Not disclosure
    controlled: internal. -#}
{%- set occupation_levels = [
    ('nederland', "'NL'"),
    ('beroepsklasse', 'occupation_class_code'),
    ('beroepsgroep', 'occupation_group_code'),
] -%}
with

rating_values as (

    unpivot (
        select
            wave,
            task_id,
            occupation_class_code,
            occupation_group_code,
            survey_weight,
            {{ nss_rating_measure_columns() }}

        from {{ ref('lnk_nss_task_ratings') }}
    )
    on importance_mean, importance_share_important, effectiveness_mean
    into name measure value value

),

estimates as (

    {%- for occupation_level, occupation_code in occupation_levels %}

    select
        wave,
        '{{ occupation_level }}' as occupation_level,
        {{ occupation_code }} as occupation_code,
        task_id,
        measure,
        count(*) as n_unweighted,
        sum(survey_weight) as weight_sum,
        {{ weighted_mean('value', 'survey_weight') }} as mean_value,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_variance('value', 'survey_weight') }} as variance

    from rating_values
    where {{ occupation_code }} is not null
    group by wave, {{ occupation_code }}, task_id, measure
    {% if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select * from estimates
