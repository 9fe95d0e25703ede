{#- Inputs of the LLO-market matrix (seed section 2.1) per arbeidsmarktregio (and NL) x SBI
    section x market side, before classification:
    - demand, individuals: share of workers intending to follow a work-related course in
      the next 12 months (LLO-Enquête, latest wave), by composition: the region's EBB
      employment by BRC class within the sector (pooled over the latest ebb_pooled_years
      EBB years) x the shrunk national sector x class cells of lnk_llo_cell_estimates;
      standard error by the delete-a-group jackknife over its replicates;
    - demand, employers: share of employees whose employer has a training plan for them
      (hr_opleidingsplan), by the same composition over lnk_training_cell_estimates;
      standard error from the cell variances (cells independent), but at least that of a
      direct share on the sector's effective n;
    - supply (both sides): courses of the latest register year held in the region
      (municipality of the course location, ref_municipalities) that are relevant to the
      sector: aimed at the sector, or sector-wide (no target sector) in one of the
      sector's three most important NSS task domains (latest NSS wave, weighted mean
      importance of the domain's tasks among the sector's workers; sectors without NSS
      workers use the national top three); per 1,000 Polis jobs of the region x sector in
      the latest Polis year, using the published (rounded) job count so that no exact
      register count can be derived; missing when the Polis cell is withheld.
    Where the region has no EBB workers in the sector, the national composition of the
    sector is used (composition_is_national). Schema linked, not published. -#}
{{ config(materialized='table') }}
{%- set pool = labour_market_setting('ebb_pooled_years') %}
{%- set jackknife_groups = var('llo_jackknife_groups', 20) %}
{%- set region_sector = ['region_code', 'sector_code'] %}
{#- Both demand sides: the class shares of mix_shares x the shrunk cell shares. -#}
{%- set demand = {'mix': 'mix_shares', 'share': 'class_share', 'name': 'demand_share'} %}
{%- set national_flag =
    'any_value(mix_shares.composition_is_national) as composition_is_national' %}

with

learning_cells as (

    select * from {{ ref('lnk_llo_cell_estimates') }}
    where indicator_code in ('training_intention', 'course_participation')

),

training_cells as (

    select * from {{ ref('lnk_training_cell_estimates') }}
    where indicator_code = 'employer_training_plan'

),

composition as (

    select * from {{ ref('lnk_regional_employment_composition') }}

),

courses as (

    select * from {{ ref('stg_training_offer__courses') }}

),

task_ratings as (

    select * from {{ ref('lnk_nss_task_ratings') }}

),

polis as (

    select * from {{ ref('lnk_polis_employment_disclosed') }}

),

---------- composition: region x sector employment by class, latest EBB years pooled

composition_years as (

    select max(year) as last_year from composition

),

regional_mix as (

    select
        composition.region_code,
        composition.sector_code,
        composition.occupation_class_code,
        sum(composition.employed_weighted) as employed_weighted

    from composition
    cross join composition_years
    where composition.year > composition_years.last_year - {{ pool }}
        and composition.occupation_class_code <> 'onbekend'
        and composition.sector_code <> 'onbekend'
    group by all

),

national_mix as (

    select
        'NL' as region_code,
        sector_code,
        occupation_class_code,
        sum(employed_weighted) as employed_weighted

    from regional_mix
    group by all

),

region_sectors as (

    select
        geographies.*,
        sectors.sbi_section_code as sector_code,
        sectors.sbi_section_name as sector_label

    from {{ labour_market_geographies() }}
    cross join {{ ref('ref_sbi_sections') }} as sectors

),

{# The region's own mix where it has EBB workers in the sector, else the national mix. -#}
mix as (

    select
        region_sectors.region_code,
        region_sectors.sector_code,
        coalesce(own.occupation_class_code, fallback.occupation_class_code)
            as occupation_class_code,
        coalesce(own.employed_weighted, fallback.employed_weighted) as employed_weighted,
        own.region_code is null as composition_is_national

    from region_sectors
    left join (
        select * from regional_mix
        union all
        select * from national_mix
    ) as own
        on {{ same_cell('region_sectors', 'own', region_sector) }}
    left join national_mix as fallback
        on own.region_code is null
        and region_sectors.sector_code = fallback.sector_code

),

mix_shares as (

    select
        *,
        employed_weighted / sum(employed_weighted) over (partition by region_code, sector_code)
            as class_share

    from mix
    where occupation_class_code is not null

),

---------- demand, individuals (training intention, jackknife replicates)

learning_wave as (

    select max(wave) as wave from learning_cells

),

individual_replicates as (

    {{ composition_estimate(
        cells='learning_cells', waves='learning_wave', columns=[
            'mix_shares.region_code', 'mix_shares.sector_code',
            'learning_cells.indicator_code', 'learning_cells.replicate',
        ], columns_after=[national_flag], **demand
    ) }}

),

individual_sector_n as (

    select
        sector_code,
        sum(n_unweighted) as n_unweighted

    from learning_cells
    inner join learning_wave
        on learning_cells.wave = learning_wave.wave
    where replicate = 0
        and indicator_code = 'training_intention'
    group by sector_code

),

learning_compositions as (

    select
        region_code,
        sector_code,
        indicator_code,
        any_value(demand_share) filter (where replicate = 0) as share,
        sqrt({{ llo_jackknife_variance('demand_share', jackknife_groups) }}
            filter (where replicate > 0)) as standard_error,
        any_value(composition_is_national) as composition_is_national

    from individual_replicates
    group by region_code, sector_code, indicator_code

),

individual_demand as (

    select
        region_code,
        sector_code,
        'individuen' as market_side,
        (select wave from learning_wave) as survey_wave,
        share as demand_share,
        standard_error as demand_standard_error,
        composition_is_national

    from learning_compositions
    where indicator_code = 'training_intention'

),

{# Course participation (last 12 months) of the region x sector by the same composition:
    not part of the matrix, carried for the sector infographic. -#}
course_participation as (

    select
        region_code,
        sector_code,
        share as course_participation_share,
        standard_error as course_participation_standard_error

    from learning_compositions
    where indicator_code = 'course_participation'

),

---------- demand, employers (training plan)

training_wave as (

    select max(wave) as wave from training_cells

),

employer_sector_n as (

    select
        row_code as sector_code,
        sum(n_unweighted) as n_unweighted,
        sum(n_effective) as n_effective

    from training_cells
    inner join training_wave
        on training_cells.wave = training_wave.wave
    group by row_code

),

{# Standard error: the cell variances treat the priors as known, which understates the
    uncertainty when the shrinkage is strong; the error is therefore at least that of a
    direct share on the sector's effective n. -#}
{%- set employer_standard_error -%}
    sqrt(greatest(
            sum(power(mix_shares.class_share, 2) * training_cells.shrunk_variance),
            sum(mix_shares.class_share * training_cells.shrunk_share)
                * (1 - sum(mix_shares.class_share * training_cells.shrunk_share))
                / nullif(any_value(employer_sector_n.n_effective), 0)
        )) as demand_standard_error
{%- endset %}
employer_demand as (

    {{ composition_estimate(
        cells='training_cells', waves='training_wave', sector_column='row_code',
        class_column='column_code', columns=[
            'mix_shares.region_code', 'mix_shares.sector_code',
            "'werkgevers' as market_side", 'any_value(training_wave.wave) as survey_wave',
        ], columns_after=[employer_standard_error, national_flag], left_joins=[(
            'employer_sector_n', 'mix_shares.sector_code = employer_sector_n.sector_code'
        )], **demand
    ) }}

),

demand as (
    {%- for side in ['individual', 'employer'] %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        {{ side }}_demand.*,
        coalesce({{ side }}_sector_n.n_unweighted, 0) as n_unweighted

    from {{ side }}_demand
    left join {{ side }}_sector_n
        on {{ side }}_demand.sector_code = {{ side }}_sector_n.sector_code
    {%- endfor %}

),

---------- supply: relevant courses per 1,000 Polis jobs

nss_wave as (

    select max(wave) as wave from task_ratings

),

domain_importance as (

    select
        coalesce(task_ratings.sector_code, 'NL') as sector_code,
        task_ratings.task_domain_code,
        {{ weighted_mean('task_ratings.importance', 'task_ratings.survey_weight') }}
            as mean_importance

    from task_ratings
    inner join nss_wave
        on task_ratings.wave = nss_wave.wave
    where task_ratings.importance is not null
    group by task_ratings.task_domain_code, rollup(task_ratings.sector_code)

),

ranked_domains as (

    select
        *,
        row_number() over (
            partition by sector_code
            order by {{ rank_key('mean_importance') }} desc, task_domain_code
        ) as domain_rank

    from domain_importance

),

sector_domains as (

    select
        sectors.sbi_section_code as sector_code,
        ranked_domains.task_domain_code

    from {{ ref('ref_sbi_sections') }} as sectors
    inner join ranked_domains
        on ranked_domains.domain_rank <= 3
        and ranked_domains.sector_code = case
            when exists (
                select 1 from ranked_domains as own
                where own.sector_code = sectors.sbi_section_code
            ) then sectors.sbi_section_code
            else 'NL'
        end

),

offer_year as (

    select max(year) as year from courses

),

located_courses as (

    select
        courses.*,
        municipalities.region_code

    from courses
    inner join offer_year
        on courses.year = offer_year.year
    inner join {{ ref('ref_municipalities') }} as municipalities
        on courses.municipality_code = municipalities.municipality_code

),

relevant_courses as (

    select
        located_courses.region_code,
        sectors.sbi_section_code as sector_code,
        located_courses.course_id,
        located_courses.study_hours

    from located_courses
    cross join {{ ref('ref_sbi_sections') }} as sectors
    where located_courses.target_sector_code = sectors.sbi_section_code
        or (
            located_courses.target_sector_code is null
            and exists (
                select 1 from sector_domains
                where sector_domains.sector_code = sectors.sbi_section_code
                    and sector_domains.task_domain_code = located_courses.task_domain_code
            )
        )

),

supply_counts as (

    select
        coalesce(region_code, 'NL') as region_code,
        sector_code,
        count(*) as relevant_courses,
        sum(study_hours) as relevant_study_hours

    from relevant_courses
    group by sector_code, rollup(region_code)

),

polis_year as (

    select max(year) as year from polis

),

jobs as (

    select
        polis.region_code,
        polis.sector_code,
        polis.year as polis_year,
        polis.suppressed as jobs_suppressed,
        polis.jobs_rounded

    from polis
    inner join polis_year
        on polis.year = polis_year.year

),

supply as (

    select
        region_sectors.region_code,
        region_sectors.sector_code,
        (select year from offer_year) as offer_year,
        jobs.polis_year,
        coalesce(supply_counts.relevant_courses, 0) as relevant_courses,
        coalesce(supply_counts.relevant_study_hours, 0) as relevant_study_hours,
        coalesce(jobs.jobs_suppressed, true) as jobs_suppressed,
        jobs.jobs_rounded,
        case when not coalesce(jobs.jobs_suppressed, true) then
            coalesce(supply_counts.relevant_courses, 0) * 1000.0 / nullif(jobs.jobs_rounded, 0)
        end as courses_per_1000_jobs,
        case when not coalesce(jobs.jobs_suppressed, true) then
            coalesce(supply_counts.relevant_study_hours, 0) * 1000.0 / nullif(jobs.jobs_rounded, 0)
        end as study_hours_per_1000_jobs

    from region_sectors
    left join supply_counts
        on {{ same_cell('region_sectors', 'supply_counts', region_sector) }}
    left join jobs
        on {{ same_cell('region_sectors', 'jobs', region_sector) }}

),

market_sides as (

    select 'individuen' as market_side
    union all
    select 'werkgevers' as market_side

),

final as (

    select
        region_sectors.geography_level,
        region_sectors.region_code,
        region_sectors.region_name,
        region_sectors.sector_code,
        region_sectors.sector_label,
        market_sides.market_side,
        demand.survey_wave,
        demand.demand_share,
        demand.demand_standard_error,
        coalesce(demand.n_unweighted, 0) as n_unweighted,
        coalesce(demand.composition_is_national, true) as composition_is_national,
        supply.offer_year,
        supply.polis_year,
        supply.relevant_courses,
        supply.relevant_study_hours,
        supply.jobs_suppressed,
        supply.jobs_rounded,
        supply.courses_per_1000_jobs,
        supply.study_hours_per_1000_jobs,
        course_participation.course_participation_share,
        course_participation.course_participation_standard_error

    from region_sectors
    cross join market_sides
    left join demand
        on {{ same_cell('region_sectors', 'demand', region_sector) }}
        and market_sides.market_side = demand.market_side
    inner join supply
        on {{ same_cell('region_sectors', 'supply', region_sector) }}
    left join course_participation
        on {{ same_cell('region_sectors', 'course_participation', region_sector) }}

)

select * from final
