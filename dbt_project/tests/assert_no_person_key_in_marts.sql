{# Runs after every mart (the depends_on lines); add a line for a new mart. #}
-- depends_on: {{ ref('rpt_basic_skills_piaac') }}
-- depends_on: {{ ref('rpt_course_participation_ebb_by_region') }}
-- depends_on: {{ ref('rpt_data_freshness') }}
-- depends_on: {{ ref('rpt_employment_by_region_occupation') }}
-- depends_on: {{ ref('rpt_employment_by_region_sector') }}
-- depends_on: {{ ref('rpt_link_rates') }}
-- depends_on: {{ ref('rpt_llo_informal_by_course') }}
-- depends_on: {{ ref('rpt_llo_market_matrix') }}
-- depends_on: {{ ref('rpt_llo_participation') }}
-- depends_on: {{ ref('rpt_llo_participation_gaps') }}
-- depends_on: {{ ref('rpt_llo_reasons_barriers_support') }}
-- depends_on: {{ ref('rpt_occupation_forecasts') }}
-- depends_on: {{ ref('rpt_occupation_skill_profiles') }}
-- depends_on: {{ ref('rpt_occupation_transition_learning_needs') }}
-- depends_on: {{ ref('rpt_occupation_transitions') }}
-- depends_on: {{ ref('rpt_policy_event_comparison') }}
-- depends_on: {{ ref('rpt_policy_events') }}
-- depends_on: {{ ref('rpt_quality_checks') }}
-- depends_on: {{ ref('rpt_region_boundaries') }}
-- depends_on: {{ ref('rpt_region_profile') }}
-- depends_on: {{ ref('rpt_sector_infographic') }}
-- depends_on: {{ ref('rpt_skills_by_domain') }}
-- depends_on: {{ ref('rpt_skills_by_task') }}
-- depends_on: {{ ref('rpt_vulnerable_workers') }}
-- depends_on: {{ ref('rpt_wages_after_course') }}
{# No mart may carry a person or linking key (docs/methods.md: never in the serving database).
    Publish refuses such a table too; this test fails the build before it gets there. #}
select
    table_name,
    column_name

from information_schema.columns
where table_schema = 'marts'
    and {{ matches_regex(
        'lower(column_name)',
        "'(^|_)(rinpersoon|rinpersoons|person_key|person_id|panel_person_key|nomem_encr|respondent_key|respondent_id|employer_key|beid|seqid)($|_)'"
    ) }}
