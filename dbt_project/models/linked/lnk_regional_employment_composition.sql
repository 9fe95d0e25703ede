{#- Employment composition of each arbeidsmarktregio by cell (SBI section x BRC class),
    per year, from the EBB (employed persons, weights pooled over the year's quarters).
    Used by the composition method: est_region = sum over cells of share(region, cell) *
    est_cell. Workers without a sector or occupation go to the cell code 'onbekend' so
    the shares of a region add up to 1. -#}
with

workers as (

    select * from {{ ref('stg_ebb__respondents') }}
    where is_employed

),

quarters as (

    select
        year,
        count(distinct quarter) as n_quarters

    from workers
    group by year

),

cells as (

    select
        workers.region_code,
        workers.year,
        coalesce(workers.sector_code, 'onbekend') as sector_code,
        coalesce(occupations.brc_class_code, 'onbekend') as occupation_class_code,
        count(*) as n_unweighted,
        sum(workers.survey_weight / quarters.n_quarters) as employed_weighted

    from workers
    inner join quarters
        on workers.year = quarters.year
    left join {{ ref('ref_brc_occupations') }} as occupations
        on workers.occupation_group_code = occupations.brc_group_code
    group by all

),

shares as (

    select
        *,
        employed_weighted
            / sum(employed_weighted) over (partition by region_code, year) as employment_share

    from cells

)

select * from shares
