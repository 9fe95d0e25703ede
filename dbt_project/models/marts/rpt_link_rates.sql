{#- Link rates per source and period: how many survey records find their counterpart.
    Three links (annex B of the seed):
    - 'persoonssleutel': survey respondents (NSS, LLO-Enquête, PIAAC) that carry a CBS
      person key (the panel/survey-to-CBS link);
    - 'polis_baan': employees (working, contract vast or flexibel) of a survey with at
      least one Polis job in the survey year; for the EBB per year over the
      respondent-quarters of employees (Polis years only: 2006 onwards).
    The rate is an unweighted share of records (a property of the delivered files, not a
    population estimate), with a Wilson interval on the number of records. Counts are
    rounded to 10; n is exact and the rate is the rounded linked count over n (an exact
    rate beside n would give the linked count back). -#}
with

ebb as (

    select * from {{ ref('lnk_ebb_joined_to_polis') }}

),

surveys as (

    select * from {{ ref('lnk_surveys_joined_to_polis') }}

),

piaac as (

    select * from {{ ref('stg_piaac__respondents') }}

),

records as (

    select
        'ebb' as source,
        'polis_baan' as link_type,
        year as period_year,
        has_polis_job_in_year as is_linked

    from ebb
    where is_employee and is_polis_year

    union all

    select
        source,
        'persoonssleutel' as link_type,
        wave as period_year,
        has_person_key as is_linked

    from surveys

    union all

    select
        source,
        'polis_baan' as link_type,
        wave as period_year,
        has_polis_job_in_wave_year as is_linked

    from surveys
    where is_employee and is_polis_year

    union all

    select
        'piaac' as source,
        'persoonssleutel' as link_type,
        wave as period_year,
        person_key is not null as is_linked

    from piaac

),

rates as (

    select
        source,
        link_type,
        period_year,
        count(*) as n_unweighted,
        count(*) filter (where is_linked) as n_linked,
        avg(cast(is_linked as double)) as link_rate

    from records
    group by source, link_type, period_year

),

labelled as (

    select
        *,
        case source
            when 'ebb' then 'Enquête Beroepsbevolking (EBB)'
            when 'nss' then 'Nederlandse Skills Survey (NSS)'
            when 'llo_enquete' then 'LLO-Enquête'
            when 'piaac' then 'PIAAC'
        end as source_label,
        case link_type
            when 'persoonssleutel' then 'Respondenten met CBS-persoonsnummer (RINPERSOON)'
            when 'polis_baan'
                then 'Werknemers met een baan in de Polisadministratie in hetzelfde jaar'
        end as link_label,
        case link_type
            when 'persoonssleutel' then 'alle respondenten'
            when 'polis_baan' then case
                when source = 'ebb' then 'respondent-kwartalen van werknemers'
                else 'werkende respondenten in loondienst'
            end
        end as base_label

    from rates

),

{# n is published exactly (it is the base of the rate, as n is everywhere); the linked
    count is rounded, so the rate and its interval are those of the rounded linked count
    over n: an exact rate next to n gives the linked count back, and with it the (small)
    number of records that did not link. -#}
rounded as (

    select
        *,
        {{ rounded_person_count('n_linked', 'n_unweighted') }} as linked_persons,
        least({{ rounded_count('n_linked') }}, n_unweighted) * 1.0 / n_unweighted
            as published_rate

    from labelled

),

final as (

    select
        source,
        source_label,
        link_type,
        link_label,
        base_label,
        period_year,
        cast(period_year as {{ dbt.type_string() }}) as period,
        {{ unless_suppressed('published_rate', 'n_unweighted') }} as estimate,
        {{ unless_suppressed(
            wilson_bound('published_rate', 'n_unweighted', 'lower'), 'n_unweighted') }}
            as ci_lower,
        {{ unless_suppressed(
            wilson_bound('published_rate', 'n_unweighted', 'upper'), 'n_unweighted') }}
            as ci_upper,
        cast({{ unless_suppressed('n_unweighted', 'n_unweighted') }} as integer) as n_unweighted,
        linked_persons,
        {{ is_suppressed('n_unweighted') }} as suppressed,
        {{ reliability_by_source_column('n_unweighted', 'source', is_suppressed('n_unweighted')) }}
            as reliability,
        'direct' as method

    from rounded

)

select * from final
