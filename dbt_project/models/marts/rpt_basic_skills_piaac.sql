{#- Basic skills (PIAAC) per cycle, population, domain and group: the mean score and the
    share at or below level 1 (< 226 points) for literacy, numeracy and adaptive problem
    solving (2023), whose level 1 ends at 226 on the OECD scales; not for problem solving
    in technology-rich environments (2012), whose levels have other bounds. All ten
    plausible values are used with Rubin's rules: the estimate is the mean of the ten PV
    estimates; total variance = mean within-PV sampling variance (weighted variance /
    Kish n_eff for means, p(1 - p) / n_eff for shares) + (1 + 1/10) x the between-PV
    variance. Means get a normal 95% interval;
    shares a Wilson interval on the imputation-adjusted n (n_eff x within / total), which
    keeps the bounds inside [0, 1]. The replicate structure (varstrat/varunit) is not
    used: Kish's n_eff is the project's variance basis for all surveys.

    Ages 16-65 in both cycles (the 2023 file also holds 66-74): the populations compare.
    Problem solving is not comparable over cycles: 2012 measured problem solving in
    technology-rich environments (only for those who took the computer test), 2023
    adaptive problem solving; they are separate domains. Occupation is published by ISCO-08
    sub-major group (2 digits, as delivered) and major group: the ISCO -> BRC crosswalk is
    ambiguous for 9 of the 38 sub-major groups in the reference list, so a BRC class would
    mix populations. -#}
{%- set plausible_values = 10 -%}
{%- set low_cut = 226 -%}
{%- set domains = ['literacy', 'numeracy', 'problem_solving', 'adaptive_problem_solving'] -%}
{#- The cells of the estimates: wave, population and group. -#}
{%- set group_keys = ['wave', 'population_code', 'group_type', 'group_code'] -%}
with

respondents as (

    select * from {{ ref('stg_piaac__respondents') }}
    where age between 16 and 65

),

isco_groups as (

    select
        {{ llo_code('isco08_submajor_group_code', 2) }} as isco08_submajor_group_code,
        isco08_submajor_group_name,
        cast(isco08_major_group_code as {{ dbt.type_string() }}) as isco08_major_group_code,
        isco08_major_group_name

    from {{ ref('ref_isco08_submajor_groups') }}

),

isco_major_groups as (

    select distinct
        isco08_major_group_code,
        isco08_major_group_name

    from isco_groups

),

classified as (

    select
        respondents.*,
        {{ llo_code('respondents.isco08_submajor_group_code', 2) }} as isco_submajor_code,
        left({{ llo_code('respondents.isco08_submajor_group_code', 2) }}, 1)
            as isco_major_code,
        education_levels.education_level_name,
        sectors.sbi_section_name as sector_name

    from respondents
    left join {{ ref('ref_education_levels') }} as education_levels
        on respondents.education_level_code = education_levels.education_level_code
    left join {{ ref('ref_sbi_sections') }} as sectors
        on respondents.sector_code = sectors.sbi_section_code

),

with_labels as (

    select
        classified.*,
        isco_groups.isco08_submajor_group_name as isco_submajor_name,
        isco_major_groups.isco08_major_group_name as isco_major_name

    from classified
    left join isco_groups
        on classified.isco_submajor_code = isco_groups.isco08_submajor_group_code
    left join isco_major_groups
        on classified.isco_major_code = isco_major_groups.isco08_major_group_code

),

populations as (

    select 'volwassenen' as population_code, with_labels.* from with_labels
    union all
    select 'werkenden' as population_code, with_labels.* from with_labels
    where is_employed

),

grouped as (

    {%- for group_type, code, label in [
        ('nederland', "'NL'", "'Nederland'"),
        ('opleidingsniveau', 'cast(education_level_code as ' ~ dbt.type_string() ~ ')',
            'education_level_name'),
        ('sector', 'sector_code', 'sector_name'),
        ('beroepshoofdgroep_isco', 'isco_major_code', 'isco_major_name'),
        ('beroepssubhoofdgroep_isco', 'isco_submajor_code', 'isco_submajor_name'),
    ] %}
    {%- if not loop.first %}
    union all
    {%- endif %}
    select
        '{{ group_type }}' as group_type,
        {{ code }} as group_code,
        {{ label }} as group_label,
        *
    from populations
    {%- if not loop.first %}
    where {{ code }} is not null
    {%- endif %}
    {%- endfor %}

),

{# One row per plausible-value column (e.g. 'literacy_pv1'): the unpivot key. -#}
pv_columns as (
    {%- for domain in domains %}
    {%- set outer_loop = loop %}
    {%- for pv in range(1, plausible_values + 1) %}

    select '{{ domain }}_pv{{ pv }}' as pv_column
    {%- if not (outer_loop.last and loop.last) %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- endfor %}

),

{# Scores in long format: one row per respondent record x plausible value; a missing
    score (a domain not measured in that cycle) has no row. -#}
unpivoted as (

    select
        grouped.wave,
        grouped.population_code,
        grouped.group_type,
        grouped.group_code,
        grouped.group_label,
        grouped.survey_weight,
        pv_columns.pv_column,
        case pv_columns.pv_column
            {%- for domain in domains %}
            {%- for pv in range(1, plausible_values + 1) %}
            when '{{ domain }}_pv{{ pv }}' then grouped.{{ domain }}_pv{{ pv }}
            {%- endfor %}
            {%- endfor %}
        end as score

    from grouped
    cross join pv_columns

),

scores as (

    select * from unpivoted
    where score is not null

),

per_plausible_value as (

    select
        {{ group_keys | join(', ') }},
        any_value(group_label) as group_label,
        regexp_extract(pv_column, '^(.*)_pv[0-9]+$', 1) as domain_code,
        pv_column,
        count(*) as n_unweighted,
        {{ effective_n('survey_weight') }} as n_effective,
        {{ weighted_mean('score', 'survey_weight') }} as mean_score,
        {{ weighted_variance('score', 'survey_weight') }} as score_variance,
        {{ weighted_share('cast(score < ' ~ low_cut ~ ' as integer)', 'survey_weight') }}
            as low_share

    from scores
    group by {{ group_keys | join(', ') }}, domain_code, pv_column

),

combined as (

    select
        {{ group_keys | join(', ') }},
        any_value(group_label) as group_label,
        domain_code,
        count(*) as n_plausible_values,
        max(n_unweighted) as n_unweighted,
        avg(n_effective) as n_effective,
        avg(mean_score) as mean_score,
        avg(score_variance / nullif(n_effective, 0)) as mean_within_variance,
        var_samp(mean_score) as mean_between_variance,
        avg(low_share) as low_share,
        avg(low_share * (1 - low_share) / nullif(n_effective, 0)) as low_within_variance,
        var_samp(low_share) as low_between_variance

    from per_plausible_value
    group by {{ group_keys | join(', ') }}, domain_code

),

{# statistic, value, within and between variance, and where the statistic is published -#}
statistics as (
    {%- for statistic, prefix, value, domain_filter in [
        ('gemiddelde', 'mean', 'mean_score', none),
        ('aandeel_niveau1_of_lager', 'low', 'low_share',
            "domain_code in ('literacy', 'numeracy', 'adaptive_problem_solving')"),
    ] %}
    {%- set total_variance = llo_rubin_total_variance(
        prefix ~ '_within_variance', prefix ~ '_between_variance', 'n_plausible_values'
    ) %}
    {%- if not loop.first %}

    union all
    {%- endif %}

    select
        wave,
        population_code,
        group_type,
        group_code,
        group_label,
        domain_code,
        '{{ statistic }}' as statistic,
        n_unweighted,
        {{ value }} as value,
        {{ total_variance }} as total_variance,
        {%- if prefix == 'mean' %}
        cast(null as double) as adjusted_n
        {%- else %}
        case
            when {{ prefix }}_within_variance > 0
                then n_effective * {{ prefix }}_within_variance / {{ total_variance }}
            else n_effective
        end as adjusted_n
        {%- endif %}

    from combined
    {%- if domain_filter is not none %}
    where {{ domain_filter }}
    {%- endif %}
    {%- endfor %}

),

{# Complementary suppression within each group type, and for the ISCO sub-major groups
    within their major group (first digit): the major group's n is published, so a single
    hidden sub-major group would follow from it. The sub-major groups of a hidden major group
    are hidden too, as the major group would follow from them. -#}
own_pattern as (

    select
        *,
        sqrt(total_variance) as value_standard_error,
        case
            when group_type = 'beroepssubhoofdgroep_isco' then left(group_code, 1)
        end as isco_major_of_group,
        {{ complementary_suppressed(
            'n_unweighted',
            'wave, population_code, domain_code, statistic, group_type, '
            ~ "case when group_type = 'beroepssubhoofdgroep_isco' then left(group_code, 1) end",
            'group_code',
        ) }} as is_hidden_own

    from statistics

),

controlled as (

    {{ hidden_with_parent(
        'own_pattern',
        "parent.group_type = 'beroepshoofdgroep_isco' "
        ~ 'and own_pattern.isco_major_of_group = parent.group_code',
        ['wave', 'population_code', 'domain_code', 'statistic'],
    ) }}

),

{{ share_or_mean_estimates_with_change(
    'controlled',
    [
        'wave', 'population_code', 'domain_code', 'statistic', 'group_type', 'group_code',
        'group_label',
    ],
    'value', 'value_standard_error', 'adjusted_n', "statistic <> 'gemiddelde'",
    'n_unweighted', 'piaac', hidden_flag='is_hidden',
    change_keys=['population_code', 'domain_code', 'statistic', 'group_type', 'group_code'],
    previous_wave_of='cell',
) }},

final as (

    select
        wave,
        cast(wave as {{ dbt.type_string() }}) as period,
        population_code,
        case population_code
            when 'volwassenen' then 'Volwassenen 16-65 jaar'
            else 'Werkenden 16-65 jaar'
        end as population_label,
        domain_code,
        case domain_code
            when 'literacy' then 'Geletterdheid (taalvaardigheid)'
            when 'numeracy' then 'Gecijferdheid (rekenvaardigheid)'
            when 'problem_solving' then 'Probleemoplossen in een technologierijke omgeving (2012)'
            else 'Adaptief probleemoplossen (2023)'
        end as domain_label,
        statistic,
        case statistic
            when 'gemiddelde' then 'Gemiddelde score'
            else 'Aandeel op of onder niveau 1 (< {{ low_cut }} punten)'
        end as statistic_label,
        case statistic
            when 'gemiddelde' then 'score (0-500)'
            else 'aandeel (0-1)'
        end as estimate_unit,
        group_type,
        group_code,
        group_label,
        {{ published_estimate_column_names() }},
        'direct' as method,
        'piaac' as source,
        {{ plausible_values }} as plausible_values,
        {{ change_column_names() }}

    from with_change

)

select * from final
