{#- Year filter of a microbatch model's current batch: `<column> >= <first year> and
    <column> < <year after>` while dbt builds one batch, `true` otherwise (parse, compile,
    docs). The microbatch models filter their inputs with it on the integer year rather
    than letting dbt filter on the staging models' event time: a filter on the stored year
    column lets DuckDB skip the row groups of every other year (zone maps), where a filter
    on a derived date reads every row of every year in every batch. -#}
{% macro batch_year_filter(year_column) -%}
    {%- set batch = model.get('batch') if model is mapping else none -%}
    {%- if batch and batch.get('event_time_start') and batch.get('event_time_end') -%}
        {{ year_column }} >= {{ (batch.get('event_time_start') | string)[:4] | int }}
        and {{ year_column }} < {{ (batch.get('event_time_end') | string)[:4] | int }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{#- Config of a model built one year per batch: incremental microbatch on year_start_date,
    one batch a year from 2003, no lookback. Both microbatch models use it, so that the
    year ranges the orchestration passes to a refresh mean the same batches in each:
    `{{ config(**yearly_microbatch_config()) }}`. -#}
{% macro yearly_microbatch_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'microbatch',
        'event_time': 'year_start_date',
        'batch_size': 'year',
        'begin': '2003-01-01',
        'lookback': 0,
    }) }}
{%- endmacro %}
