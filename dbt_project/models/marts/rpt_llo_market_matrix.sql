{#- The LLO-market matrix of seed section 2.1 per arbeidsmarktregio (and NL) x SBI section,
    separately for individuals and employers. Demand and supply come from
    lnk_training_market_cells; each side is 'ja' when the figure is at or above the national
    median over the published arbeidsmarktregio x sector cells of the same market side
    (macro high_or_low), else 'nee'; scenario = demand-supply ('ja-ja', 'ja-nee', 'nee-ja',
    'nee-nee') with the seed's interpretation. A row is withheld when the sector has fewer
    than disclosure_min_n LLO-Enquête respondents nationally or its Polis job count is
    withheld (then the supply per 1,000 jobs cannot be published). -#}
with

scenarios as (

    select * from (values
        ('ja-ja', 'Vraag ja, aanbod ja',
            'Vraag en aanbod van LLO sluiten op elkaar aan: individuen en werkgevers '
            || 'ontwikkelen eenvoudig de benodigde vaardigheden voor zichzelf of hun personeel. '
            || 'Dit bevordert zowel persoonlijke als organisatorische groei en wendbaarheid.'),
        ('ja-nee', 'Vraag ja, aanbod nee',
            'Er is wel vraag naar LLO, maar een passend of toereikend aanbod ontbreekt. '
            || 'Individuen en werkgevers lopen aan tegen obstakels bij het vinden van geschikte '
            || 'cursussen of opleidingen, wat hun ontwikkeling belemmert en hun wendbaarheid '
            || 'beperkt. Dit kan zich voordoen als nieuwe bedrijvigheid ontstaat in een regio, '
            || 'waarvoor mensen moeten worden omgeschoold.'),
        ('nee-ja', 'Vraag nee, aanbod ja',
            'Er is wel aanbod van LLO, maar de vraag ontbreekt. Individuen en werkgevers zien'
            || ' (nog) niet waarom bij- of omscholing belangrijk is of weten niet welke '
            || 'opleidingen zij zelf of hun personeel nodig hebben; ze richten zich mogelijk te '
            || 'veel op de korte termijn. Waardevol potentieel blijft onbenut.'),
        ('nee-nee', 'Vraag nee, aanbod nee',
            'Zowel vraag als aanbod van LLO ontbreken. Dit wijst op het onvoldoende of niet '
            || 'voorkomen van bepaalde vraag en aanbod op regionaal niveau, en mogelijk op '
            || 'blinde vlekken en onvoldoende inzicht in toekomstige vaardigheidseisen (en op '
            || 'krimpende beroepen die verdwijnen).')
    ) as scenario_texts (scenario, scenario_label, scenario_interpretation)  -- noqa: AL05

),

controlled as (

    select
        *,
        (
            {{ is_suppressed('n_unweighted') }}
            or jobs_suppressed
            or demand_share is null
            or courses_per_1000_jobs is null
        ) as is_hidden

    from {{ ref('lnk_training_market_cells') }}

),

thresholds as (

    select
        market_side,
        median(demand_share) as demand_threshold,
        median(courses_per_1000_jobs) as supply_threshold

    from controlled
    where geography_level = 'arbeidsmarktregio'
        and not is_hidden
    group by market_side

),

classified as (

    select
        controlled.*,
        thresholds.demand_threshold,
        thresholds.supply_threshold,
        {{ high_or_low('controlled.demand_share', 'thresholds.demand_threshold') }} as demand_level,
        {{ high_or_low('controlled.courses_per_1000_jobs', 'thresholds.supply_threshold') }}
            as supply_level

    from controlled
    left join thresholds
        on controlled.market_side = thresholds.market_side

),

final as (

    select
        classified.geography_level as group_type,
        classified.region_code as group_code,
        classified.region_name as group_label,
        classified.sector_code,
        classified.sector_label,
        classified.market_side,
        case classified.market_side
            when 'individuen' then 'LLO-markt voor individuen'
            else 'LLO-markt voor werkgevers'
        end as market_side_label,
        case classified.market_side
            when 'individuen'
                then 'Aandeel werkenden dat de komende 12 maanden '
                    || 'een werkgerelateerde cursus wil volgen'
            else 'Aandeel werknemers met een opleidingsplan van de werkgever'
        end as demand_label,
        'LLO-Enquête ' || cast(classified.survey_wave as {{ dbt.type_string() }})
            || '; scholingsaanbod ' || cast(classified.offer_year as {{ dbt.type_string() }})
            || '; Polis ' || cast(classified.polis_year as {{ dbt.type_string() }}) as period,
        classified.survey_wave,
        classified.offer_year,
        classified.polis_year,
        {{ unless_flagged('classified.demand_share', 'classified.is_hidden') }} as estimate,
        {{ unless_flagged(share_normal_bound('classified.demand_share',
            'classified.demand_standard_error', 'lower'), 'classified.is_hidden') }} as ci_lower,
        {{ unless_flagged(share_normal_bound('classified.demand_share',
            'classified.demand_standard_error', 'upper'), 'classified.is_hidden') }} as ci_upper,
        cast({{ unless_flagged('classified.n_unweighted', 'classified.is_hidden') }} as integer)
            as n_unweighted,
        {{ unless_flagged('classified.relevant_courses', 'classified.is_hidden') }}
            as supply_courses,
        {{ unless_flagged('classified.courses_per_1000_jobs', 'classified.is_hidden') }}
            as supply_courses_per_1000_jobs,
        {{ unless_flagged('classified.study_hours_per_1000_jobs', 'classified.is_hidden') }}
            as supply_study_hours_per_1000_jobs,
        classified.demand_threshold,
        classified.supply_threshold,
        {{ unless_flagged('classified.demand_level', 'classified.is_hidden') }} as demand_level,
        {{ unless_flagged('classified.supply_level', 'classified.is_hidden') }} as supply_level,
        {{ unless_flagged("classified.demand_level || '-' || classified.supply_level",
            'classified.is_hidden') }} as scenario,
        {{ unless_flagged('scenarios.scenario_label', 'classified.is_hidden') }} as scenario_label,
        {{ unless_flagged('scenarios.scenario_interpretation', 'classified.is_hidden') }}
            as scenario_interpretation,
        classified.composition_is_national,
        classified.is_hidden as suppressed,
        {{ reliability_label('classified.n_unweighted', 'llo_enquete', 'classified.is_hidden') }}
            as reliability,
        'composition' as method,
        'llo_enquete, training_offer, polis' as source

    from classified
    left join scenarios
        on classified.demand_level || '-' || classified.supply_level = scenarios.scenario

)

select * from final
