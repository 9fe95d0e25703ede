"""Superset datasets generated from the dbt manifest: one dataset per published mart.

The dbt project is the single source of truth for what a mart column means. This module turns
every model with ``config.schema == 'marts'`` into a Superset dataset YAML:

* Dutch verbose names from ``meta.label``; descriptions from the dbt descriptions plus the
  unit from ``meta.unit`` (a Dutch ``meta.description_nl`` wins over the dbt description);
* display columns calculated in SQL, so that a suppressed cell reads ``onderdrukt`` and an
  indicative one ``(indicatief)`` instead of a bare NULL or a number (a chart would show NULL
  as empty or N/A, and a sum as 0);
* a date column per year or wave (1 July of that year) for time axes and annotations;
* saved metrics for the common measures: the mean of each measure column (one row: the value
  itself), a mean weighted with the mart's person count where that is meaningful, sums of the
  person counts and of the unweighted n, the number and share of suppressed cells, row count;
* ``certified_by: dbt`` with the model and column it comes from on every dataset and metric.

UUIDs are uuid5 of the table name, so regenerating never changes them. Only the standard
library and PyYAML are needed (pipeline venv for the tests, Superset venv for provisioning).

    .venv/bin/python -m superset_config.bundle datasets [--manifest PATH]
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATABASE_UUID = "ffd7e41c-1431-4049-8ed6-7d844211f650"
DATASET_FOLDER = "datasets/llo_radar_serving"
MARTS_SCHEMA = "marts"
UUID_NAMESPACE = uuid.UUID("5b0f4c0e-2f5e-4a43-9a55-1c3d3f6a9e21")
CERTIFIER = "dbt"

HEADER = (
    "# Generated from the dbt manifest by `python -m superset_config.bundle datasets`;\n"
    "# do not edit. Change the model's docs (description, meta.label, meta.unit) in\n"
    "# dbt_project/models/marts/ and regenerate. Dataset on marts.{table} (same name end to end).\n"
)

# Label columns that get a "(indicatief)" / "(onderdrukt)" marked twin for chart axes and legends.
MARKED_LABEL_COLUMNS = (
    "group_label",
    "region_name",
    "sector_label",
    "occupation_label",
    "to_occupation_label",
    "task_name",
    "task_domain_name",
    "item_label",
    "indicator_label",
    "domain_label",
    "comparison_label",
    "course_group_label",
    "source_label",
    "series_label",
)

# Person counts that weight a mart's estimate (same grain as the estimate), in preference order.
WEIGHT_COLUMNS = (
    "population_persons",
    "employed_persons",
    "workers_persons",
    "employment_start_persons",
)

# Extra calculated columns for a few marts, so dashboards can share one filter or show a
# classification that is NULL for suppressed cells.
EXTRA_COLUMNS: dict[str, list[dict[str, Any]]] = {
    "rpt_course_participation_ebb_by_region": [
        {
            "column_name": "group_label",
            "verbose_name": "Regio (dashboardfilter)",
            "type": "VARCHAR",
            "expression": "region_name",
            "description": (
                "Naam van de regio of Nederland, onder dezelfde kolomnaam als in de andere "
                "marts, zodat het dashboardfilter Regio ook deze grafieken filtert."
            ),
        },
    ],
    "rpt_skills_by_task": [
        {
            "column_name": "task_name_change_marked",
            "verbose_name": "Taak (* = significant veranderd sinds 2012)",
            "type": "VARCHAR",
            "expression": (
                "task_name || CASE WHEN change_since_2012_is_significant THEN ' *' ELSE '' END"
            ),
            "description": (
                "Taak, met een sterretje als de verandering sinds 2012 significant is (5%)."
            ),
        },
    ],
    "rpt_llo_market_matrix": [
        {
            "column_name": "scenario_display",
            "verbose_name": "Scenario (weergave)",
            "type": "VARCHAR",
            "expression": (
                "CASE WHEN suppressed THEN 'onderdrukt' "
                "ELSE coalesce(scenario_label, 'geen classificatie') END"
            ),
            "description": (
                "Scenario van de 2x2-matrix; 'onderdrukt' als de cel niet gepubliceerd wordt."
            ),
        },
    ],
}

# Further figures that dashboard tables show as text ('onderdrukt' instead of an empty cell).
# mart -> {column: text when NULL}; the format follows the column's unit.
DISPLAY_COLUMNS: dict[str, dict[str, str]] = {
    "rpt_llo_market_matrix": {
        "demand_level": "onderdrukt",
        "supply_level": "onderdrukt",
        "scenario_interpretation": "onderdrukt: geen scenario",
        "supply_courses_per_1000_jobs": "onderdrukt",
        "demand_threshold": "onderdrukt",
        "supply_threshold": "onderdrukt",
    },
    "rpt_occupation_forecasts": {
        "job_openings_persons": "onderdrukt",
        "employment_start_persons": "onderdrukt",
    },
    "rpt_occupation_transitions": {
        "distance_rank": "onderdrukt",
        "learning_need_tasks": "onderdrukt",
        "significant_learning_need_tasks": "onderdrukt",
    },
    "rpt_policy_events": {"end_date": "geen einddatum", "start_date": "onbekend"},
    "rpt_quality_checks": {"details": "geen"},
    "rpt_publication_summary": {
        "cells_suppressed": "n.v.t.",
        "cells_indicative": "n.v.t.",
        "share_suppressed": "n.v.t.",
    },
}

# Tables in schema marts of the serving database that are not dbt models: the publish step
# (orchestration/defs/serving/publish.py) writes them next to the marts. Documented here in
# the manifest's shape so they get a dataset like every mart; certified by the publish step.
PUBLISH_STEP = "LLO-Radar publicatiestap"
PUBLISHED_BY_PUBLISH_STEP: list[dict[str, Any]] = [
    {
        "name": "rpt_publication_summary",
        "resource_type": "model",
        "config": {"schema": "marts"},
        "certified_by": PUBLISH_STEP,
        "meta": {
            "label": "Publicatieoverzicht: onderdrukte en indicatieve cellen per mart",
            "answers": "Datakwaliteit: hoeveel cellen de geheimhouding verbergt",
            "description_nl": (
                "Eén rij per gepubliceerde tabel: het aantal gepubliceerde rijen, hoeveel "
                "daarvan onderdrukt zijn (geheimhouding) en hoeveel 'indicatief'; aantallen "
                "cellen, geen personen. Geschreven door de publicatiestap, niet door dbt."
            ),
        },
        "description": (
            "One row per published table: the rows published, how many are suppressed "
            "(disclosure control) and how many 'indicatief'; counts of cells, not persons. "
            "Written by the publish step (orchestration/defs/serving/publish.py), not by dbt."
        ),
        "columns": {
            "table_name": {
                "description": "Published table (mart) in schema marts.",
                "meta": {
                    "label": "Tabel",
                    "unit": None,
                    "description_nl": ("Gepubliceerde tabel (mart) in het schema marts."),
                },
            },
            "rows_published": {
                "description": "Rows (cells) published in the table.",
                "meta": {
                    "label": "Gepubliceerde rijen",
                    "unit": "aantal",
                    "description_nl": ("Aantal gepubliceerde rijen (cellen) in de tabel."),
                },
            },
            "cells_suppressed": {
                "description": (
                    "Rows with suppressed = true; NULL when the table has no such column."
                ),
                "meta": {
                    "label": "Onderdrukte cellen",
                    "unit": "aantal",
                    "description_nl": (
                        "Rijen met suppressed = true (onderdrukt). "
                        "Leeg als de tabel die kolom niet heeft."
                    ),
                },
            },
            "cells_indicative": {
                "description": "Rows with reliability 'indicatief'; NULL without that column.",
                "meta": {
                    "label": "Indicatieve cellen",
                    "unit": "aantal",
                    "description_nl": (
                        "Rijen met betrouwbaarheid 'indicatief'. "
                        "Leeg als de tabel die kolom niet heeft."
                    ),
                },
            },
            "share_suppressed": {
                "description": "Suppressed rows as a share of the rows published.",
                "meta": {
                    "label": "Aandeel onderdrukte cellen",
                    "unit": "aandeel (0-1)",
                    "description_nl": ("Onderdrukte rijen als aandeel van de gepubliceerde rijen."),
                },
            },
        },
    },
    {
        "name": "rpt_disclosure_attacks",
        "resource_type": "model",
        "config": {"schema": "marts"},
        "certified_by": PUBLISH_STEP,
        "meta": {
            "label": "Aanvaller in de outputcontrole: geprobeerde en herleide cellen",
            "answers": "Datakwaliteit: of gepubliceerde cijfers samen verborgen waarden prijsgeven",
            "description_nl": (
                "Eén rij per aanval en tabel: hoeveel cellen de aanvaller in de outputcontrole "
                "probeerde te herleiden door gepubliceerde cijfers te combineren, voor hoeveel "
                "hij één waarde vond en hoeveel daarvan exact klopten (dan wordt niet "
                "gepubliceerd). Aantallen cellen, geen personen. Geschreven door de "
                "publicatiestap, niet door dbt."
            ),
        },
        "description": (
            "One row per disclosure attack and table: cells the attacker in the output check "
            "tried to recover by combining published figures, candidates found and exact "
            "recoveries (which refuse the publication). Counts of cells, not persons. Written "
            "by the publish step (orchestration/defs/serving/attacks.py), not by dbt."
        ),
        "columns": {
            "attack": {
                "description": "Disclosure attack (docs/methods.md 4.5).",
                "meta": {
                    "label": "Aanval",
                    "unit": None,
                    "description_nl": "Naam van de aanval (docs/methods.md 4.5).",
                },
            },
            "table_name": {
                "description": "Published table (mart) the attack tried cells of.",
                "meta": {
                    "label": "Tabel",
                    "unit": None,
                    "description_nl": (
                        "Gepubliceerde tabel (mart) waarvan de aanval cellen probeerde."
                    ),
                },
            },
            "columns_attacked": {
                "description": "Columns of the table whose cells were tried.",
                "meta": {
                    "label": "Aangevallen kolommen",
                    "unit": None,
                    "description_nl": "Kolommen van de tabel waarvan cellen geprobeerd zijn.",
                },
            },
            "cells_tried": {
                "description": "Cells the attack tried to recover.",
                "meta": {
                    "label": "Geprobeerde cellen",
                    "unit": "aantal",
                    "description_nl": "Aantal cellen dat de aanval probeerde te herleiden.",
                },
            },
            "candidates": {
                "description": "Cells for which the attack found a single value.",
                "meta": {
                    "label": "Kandidaten",
                    "unit": "aantal",
                    "description_nl": "Aantal cellen waarvoor de aanval één waarde vond.",
                },
            },
            "recovered": {
                "description": "Candidates equal to the true value: always 0 in a published file.",
                "meta": {
                    "label": "Exact herleid",
                    "unit": "aantal",
                    "description_nl": (
                        "Kandidaten gelijk aan de echte waarde; "
                        "in een gepubliceerd bestand altijd 0."
                    ),
                },
            },
        },
    },
]

MEASURE_KINDS = {"share", "points", "relative", "percent", "decimal", "rate", "euro", "mixed"}
COUNT_UNITS = (
    "personen",
    "respondenten",
    "respondent-kwartalen",
    "records",
    "aantal",
    "perioden",
    "jaren",
    "beroepsgroepen",
    "cursussen",
    "taken",
    "banen",
    "voltijdbanen",
)


def dataset_uuid(table_name: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, f"dataset:{MARTS_SCHEMA}.{table_name}"))


def unit_kind(unit: str | None) -> str | None:
    """How a column's unit (``meta.unit``) is shown: share, count, year, mixed, ..."""
    if not unit:
        return None
    text = unit.lower().strip()
    if "zie " in text or "als schatting" in text or " of " in text or ";" in text:
        return "mixed"
    if text.startswith("aandeel (0-1)"):
        return "share"
    if "aandeelpunt" in text or text == "verschil in aandeel":
        return "points"
    if text.startswith("relatieve verandering"):
        return "relative"
    if text.startswith("procent"):
        return "percent"
    if text == "jaar":
        return "year"
    if text == "datum":
        return "date"
    if text.startswith("euro"):
        return "euro"
    if "per 1.000" in text or text.startswith("uren"):
        return "rate"
    if text in COUNT_UNITS or text.startswith("aantal"):
        return "count"
    return "decimal"


D3_FORMATS = {
    "share": ".1%",
    "points": "+.1%",
    "relative": "+.1%",
    "percent": ",.1f",
    "decimal": ",.2f",
    "rate": ",.1f",
    "euro": "$,.2f",
    "count": ",.0f",
    "year": "d",
}


# kind -> (printf pattern, scale, prefix, suffix) of the Dutch text of a value.
_TEXT_FORMATS = {
    "share": ("%.1f", 100, "", "%"),
    "points": ("%+.1f", 100, "", " %-punt"),
    "relative": ("%+.1f", 100, "", "%"),
    "percent": ("%,.1f", 1, "", "%"),
    "euro": ("%,.2f", 1, "€ ", ""),
    "rate": ("%,.1f", 1, "", ""),
    "count": ("%,.0f", 1, "", ""),
    "decimal": ("%,.2f", 1, "", ""),
}


def _number_sql(column: str, kind: str) -> str:
    """The number only, Dutch separators: printf('%,...') gives 1,234.5 -> 1.234,5."""
    pattern, scale, _, _ = _TEXT_FORMATS.get(kind, _TEXT_FORMATS["decimal"])
    value = f"{column} * {scale}" if scale != 1 else column
    return f"translate(printf('{pattern}', {value}), ',.', '.,')"


def _affixed(kind: str, body: str) -> str:
    _, _, prefix, suffix = _TEXT_FORMATS.get(kind, _TEXT_FORMATS["decimal"])
    return (f"'{prefix}' || " if prefix else "") + body + (f" || '{suffix}'" if suffix else "")


def format_sql(column: str, kind: str) -> str:
    """SQL that renders a numeric column as Dutch text in its unit (NULL stays NULL)."""
    if kind == "year":
        return f"CAST({column} AS VARCHAR)"
    if kind == "date":
        return f"strftime({column}, '%d-%m-%Y')"
    return _affixed(kind, _number_sql(column, kind))


def interval_sql(lower: str, upper: str, kind: str) -> str:
    """'11,2 – 14,0%': both bounds, the unit once."""
    return _affixed(kind, f"{_number_sql(lower, kind)} || ' – ' || {_number_sql(upper, kind)}")


def by_unit_sql(unit_column: str, render: Callable[[str], str]) -> str:
    """Render by a unit stored on the row (long marts with several measures)."""
    count_units = ", ".join(f"'{unit}'" for unit in COUNT_UNITS)
    return (
        "CASE "
        f"WHEN {unit_column} LIKE 'aandeel (0-1)%' THEN {render('share')} "
        f"WHEN {unit_column} LIKE '%aandeelpunt%' OR {unit_column} = 'verschil in aandeel' "
        f"THEN {render('points')} "
        f"WHEN {unit_column} LIKE 'relatieve verandering%' THEN {render('relative')} "
        f"WHEN {unit_column} LIKE 'procent%' THEN {render('percent')} "
        f"WHEN {unit_column} LIKE 'euro%' THEN {render('euro')} "
        f"WHEN {unit_column} IN ({count_units}) THEN {render('count')} "
        f"ELSE {render('decimal')} END"
    )


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------


def _meta(node: dict[str, Any]) -> dict[str, Any]:
    return {**(node.get("config", {}).get("meta") or {}), **(node.get("meta") or {})}


def mart_nodes(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The published marts: dbt models with config.schema == 'marts', and the tables the
    publish step adds to the schema, by name."""
    models = [
        node
        for node in manifest["nodes"].values()
        if node.get("resource_type") == "model"
        and node.get("config", {}).get("schema") == MARTS_SCHEMA
    ]
    names = {node["name"] for node in models}
    extra = [node for node in PUBLISHED_BY_PUBLISH_STEP if node["name"] not in names]
    return sorted(models + extra, key=lambda node: node["name"])


def load_manifest(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Dataset construction
# ---------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _certification(details: str, certifier: str = CERTIFIER) -> dict[str, Any]:
    return {"certification": {"certified_by": certifier, "details": details}}


def _column(
    name: str,
    verbose_name: str,
    description: str | None,
    *,
    type_: str | None = None,
    expression: str | None = None,
    is_dttm: bool = False,
    groupby: bool = True,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "column_name": name,
        "verbose_name": verbose_name,
        "is_dttm": is_dttm,
        "is_active": True,
        "type": type_,
        "advanced_data_type": None,
        "groupby": groupby,
        "filterable": True,
        "expression": expression,
        "description": description,
        "python_date_format": None,
        "datetime_format": None,
        "extra": extra,
    }


def _metric(
    name: str,
    verbose_name: str,
    expression: str,
    description: str,
    *,
    metric_type: str | None,
    d3format: str | None,
    details: str,
    warning_text: str | None = None,
) -> dict[str, Any]:
    return {
        "metric_name": name,
        "verbose_name": verbose_name,
        "metric_type": metric_type,
        "expression": expression,
        "description": description,
        "d3format": d3format,
        "currency": None,
        "extra": _certification(details),
        "warning_text": warning_text,
    }


class _Mart:
    """A mart from the manifest with the helpers the generator needs."""

    def __init__(self, node: dict[str, Any]):
        self.node = node
        self.name: str = node["name"]
        self.certifier: str = node.get("certified_by", CERTIFIER)
        self.origin = "dbt-model" if self.certifier == CERTIFIER else "publicatietabel"
        self.meta = _meta(node)
        self.columns: dict[str, dict[str, Any]] = node.get("columns") or {}

    def has(self, *names: str) -> bool:
        return all(name in self.columns for name in names)

    def label(self, column: str) -> str:
        return _meta(self.columns[column]).get("label") or column

    def unit(self, column: str) -> str | None:
        return _meta(self.columns[column]).get("unit")

    def kind(self, column: str) -> str | None:
        return unit_kind(self.unit(column))

    def description(self, column: str) -> str:
        column_meta = _meta(self.columns[column])
        text = _clean(column_meta.get("description_nl") or self.columns[column].get("description"))
        unit = column_meta.get("unit")
        if unit:
            text = f"{text} Eenheid: {unit}." if text else f"Eenheid: {unit}."
        return text

    def unit_column(self) -> str | None:
        for candidate in ("measure_unit", "estimate_unit"):
            if candidate in self.columns:
                return candidate
        return None

    def _render(self, column: str, render: Callable[[str], str]) -> str:
        """``render(kind)`` for the column's unit, by row where the unit differs per row."""
        kind = self.kind(column)
        if kind != "mixed":
            return render(kind or "decimal")
        unit_column = self.unit_column()
        if unit_column:
            return by_unit_sql(unit_column, render)
        if "course_group_code" in self.columns:
            # rpt_llo_informal_by_course: shares, and the difference in share points.
            return (
                f"CASE WHEN course_group_code = 'verschil' THEN {render('points')} "
                f"ELSE {render('share')} END"
            )
        return render("decimal")

    def estimate_format(self, column: str = "estimate") -> str:
        """SQL for the estimate (or a column in its unit) as text."""
        return self._render(column, lambda kind: format_sql(column, kind))

    def interval_format(self) -> str:
        return self._render("estimate", lambda kind: interval_sql("ci_lower", "ci_upper", kind))


def _physical_columns(mart: _Mart) -> list[dict[str, Any]]:
    columns = []
    for name, column in mart.columns.items():
        kind = mart.kind(name)
        is_dttm = kind == "date" or name.endswith("_at")
        columns.append(
            _column(
                name,
                mart.label(name),
                mart.description(name) or None,
                type_=column.get("data_type"),
                is_dttm=is_dttm,
                groupby=(kind not in MEASURE_KINDS and kind != "count") or name.endswith("_rank"),
            )
        )
    return columns


def _period_date_columns(mart: _Mart) -> list[dict[str, Any]]:
    columns = []
    for name in ("year", "wave"):
        if name in mart.columns and mart.kind(name) == "year":
            columns.append(
                _column(
                    f"{name}_date",
                    f"{mart.label(name)} (datum)",
                    f"{mart.label(name)} als datum (1 juli van het jaar), voor de tijdas en "
                    "de beleidsgebeurtenissen.",
                    type_="DATE",
                    expression=f"make_date(CAST({name} AS INTEGER), 7, 1)",
                    is_dttm=True,
                )
            )
    return columns


def _estimate_display_columns(mart: _Mart) -> list[dict[str, Any]]:
    if not mart.has("estimate", "suppressed"):
        return []
    label = mart.label("estimate")
    columns = [
        _column(
            "estimate_label",
            f"{label} (weergave)",
            f"{label} als tekst in de eenheid van de rij; 'onderdrukt' als de cel niet "
            "gepubliceerd wordt (geen 0).",
            type_="VARCHAR",
            expression=(
                f"CASE WHEN suppressed THEN 'onderdrukt' ELSE {mart.estimate_format()} END"
            ),
        )
    ]
    if mart.has("ci_lower", "ci_upper"):
        columns.append(
            _column(
                "interval_label",
                "95%-betrouwbaarheidsinterval (weergave)",
                "Ondergrens tot bovengrens van het 95%-betrouwbaarheidsinterval als tekst; "
                "'onderdrukt' als de cel niet gepubliceerd wordt, 'geen interval' waar het "
                "cijfer geen steekproefschatting is (register, prognose).",
                type_="VARCHAR",
                expression=(
                    "CASE WHEN suppressed THEN 'onderdrukt' "
                    "WHEN ci_lower IS NULL OR ci_upper IS NULL THEN 'geen interval' "
                    f"ELSE {mart.interval_format()} END"
                ),
            )
        )
    if mart.has("n_unweighted"):
        columns.append(
            _column(
                "n_unweighted_label",
                f"{mart.label('n_unweighted')} (weergave)",
                "Aantal waarnemingen achter het cijfer, of 'onderdrukt'.",
                type_="VARCHAR",
                expression=(
                    "CASE WHEN suppressed THEN 'onderdrukt' "
                    f"ELSE {format_sql('n_unweighted', 'count')} END"
                ),
            )
        )
    if mart.has("reliability"):
        columns.append(
            _column(
                "publication_status",
                "Betrouwbaarheid (weergave)",
                "betrouwbaar; indicatief (te weinig waarnemingen voor een nauwkeurig cijfer, "
                "lees als aanwijzing); onderdrukt (geheimhouding: geen cijfer, niet 0).",
                type_="VARCHAR",
                expression="CASE WHEN suppressed THEN 'onderdrukt' ELSE reliability END",
            )
        )
    return columns


def _marked_label_columns(mart: _Mart) -> list[dict[str, Any]]:
    if not mart.has("reliability", "suppressed"):
        return []
    columns = []
    for name in MARKED_LABEL_COLUMNS:
        if name not in mart.columns:
            continue
        label = mart.label(name)
        columns.append(
            _column(
                f"{name}_marked",
                f"{label} (met betrouwbaarheid)",
                f"{label}, met '(indicatief)' als het cijfer op de rij indicatief is en "
                "'(onderdrukt)' als het onderdrukt is; voor grafiekassen en legenda's.",
                type_="VARCHAR",
                expression=(
                    f"CASE WHEN suppressed THEN {name} || ' (onderdrukt)' "
                    f"WHEN reliability = 'indicatief' THEN {name} || ' (indicatief)' "
                    f"ELSE {name} END"
                ),
            )
        )
    return columns


def _significance_columns(mart: _Mart) -> list[dict[str, Any]]:
    columns = []
    for name in mart.columns:
        if "significant" not in name or mart.kind(name) is not None:
            continue
        label = mart.label(name)
        columns.append(
            _column(
                f"{name}_label",
                f"{label} (weergave)",
                f"{label} als tekst: 'significant (5%)', 'niet significant' of 'n.v.t.' "
                "(geen vergelijking mogelijk).",
                type_="VARCHAR",
                expression=(
                    f"CASE WHEN {name} IS NULL THEN 'n.v.t.' WHEN {name} "
                    "THEN 'significant (5%)' ELSE 'niet significant' END"
                ),
            )
        )
    return columns


def _listed_display_columns(mart: _Mart) -> list[dict[str, Any]]:
    columns = []
    for name, null_text in DISPLAY_COLUMNS.get(mart.name, {}).items():
        label = mart.label(name)
        text = f"CAST({name} AS VARCHAR)"
        columns.append(
            _column(
                f"{name}_label",
                f"{label} (weergave)",
                f"{label} als tekst; '{null_text}' als er geen waarde is.",
                type_="VARCHAR",
                expression=(
                    f"CASE WHEN {name} IS NULL THEN '{null_text}' "
                    f"ELSE {format_sql(name, mart.kind(name)) if mart.kind(name) else text} END"
                ),
            )
        )
    return columns


def _wide_display_columns(mart: _Mart) -> list[dict[str, Any]]:
    """Wide marts (one row, many figures): every figure as text, NULL reads 'onderdrukt'."""
    if "estimate" in mart.columns or not any(c.endswith("_reliability") for c in mart.columns):
        return []
    columns = []
    for name in mart.columns:
        kind = mart.kind(name)
        if kind not in MEASURE_KINDS and not (kind == "count" and name.endswith("_persons")):
            continue
        text = format_sql(name, kind)
        if f"{name}_reliability" in mart.columns:
            text = (
                f"{text} || CASE WHEN {name}_reliability = 'indicatief' "
                "THEN ' (indicatief)' ELSE '' END"
            )
        label = mart.label(name)
        columns.append(
            _column(
                f"{name}_label",
                f"{label} (weergave)",
                f"{label} als tekst; 'onderdrukt' als het cijfer niet gepubliceerd wordt "
                "(geheimhouding of te weinig waarnemingen), '(indicatief)' bij een indicatief "
                "cijfer.",
                type_="VARCHAR",
                expression=f"CASE WHEN {name} IS NULL THEN 'onderdrukt' ELSE {text} END",
            )
        )
    return columns


def _metrics(mart: _Mart) -> list[dict[str, Any]]:
    table = f"{MARTS_SCHEMA}.{mart.name}"
    metrics = [
        _metric(
            "count",
            "Aantal rijen",
            "COUNT(*)",
            f"Aantal rijen van {table}.",
            metric_type="count",
            d3format=",d",
            details=f"{mart.origin} {table}",
        )
    ]
    if "suppressed" in mart.columns:
        metrics += [
            _metric(
                "suppressed_count",
                "Onderdrukte cellen",
                "SUM(CASE WHEN suppressed THEN 1 ELSE 0 END)",
                "Aantal cellen (rijen) dat niet gepubliceerd wordt (geheimhouding).",
                metric_type="sum",
                d3format=",d",
                details=f"{mart.origin} {table}, kolom suppressed",
            ),
            _metric(
                "suppressed_share",
                "Aandeel onderdrukte cellen",
                "AVG(CASE WHEN suppressed THEN 1.0 ELSE 0.0 END)",
                "Aandeel van de cellen (rijen) dat niet gepubliceerd wordt.",
                metric_type="avg",
                d3format=".1%",
                details=f"{mart.origin} {table}, kolom suppressed",
            ),
        ]
    if "reliability" in mart.columns:
        metrics.append(
            _metric(
                "indicative_count",
                "Indicatieve cellen",
                "SUM(CASE WHEN reliability = 'indicatief' THEN 1 ELSE 0 END)",
                "Aantal gepubliceerde cellen met een indicatief cijfer (te weinig waarnemingen "
                "voor een nauwkeurig cijfer).",
                metric_type="sum",
                d3format=",d",
                details=f"{mart.origin} {table}, kolom reliability",
            )
        )
    for name in mart.columns:
        kind = mart.kind(name)
        label = mart.label(name)
        details = f"dbt-model {table}, kolom {name}"
        if name == "n_unweighted" or (kind == "count" and name.endswith("_persons")):
            metrics.append(
                _metric(
                    f"sum_{name}",
                    f"{label}, opgeteld",
                    f"SUM({name})",
                    f"Som van {label} over de geselecteerde rijen. {mart.description(name)}",
                    metric_type="sum",
                    d3format=",d",
                    details=details,
                    warning_text=(
                        "Tel alleen rijen op die elkaar niet overlappen (bijvoorbeeld alleen "
                        "regio's, of alleen sectoren): Nederland en 'totaal' zijn eigen rijen."
                    ),
                )
            )
            continue
        if kind not in MEASURE_KINDS and kind != "count":
            continue
        warning = None
        if name == "estimate" or kind == "mixed":
            warning = (
                "Gemiddelde over de geselecteerde rijen, geen nieuwe schatting: kies één groep, "
                "één periode" + (" en één maat" if kind == "mixed" else "") + "."
            )
        if kind in ("percent", "rate") and "%" not in label and "per " not in label:
            label = f"{label} ({'%' if kind == 'percent' else mart.unit(name)})"
        metrics.append(
            _metric(
                f"avg_{name}",
                label,
                f"AVG({name})",
                f"{label}; het gemiddelde over de geselecteerde rijen (bij één rij de waarde "
                f"zelf). {mart.description(name)}",
                metric_type="avg",
                d3format=D3_FORMATS.get(kind) if kind != "mixed" else None,
                details=details,
                warning_text=warning,
            )
        )
    weight = next((column for column in WEIGHT_COLUMNS if column in mart.columns), None)
    if weight and mart.kind("estimate") in {"share", "percent", "decimal"}:
        label = mart.label("estimate")
        metrics.append(
            _metric(
                "weighted_estimate",
                f"{label}, gewogen met {mart.label(weight).split(' (')[0].lower()}",
                f"SUM(estimate * {weight}) / "
                f"NULLIF(SUM(CASE WHEN estimate IS NOT NULL THEN {weight} END), 0)",
                f"{label} gemiddeld over de geselecteerde rijen, gewogen met {weight} "
                "(onderdrukte cellen tellen niet mee). Benadering voor een samengestelde groep, "
                "zonder betrouwbaarheidsinterval; het cijfer voor Nederland staat als eigen rij "
                "in de mart.",
                metric_type=None,
                d3format=D3_FORMATS.get(mart.kind("estimate")),
                details=f"{mart.origin} {table}, kolommen estimate en {weight}",
                warning_text=(
                    "Gewogen gemiddelde van gepubliceerde cellen: onderdrukte cellen ontbreken."
                ),
            )
        )
    for metric in metrics:
        metric["extra"]["certification"]["certified_by"] = mart.certifier
    return metrics


def build_dataset(node: dict[str, Any]) -> dict[str, Any]:
    mart = _Mart(node)
    table = f"{MARTS_SCHEMA}.{mart.name}"
    description = _clean(mart.meta.get("description_nl") or node.get("description"))
    label = mart.meta.get("label") or mart.name
    parts = [f"{label}.", description]
    if mart.meta.get("answers"):
        parts.append(f"Beantwoordt: {_clean(mart.meta['answers'])}.")
    date_columns = _period_date_columns(mart)
    columns = (
        _physical_columns(mart)
        + date_columns
        + _estimate_display_columns(mart)
        + _marked_label_columns(mart)
        + _significance_columns(mart)
        + _wide_display_columns(mart)
        + _listed_display_columns(mart)
    )
    for extra in EXTRA_COLUMNS.get(mart.name, []):
        columns.append(
            _column(
                extra["column_name"],
                extra["verbose_name"],
                extra["description"],
                type_=extra.get("type"),
                expression=extra["expression"],
            )
        )
    return {
        "table_name": mart.name,
        "main_dttm_col": date_columns[0]["column_name"] if date_columns else None,
        "currency_code_column": None,
        "description": " ".join(part for part in parts if part),
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "catalog": None,
        "schema": MARTS_SCHEMA,
        "sql": None,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": _certification(
            f"Gegenereerd uit het dbt-model {table} (manifest): labels, beschrijvingen en "
            "eenheden komen uit de dbt-documentatie."
            if mart.certifier == CERTIFIER
            else f"Tabel {table} van de publicatiestap (orchestration/defs/serving/publish.py); "
            "labels en beschrijvingen in superset_config/mart_datasets.py.",
            mart.certifier,
        ),
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "folders": None,
        "uuid": dataset_uuid(mart.name),
        "metrics": _metrics(mart),
        "columns": columns,
        "version": "1.0.0",
        "database_uuid": DATABASE_UUID,
    }


def generate(manifest: dict[str, Any], dump: Callable[[dict[str, Any]], str]) -> dict[str, str]:
    """Relative bundle path -> YAML text, for every mart in the manifest.

    ``dump`` is the bundle's YAML dumper (``bundle.dump_yaml``), so generated files have the
    layout of an export.
    """
    return {
        f"{DATASET_FOLDER}/{node['name']}.yaml": HEADER.format(table=node["name"])
        + dump(build_dataset(node))
        for node in mart_nodes(manifest)
    }


def write(
    manifest: dict[str, Any], assets_dir: Path, dump: Callable[[dict[str, Any]], str]
) -> tuple[list[str], list[str]]:
    """Write the generated datasets; remove dataset files of marts that no longer exist."""
    files = generate(manifest, dump)
    folder = assets_dir / DATASET_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for relative, text in files.items():
        target = assets_dir / relative
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(relative)
    removed = []
    for path in sorted(folder.glob("*.yaml")):
        relative = path.relative_to(assets_dir).as_posix()
        if relative not in files:
            path.unlink()
            removed.append(relative)
    return written, removed


def table_names(manifest: dict[str, Any]) -> list[str]:
    return [node["name"] for node in mart_nodes(manifest)]


def parse_manifest(repo_root: Path, target_dir: Path) -> Path:
    """``dbt parse`` into ``target_dir`` (not the shared dbt_project/target); return the path."""
    import os
    import subprocess

    project = repo_root / "dbt_project"
    dbt = repo_root / ".venv" / "bin" / "dbt"
    env = {
        **os.environ,
        "LLO_DBT_EXECUTABLE": str(dbt),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
    }
    subprocess.run(
        [str(dbt), "parse", "--quiet", "--target-path", str(target_dir)],
        cwd=project,
        env=env,
        check=True,
    )
    return Path(target_dir) / "manifest.json"
