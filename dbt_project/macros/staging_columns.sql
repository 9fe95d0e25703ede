{#- Typed, renamed source columns of the staging models: one entry per column of the
    source, {source column: staging name}, so that a staging model lists its columns as a
    table instead of repeating the cast for each. Entries come out in the order given,
    separated by commas (the model writes the comma after the call). -#}

{#- `cast(<source column> as <type>) as <name>` per entry. -#}
{% macro cast_columns(type, columns) -%}
    {%- for column, name in columns.items() %}
    cast({{ column }} as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- A 0/1-coded source column as a boolean: `cast(<source column> as integer) = 1 as <name>`
    per entry. -#}
{% macro flag_columns(columns) -%}
    {%- for column, name in columns.items() %}
    cast({{ column }} as integer) = 1 as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- The key and classification columns that the two LISS panel surveys (NSS, LLO-Enquête)
    deliver alike: panel and person key, arbeidsmarktregio, BRC beroepsgroep (zero-padded to
    four digits) and the SBI section letter, looked up in ref_sbi_sections joined as
    `sectors`. -#}
{% macro liss_panel_key_columns() -%}
    ---------- ids
    cast(nomem_encr as {{ dbt.type_string() }}) as panel_person_key,
    rinpersoon as person_key,

    ---------- strings
    amr_code as region_code,
    lpad(cast(brc_beroepsgroep as {{ dbt.type_string() }}), 4, '0') as occupation_group_code,
    sectors.sbi_section_code as sector_code
{%- endmacro %}
