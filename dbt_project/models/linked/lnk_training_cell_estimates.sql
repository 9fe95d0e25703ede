{#- National LLO-Enquête cell estimates that the cross-cutting marts need besides the
    learning indicators of lnk_llo_cell_estimates, with the same empirical-Bayes scheme
    (macros llo_between_cell_variance and llo_eb_strength):
    - employer_training_plan: share of employees (contract vast or flexibel) whose employer
      has a training plan for them (hr_opleidingsplan), per SBI section x BRC class:
      the employers' demand for LLO in the LLO-market matrix;
    - course_participation: share of workers with a work-related course in the last 12
      months, per education level x BRC class: the 'low LLO participation' condition of
      the vulnerability mart.
    Per wave and indicator: prior of a cell = row margin + column margin - national share
    (in [0.001, 0.999]); cell share shrunk toward it, (n_eff p + k prior) / (n_eff + k),
    k = p(1 - p) / tau^2 by the method of moments, bounded to [1, 1000]. Variance of the
    shrunk share: s(1 - s) / (n_eff + k). Every row x column combination is listed (empty
    cells get their prior). Never published (schema linked). -#}
{{ config(materialized='table') }}
{%- set specs = [
    ('employer_training_plan', 'has_hr_training_plan', 'is_working and contract_type_code in (1, 2)', 'sector_code'),
    ('course_participation', 'has_course_last_12_months', 'is_working',
        'cast(education_level_code as ' ~ dbt.type_string() ~ ')'),
] -%}

with

classified as (

    select
        respondents.*,
        occupations.brc_class_code as occupation_class_code

    from {{ ref('stg_llo_enquete__respondents') }} as respondents
    inner join {{ ref('ref_brc_occupations') }} as occupations
        on respondents.occupation_group_code = occupations.brc_group_code

),

observations as (

    {%- for code, column, population, row_expression in specs %}

    select
        '{{ code }}' as indicator_code,
        wave,
        {{ row_expression }} as row_code,
        occupation_class_code as column_code,
        cast({{ column }} as double) as indicator_value,
        survey_weight

    from classified
    where {{ population }}
        and {{ column }} is not null
        and {{ row_expression }} is not null
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

national as (

    {{ weighted_share_cells(
        'observations', ['indicator_code', 'wave'], 'indicator_value',
        name='national_share', n_unweighted=false, n_effective=false,
    ) }}

),
{%- for margin in ['row', 'column'] %}

{{ margin }}_margins as (

    {{ weighted_share_cells(
        'observations', ['indicator_code', 'wave', margin ~ '_code'], 'indicator_value',
        name=margin ~ '_share', n_unweighted=false, n_effective=false,
    ) }}

),
{%- endfor %}

observed_cells as (

    {{ weighted_share_cells(
        'observations', ['indicator_code', 'wave', 'row_code', 'column_code'],
        'indicator_value', name='direct_share',
    ) }}

),

grid as (

    select distinct
        waves.indicator_code,
        waves.wave,
        rows_seen.row_code,
        columns_seen.column_code

    from (select distinct indicator_code, wave from observations) as waves
    inner join (select distinct indicator_code, row_code from observations) as rows_seen
        on waves.indicator_code = rows_seen.indicator_code
    inner join (select distinct indicator_code, column_code from observations) as columns_seen
        on waves.indicator_code = columns_seen.indicator_code

),

with_priors as (

    select
        grid.*,
        coalesce(observed_cells.n_unweighted, 0) as n_unweighted,
        coalesce(observed_cells.n_effective, 0) as n_effective,
        observed_cells.direct_share,
        national.national_share,
        national.national_share * (1 - national.national_share) as within_variance,
        least(greatest(
            coalesce(row_margins.row_share, national.national_share)
            + coalesce(column_margins.column_share, national.national_share)
            - national.national_share,
            0.001), 0.999) as prior_share

    from grid
    inner join national
        on grid.indicator_code = national.indicator_code
        and grid.wave = national.wave
    left join row_margins
        on {{ same_cell('grid', 'row_margins', ['indicator_code', 'wave', 'row_code']) }}
    left join column_margins
        on {{ same_cell('grid', 'column_margins', ['indicator_code', 'wave', 'column_code']) }}
    left join observed_cells
        on {{ same_cell('grid', 'observed_cells', [
            'indicator_code', 'wave', 'row_code', 'column_code'
        ]) }}

),

shrunk as (

    {{ llo_shrunk_cells('with_priors', ['indicator_code', 'wave'], 1, 1000) }}

),

final as (

    select
        *,
        shrunk_share * (1 - shrunk_share) / (n_effective + cell_strength) as shrunk_variance

    from shrunk

)

select * from final
