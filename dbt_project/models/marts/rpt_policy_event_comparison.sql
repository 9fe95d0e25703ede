{#- Regional series against the Netherlands around each policy event: a simple
    difference-in-differences style comparison, descriptive only (no causal claim: other
    things change at the same time, and the event may not reach a region's workers more
    than the nation's).

    For each event, series and arbeidsmarktregio: gap_t = region_t - NL_t per period; the
    estimate is mean(gap after) - mean(gap before). Periods: the `window` years before
    the start year ('voor') and the `window` years from the first period that lies wholly
    after the start ('na': the start year itself when the event starts on 1 January,
    otherwise the next year; a year in which the event starts later is left out as a
    transition year). Windows: EBB 4 years (annual), LLO-Enquête 7 years (waves every
    3-4 years). Periods where the region or NL is suppressed are left out. SE: the gaps of
    different periods are independent samples, var(gap_t) = se_region^2 + se_NL^2
    (ignoring that the region is part of NL, which makes it conservative), and the
    variance of a mean gap is the sum of its periods' variances over n^2. Significance:
    two-sided z-test at 5%. `has_too_few_periods` when either side has fewer than 2
    periods. `crosses_design_break` when the EBB 2021 redesign separates the two sides
    (a before period before 2021 and an after period from 2021): read such a change as
    possibly methodological.

    Series: EBB course participation in the last 4 weeks (rpt_course_participation_ebb_by_region,
    direct, SE from the published 95% interval: (upper - lower) / (2 z)), and the
    LLO-Enquête composition estimates of course participation and informal learning in
    the last 12 months (lnk_llo_regional_composition_estimates, region against NL with the
    national composition). The composition series moves only with a region's employment
    mix: a divergence there is a change in the mix, not in regional behaviour. Its SE is
    the jackknife sampling error only: the model error of a region (its persistent own
    effect) cancels in a before/after difference. -#}
{%- set series = [
    ('ebb_cursus_4wk', 'Cursusdeelname afgelopen 4 weken (EBB, werkzame beroepsbevolking)',
        'ebb', 'direct', 4),
    ('llo_cursus_12mnd', 'Cursusdeelname afgelopen 12 maanden (LLO-Enquête, compositieschatting)',
        'llo_enquete', 'composition', 7),
    ('llo_informeel_leren',
        'Informeel leren afgelopen 12 maanden (LLO-Enquête, compositieschatting)',
        'llo_enquete', 'composition', 7),
] -%}
{%- set min_periods = 2 -%}
{%- set sides = ['before', 'after'] -%}
with

ebb as (

    select * from {{ ref('rpt_course_participation_ebb_by_region') }}

),

series_definitions as (

    {%- for code, label, source, method, window in series %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        '{{ code }}' as series_code,
        '{{ label }}' as series_label,
        '{{ source }}' as source,
        '{{ method }}' as method,
        {{ window }} as window_years
    {%- endfor %}

),

observations as (

    select
        'ebb_cursus_4wk' as series_code,
        region_code,
        year as period_year,
        estimate,
        (ci_upper - ci_lower) / (2 * {{ var('ci_z') }}) as standard_error,
        n_unweighted,
        has_design_break

    from ebb
    where not suppressed

    union all

    select
        case indicator_code
            when 'course_participation' then 'llo_cursus_12mnd'
            else 'llo_informeel_leren'
        end as series_code,
        region_code,
        wave as period_year,
        estimate,
        standard_error,
        n_unweighted,
        false as has_design_break

    from {{ ref('lnk_llo_regional_composition_estimates') }}
    where indicator_code in ('course_participation', 'informal_learning')
        and not {{ is_suppressed('n_unweighted') }}

),

gaps as (

    select
        regional.series_code,
        regional.region_code,
        regional.period_year,
        regional.estimate - national.estimate as gap,
        power(regional.standard_error, 2) + power(national.standard_error, 2)
            as gap_variance,
        regional.n_unweighted,
        regional.has_design_break or national.has_design_break as has_design_break

    from observations as regional
    inner join observations as national
        on regional.series_code = national.series_code
        and regional.period_year = national.period_year
        and national.region_code = 'NL'
    where regional.region_code <> 'NL'

),

event_windows as (

    select
        events.event_id,
        events.event_name,
        cast(events.start_date as date) as start_date,
        series_definitions.*,
        year(cast(events.start_date as date)) as start_year,
        year(cast(events.start_date as date))
            + case
                when month(cast(events.start_date as date)) = 1
                    and day(cast(events.start_date as date)) = 1 then 0
                else 1
            end as first_after_year

    from {{ ref('ref_policy_events') }} as events
    cross join series_definitions

),

classified as (

    select
        event_windows.event_id,
        event_windows.series_code,
        gaps.region_code,
        gaps.period_year,
        gaps.gap,
        gaps.gap_variance,
        gaps.n_unweighted,
        gaps.has_design_break,
        case
            when gaps.period_year between event_windows.start_year - event_windows.window_years
                and event_windows.start_year - 1 then 'voor'
            when gaps.period_year between event_windows.first_after_year
                and event_windows.first_after_year + event_windows.window_years - 1 then 'na'
        end as side

    from event_windows
    inner join gaps
        on event_windows.series_code = gaps.series_code

),

compared as (

    select
        event_id,
        series_code,
        region_code,
        count(*) filter (where side = 'voor') as n_periods_before,
        count(*) filter (where side = 'na') as n_periods_after,
        min(period_year) filter (where side = 'voor') as first_period_before,
        max(period_year) filter (where side = 'voor') as last_period_before,
        min(period_year) filter (where side = 'na') as first_period_after,
        max(period_year) filter (where side = 'na') as last_period_after,
        avg(gap) filter (where side = 'voor') as mean_gap_before,
        avg(gap) filter (where side = 'na') as mean_gap_after,
        sum(gap_variance) filter (where side = 'voor')
            / power(count(*) filter (where side = 'voor'), 2) as variance_before,
        sum(gap_variance) filter (where side = 'na')
            / power(count(*) filter (where side = 'na'), 2) as variance_after,
        sum(n_unweighted) as n_unweighted,
        min(n_unweighted) as n_smallest_period,
        coalesce(bool_or(has_design_break) filter (where side = 'na'), false)
            and coalesce(bool_or(not has_design_break) filter (where side = 'voor'), false)
            as crosses_design_break

    from classified
    where side is not null
    group by event_id, series_code, region_code

),

grid as (

    select
        event_windows.*,
        regions.region_code,
        regions.region_name

    from event_windows
    cross join {{ ref('ref_labour_market_regions') }} as regions

),

joined as (

    select
        grid.*,
        {%- for side in sides %}
        coalesce(compared.n_periods_{{ side }}, 0) as n_periods_{{ side }},
        {%- endfor %}
        {%- for side in sides %}
        compared.first_period_{{ side }},
        compared.last_period_{{ side }},
        {%- endfor %}
        compared.mean_gap_before,
        compared.mean_gap_after,
        compared.mean_gap_after - compared.mean_gap_before as difference_in_differences,
        sqrt(compared.variance_before + compared.variance_after) as did_standard_error,
        sqrt(compared.variance_before) as standard_error_before,
        sqrt(compared.variance_after) as standard_error_after,
        compared.n_unweighted,
        compared.n_smallest_period,
        coalesce(compared.crosses_design_break, false) as crosses_design_break

    from grid
    left join compared
        on {{ same_cell('grid', 'compared', ['event_id', 'series_code', 'region_code']) }}

),

final as (

    select
        event_id,
        event_name,
        start_date as event_start_date,
        series_code,
        series_label,
        'arbeidsmarktregio' as group_type,
        region_code as group_code,
        region_name as group_label,
        window_years,
        'voor: ' || {{ llo_year_range('first_period_before', 'last_period_before') }}
            || '; na: ' || {{ llo_year_range('first_period_after', 'last_period_after') }}
            as period,
        n_periods_before,
        n_periods_after,
        {{ unless_suppressed('mean_gap_before', 'n_unweighted') }} as mean_gap_before,
        {{ unless_suppressed('mean_gap_after', 'n_unweighted') }} as mean_gap_after,
        {{ unless_suppressed('difference_in_differences', 'n_unweighted') }} as estimate,
        {{ unless_suppressed(
            normal_bound('difference_in_differences', 'did_standard_error', 'lower'),
            'n_unweighted',
        ) }} as ci_lower,
        {{ unless_suppressed(
            normal_bound('difference_in_differences', 'did_standard_error', 'upper'),
            'n_unweighted',
        ) }} as ci_upper,
        {{ unless_suppressed('did_standard_error', 'n_unweighted') }} as standard_error,
        cast({{ unless_suppressed('n_unweighted', 'n_unweighted') }} as integer)
            as n_unweighted,
        {{ is_suppressed('n_unweighted') }} as suppressed,
        case
            when source = 'ebb' then {{ reliability_label(
                'n_smallest_period', 'ebb', is_suppressed('n_unweighted')
            ) }}
            else {{ reliability_label(
                'n_smallest_period', 'llo_enquete', is_suppressed('n_unweighted')
            ) }}
        end as reliability,
        method,
        source,
        {{ unless_suppressed(
            change_is_significant(
                'mean_gap_before', 'standard_error_before',
                'mean_gap_after', 'standard_error_after',
            ),
            'n_unweighted',
        ) }} as difference_is_significant,
        n_periods_before < {{ min_periods }} or n_periods_after < {{ min_periods }}
            as has_too_few_periods,
        crosses_design_break

    from joined

)

select * from final
