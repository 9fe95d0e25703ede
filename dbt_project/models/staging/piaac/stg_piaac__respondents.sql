{%- set domains = {'pvlit': 'literacy', 'pvnum': 'numeracy', 'pvpsl': 'problem_solving',
                   'pvaps': 'adaptive_problem_solving'} -%}
with

renamed as (

    select
        ---------- ids
        cast(jaar as {{ dbt.type_string() }})
        || '-' || cast(seqid as {{ dbt.type_string() }}) as respondent_key,
        rinpersoon as person_key,

        ---------- strings
        isco2c as isco08_submajor_group_code,
        isic1c as sector_code,

        ---------- numerics
        {{ cast_columns('integer', {
            'jaar': 'wave', 'cntryid': 'country_code', 'age_r': 'age', 'gender_r': 'sex_code',
            'edlevel3': 'education_level_code', 'c_d05': 'labour_market_position_code',
            'varstrat': 'variance_stratum', 'varunit': 'variance_unit',
        }) }},
        cast(spfwt0 as double) as survey_weight,
        {%- for prefix, name in domains.items() %}
        {%- for pv in range(1, 11) %}
        cast({{ prefix }}{{ pv }} as double) as {{ name }}_pv{{ pv }},
        {%- endfor %}
        {%- endfor %}

        ---------- booleans
        cast(c_d05 as integer) = 1 as is_employed

    from {{ source('piaac', 'piaac') }}

)

select * from renamed
