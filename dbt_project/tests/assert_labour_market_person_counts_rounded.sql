{#- Person counts of the employment, wage, forecast and vulnerability marts are rounded to
    person_count_rounding. Returns the values that are not. -#}
{%- set counts = [
    ('rpt_link_rates', 'linked_persons'),
    ('rpt_employment_by_region_sector', 'employee_persons'),
    ('rpt_employment_by_region_occupation', 'employed_persons'),
    ('rpt_occupation_forecasts', 'employment_start_persons'),
    ('rpt_occupation_forecasts', 'job_openings_persons'),
    ('rpt_vulnerable_workers', 'workers_persons'),
    ('rpt_region_profile', 'employee_persons'),
    ('rpt_sector_infographic', 'employee_persons'),
] -%}

{%- for mart, column in counts %}

select
    '{{ mart }}.{{ column }}' as count_column,
    {{ column }} as value

from {{ ref(mart) }}
where {{ column }} is not null
    and {{ column }} % {{ var('person_count_rounding') }} <> 0
{%- if not loop.last %}

union all
{%- endif %}
{%- endfor %}
