{#- Region profile (dashboard Regio-overzicht): one row per arbeidsmarktregio and one for the
    Netherlands, with the latest figure of each headline indicator, the NL value alongside
    and the difference (region minus NL; for counts of occupations as well). Every figure
    is taken from a disclosure-controlled mart or cell model, so a withheld figure stays
    NULL here:
    - employees and jobs growth: Polis (place of work), lnk_polis_employment_disclosed,
      all sectors; 1-year growth and 5-year growth of the published (rounded) jobs;
    - course participation EBB (last 4 weeks, residence): rpt_course_participation_ebb_by_region;
    - course participation LLO-Enquête (last 12 months): rpt_llo_participation, regions by
      composition, NL direct (two different concepts, never mixed);
    - three largest skill gaps: rpt_skills_by_task, measure gap_share (share of workers for
      whom the task is important and their effectiveness low), latest wave, regions by
      composition, NL direct; the NL value and difference are for the region's task;
    - growth and shrink occupations: number of BRC beroepsgroepen classified 'groeiberoep' /
      'krimpberoep' in the latest POA edition (rpt_occupation_forecasts);
    - share of vulnerable workers: rpt_vulnerable_workers, all sectors. -#}
with

polis as (

    select * from {{ ref('lnk_polis_employment_disclosed') }}
    where sector_code = 'totaal'

),

llo as (

    select * from {{ ref('rpt_llo_participation') }}
    where indicator_code = 'course_participation'

),

skills as (

    select * from {{ ref('rpt_skills_by_task') }}
    where measure = 'gap_share'

),

forecasts as (

    select * from {{ ref('rpt_occupation_forecasts') }}
    where occupation_level = 'beroepsgroep'

),

vulnerable as (

    select * from {{ ref('rpt_vulnerable_workers') }}
    where sector_code = 'totaal'

),

geographies as (

    select * from {{ ref('lnk_nss_group_labels') }}
    where group_type in ('arbeidsmarktregio', 'nederland')

),

---------- employment (Polis)

polis_latest as (

    select max(year) as year from polis

),

employment as (

    select
        polis.region_code as group_code,
        polis.year as employment_year,
        polis.employee_persons,
        polis.jobs_growth_pct,
        case when earlier.jobs_rounded > 0 and polis.jobs_rounded is not null
            then (polis.jobs_rounded * 1.0 / earlier.jobs_rounded - 1) * 100
        end as jobs_growth_5y_pct

    from polis
    inner join polis_latest
        on polis.year = polis_latest.year
    left join polis as earlier
        on polis.region_code = earlier.region_code
        and earlier.year = polis.year - 5

),

---------- course participation

ebb_latest as (

    select
        region_code as group_code,
        year as ebb_course_year,
        estimate as ebb_course_participation,
        reliability as ebb_course_participation_reliability

    from {{ ref('rpt_course_participation_ebb_by_region') }}
    where year = (
        select max(year) from {{ ref('rpt_course_participation_ebb_by_region') }}
    )

),

llo_latest_ranked as (

    select
        group_code,
        wave as llo_wave,
        estimate as llo_course_participation,
        reliability as llo_course_participation_reliability,
        method as llo_course_participation_method,
        row_number() over (
            partition by group_code order by (method = 'composition') desc
        ) as method_rank

    from llo
    where wave = (select max(all_rows.wave) from llo as all_rows)
        and (
            (group_type = 'arbeidsmarktregio' and method = 'composition')
            or group_type = 'nederland'
        )

),

llo_latest as (

    select
        group_code,
        llo_wave,
        llo_course_participation,
        llo_course_participation_reliability,
        llo_course_participation_method

    from llo_latest_ranked
    where method_rank = 1

),

---------- skill gaps

skills_latest as (

    select
        group_code,
        wave,
        task_id,
        task_name,
        estimate

    from skills
    where wave = (select max(all_rows.wave) from skills as all_rows)
        and not suppressed
        and (
            (group_type = 'arbeidsmarktregio' and method = 'composition')
            or group_type = 'nederland'
        )

),

skill_ranks as (

    select
        *,
        row_number() over (
            partition by group_code order by {{ rank_key('estimate') }} desc, task_id
        ) as gap_rank

    from skills_latest

),

skill_gaps as (

    select
        skill_ranks.group_code,
        any_value(skill_ranks.wave) as skills_wave,
        {%- for rank in [1, 2, 3] %}
        any_value(skill_ranks.task_name) filter (where gap_rank = {{ rank }})
            as skill_gap_{{ rank }}_task,
        any_value(skill_ranks.estimate) filter (where gap_rank = {{ rank }})
            as skill_gap_{{ rank }}_share,
        any_value(national.estimate) filter (where gap_rank = {{ rank }})
            as skill_gap_{{ rank }}_share_nl
        {{- ',' if not loop.last }}
        {%- endfor %}

    from skill_ranks
    left join skills_latest as national
        on national.group_code = 'NL'
        and skill_ranks.task_id = national.task_id
    where skill_ranks.gap_rank <= 3
    group by skill_ranks.group_code

),

---------- growth and shrink occupations

occupation_counts as (

    select
        group_code,
        any_value(edition) as poa_edition,
        count(*) filter (where growth_class = 'groeiberoep') as growth_occupations,
        count(*) filter (where growth_class = 'krimpberoep') as shrink_occupations

    from forecasts
    group by group_code

),

---------- vulnerable workers

vulnerable_latest as (

    select
        group_code,
        period as vulnerable_period,
        estimate as vulnerable_share,
        reliability as vulnerable_share_reliability

    from vulnerable

),

combined as (

    select
        geographies.*,
        employment.employment_year,
        employment.employee_persons,
        employment.jobs_growth_pct,
        employment.jobs_growth_5y_pct,
        ebb_latest.ebb_course_year,
        ebb_latest.ebb_course_participation,
        ebb_latest.ebb_course_participation_reliability,
        llo_latest.llo_wave,
        llo_latest.llo_course_participation,
        llo_latest.llo_course_participation_reliability,
        llo_latest.llo_course_participation_method,
        skill_gaps.skills_wave,
        {%- for rank in [1, 2, 3] %}
        skill_gaps.skill_gap_{{ rank }}_task,
        skill_gaps.skill_gap_{{ rank }}_share,
        skill_gaps.skill_gap_{{ rank }}_share_nl,
        {%- endfor %}
        occupation_counts.poa_edition,
        coalesce(occupation_counts.growth_occupations, 0) as growth_occupations,
        coalesce(occupation_counts.shrink_occupations, 0) as shrink_occupations,
        vulnerable_latest.vulnerable_period,
        vulnerable_latest.vulnerable_share,
        vulnerable_latest.vulnerable_share_reliability

    from geographies
    left join employment
        on geographies.group_code = employment.group_code
    left join ebb_latest
        on geographies.group_code = ebb_latest.group_code
    left join llo_latest
        on geographies.group_code = llo_latest.group_code
    left join skill_gaps
        on geographies.group_code = skill_gaps.group_code
    left join occupation_counts
        on geographies.group_code = occupation_counts.group_code
    left join vulnerable_latest
        on geographies.group_code = vulnerable_latest.group_code

),

final as (

    select
        combined.group_type,
        combined.group_code,
        combined.group_label,
        regions.province_code,
        regions.province_name,
        regions.centroid_lat,
        regions.centroid_lon,

        combined.employment_year,
        combined.employee_persons,
        national.employee_persons as employee_persons_nl,
        combined.employee_persons * 1.0 / nullif(national.employee_persons, 0)
            as employment_share_of_nl,
        {%- for column in ['jobs_growth_pct', 'jobs_growth_5y_pct', 'ebb_course_participation',
            'llo_course_participation', 'vulnerable_share'] %}
        combined.{{ column }},
        national.{{ column }} as {{ column }}_nl,
        combined.{{ column }} - national.{{ column }} as {{ column }}_difference,
        {%- endfor %}
        combined.ebb_course_year,
        combined.ebb_course_participation_reliability,
        combined.llo_wave,
        combined.llo_course_participation_reliability,
        combined.llo_course_participation_method,
        combined.skills_wave,
        {%- for rank in [1, 2, 3] %}
        combined.skill_gap_{{ rank }}_task,
        combined.skill_gap_{{ rank }}_share,
        combined.skill_gap_{{ rank }}_share_nl,
        combined.skill_gap_{{ rank }}_share - combined.skill_gap_{{ rank }}_share_nl
            as skill_gap_{{ rank }}_difference,
        national.skill_gap_{{ rank }}_task as skill_gap_{{ rank }}_task_nl,
        {%- endfor %}
        combined.poa_edition,
        combined.growth_occupations,
        national.growth_occupations as growth_occupations_nl,
        combined.growth_occupations - national.growth_occupations as growth_occupations_difference,
        combined.shrink_occupations,
        national.shrink_occupations as shrink_occupations_nl,
        combined.shrink_occupations - national.shrink_occupations as shrink_occupations_difference,
        combined.vulnerable_period,
        combined.vulnerable_share_reliability

    from combined
    cross join (
        select * from combined as nl_rows where nl_rows.group_code = 'NL'
    ) as national
    left join {{ ref('ref_labour_market_regions') }} as regions
        on combined.group_code = regions.region_code

)

select * from final
