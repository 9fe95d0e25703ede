{#- Person-level EBB records with their arbeidsmarktregio's name and province attached.
    Never published (schema linked). -#}
with

joined as (

    select
        respondents.*,
        regions.region_name,
        regions.province_code

    from {{ ref('stg_ebb__respondents') }} as respondents
    inner join {{ ref('ref_labour_market_regions') }} as regions
        on respondents.region_code = regions.region_code

)

select * from joined
