{#- Dutch labels of the groups the NSS skills marts break down by, one row per group type
    and code (the same group_type values as every mart, see the warehouse overview). -#}
{%- set string = dbt.type_string() -%}
{#- Per breakdown: (group_type, code, label, reference seed). -#}
{%- set breakdowns = [
    ('arbeidsmarktregio', 'region_code', 'region_name', 'ref_labour_market_regions'),
    ('sector', 'sbi_section_code', 'sbi_section_name', 'ref_sbi_sections'),
    ('beroepsklasse', brc_code('brc_class_code', 2), 'brc_class_name', 'ref_brc_occupations'),
    ('opleidingsniveau', 'cast(education_level_code as ' ~ string ~ ')',
        'education_level_name', 'ref_education_levels'),
    ('opleidingsrichting', 'cast(education_orientation_code as ' ~ string ~ ')',
        'education_orientation_name', 'ref_education_orientations'),
] -%}
with

labels as (

    select
        'nederland' as group_type,
        'NL' as group_code,
        'Nederland' as group_label
    {%- for group_type, code, label, seed in breakdowns %}

    union all

    {# distinct: ref_brc_occupations has a row per beroepsgroep, several per class -#}
    select distinct
        '{{ group_type }}' as group_type,
        {{ code }} as group_code,
        {{ label }} as group_label
    from {{ ref(seed) }}
    {%- endfor %}

)

select * from labels
