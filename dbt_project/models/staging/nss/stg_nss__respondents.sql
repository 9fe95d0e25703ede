{%- set tasks = range(1, 34) -%}
with

renamed as (

    select
        {{ liss_panel_key_columns() }},

        ---------- numerics
        {{ cast_columns('integer', {
            'golf': 'wave', 'geslacht': 'sex_code', 'leeftijd': 'age',
            'opleidingsniveau': 'education_level_code',
            'opleidingsrichting': 'education_orientation_code',
            'werkstatus': 'working_status_code', 'contractsoort': 'contract_type_code',
        }) }},
        {{ cast_columns('double', {
            'bruto_uurloon': 'gross_hourly_wage', 'weegfactor': 'survey_weight',
        }) }},
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
