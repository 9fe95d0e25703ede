{#- Complementary suppression of the Polis cells: in no group of cells that adds up to a
    published total (the regions of a year x sector, the sectors of a year x geography) is
    exactly one cell withheld, which could be recovered by subtraction. Returns the groups
    that break it. -#}
with

cells as (

    select * from {{ ref('lnk_polis_employment_disclosed') }}

),

{#- (grouping, the column that with the year names a group, the cells that are its parts) -#}
{%- set groupings = [
    ('regions within year x sector', 'sector_code', "geography_level = 'arbeidsmarktregio'"),
    ('sectors within year x geography', 'region_code', "sector_code <> 'totaal'"),
] %}

cell_groups as (

    {%- for grouping, column, parts in groupings %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ grouping }}' as grouping,
        cast(year as {{ dbt.type_string() }}) || ' ' || {{ column }} as cell_group,
        count(*) filter (where suppressed) as withheld

    from cells
    where {{ parts }}
    group by year, {{ column }}
    {%- endfor %}

)

select * from cell_groups where withheld = 1
