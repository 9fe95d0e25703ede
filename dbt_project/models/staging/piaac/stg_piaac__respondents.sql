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
        cast(jaar as integer) as wave,
        cast(cntryid as integer) as country_code,
        cast(age_r as integer) as age,
        cast(gender_r as integer) as sex_code,
        cast(edlevel3 as integer) as education_level_code,
        cast(c_d05 as integer) as labour_market_position_code,
        cast(varstrat as integer) as variance_stratum,
        cast(varunit as integer) as variance_unit,
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
