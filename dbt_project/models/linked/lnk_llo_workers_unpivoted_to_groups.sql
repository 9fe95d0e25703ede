{#- Working LLO-Enquête respondents in long format: one row per respondent per wave per
    group type they belong to (the Netherlands, their arbeidsmarktregio, sector,
    beroepsklasse, education level and orientation, age group and contract type), so that
    every mart estimates all groups with one `group by`. A respondent with an unknown
    sector, occupation or contract type has no row for that group type. Never published. -#}
{%- set group_types = {
    'arbeidsmarktregio': ('region_code', 'region_name'),
    'sector': ('sector_code', 'sector_name'),
    'beroepsklasse': ('occupation_class_code', 'occupation_class_name'),
    'opleidingsniveau': (
        'cast(education_level_code as ' ~ dbt.type_string() ~ ')', 'education_level_name'
    ),
    'opleidingsrichting': (
        'cast(education_orientation_code as ' ~ dbt.type_string() ~ ')', 'education_orientation_name'
    ),
    'leeftijdsgroep': ('age_group_code', 'age_group_label'),
    'contractsoort': (
        'cast(contract_type_code as ' ~ dbt.type_string() ~ ')', 'contract_type_name'
    ),
} -%}
with

workers as (

    select * from {{ ref('lnk_llo_respondents_joined_to_classifications') }}
    where is_working

),

unpivoted as (

    select
        'nederland' as group_type,
        'NL' as group_code,
        'Nederland' as group_label,
        workers.*

    from workers
    {%- for group_type, columns in group_types.items() %}

    union all

    select
        '{{ group_type }}' as group_type,
        {{ columns[0] }} as group_code,
        {{ columns[1] }} as group_label,
        workers.*

    from workers
    where {{ columns[0] }} is not null
    {%- endfor %}

)

select * from unpivoted
