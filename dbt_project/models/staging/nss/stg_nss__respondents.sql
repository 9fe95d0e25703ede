{%- set tasks = range(1, 34) -%}
with

renamed as (

    select
        ---------- ids
        cast(nomem_encr as {{ dbt.type_string() }}) as panel_person_key,
        rinpersoon as person_key,

        ---------- strings
        amr_code as region_code,
        lpad(cast(brc_beroepsgroep as {{ dbt.type_string() }}), 4, '0') as occupation_group_code,
        sectors.sbi_section_code as sector_code,

        ---------- numerics
        cast(golf as integer) as wave,
        cast(geslacht as integer) as sex_code,
        cast(leeftijd as integer) as age,
        cast(opleidingsniveau as integer) as education_level_code,
        cast(opleidingsrichting as integer) as education_orientation_code,
        cast(werkstatus as integer) as working_status_code,
        cast(contractsoort as integer) as contract_type_code,
        cast(bruto_uurloon as double) as gross_hourly_wage,
        cast(weegfactor as double) as survey_weight,
        {%- for task in tasks %}
        cast(belang_{{ '%02d' % task }} as integer) as importance_{{ '%02d' % task }},
        cast(effectiviteit_{{ '%02d' % task }} as integer) as effectiveness_{{ '%02d' % task }},
        {%- endfor %}

        ---------- booleans
        cast(werkstatus as integer) = 1 as is_working

    from {{ source('nss', 'nss') }} as source
    left join {{ ref('ref_sbi_sections') }} as sectors
        on source.sbi_sectie = sectors.sbi_section_number

)

select * from renamed
