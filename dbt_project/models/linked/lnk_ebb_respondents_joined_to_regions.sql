{#- Person-level EBB records with their arbeidsmarktregio's name and province attached.
    Never published (schema linked). -#}
with

respondents as (

    select * from {{ ref('stg_ebb__respondents') }}

),

regions as (

    select * from {{ ref('ref_labour_market_regions') }}

),

joined as (

    select
        respondents.*,
        regions.region_name,
        regions.province_code

    from respondents
    inner join regions
        on respondents.region_code = regions.region_code

)

select * from joined
