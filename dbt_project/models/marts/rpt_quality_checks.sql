{#- The latest result of every quality checkpoint that has run (GX suites on the marts).
    dbt runs before the checks of the same refresh, so this shows the last completed
    run's results. -#}
with

latest as (

    select
        check_name,
        {{ value_at_max('target_name', 'checked_at') }} as target_name,
        {{ value_at_max('is_passed', 'checked_at') }} as is_passed,
        {{ value_at_max('severity', 'checked_at') }} as severity,
        {{ value_at_max('expectations_evaluated', 'checked_at') }} as expectations_evaluated,
        {{ value_at_max('expectations_failed', 'checked_at') }} as expectations_failed,
        {{ value_at_max('details', 'checked_at') }} as details,
        max(checked_at) as checked_at,
        count(*) as runs,
        count(*) filter (where not is_passed) as failed_runs

    from {{ ref('stg_pipeline__check_results') }}
    group by check_name

),

final as (

    select
        *,
        case severity
            when 'ok' then 'geslaagd'
            when 'warning' then 'waarschuwing'
            else 'blokkerend'
        end as status_label

    from latest

)

select * from final
