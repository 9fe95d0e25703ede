{#- Complementary suppression of the Polis cells: in no group of cells that adds up to a
    published total (the regions of a year x sector, the sectors of a year x geography) is
    exactly one cell withheld, which could be recovered by subtraction. Returns the groups
    that break it. -#}
with

cells as (

    select * from {{ ref('lnk_polis_employment_disclosed') }}

),

regions_of_sector as (

    select
        'regions within year x sector' as grouping,
        cast(year as {{ dbt.type_string() }}) || ' ' || sector_code as cell_group,
        count(*) filter (where suppressed) as withheld

    from cells
    where geography_level = 'arbeidsmarktregio'
    group by year, sector_code

),

sectors_of_region as (

    select
        'sectors within year x geography' as grouping,
        cast(year as {{ dbt.type_string() }}) || ' ' || region_code as cell_group,
        count(*) filter (where suppressed) as withheld

    from cells
    where sector_code <> 'totaal'
    group by year, region_code

)

select * from regions_of_sector where withheld = 1
union all
select * from sectors_of_region where withheld = 1
