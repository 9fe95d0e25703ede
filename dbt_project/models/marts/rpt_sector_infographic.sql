{#- Sector infographic (seed section 5.5): one row per arbeidsmarktregio (and NL) x SBI
    section with the figures for a one-page view of the sector in the region, each taken
    from a disclosure-controlled source, so withheld figures stay NULL:
    - employment and working conditions (Polis, latest year, place of work): employees,
      jobs growth, mean hourly wage, mean paid hours per job, share of flexible contracts
      (lnk_polis_employment_disclosed), with the NL value of the sector for wage and
      flexible contracts;
    - course participation in the last 12 months by composition (LLO-Enquête, latest wave;
      lnk_training_market_cells), withheld below disclosure_min_n respondents in the sector;
    - the three fastest-growing occupation groups of the sector in the region: groups with
      at least 2% of the sector's national employment (EBB, latest ebb_pooled_years years),
      ranked by the region's POA expansion demand (rpt_occupation_forecasts);
    - share of vulnerable workers (rpt_vulnerable_workers) and the LLO-market scenarios for
      individuals and employers (rpt_llo_market_matrix);
    - national sector figures where the surveys have no regional detail: the three tasks
      with the largest gap share (rpt_skills_by_task), the most named barrier to learning
      and the share of employees who feel supported by their employer
      (rpt_llo_reasons_barriers_support). -#}
{%- set pool = labour_market_setting('ebb_pooled_years') %}
{%- set min_sector_share = 0.02 %}

with

polis as (

    select * from {{ ref('lnk_polis_employment_disclosed') }}

),

market_cells as (

    select * from {{ ref('lnk_training_market_cells') }}
    where market_side = 'individuen'

),

forecasts as (

    select * from {{ ref('rpt_occupation_forecasts') }}
    where occupation_level = 'beroepsgroep'
        and not suppressed

),

skills as (

    select * from {{ ref('rpt_skills_by_task') }}
    where measure = 'gap_share'
        and group_type = 'sector'
        and not suppressed

),

barriers_support as (

    select * from {{ ref('rpt_llo_reasons_barriers_support') }}
    where group_type = 'sector'
        and not suppressed

),

workers as (

    select * from {{ ref('stg_ebb__respondents') }}
    where is_employed

),

grid as (

    select
        'arbeidsmarktregio' as group_type,
        regions.region_code as group_code,
        regions.region_name as group_label,
        sectors.sbi_section_code as sector_code,
        sectors.sbi_section_name as sector_label

    from {{ ref('ref_labour_market_regions') }} as regions
    cross join {{ ref('ref_sbi_sections') }} as sectors

    union all

    select
        'nederland' as group_type,
        'NL' as group_code,
        'Nederland' as group_label,
        sbi_section_code as sector_code,
        sbi_section_name as sector_label

    from {{ ref('ref_sbi_sections') }}

),

---------- employment and working conditions (Polis)

polis_latest as (

    select * from polis
    where year = (select max(all_rows.year) from polis as all_rows)

),

---------- growth occupations of the sector

sector_groups as (

    select
        workers.sector_code,
        workers.occupation_group_code,
        sum(workers.survey_weight)
            / sum(sum(workers.survey_weight)) over (partition by workers.sector_code)
            as sector_share

    from workers
    where workers.year > (select max(all_rows.year) from workers as all_rows) - {{ pool }}
        and workers.sector_code is not null
        and workers.occupation_group_code is not null
    group by workers.sector_code, workers.occupation_group_code

),

sector_growth_occupations as (

    select
        grid.group_code,
        grid.sector_code,
        forecasts.occupation_label,
        forecasts.expansion_demand_pct_per_year,
        forecasts.edition,
        row_number() over (
            partition by grid.group_code, grid.sector_code
            order by {{ rank_key('forecasts.expansion_demand_pct_per_year') }} desc,
                forecasts.occupation_code
        ) as growth_rank

    from grid
    inner join sector_groups
        on grid.sector_code = sector_groups.sector_code
        and sector_groups.sector_share >= {{ min_sector_share }}
    inner join forecasts
        on grid.group_code = forecasts.group_code
        and sector_groups.occupation_group_code = forecasts.occupation_code

),

growth_occupations as (

    select
        group_code,
        sector_code,
        any_value(edition) as poa_edition,
        {%- for rank in [1, 2, 3] %}
        any_value(occupation_label) filter (where growth_rank = {{ rank }})
            as growth_occupation_{{ rank }},
        any_value(expansion_demand_pct_per_year) filter (where growth_rank = {{ rank }})
            as growth_occupation_{{ rank }}_pct_per_year{{ ',' if not loop.last }}
        {%- endfor %}

    from sector_growth_occupations
    where growth_rank <= 3
    group by group_code, sector_code

),

---------- national sector figures (NSS, LLO-Enquête)

skill_ranks as (

    select
        group_code as sector_code,
        wave,
        task_name,
        estimate,
        row_number() over (
            partition by group_code order by {{ rank_key('estimate') }} desc, task_id
        ) as gap_rank

    from skills
    where wave = (select max(all_rows.wave) from skills as all_rows)

),

sector_skill_gaps as (

    select
        sector_code,
        any_value(wave) as skills_wave,
        {%- for rank in [1, 2, 3] %}
        any_value(task_name) filter (where gap_rank = {{ rank }}) as skill_gap_{{ rank }}_task,
        any_value(estimate) filter (where gap_rank = {{ rank }}) as skill_gap_{{ rank }}_share
        {{- ',' if not loop.last }}
        {%- endfor %}

    from skill_ranks
    where gap_rank <= 3
    group by sector_code

),

barrier_ranks as (

    select
        group_code as sector_code,
        wave,
        item_label,
        estimate,
        row_number() over (
            partition by group_code order by {{ rank_key('estimate') }} desc, item_code
        ) as barrier_rank

    from barriers_support
    where topic_code = 'belemmering'
        and statistic = 'aandeel'
        and wave = (select max(all_rows.wave) from barriers_support as all_rows)

),

support as (

    select
        group_code as sector_code,
        estimate as employer_support_share

    from barriers_support
    where topic_code = 'steun_werkgever'
        and item_code = 'eens'
        and wave = (select max(all_rows.wave) from barriers_support as all_rows)

),

final as (

    select
        grid.group_type,
        grid.group_code,
        grid.group_label,
        grid.sector_code,
        grid.sector_label,

        polis_latest.year as employment_year,
        coalesce(polis_latest.suppressed, true) as employment_suppressed,
        polis_latest.employee_persons,
        polis_latest.jobs_growth_pct,
        polis_latest.mean_hourly_wage_eur,
        national_polis.mean_hourly_wage_eur as mean_hourly_wage_eur_nl,
        polis_latest.mean_paid_hours,
        polis_latest.flexible_contract_share,
        national_polis.flexible_contract_share as flexible_contract_share_nl,

        market_cells.survey_wave as llo_wave,
        case when not {{ is_suppressed('market_cells.n_unweighted') }}
            then market_cells.course_participation_share end as course_participation,
        case when not {{ is_suppressed('national_cells.n_unweighted') }}
            then national_cells.course_participation_share end as course_participation_nl,
        {{ reliability_label('market_cells.n_unweighted', 'llo_enquete') }}
            as course_participation_reliability,

        growth_occupations.poa_edition,
        {%- for rank in [1, 2, 3] %}
        growth_occupations.growth_occupation_{{ rank }},
        growth_occupations.growth_occupation_{{ rank }}_pct_per_year,
        {%- endfor %}

        vulnerable.period as vulnerable_period,
        vulnerable.estimate as vulnerable_share,
        vulnerable.reliability as vulnerable_share_reliability,
        vulnerable.main_condition as vulnerable_main_condition,

        individuals.scenario as llo_market_individuals,
        individuals.scenario_label as llo_market_individuals_label,
        employers.scenario as llo_market_employers,
        employers.scenario_label as llo_market_employers_label,

        sector_skill_gaps.skills_wave,
        {%- for rank in [1, 2, 3] %}
        sector_skill_gaps.skill_gap_{{ rank }}_task,
        sector_skill_gaps.skill_gap_{{ rank }}_share,
        {%- endfor %}
        main_barrier.item_label as main_barrier,
        main_barrier.estimate as main_barrier_share,
        support.employer_support_share

    from grid
    left join polis_latest
        on grid.group_code = polis_latest.region_code
        and grid.sector_code = polis_latest.sector_code
    left join polis_latest as national_polis
        on national_polis.region_code = 'NL'
        and grid.sector_code = national_polis.sector_code
    left join market_cells
        on grid.group_code = market_cells.region_code
        and grid.sector_code = market_cells.sector_code
    left join market_cells as national_cells
        on national_cells.region_code = 'NL'
        and grid.sector_code = national_cells.sector_code
    left join growth_occupations
        on grid.group_code = growth_occupations.group_code
        and grid.sector_code = growth_occupations.sector_code
    left join {{ ref('rpt_vulnerable_workers') }} as vulnerable
        on grid.group_code = vulnerable.group_code
        and grid.sector_code = vulnerable.sector_code
    left join {{ ref('rpt_llo_market_matrix') }} as individuals
        on grid.group_code = individuals.group_code
        and grid.sector_code = individuals.sector_code
        and individuals.market_side = 'individuen'
    left join {{ ref('rpt_llo_market_matrix') }} as employers
        on grid.group_code = employers.group_code
        and grid.sector_code = employers.sector_code
        and employers.market_side = 'werkgevers'
    left join sector_skill_gaps
        on grid.sector_code = sector_skill_gaps.sector_code
    left join barrier_ranks as main_barrier
        on grid.sector_code = main_barrier.sector_code
        and main_barrier.barrier_rank = 1
    left join support
        on grid.sector_code = support.sector_code

)

select * from final
