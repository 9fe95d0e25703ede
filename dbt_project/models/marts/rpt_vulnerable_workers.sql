{#- Share of workers in vulnerable groups per arbeidsmarktregio of residence (and NL) x SBI
    section (and all sectors). Worker groups are cells education level x BRC class (per
    region for the POA condition) with four condition flags (lnk_training_need_cells); a
    group is vulnerable when at least vulnerability_min_conditions (2) hold at once (macro
    is_vulnerable). The groups are weighted with the region x sector workforce from the
    EBB: every employed respondent of the latest ebb_pooled_years years (weights divided by
    the quarters of their year and the number of years: an average quarter) carries the
    flags of their group, so the share of workers in vulnerable groups is a weighted EBB
    share with a Wilson interval on Kish's n_eff (the flags are treated as fixed). One
    column per condition gives the share of workers affected by it, and main_condition the
    condition most common among the vulnerable workers. Suppression below disclosure_min_n
    respondent-quarters, complementary suppression over sectors within a region and over
    regions within a sector, EBB reliability threshold. -#}
{%- set pool = labour_market_setting('ebb_pooled_years') %}
{%- set conditions = [
    ('has_poor_prospects', 'poor_prospects', 'Beroep met slecht arbeidsmarktperspectief'),
    ('has_low_llo_participation', 'low_llo_participation', 'Lage LLO-deelname'),
    ('has_low_basic_skills', 'low_basic_skills', 'Lage basisvaardigheden'),
    ('has_low_task_effectiveness', 'low_task_effectiveness', 'Lage effectiviteit in taken'),
] %}

with

workers as (

    select * from {{ ref('stg_ebb__respondents') }}
    where is_employed

),

quarters_per_year as (

    select
        year,
        count(distinct quarter) as n_quarters

    from workers
    group by year

),

pool_years as (

    select
        max(year) as last_year,
        min(year) as first_year,
        count(*) as n_years

    from quarters_per_year
    where year > (select max(all_rows.year) from quarters_per_year as all_rows) - {{ pool }}

),

pooled as (

    select
        workers.region_code,
        workers.sector_code,
        workers.survey_weight / quarters_per_year.n_quarters / pool_years.n_years
            as pooled_weight,
        {%- for flag, code, label in conditions %}
        coalesce(need_cells.{{ flag }}, false) as {{ flag }},
        {%- endfor %}
        {{ is_vulnerable(['need_cells.has_poor_prospects', 'need_cells.has_low_llo_participation',
            'need_cells.has_low_basic_skills', 'need_cells.has_low_task_effectiveness']) }}
            as is_vulnerable

    from workers
    inner join quarters_per_year
        on workers.year = quarters_per_year.year
    cross join pool_years
    left join {{ ref('ref_brc_occupations') }} as occupations
        on workers.occupation_group_code = occupations.brc_group_code
    left join {{ ref('lnk_training_need_cells') }} as need_cells
        on workers.region_code = need_cells.region_code
        and workers.education_level_code = need_cells.education_level_code
        and occupations.brc_class_code = need_cells.occupation_class_code
    where workers.year between pool_years.first_year and pool_years.last_year

),

aggregated as (

    select
        coalesce(region_code, 'NL') as region_code,
        coalesce(sector_code, 'totaal') as sector_code,
        count(*) as n_unweighted,
        sum(pooled_weight) as weighted_persons,
        {{ effective_n('pooled_weight') }} as n_effective,
        {{ weighted_share('cast(is_vulnerable as integer)', 'pooled_weight') }} as vulnerable_share,
        {%- for flag, code, label in conditions %}
        {{ weighted_share('cast(' ~ flag ~ ' as integer)', 'pooled_weight') }} as {{ code }}_share,
        sum(pooled_weight * cast({{ flag }} and is_vulnerable as integer))
            / nullif(sum(pooled_weight * cast(is_vulnerable as integer)), 0)
            as {{ code }}_among_vulnerable{{ ',' if not loop.last }}
        {%- endfor %}

    from pooled
    group by cube(region_code, sector_code)

),

sector_list as (

    select sbi_section_code as sector_code, sbi_section_name as sector_label
    from {{ ref('ref_sbi_sections') }}
    union all
    select 'totaal' as sector_code, 'Alle sectoren' as sector_label

),

grid as (

    select
        geographies.geography_level,
        geographies.region_code,
        geographies.region_name,
        sector_list.sector_code,
        sector_list.sector_label,
        coalesce(aggregated.n_unweighted, 0) as n_unweighted,
        aggregated.weighted_persons,
        aggregated.n_effective,
        aggregated.vulnerable_share,
        {%- for flag, code, label in conditions %}
        aggregated.{{ code }}_share,
        aggregated.{{ code }}_among_vulnerable{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ labour_market_geographies() }}
    cross join sector_list
    left join aggregated
        on geographies.region_code = aggregated.region_code
        and sector_list.sector_code = aggregated.sector_code

),

controlled as (

    {{ complementary_suppression_rounds(
        'grid', 'n_unweighted',
        [
            ("region_code, sector_code = 'totaal'", 'sector_code'),
            ('sector_code, geography_level', 'region_code'),
        ],
        rounds=4,
    ) }}

),

drivers as (

    select
        *,
        case greatest(
            {%- for flag, code, label in conditions %}
            coalesce({{ code }}_among_vulnerable, -1){{ ',' if not loop.last }}
            {%- endfor %}
        )
            {%- for flag, code, label in conditions %}
            when {{ code }}_among_vulnerable then '{{ label }}'
            {%- endfor %}
        end as main_condition

    from controlled

),

final as (

    select
        geography_level as group_type,
        region_code as group_code,
        region_name as group_label,
        sector_code,
        sector_label,
        (
            select
                cast(first_year as {{ dbt.type_string() }})
                || '-' || cast(last_year as {{ dbt.type_string() }})
            from pool_years
        ) as period,
        (select n_years from pool_years) as pooled_periods,
        {%- set after_n = [(
            rounded_person_count('weighted_persons', 'n_unweighted', 'is_hidden'),
            'workers_persons',
        )] %}
        {%- for flag, code, label in conditions %}
        {%- do after_n.append((unless_flagged(code ~ '_share', 'is_hidden'), code ~ '_share')) %}
        {%- endfor %}
        {%- do after_n.append((unless_flagged('main_condition', 'is_hidden'), 'main_condition')) %}
        {{ published_estimate_columns(
            estimate='vulnerable_share',
            ci_lower=wilson_bound('vulnerable_share', 'n_effective', 'lower'),
            ci_upper=wilson_bound('vulnerable_share', 'n_effective', 'upper'),
            standard_error=none,
            n_unweighted='n_unweighted',
            source='ebb',
            hidden_flag='is_hidden',
            columns_after_n=after_n,
        ) }},
        'composition' as method,
        'ebb, poa, llo_enquete, piaac, nss' as source

    from drivers

)

select * from final
