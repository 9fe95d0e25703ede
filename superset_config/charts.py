"""Chart and dashboard builders: dashboards as code, rendered into the Superset bundle.

A dashboard is described in ``dashboards.py`` with the builders below (a table, a bar chart,
a line over time, ...). ``render_dashboard`` turns it into the YAML a Superset export has:
chart files with ``params`` (what the frontend renders) and ``query_context`` (what the chart
data API, CSV export and annotation layers run), and the dashboard file with the layout and
native filters. ``python -m superset_config.bundle dashboards`` writes them; a test checks the
committed files equal the rendered ones. Only the standard library is needed.

Query contexts follow the frontend's ``buildQuery`` of each chart type closely enough that
``POST /api/v1/chart/data`` returns the same rows the dashboard shows.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from .mart_datasets import UUID_NAMESPACE, dataset_uuid

Metric = str | dict[str, Any]

# Charts and dashboards of the bundle are certified, so users can tell them from their own;
# provisioning also uses the mark to remove charts that a newer bundle no longer has.
CERTIFIER = "LLO-Radar"
CERTIFICATION = "Beheerd als code (superset_config/dashboards.py); wijzigingen via git."
Filter = str | tuple[str, str, Any]

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def sql_metric(label: str, expression: str) -> dict[str, Any]:
    """An ad-hoc SQL metric with a Dutch label (shown in legends and headers)."""
    return {
        "expressionType": "SQL",
        "sqlExpression": expression,
        "label": label,
        "hasCustomLabel": True,
        "optionName": "metric_" + uuid.uuid5(UUID_NAMESPACE, label + expression).hex[:12],
    }


def _metric_label(metric: Metric) -> str:
    return metric if isinstance(metric, str) else metric["label"]


def _adhoc_filters(filters: list[Filter]) -> list[dict[str, Any]]:
    adhoc = []
    for number, item in enumerate(filters):
        if isinstance(item, str):
            adhoc.append(
                {
                    "clause": "WHERE",
                    "expressionType": "SQL",
                    "filterOptionName": f"filter_{number}",
                    "isExtra": False,
                    "isNew": False,
                    "sqlExpression": item,
                }
            )
        else:
            column, operator, value = item
            adhoc.append(
                {
                    "clause": "WHERE",
                    "expressionType": "SIMPLE",
                    "filterOptionName": f"filter_{number}",
                    "isExtra": False,
                    "isNew": False,
                    "subject": column,
                    "operator": operator,
                    "operatorId": {
                        "==": "EQUALS",
                        "!=": "NOT_EQUALS",
                        "IN": "IN",
                        "NOT IN": "NOT_IN",
                        ">": "GREATER_THAN",
                        "<": "LESS_THAN",
                        "IS NOT NULL": "IS_NOT_NULL",
                        "IS NULL": "IS_NULL",
                    }[operator],
                    "comparator": value,
                }
            )
    return adhoc


def _query_filters(filters: list[Filter]) -> tuple[list[dict[str, Any]], str]:
    """Simple filters as query ``filters``, SQL filters ANDed into ``extras.where``."""
    simple = []
    where = []
    for item in filters:
        if isinstance(item, str):
            where.append(f"({item})")
        else:
            column, operator, value = item
            entry = {"col": column, "op": operator}
            if operator not in ("IS NOT NULL", "IS NULL"):
                entry["val"] = value
            simple.append(entry)
    return simple, " AND ".join(where)


def _base_query(filters: list[Filter], row_limit: int) -> dict[str, Any]:
    simple, where = _query_filters(filters)
    return {
        "annotation_layers": [],
        "applied_time_extras": {},
        "custom_form_data": {},
        "custom_params": {},
        "extras": {"having": "", "where": where},
        "filters": simple,
        "order_desc": True,
        "row_limit": row_limit,
        "series_limit": 0,
        "time_offsets": [],
        "url_params": {},
    }


def _axis_column(column: str, time_grain: str | None = None) -> dict[str, Any]:
    axis: dict[str, Any] = {
        "columnType": "BASE_AXIS",
        "expressionType": "SQL",
        "isColumnReference": True,
        "label": column,
        "sqlExpression": column,
    }
    if time_grain:
        axis["timeGrain"] = time_grain
    return axis


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


@dataclass
class Chart:
    """One chart: its form data (``params``) and the query objects of its query context."""

    key: str
    title: str
    description: str
    viz_type: str
    dataset: str
    params: dict[str, Any]
    queries: list[dict[str, Any]]
    width: int = 6
    height: int = 50
    uuid: str | None = None
    # Annotation layers that point at another chart by key; filled in at provisioning.
    annotations: list[dict[str, Any]] = field(default_factory=list)

    def form_data(self) -> dict[str, Any]:
        return {"datasource": "1__table", "viz_type": self.viz_type, **self.params}


def table(
    key: str,
    title: str,
    dataset: str,
    columns: list[str],
    *,
    description: str,
    headers: dict[str, str] | None = None,
    order_by: list[tuple[str, bool]] | None = None,
    filters: list[Filter] | None = None,
    row_limit: int = 1000,
    page_length: int = 0,
    search: bool = False,
    right_align: tuple[str, ...] = (),
    widths: dict[str, int] | None = None,
    width: int = 12,
    height: int = 50,
    uuid: str | None = None,
) -> Chart:
    """A table of rows as they are in the mart (raw mode): the workhorse for estimates with
    their interval, n and reliability as text, so suppressed cells read 'onderdrukt'."""
    filters = filters or []
    order_by = order_by or []
    headers = headers or {}
    column_config: dict[str, Any] = {}
    for column in columns:
        config: dict[str, Any] = {}
        if column in headers:
            config["customColumnName"] = headers[column]
        if column in (widths or {}):
            config["columnWidth"] = (widths or {})[column]
        if column in right_align or (
            column.endswith("_label")
            and (column.startswith(("estimate", "interval", "n_unweighted")))
        ):
            config["horizontalAlign"] = "right"
        if config:
            column_config[column] = config
    params = {
        "query_mode": "raw",
        "groupby": [],
        "metrics": [],
        "all_columns": columns,
        "percent_metrics": [],
        "adhoc_filters": _adhoc_filters(filters),
        "order_by_cols": [json.dumps([column, ascending]) for column, ascending in order_by],
        "order_desc": True,
        "server_pagination": False,
        "server_page_length": 10,
        "row_limit": row_limit,
        "table_timestamp_format": "%d-%m-%Y",
        "page_length": page_length,
        "include_search": search,
        "allow_rearrange_columns": False,
        "allow_render_html": False,
        "column_config": column_config,
        "show_cell_bars": False,
        "align_pn": False,
        "color_pn": False,
        "conditional_formatting": [],
        "temporal_columns_lookup": {},
        "extra_form_data": {},
    }
    query = _base_query(filters, row_limit)
    query.update(
        {
            "columns": columns,
            "orderby": [[column, ascending] for column, ascending in order_by],
            "post_processing": [],
        }
    )
    return Chart(key, title, description, "table", dataset, params, [query], width, height, uuid)


def _timeseries(
    viz_type: str,
    key: str,
    title: str,
    dataset: str,
    x: str,
    metrics: list[Metric],
    *,
    description: str,
    groupby: list[str],
    filters: list[Filter],
    y_format: str,
    y_title: str,
    x_title: str,
    row_limit: int,
    width: int,
    height: int,
    uuid: str | None,
    extra_params: dict[str, Any],
    time_grain: str | None,
    sort_by_metric: bool,
    sort_ascending: bool,
) -> Chart:
    labels = [_metric_label(metric) for metric in metrics]
    params: dict[str, Any] = {
        "x_axis": x,
        "xAxisForceCategorical": False,
        "metrics": metrics,
        "groupby": groupby,
        "adhoc_filters": _adhoc_filters(filters),
        "order_desc": True,
        "row_limit": row_limit,
        "truncate_metric": True,
        "show_empty_columns": True,
        "comparison_type": "values",
        "annotation_layers": [],
        "forecastEnabled": False,
        "x_axis_title": x_title,
        "x_axis_title_margin": 30 if x_title else 15,
        "y_axis_title": y_title,
        "y_axis_title_margin": 50 if y_title else 15,
        "y_axis_title_position": "Left",
        "color_scheme": "supersetColors",
        "show_legend": bool(groupby) or len(metrics) > 1,
        "legendType": "scroll",
        "legendOrientation": "top",
        "x_axis_time_format": "%Y",
        "y_axis_format": y_format,
        "rich_tooltip": True,
        "showTooltipTotal": False,
        "showTooltipPercentage": False,
        "tooltipTimeFormat": "%Y",
        "truncateXAxis": True,
        "truncateYAxis": False,
        "y_axis_bounds": [None, None],
        "zoomable": False,
        "extra_form_data": {},
    }
    if time_grain:
        params["time_grain_sqla"] = time_grain
    if sort_by_metric and not groupby:
        params["x_axis_sort"] = labels[0]
        params["x_axis_sort_asc"] = sort_ascending
    params.update(extra_params)
    post_processing: list[dict[str, Any]] = [
        {
            "operation": "pivot",
            "options": {
                "aggregates": {label: {"operator": "mean"} for label in labels},
                "columns": groupby,
                "drop_missing_columns": False,
                "index": [x],
            },
        }
    ]
    if len(metrics) == 1 and groupby:
        post_processing.append(
            {
                "operation": "rename",
                "options": {"columns": {labels[0]: None}, "level": 0, "inplace": True},
            }
        )
    if sort_by_metric and not groupby:
        post_processing.append(
            {"operation": "sort", "options": {"by": labels[0], "ascending": sort_ascending}}
        )
    post_processing.append({"operation": "flatten"})
    query = _base_query(filters, row_limit)
    query.update(
        {
            "columns": [_axis_column(x, time_grain), *groupby],
            "metrics": metrics,
            "orderby": [[metrics[0], False]],
            "series_columns": groupby,
            "post_processing": post_processing,
        }
    )
    return Chart(key, title, description, viz_type, dataset, params, [query], width, height, uuid)


def bar(
    key: str,
    title: str,
    dataset: str,
    x: str,
    metrics: list[Metric],
    *,
    description: str,
    groupby: list[str] | None = None,
    filters: list[Filter] | None = None,
    y_format: str = ".1%",
    y_title: str = "",
    x_title: str = "",
    horizontal: bool = True,
    stack: bool = False,
    show_value: bool = True,
    sort_by_metric: bool = True,
    label_rotation: int = 0,
    row_limit: int = 1000,
    width: int = 6,
    height: int = 50,
    uuid: str | None = None,
) -> Chart:
    """Bars per category (x), one series per metric or per ``groupby`` value.

    Bars are sorted by the first metric when there is no ``groupby`` (the largest on top);
    with ``groupby`` the categories are in alphabetical order.
    """
    return _timeseries(
        "echarts_timeseries_bar",
        key,
        title,
        dataset,
        x,
        metrics,
        description=description,
        groupby=groupby or [],
        filters=filters or [],
        y_format=y_format,
        y_title=y_title,
        x_title=x_title,
        row_limit=row_limit,
        width=width,
        height=height,
        uuid=uuid,
        time_grain=None,
        sort_by_metric=sort_by_metric,
        # Horizontal bars are drawn bottom-up: ascending puts the largest on top.
        sort_ascending=horizontal,
        extra_params={
            "orientation": "horizontal" if horizontal else "vertical",
            "show_value": show_value,
            "stack": "Stack" if stack else None,
            "only_total": True,
            "percentage_threshold": 0,
            "xAxisLabelRotation": label_rotation,
            "xAxisLabelInterval": 0 if horizontal or label_rotation else "auto",
            "x_axis_number_format": "~g",
            # Labels are measured before the web font is loaded and then drawn wider:
            # extra room on the label side keeps long category names readable.
            "echart_options": (
                "{ grid: { left: 48 }, xAxis: { splitNumber: 4 } }" if horizontal else "{}"
            ),
        },
    )


def line(
    key: str,
    title: str,
    dataset: str,
    x: str,
    metrics: list[Metric],
    *,
    description: str,
    groupby: list[str] | None = None,
    filters: list[Filter] | None = None,
    y_format: str = ".0%",
    y_title: str = "",
    x_title: str = "",
    events: str | None = None,
    row_limit: int = 10000,
    width: int = 6,
    height: int = 50,
    uuid: str | None = None,
) -> Chart:
    """A line over time (x: a date column of a year or wave), with markers on every point.

    ``events``: key of a table chart on ``rpt_policy_events`` whose rows are drawn as event
    lines (policy events on the time axis). The layer needs that chart's id on this instance,
    so provisioning adds it after the import.
    """
    chart = _timeseries(
        "echarts_timeseries_line",
        key,
        title,
        dataset,
        x,
        metrics,
        description=description,
        groupby=groupby or [],
        filters=filters or [],
        y_format=y_format,
        y_title=y_title,
        x_title=x_title,
        row_limit=row_limit,
        width=width,
        height=height,
        uuid=uuid,
        time_grain="P1D",
        sort_by_metric=False,
        sort_ascending=True,
        extra_params={
            "seriesType": "line",
            "markerEnabled": True,
            "markerSize": 6,
            "opacity": 0.2,
            "area": False,
            "logAxis": False,
            "minorSplitLine": False,
            "xAxisLabelRotation": 0,
        },
    )
    if events:
        chart.annotations.append(
            {
                "name": "Beleidsgebeurtenissen",
                "annotationType": "EVENT",
                "sourceType": "table",
                "source_chart_key": events,
                "overrides": {"time_range": None},
                "show": True,
                "showLabel": False,
                "showMarkers": False,
                "hideLine": False,
                "timeColumn": "start_date",
                "titleColumn": "event_name",
                "descriptionColumns": ["event_type_label", "description"],
                "intervalEndColumn": "",
                "color": "#7f7f7f",
                "opacity": "opacityMedium",
                "style": "dashed",
                "width": 1,
            }
        )
    return chart


def big_number(
    key: str,
    title: str,
    dataset: str,
    metric: Metric,
    *,
    description: str,
    subheader: str,
    filters: list[Filter] | None = None,
    y_format: str = ".1%",
    width: int = 3,
    height: int = 25,
    uuid: str | None = None,
) -> Chart:
    filters = filters or []
    params = {
        "metric": metric,
        "adhoc_filters": _adhoc_filters(filters),
        "header_font_size": 0.3,
        "subheader": subheader,
        "subheader_font_size": 0.125,
        "y_axis_format": y_format,
        "time_format": "smart_date",
        "force_timestamp_formatting": False,
        "extra_form_data": {},
    }
    query = _base_query(filters, 10)
    query.update({"columns": [], "metrics": [metric], "orderby": [], "post_processing": []})
    query.pop("row_limit")
    return Chart(
        key, title, description, "big_number_total", dataset, params, [query], width, height, uuid
    )


def country_map(
    key: str,
    title: str,
    dataset: str,
    entity: str,
    metric: Metric,
    *,
    description: str,
    filters: list[Filter] | None = None,
    number_format: str = ".1%",
    width: int = 6,
    height: int = 60,
    uuid: str | None = None,
) -> Chart:
    """The Netherlands by province (ISO 3166-2 codes NL-ZH, ...), shaded by the metric."""
    filters = filters or []
    params = {
        "select_country": "netherlands",
        "entity": entity,
        "metric": metric,
        "adhoc_filters": _adhoc_filters(filters),
        "row_limit": 100,
        "number_format": number_format,
        "linear_color_scheme": "superset_seq_1",
        "extra_form_data": {},
    }
    query = _base_query(filters, 100)
    query.update({"columns": [entity], "metrics": [metric], "orderby": [], "post_processing": []})
    return Chart(
        key, title, description, "country_map", dataset, params, [query], width, height, uuid
    )


def region_polygons(
    key: str,
    title: str,
    dataset: str,
    polygon_column: str,
    metric: Metric,
    *,
    description: str,
    tooltip_columns: list[str],
    filters: list[Filter] | None = None,
    width: int = 12,
    height: int = 90,
    uuid: str | None = None,
) -> Chart:
    """Polygons from a GeoJSON column (deck.gl), shaded by the metric, over the Netherlands.

    The base map is OpenStreetMap tiles: offline the tiles stay blank and the polygons are
    still drawn (they need no tiles)."""
    filters = [*(filters or []), (polygon_column, "IS NOT NULL", None)]
    params = {
        "line_column": polygon_column,
        "line_type": "json",
        "metric": metric,
        "point_radius_fixed": {"type": "fix", "value": 0},
        "js_columns": tooltip_columns,
        "adhoc_filters": _adhoc_filters(filters),
        "row_limit": 1000,
        "filled": True,
        "stroked": True,
        "extruded": False,
        "line_width": 1,
        "line_width_unit": "pixels",
        "fill_color_picker": {"r": 31, "g": 119, "b": 180, "a": 1},
        "stroke_color_picker": {"r": 255, "g": 255, "b": 255, "a": 1},
        "linear_color_scheme": "blue_white_yellow",
        "opacity": 80,
        "legend_position": "tr",
        "legend_format": ",d",
        "reverse_long_lat": False,
        "mapbox_style": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "viewport": {"longitude": 5.3, "latitude": 52.2, "zoom": 6.3, "bearing": 0, "pitch": 0},
        "filter_nulls": True,
        "extra_form_data": {},
    }
    query = _base_query(filters, 1000)
    query.update(
        {
            "columns": [polygon_column, *tooltip_columns],
            "metrics": [metric],
            "orderby": [],
            "is_timeseries": False,
            "post_processing": [],
        }
    )
    return Chart(
        key, title, description, "deck_polygon", dataset, params, [query], width, height, uuid
    )


def heatmap(
    key: str,
    title: str,
    dataset: str,
    x: str,
    y: str,
    metric: Metric,
    *,
    description: str,
    filters: list[Filter] | None = None,
    value_format: str = ".2f",
    normalize_across: str = "heatmap",
    sort_x: str = "alpha_asc",
    sort_y: str = "alpha_asc",
    row_limit: int = 10000,
    width: int = 12,
    height: int = 80,
    uuid: str | None = None,
) -> Chart:
    filters = filters or []
    params = {
        "x_axis": x,
        "groupby": [y],
        "metric": metric,
        "adhoc_filters": _adhoc_filters(filters),
        "row_limit": row_limit,
        "sort_x_axis": sort_x,
        "sort_y_axis": sort_y,
        "normalize_across": normalize_across,
        "legend_type": "continuous",
        "linear_color_scheme": "superset_seq_1",
        "xscale_interval": 1,
        "yscale_interval": 1,
        "xAxisLabelRotation": 45,
        "left_margin": 40,
        "bottom_margin": 40,
        "value_bounds": [None, None],
        "y_axis_format": value_format,
        "x_axis_time_format": "%Y",
        "show_legend": True,
        "show_percentage": False,
        "show_values": True,
        "normalized": False,
        "extra_form_data": {},
    }
    query = _base_query(filters, row_limit)
    query.update(
        {
            "columns": [_axis_column(x), y],
            "metrics": [metric],
            "orderby": [[metric, False]],
            "post_processing": [],
        }
    )
    return Chart(
        key, title, description, "heatmap_v2", dataset, params, [query], width, height, uuid
    )


def bubble(
    key: str,
    title: str,
    dataset: str,
    *,
    entity: str,
    series: str,
    x: Metric,
    y: Metric,
    size: Metric,
    description: str,
    filters: list[Filter] | None = None,
    x_format: str = ",.0f",
    y_format: str = ".0%",
    x_title: str = "",
    y_title: str = "",
    width: int = 6,
    height: int = 60,
    uuid: str | None = None,
) -> Chart:
    filters = filters or []
    params = {
        "entity": entity,
        "series": series,
        "x": x,
        "y": y,
        "size": size,
        "adhoc_filters": _adhoc_filters(filters),
        "row_limit": 1000,
        "order_desc": True,
        "color_scheme": "supersetColors",
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "top",
        "max_bubble_size": "25",
        "tooltipSizeFormat": ",d",
        "opacity": 0.6,
        "x_axis_label": x_title,
        "x_axis_title_margin": 30,
        "xAxisFormat": x_format,
        "y_axis_label": y_title,
        "y_axis_title_margin": 60,
        "y_axis_format": y_format,
        "logXAxis": False,
        "logYAxis": False,
        "truncateXAxis": False,
        "truncateYAxis": True,
        "y_axis_bounds": [None, None],
        "extra_form_data": {},
    }
    query = _base_query(filters, 1000)
    query.update(
        {
            "columns": [entity, series],
            "metrics": [x, y, size],
            "orderby": [[size, False]],
            "post_processing": [],
        }
    )
    return Chart(
        key, title, description, "bubble_v2", dataset, params, [query], width, height, uuid
    )


def pivot(
    key: str,
    title: str,
    dataset: str,
    metrics: list[Metric],
    *,
    description: str,
    rows: list[str] | None = None,
    columns: list[str] | None = None,
    filters: list[Filter] | None = None,
    metrics_as_rows: bool = True,
    value_format: str = "SMART_NUMBER",
    width: int = 6,
    height: int = 50,
    uuid: str | None = None,
) -> Chart:
    """A pivot table; with ``metrics_as_rows`` each figure is a row and each group a column
    (the region next to the Netherlands)."""
    filters = filters or []
    rows = rows or []
    columns = columns or []
    params = {
        "groupbyRows": rows,
        "groupbyColumns": columns,
        "metrics": metrics,
        "metricsLayout": "ROWS" if metrics_as_rows else "COLUMNS",
        "adhoc_filters": _adhoc_filters(filters),
        "row_limit": 10000,
        "order_desc": True,
        "aggregateFunction": "Sum",
        "valueFormat": value_format,
        "currency_format": None,
        "date_format": "smart_date",
        "rowOrder": "key_a_to_z",
        "colOrder": "key_a_to_z",
        "rowTotals": False,
        "colTotals": False,
        "rowSubTotals": False,
        "colSubTotals": False,
        "transposePivot": False,
        "combineMetric": False,
        "conditional_formatting": [],
        "extra_form_data": {},
    }
    query = _base_query(filters, 10000)
    query.update(
        {
            "columns": [*rows, *columns],
            "metrics": metrics,
            "orderby": [[metrics[0], False]],
            "post_processing": [],
        }
    )
    return Chart(
        key, title, description, "pivot_table_v2", dataset, params, [query], width, height, uuid
    )


# ---------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------


@dataclass
class Markdown:
    key: str
    text: str
    width: int = 4
    height: int = 50


@dataclass
class Column:
    """Charts and text stacked vertically next to other items of a row."""

    key: str
    items: list[Chart | Markdown]
    width: int = 8


@dataclass
class NativeFilter:
    """A select filter on one column; it filters every chart in scope whose dataset has a
    column of that name (charts without the column ignore it)."""

    key: str
    name: str
    dataset: str
    column: str
    description: str
    default: list[Any] | None = None
    first_item: bool = False
    multi: bool = False
    required: bool = False
    sort_ascending: bool = True
    excluded: list[str] = field(default_factory=list)  # chart keys out of scope
    parent: str | None = None  # key of the filter this one cascades from


@dataclass
class Dashboard:
    slug: str
    title: str
    rows: list[list[Chart | Markdown | Column]]
    filters: list[NativeFilter] = field(default_factory=list)
    uuid: str | None = None
    description: str = ""
    # Fixed colours for labels that mean the same on every chart (e.g. 'onderdrukt': grey).
    label_colors: dict[str, str] = field(default_factory=dict)

    @property
    def charts(self) -> list[Chart]:
        found = []
        for row in self.rows:
            for item in row:
                for inner in item.items if isinstance(item, Column) else [item]:
                    if isinstance(inner, Chart):
                        found.append(inner)
        return found


def chart_uuid(dashboard: Dashboard, chart: Chart) -> str:
    return chart.uuid or str(uuid.uuid5(UUID_NAMESPACE, f"chart:{dashboard.slug}/{chart.key}"))


def dashboard_uuid(dashboard: Dashboard) -> str:
    return dashboard.uuid or str(uuid.uuid5(UUID_NAMESPACE, f"dashboard:{dashboard.slug}"))


def chart_node_id(chart: Chart) -> str:
    return "CHART-" + chart.key.replace("_", "-")


def _chart_ids(dashboard: Dashboard) -> dict[str, int]:
    """chartId per chart key: 1..n in the order of the position keys (like an export)."""
    node_ids = sorted(chart_node_id(chart) for chart in dashboard.charts)
    by_node = {node_id: number for number, node_id in enumerate(node_ids, start=1)}
    return {chart.key: by_node[chart_node_id(chart)] for chart in dashboard.charts}


def render_chart(
    dashboard: Dashboard, chart: Chart, chart_uuids: dict[str, str] | None = None
) -> dict[str, Any]:
    form_data = chart.form_data()
    query_context = {
        "datasource": {"id": 1, "type": "table"},
        "force": False,
        "form_data": form_data,
        "queries": chart.queries,
        "result_format": "json",
        "result_type": "full",
    }
    params = dict(form_data)
    if chart.annotations:
        # The importer keeps only formula annotations, and a layer from a chart needs that
        # chart's id on this instance: the bundle names the source chart by UUID and
        # provisioning writes the layer into `annotation_layers` after the import.
        params["llo_annotation_layers"] = [
            {
                **{key: value for key, value in layer.items() if key != "source_chart_key"},
                "source_chart_uuid": (chart_uuids or {})[layer["source_chart_key"]],
            }
            for layer in chart.annotations
        ]
    return {
        "slice_name": chart.title,
        "description": chart.description,
        "certified_by": CERTIFIER,
        "certification_details": CERTIFICATION,
        "viz_type": chart.viz_type,
        "params": params,
        "query_context": json.dumps(query_context, sort_keys=True, ensure_ascii=False, indent=2),
        "cache_timeout": None,
        "uuid": chart_uuid(dashboard, chart),
        "version": "1.0.0",
        "dataset_uuid": dataset_uuid(chart.dataset),
    }


def _position(dashboard: Dashboard) -> dict[str, Any]:
    chart_ids = _chart_ids(dashboard)
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"children": ["GRID_ID"], "id": "ROOT_ID", "type": "ROOT"},
        "HEADER_ID": {"id": "HEADER_ID", "meta": {"text": dashboard.title}, "type": "HEADER"},
        "GRID_ID": {"children": [], "id": "GRID_ID", "parents": ["ROOT_ID"], "type": "GRID"},
    }
    for number, row in enumerate(dashboard.rows, start=1):
        row_id = f"ROW-{number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "children": [],
            "id": row_id,
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
            "parents": ["ROOT_ID", "GRID_ID"],
            "type": "ROW",
        }
        if sum(item.width for item in row) > 12:
            raise ValueError(f"{dashboard.slug}: row {number} is wider than 12 columns")
        for item in row:
            parents = ["ROOT_ID", "GRID_ID", row_id]
            if isinstance(item, Column):
                column_id = "COLUMN-" + item.key.replace("_", "-")
                position[column_id] = {
                    "children": [],
                    "id": column_id,
                    "meta": {"background": "BACKGROUND_TRANSPARENT", "width": item.width},
                    "parents": parents,
                    "type": "COLUMN",
                }
                position[row_id]["children"].append(column_id)
                for inner in item.items:
                    inner.width = item.width
                    node_id = _leaf(position, dashboard, inner, [*parents, column_id], chart_ids)
                    position[column_id]["children"].append(node_id)
            else:
                position[row_id]["children"].append(
                    _leaf(position, dashboard, item, parents, chart_ids)
                )
    return position


def _leaf(
    position: dict[str, Any],
    dashboard: Dashboard,
    item: Chart | Markdown,
    parents: list[str],
    chart_ids: dict[str, int],
) -> str:
    if isinstance(item, Markdown):
        node_id = "MARKDOWN-" + item.key.replace("_", "-")
        position[node_id] = {
            "children": [],
            "id": node_id,
            "meta": {"width": item.width, "height": item.height, "code": item.text},
            "parents": parents,
            "type": "MARKDOWN",
        }
        return node_id
    node_id = chart_node_id(item)
    position[node_id] = {
        "children": [],
        "id": node_id,
        "meta": {
            "chartId": chart_ids[item.key],
            "width": item.width,
            "height": item.height,
            "sliceName": item.title,
            "uuid": chart_uuid(dashboard, item),
        },
        "parents": parents,
        "type": "CHART",
    }
    return node_id


def _native_filter(dashboard: Dashboard, native: NativeFilter) -> dict[str, Any]:
    chart_ids = _chart_ids(dashboard)
    unknown = [key for key in native.excluded if key not in chart_ids]
    if unknown:
        raise ValueError(f"{dashboard.slug}: filter {native.key} excludes unknown {unknown}")
    data_mask: dict[str, Any] = {"extraFormData": {}, "filterState": {}, "ownState": {}}
    if native.default:
        data_mask = {
            "extraFormData": {
                "filters": [{"col": native.column, "op": "IN", "val": native.default}]
            },
            "filterState": {
                "label": ", ".join(str(value) for value in native.default),
                "value": native.default,
            },
            "ownState": {},
        }
    return {
        "id": f"NATIVE_FILTER-{native.key}",
        "name": native.name,
        "description": native.description,
        "filterType": "filter_select",
        **({"requiredFirst": True} if native.first_item else {}),
        "type": "NATIVE_FILTER",
        "targets": [
            {"column": {"name": native.column}, "datasetUuid": dataset_uuid(native.dataset)}
        ],
        "controlValues": {
            "enableEmptyFilter": native.required,
            "defaultToFirstItem": native.first_item,
            "multiSelect": native.multi,
            "searchAllOptions": False,
            "inverseSelection": False,
            "sortAscending": native.sort_ascending,
        },
        "defaultDataMask": data_mask,
        "cascadeParentIds": [f"NATIVE_FILTER-{native.parent}"] if native.parent else [],
        "scope": {
            "rootPath": ["ROOT_ID"],
            "excluded": sorted(chart_ids[key] for key in native.excluded),
        },
    }


def render_dashboard(dashboard: Dashboard) -> dict[str, Any]:
    return {
        "dashboard_title": dashboard.title,
        "description": dashboard.description or None,
        "css": "",
        "slug": dashboard.slug,
        "certified_by": CERTIFIER,
        "certification_details": CERTIFICATION,
        "published": True,
        "uuid": dashboard_uuid(dashboard),
        "position": _position(dashboard),
        "metadata": {
            "color_scheme": "",
            "color_scheme_domain": [],
            "label_colors": dashboard.label_colors,
            "shared_label_colors": [],
            "map_label_colors": {},
            "cross_filters_enabled": False,
            "refresh_frequency": 0,
            "timed_refresh_immune_slices": [],
            "expanded_slices": {},
            "chart_configuration": {},
            "global_chart_configuration": {
                "scope": {"rootPath": ["ROOT_ID"], "excluded": []},
            },
            "native_filter_configuration": [
                _native_filter(dashboard, native) for native in dashboard.filters
            ],
        },
        "theme_uuid": None,
        "version": "1.0.0",
    }


def render(dashboards: list[Dashboard]) -> dict[str, dict[str, Any]]:
    """Relative bundle path -> config for every chart and dashboard."""
    files: dict[str, dict[str, Any]] = {}
    chart_uuids = {
        f"{dashboard.slug}/{chart.key}": chart_uuid(dashboard, chart)
        for dashboard in dashboards
        for chart in dashboard.charts
    }
    for dashboard in dashboards:
        keys = [chart.key for chart in dashboard.charts]
        if len(keys) != len(set(keys)):
            raise ValueError(f"{dashboard.slug}: duplicate chart keys")
        for chart in dashboard.charts:
            for layer in chart.annotations:
                if layer["source_chart_key"] not in chart_uuids:
                    raise ValueError(f"{chart.key}: unknown annotation source")
            files[f"charts/{dashboard.slug}/{chart.key}.yaml"] = render_chart(
                dashboard, chart, chart_uuids
            )
        files[f"dashboards/{dashboard.slug}.yaml"] = render_dashboard(dashboard)
    return files
