with

renamed as (

    select
        check_name,
        target as target_name,
        passed as is_passed,
        severity,
        evaluated as expectations_evaluated,
        failed as expectations_failed,
        details,
        checked_at

    from {{ source('pipeline', 'check_results') }}

)

select * from renamed
