{#- Dutch labels of the groups the NSS skills marts break down by, one row per group type
    and code (the same group_type values as every mart, see the warehouse overview). -#}
with

labels as (

    select
        'nederland' as group_type,
        'NL' as group_code,
        'Nederland' as group_label

    union all

    select
        'arbeidsmarktregio' as group_type,
        region_code as group_code,
        region_name as group_label
    from {{ ref('ref_labour_market_regions') }}

    union all

    select
        'sector' as group_type,
        sbi_section_code as group_code,
        sbi_section_name as group_label
    from {{ ref('ref_sbi_sections') }}

    union all

    select distinct
        'beroepsklasse' as group_type,
        {{ brc_code('brc_class_code', 2) }} as group_code,
        brc_class_name as group_label
    from {{ ref('ref_brc_occupations') }}

    union all

    select
        'opleidingsniveau' as group_type,
        cast(education_level_code as {{ dbt.type_string() }}) as group_code,
        education_level_name as group_label
    from {{ ref('ref_education_levels') }}

    union all

    select
        'opleidingsrichting' as group_type,
        cast(education_orientation_code as {{ dbt.type_string() }}) as group_code,
        education_orientation_name as group_label
    from {{ ref('ref_education_orientations') }}

)

select * from labels
