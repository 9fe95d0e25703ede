{#- Disclosure control on the employment, wage, forecast and cross-cutting marts: no row
    that is published (not suppressed) rests on fewer than disclosure_min_n observations,
    and no suppressed row carries an estimate, interval, n or person count. Returns the
    offending rows. -#}
{%- set marts = {
    'rpt_link_rates': ['base_persons', 'linked_persons'],
    'rpt_employment_by_region_sector': ['employee_persons'],
    'rpt_employment_by_region_occupation': ['employed_persons'],
    'rpt_occupation_forecasts': ['employment_start_persons', 'expansion_demand_persons',
                                 'replacement_demand_persons', 'job_openings_persons'],
    'rpt_llo_market_matrix': ['supply_courses_per_1000_jobs'],
    'rpt_vulnerable_workers': ['workers_persons', 'poor_prospects_share'],
    'rpt_wages_after_course': ['difference_with_no_course'],
} -%}

{%- for mart, extra_columns in marts.items() %}

select
    '{{ mart }}' as mart,
    suppressed,
    n_unweighted

from {{ ref(mart) }}
where (
        not suppressed
        and (n_unweighted is null or n_unweighted < {{ var('disclosure_min_n') }})
    )
    or (
        suppressed
        and (
            estimate is not null
            or ci_lower is not null
            or ci_upper is not null
            or n_unweighted is not null
            {%- for column in extra_columns %}
            or {{ column }} is not null
            {%- endfor %}
        )
    )
{%- if not loop.last %}

union all
{%- endif %}
{%- endfor %}
