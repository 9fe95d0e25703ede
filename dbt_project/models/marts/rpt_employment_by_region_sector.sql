{#- Employee jobs and wages from the Polisadministratie per year x arbeidsmarktregio (place
    of work; and the Netherlands) x SBI section (and all sectors), long by measure, from the
    disclosure-controlled cells of lnk_polis_employment_disclosed (primary suppression on
    persons and employers, complementary suppression over regions and sectors, counts
    rounded to 10, median only for cells that pass disclosure control). -#}
{%- set measures = [
    ('jobs', 'Banen van werknemers', 'banen', 'jobs_rounded'),
    ('full_time_equivalents', 'Voltijdbanen (1.836 verloonde uren per jaar)', 'voltijdbanen', 'fte_rounded'),
    ('jobs_growth_pct', 'Groei banen t.o.v. vorig jaar', 'procent', 'jobs_growth_pct'),
    ('mean_annual_base_wage_eur', 'Gemiddeld basisloon per baan per jaar', 'euro per jaar', 'mean_annual_base_wage_eur'),
    ('median_annual_base_wage_eur', 'Mediaan basisloon per baan per jaar', 'euro per jaar', 'median_annual_base_wage_eur'),
    ('mean_hourly_wage_eur', 'Gemiddeld uurloon (basisloon / verloonde uren)', 'euro per uur', 'mean_hourly_wage_eur'),
    ('mean_paid_hours', 'Gemiddeld verloonde uren per baan per jaar', 'uren per jaar', 'mean_paid_hours'),
    ('flexible_contract_share', 'Aandeel banen met een flexibel contract (bepaalde tijd)', 'aandeel (0-1)', 'flexible_contract_share'),
] -%}

with

measures as (

    {%- for code, label, unit, expression in measures %}

    select
        cells.*,
        '{{ code }}' as measure,
        '{{ label }}' as measure_label,
        '{{ unit }}' as measure_unit,
        {{ loop.index }} as measure_order,
        cast({{ expression }} as double) as measure_value

    from {{ ref('lnk_polis_employment_disclosed') }} as cells
    {%- if not loop.last %}

    union all
    {%- endif %}
    {%- endfor %}

),

final as (

    select
        year,
        cast(year as {{ dbt.type_string() }}) as period,
        geography_level as group_type,
        region_code as group_code,
        region_name as group_label,
        sector_code,
        sector_label,
        measure,
        measure_label,
        measure_unit,
        measure_order,
        {{ register_estimate_columns('measure_value', 'suppressed', 'employee_persons') }},
        employee_persons,
        suppressed,
        {{ register_reliability('suppressed') }} as reliability,
        'register' as method,
        'polis' as source

    from measures

)

select * from final
