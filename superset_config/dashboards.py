"""The LLO-Radar dashboards, as code (rendered into assets/ by
``python -m superset_config.bundle dashboards``).

Seven monitoring dashboards of the product brief plus the EBB detail dashboard. Every
dashboard opens on the Netherlands and carries its interpretation ("duiding"): what it shows,
how to read it, which question of seed section 5.1 it answers, source and period.

Conventions every chart follows:

* Estimates show their reliability: tables carry the estimate as text ('onderdrukt' for a
  suppressed cell, never 0), the 95% interval, the unweighted n and 'betrouwbaar' /
  'indicatief' / 'onderdrukt'; bar and line labels carry '(indicatief)' or '(onderdrukt)'
  (the ``*_marked`` columns), so an empty bar is never read as zero.
* Regional NSS and LLO-Enquête figures are composition estimates ('composition'); charts that
  show regions use those rows, the direct regional rows stay available for self-service.
* The region filter keeps the Netherlands selected by default; add a region to compare.
"""

from __future__ import annotations

from .charts import (
    Column,
    Dashboard,
    Markdown,
    NativeFilter,
    bar,
    big_number,
    bubble,
    country_map,
    heatmap,
    line,
    region_polygons,
    sql_metric,
    table,
)

SYNTHETIC = (
    "*In deze omgeving zijn alle cijfers **synthetische data** (zelfde structuur als de echte "
    "bestanden), geen echte CBS-, LISS- of ROA-cijfers.*"
)

RELIABILITY = (
    "- **onderdrukt**: te weinig waarnemingen om te publiceren (geheimhouding), of afgeschermd "
    "omdat het anders een ander onderdrukt cijfer zou verraden. Er is dan *geen cijfer*; dat "
    "betekent niet dat de waarde 0 is. In grafieken staat *(onderdrukt)* achter de naam en "
    "ontbreekt de staaf of het punt.\n"
    "- **indicatief**: gepubliceerd, maar op weinig waarnemingen; lees het als een aanwijzing. "
    "In grafieken staat *(indicatief)* achter de naam.\n"
    "- **95%-betrouwbaarheidsinterval**: de marge rond een steekproefcijfer. Overlappen de "
    "intervallen van twee groepen, dan is het verschil niet zeker."
)

REGION_FILTER_TEXT = (
    "Kies uw regio in het filter **Regio**; *Nederland* blijft geselecteerd als vergelijking "
    "(haal het weg om alleen de regio te zien)."
)

NOT_SUPPRESSED_REGIONAL = "(group_type <> 'arbeidsmarktregio' OR method = 'composition')"

# The Netherlands in the same colour on every chart that compares a region with it.
NL_COLORS = {"Nederland": "#454E7C"}

# The same colour for a reliability label on every chart.
STATUS_COLORS = {
    "betrouwbaar": "#1f77b4",
    "indicatief": "#ff9f40",
    "onderdrukt": "#b0b0b0",
}


def _region_filter(excluded: list[str] | None = None, multi: bool = True) -> NativeFilter:
    return NativeFilter(
        key="region",
        name="Regio",
        dataset="rpt_region_profile",
        column="group_label",
        description=(
            "Arbeidsmarktregio('s) en Nederland. Standaard Nederland; voeg een regio toe om die "
            "naast het landelijke cijfer te zien."
        ),
        default=["Nederland"],
        multi=multi,
        required=True,
        excluded=excluded or [],
    )


# ---------------------------------------------------------------------------
# 1 Regio-overzicht
# ---------------------------------------------------------------------------


def regio_overzicht() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### Regio-overzicht: uw regio naast Nederland
**Wat ziet u?** De kerncijfers van een arbeidsmarktregio naast die van Nederland:
werkgelegenheid en banengroei, deelname aan leren (cursussen), de grootste
vaardigheidstekorten, groei- en krimpberoepen en het aandeel kwetsbare werkenden.

**Zo leest u het.** {REGION_FILTER_TEXT} *Verschil* is regio min Nederland.
{RELIABILITY}
- Regionale cijfers uit de NSS en de LLO-Enquête zijn **modelschattingen**: landelijke
  cijfers per sector en beroep, gewogen met de samenstelling van de werkgelegenheid in de
  regio. Een regio verschilt daarin alleen van Nederland door haar mix van sectoren en beroepen.

**Vragen (seed 5.1).** Het startpunt (*zien*) voor vraag 1 en 2 (welke vaardigheden worden
belangrijker), vraag 5 (wie loopt risico) en vraag 6 (groeiberoepen).

**Bronnen en periode.** Polis (werknemers, laatste jaar), EBB (cursus afgelopen 4 weken,
laatste jaar), LLO-Enquête (cursus afgelopen 12 maanden, laatste meting), NSS (laatste
meting), POA-prognoses (laatste editie, 6 jaar vooruit), kwetsbare werkenden (EBB-jaren in de
tabel). {SYNTHETIC}""",
        width=4,
        height=123,
    )
    key_figures = table(
        "key_figures",
        "Kerncijfers: regio en Nederland",
        "rpt_region_profile",
        [
            "group_label",
            "employee_persons_label",
            "jobs_growth_pct_label",
            "jobs_growth_5y_pct_label",
            "ebb_course_participation_label",
            "llo_course_participation_label",
            "vulnerable_share_label",
            "growth_occupations",
            "shrink_occupations",
        ],
        headers={
            "group_label": "Regio",
            "employee_persons_label": "Werknemers",
            "jobs_growth_pct_label": "Banen 1 jaar",
            "jobs_growth_5y_pct_label": "Banen 5 jaar",
            "ebb_course_participation_label": "Cursus 4 wkn (EBB)",
            "llo_course_participation_label": "Cursus 12 mnd (LLO)",
            "vulnerable_share_label": "Kwetsbaar",
            "growth_occupations": "Groeiberoepen",
            "shrink_occupations": "Krimpberoepen",
        },
        right_align=(
            "employee_persons_label",
            "jobs_growth_pct_label",
            "jobs_growth_5y_pct_label",
            "ebb_course_participation_label",
            "llo_course_participation_label",
            "vulnerable_share_label",
            "growth_occupations",
            "shrink_occupations",
        ),
        order_by=[("group_type", False), ("group_label", True)],
        widths={"group_label": 130},
        description=(
            "Per regio (en Nederland): werknemers met een baan in de regio (Polis, afgerond op "
            "10), banengroei over 1 en 5 jaar, cursusdeelname in de afgelopen 4 weken (EBB) en "
            "12 maanden (LLO-Enquête, regio's als modelschatting), het aandeel kwetsbare "
            "werkenden en het aantal groei- en krimpberoepen (beroepsgroepen, POA). "
            "'onderdrukt' = geen cijfer gepubliceerd; '(indicatief)' = weinig waarnemingen."
        ),
        width=8,
        height=24,
    )
    skill_gaps = table(
        "skill_gaps",
        "Grootste vaardigheidstekorten (NSS)",
        "rpt_region_profile",
        [
            "group_label",
            "skill_gap_1_task",
            "skill_gap_1_share_label",
            "skill_gap_1_share_nl_label",
            "skill_gap_2_task",
            "skill_gap_2_share_label",
            "skill_gap_2_share_nl_label",
            "skill_gap_3_task",
            "skill_gap_3_share_label",
            "skill_gap_3_share_nl_label",
        ],
        headers={
            "group_label": "Regio",
            "skill_gap_1_task": "Tekort 1: taak",
            "skill_gap_1_share_label": "Aandeel",
            "skill_gap_1_share_nl_label": "Nederland",
            "skill_gap_2_task": "Tekort 2: taak",
            "skill_gap_2_share_label": "Aandeel",
            "skill_gap_2_share_nl_label": "Nederland",
            "skill_gap_3_task": "Tekort 3: taak",
            "skill_gap_3_share_label": "Aandeel",
            "skill_gap_3_share_nl_label": "Nederland",
        },
        right_align=(
            "skill_gap_1_share_label",
            "skill_gap_1_share_nl_label",
            "skill_gap_2_share_label",
            "skill_gap_2_share_nl_label",
            "skill_gap_3_share_label",
            "skill_gap_3_share_nl_label",
        ),
        order_by=[("group_type", False), ("group_label", True)],
        widths={"group_label": 150},
        description=(
            "De drie taken met het grootste tekort in de regio (NSS, laatste meting): het "
            "aandeel werkenden voor wie de taak belangrijk is en die er weinig effectief in "
            "zijn, met het cijfer voor Nederland voor dezelfde taak."
        ),
        width=12,
        height=30,
    )
    forecasts = bar(
        "growth_by_occupation_class",
        "Verwachte groei per beroepsklasse (% per jaar, POA)",
        "rpt_occupation_forecasts",
        "occupation_label_marked",
        ["avg_estimate"],
        groupby=["group_label"],
        filters=[("occupation_level", "==", "beroepsklasse")],
        y_format=",.1f",
        y_title="Uitbreidingsvraag (% per jaar)",
        description=(
            "Verwachte groei (+) of krimp (-) van de werkgelegenheid per beroepsklasse in % "
            "per jaar over de prognoseperiode (POA, ROA). Groeiberoep vanaf +1% per jaar, "
            "krimpberoep vanaf -1%. Prognoses zijn modeluitkomsten: geen interval."
        ),
        height=97,
    )
    vulnerable = bar(
        "vulnerable_by_sector",
        "Aandeel kwetsbare werkenden per sector",
        "rpt_vulnerable_workers",
        "sector_label_marked",
        ["avg_estimate"],
        groupby=["group_label"],
        y_format=".0%",
        y_title="Aandeel kwetsbare werkenden",
        description=(
            "Aandeel werkenden in groepen (opleidingsniveau x beroepsklasse) waar meerdere "
            "risico's samenkomen: slecht beroepsperspectief, weinig leren, lage "
            "basisvaardigheden, lage effectiviteit in taken. EBB-werkzamen als gewicht."
        ),
        width=12,
        height=110,
    )
    jobs_growth = line(
        "jobs_growth",
        "Banengroei per jaar (Polis)",
        "rpt_employment_by_region_sector",
        "year_date",
        [sql_metric("Banengroei t.o.v. vorig jaar", "AVG(estimate) / 100")],
        groupby=["group_label_marked"],
        filters=[("measure", "==", "jobs_growth_pct"), ("sector_code", "==", "totaal")],
        y_format="+.0%",
        y_title="Banengroei t.o.v. vorig jaar",
        description=(
            "Verandering van het aantal banen van werknemers ten opzichte van het jaar ervoor, "
            "alle sectoren, naar werkplaats (Polisadministratie: integraal register, geen "
            "steekproef, dus geen interval)."
        ),
    )
    ebb = line(
        "ebb_course_participation",
        "Cursusdeelname afgelopen 4 weken (EBB)",
        "rpt_course_participation_ebb_by_region",
        "year_date",
        ["avg_estimate"],
        groupby=["region_name_marked"],
        y_format=".0%",
        y_title="Aandeel werkzame beroepsbevolking",
        events="llo_deelname/policy_events",
        description=(
            "Aandeel van de werkzame beroepsbevolking dat in de afgelopen 4 weken een "
            "werkgerelateerde cursus volgde, per jaar (EBB). Trendbreuk: de EBB is in 2021 "
            "vernieuwd. Stippellijnen: beleidsgebeurtenissen (beweeg erover voor de naam)."
        ),
    )
    region_points = bubble(
        "regions_on_map",
        "Arbeidsmarktregio's op de kaart (grootte: werknemers)",
        "rpt_region_profile",
        entity="group_label",
        series="province_name",
        x=sql_metric("Lengtegraad", "AVG(centroid_lon)"),
        y=sql_metric("Breedtegraad", "AVG(centroid_lat)"),
        size=sql_metric("Werknemers", "SUM(employee_persons)"),
        filters=[("group_type", "==", "arbeidsmarktregio")],
        x_format=".1f",
        y_format=".1f",
        x_title="Lengtegraad (oost)",
        y_title="Breedtegraad (noord)",
        description=(
            "Elke arbeidsmarktregio als punt op haar geografisch middelpunt (lengte- en "
            "breedtegraad, WGS84), gekleurd naar provincie; de grootte van het punt is het "
            "aantal werknemers met een baan in de regio (Polis, laatste jaar). Beweeg over een "
            "punt voor de naam. Toont altijd alle regio's (het regiofilter geldt hier niet)."
        ),
        width=12,
        height=90,
    )
    region_points.params["y_axis_bounds"] = [50.7, 53.6]
    region_map = region_polygons(
        "region_boundaries_map",
        "Arbeidsmarktregio's: grenzen (als grensbestand aangeleverd)",
        "rpt_region_boundaries",
        "outline",
        sql_metric("Werknemers", "SUM(employee_persons)"),
        tooltip_columns=["region_name", "boundary_source"],
        description=(
            "De arbeidsmarktregio's als vlakken, gekleurd naar het aantal werknemers (Polis, "
            "afgerond op 10). Verschijnt alleen als de beheerder een grensbestand van "
            "CBS/PDOK (gebiedsindeling arbeidsmarktregio's, WGS84) in de landingszone zet; "
            "anders is deze kaart leeg en toont de kaart met punten de regio's op hun "
            "middelpunt. Zonder internet blijft de achtergrondkaart leeg; de vlakken staan er "
            "wel."
        ),
    )
    return Dashboard(
        slug="regio_overzicht",
        label_colors=NL_COLORS,
        title="1. Regio-overzicht",
        description="Een arbeidsmarktregio naast Nederland: werk, leren, vaardigheden, beroepen.",
        rows=[
            [intro, Column("headline", [key_figures, forecasts])],
            [skill_gaps],
            [vulnerable],
            [jobs_growth, ebb],
            [region_points],
            [region_map],
        ],
        filters=[_region_filter(excluded=["regions_on_map", "region_boundaries_map"])],
    )


# ---------------------------------------------------------------------------
# 2 Vaardigheden: vraag en aanbod
# ---------------------------------------------------------------------------


def vaardigheden() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### Vaardigheden: vraag en aanbod
**Wat ziet u?** Voor de 33 werktaken van de Nederlandse Skills Survey (NSS): hoe
**belangrijk** een taak is voor het werk (vraag naar vaardigheden, schaal 1-5) en hoe
**effectief** werkenden de taak uitvoeren (aanbod, schaal 1-5), per takendomein en per taak,
en het **tekort**: het aandeel werkenden voor wie de taak belangrijk is en die er weinig
effectief in zijn.

**Zo leest u het.** Kies een **Groep** (Nederland, een regio, sector, beroepsklasse of
opleiding) en een **Meting** (2012, 2017, 2024). Een groot tekort bij een belangrijke taak
wijst op scholingsbehoefte. *Stijgers* zijn taken die sinds 2012 belangrijker werden; een
\\* betekent dat de stijging significant is (5%).
{RELIABILITY}
- Regio's zijn modelschattingen uit de landelijke cijfers en de regionale mix van sectoren en
  beroepen.

**Vragen (seed 5.1).** Vraag 1 (welke vaardigheden worden belangrijker om duurzaam inzetbaar
te blijven) en vraag 2 (welke vaardigheden worden belangrijker in mijn sector).

**Bron en periode.** Nederlandse Skills Survey (ROA/SEO, LISS-panel), metingen 2012, 2017 en
2024; gewogen, met 95%-betrouwbaarheidsinterval. {SYNTHETIC}""",
        width=4,
        height=110,
    )
    domains = bar(
        "demand_supply_by_domain",
        "Belang en effectiviteit per takendomein (schaal 1-5)",
        "rpt_skills_by_domain",
        "task_domain_name_marked",
        ["avg_estimate"],
        groupby=["measure_label"],
        filters=[
            ("measure", "IN", ["importance_mean", "effectiveness_mean"]),
            NOT_SUPPRESSED_REGIONAL,
        ],
        y_format=",.2f",
        y_title="Gemiddelde score (1-5)",
        description=(
            "Gemiddeld belang (vraag) en gemiddelde effectiviteit (aanbod) per takendomein, "
            "schaal 1-5, voor de gekozen groep en meting (NSS). Intervallen en aantallen: zie "
            "de tabel per taak."
        ),
        width=8,
        height=110,
    )
    gaps = bar(
        "largest_gaps",
        "Taken met het grootste tekort",
        "rpt_skills_by_task",
        "task_name_marked",
        ["avg_estimate"],
        filters=[("measure", "==", "gap_share"), NOT_SUPPRESSED_REGIONAL],
        row_limit=12,
        y_title="Aandeel werkenden met tekort",
        description=(
            "De 12 taken met het grootste aandeel werkenden voor wie de taak belangrijk is en "
            "die er weinig effectief in zijn (NSS, gekozen groep en meting)."
        ),
        width=12,
        height=60,
    )
    risers = bar(
        "rising_tasks",
        "Stijgers: taken die belangrijker werden sinds 2012 (* = significant)",
        "rpt_skills_by_task",
        "task_name_change_marked",
        ["avg_change_since_2012"],
        filters=[
            ("measure", "==", "importance_mean"),
            ("change_since_2012", "IS NOT NULL", None),
            NOT_SUPPRESSED_REGIONAL,
        ],
        row_limit=12,
        y_format="+.2f",
        y_title="Verandering (schaalpunten, 1-5)",
        description=(
            "Verandering van het gemiddelde belang (schaal 1-5) tussen 2012 en de gekozen "
            "meting, de 12 grootste stijgers. * = significant op 5% (tweezijdige toets)."
        ),
        width=12,
        height=60,
    )
    domain_trend = line(
        "importance_by_domain_over_waves",
        "Belang per takendomein door de metingen",
        "rpt_skills_by_domain",
        "wave_date",
        ["avg_estimate"],
        groupby=["task_domain_name_marked"],
        filters=[("measure", "==", "importance_mean"), NOT_SUPPRESSED_REGIONAL],
        y_format=",.2f",
        y_title="Gemiddeld belang (1-5)",
        description=(
            "Gemiddeld belang per takendomein in 2012, 2017 en 2024 voor de gekozen groep "
            "(NSS). Alle metingen, los van het filter Meting."
        ),
        width=12,
        height=60,
    )
    task_table = table(
        "tasks_table",
        "Vraag, aanbod en tekort per taak",
        "rpt_skills_by_task",
        [
            "task_name",
            "task_domain_name",
            "measure_label",
            "estimate_label",
            "interval_label",
            "n_unweighted_label",
            "publication_status",
            "change_since_2012_is_significant_label",
        ],
        headers={
            "task_name": "Taak",
            "task_domain_name": "Takendomein",
            "measure_label": "Maat",
            "estimate_label": "Schatting",
            "interval_label": "95%-interval",
            "n_unweighted_label": "Waarnemingen",
            "publication_status": "Betrouwbaarheid",
            "change_since_2012_is_significant_label": "Verandering sinds 2012",
        },
        filters=[
            ("measure", "IN", ["importance_mean", "effectiveness_mean", "gap_share"]),
            NOT_SUPPRESSED_REGIONAL,
        ],
        order_by=[("task_id", True), ("measure", False)],
        search=True,
        page_length=20,
        description=(
            "Per taak: gemiddeld belang en effectiviteit (schaal 1-5) en het aandeel met een "
            "tekort, met 95%-interval, aantal waarnemingen en betrouwbaarheid, voor de gekozen "
            "groep en meting. 'onderdrukt' = geen cijfer (geheimhouding)."
        ),
        height=70,
    )
    by_group = heatmap(
        "gap_by_group_and_domain",
        "Tekort per takendomein en groep",
        "rpt_skills_by_domain",
        "task_domain_name",
        "group_label",
        "avg_estimate",
        filters=[("measure", "==", "gap_share"), NOT_SUPPRESSED_REGIONAL],
        value_format=".0%",
        description=(
            "Aandeel werkenden met een tekort per takendomein, voor alle groepen van de "
            "gekozen indeling (standaard: sectoren), in de gekozen meting. Lege vakken: "
            "onderdrukt (te weinig waarnemingen)."
        ),
        height=80,
    )
    return Dashboard(
        slug="vaardigheden_vraag_en_aanbod",
        title="2. Vaardigheden: vraag en aanbod",
        description="Belang en effectiviteit van de NSS-taken, het tekort en de stijgers.",
        rows=[[intro, domains], [gaps], [risers], [task_table], [by_group], [domain_trend]],
        filters=[
            NativeFilter(
                key="group",
                name="Groep",
                dataset="rpt_skills_by_task",
                column="group_label",
                description=(
                    "Nederland, een arbeidsmarktregio, sector, beroepsklasse, opleidingsniveau "
                    "of opleidingsrichting. Standaard Nederland."
                ),
                default=["Nederland"],
                required=True,
                excluded=["gap_by_group_and_domain"],
            ),
            NativeFilter(
                key="wave",
                name="Meting",
                dataset="rpt_skills_by_task",
                column="wave",
                description="NSS-meting; standaard de meest recente.",
                first_item=True,
                required=True,
                sort_ascending=False,
                excluded=["importance_by_domain_over_waves"],
            ),
            NativeFilter(
                key="breakdown",
                name="Indeling (tekort per groep)",
                dataset="rpt_skills_by_domain",
                column="group_type",
                description=(
                    "Welke groepen de grafiek 'Tekort per takendomein en groep' toont: sector, "
                    "beroepsklasse, arbeidsmarktregio, opleidingsniveau of -richting."
                ),
                default=["sector"],
                required=True,
                excluded=[
                    "demand_supply_by_domain",
                    "largest_gaps",
                    "rising_tasks",
                    "tasks_table",
                    "importance_by_domain_over_waves",
                ],
            ),
        ],
    )


# ---------------------------------------------------------------------------
# 3 LLO-deelname
# ---------------------------------------------------------------------------

COURSE_INDICATOR = "Werkgerelateerde cursus gevolgd (afgelopen 12 maanden)"


def llo_deelname() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### LLO-deelname
**Wat ziet u?** Hoeveel werkenden leren: een werkgerelateerde cursus, informeel leren,
zelfstudie en de intentie om een cursus te volgen, van 2004 tot 2024, naar
opleidingsrichting (theoretisch geschoold, praktisch geschoold, zonder startkwalificatie) en
sector; de redenen, belemmeringen en steun van de werkgever; en de
**beleidsgebeurtenissen** (STAP-budget, SLIM, LLO-Katalysator, ...) als stippellijnen op de
tijdas.

**Zo leest u het.** Kies de **Indicator** en de **Meting**. In de lijn voor Nederland staan
de onder- en bovengrens van het 95%-interval als eigen lijnen. De *kloof* is het verschil
tussen theoretisch en praktisch geschoolden; een significante verandering sinds 2004 zegt of
de kloof groter of kleiner werd. De tabel *rond beleidsgebeurtenissen* vergelijkt per regio
het verschil met Nederland voor en na een gebeurtenis: beschrijvend, geen causaal effect.
{RELIABILITY}
- Twee begrippen, nooit gemengd: **LLO-Enquête** (cursus in de afgelopen 12 maanden) en
  **EBB** (cursus in de afgelopen 4 weken).

**Vragen (seed 5.1).** Vraag 3 (welke belemmeringen ervaren individuen) en de
beleidsmonitoring (wijkt de regio af van Nederland rond een maatregel).

**Bronnen en periode.** LLO-Enquête (ROA), metingen 2004-2024; EBB (CBS), 2003-2024;
lijst van beleidsgebeurtenissen (LLO-beleid 2016-2025). {SYNTHETIC}""",
        width=4,
        height=125,
    )
    national = line(
        "participation_nl",
        "Deelname van werkenden in Nederland, met 95%-interval",
        "rpt_llo_participation",
        "wave_date",
        [
            sql_metric("Aandeel werkenden", "AVG(estimate)"),
            sql_metric("Ondergrens 95%-interval", "AVG(ci_lower)"),
            sql_metric("Bovengrens 95%-interval", "AVG(ci_upper)"),
        ],
        groupby=["group_label_marked"],
        filters=[("group_type", "==", "nederland")],
        y_title="Aandeel werkenden",
        events="llo_deelname/policy_events",
        description=(
            "Aandeel werkenden (16-74) met de gekozen vorm van leren, per meting van de "
            "LLO-Enquête, met de grenzen van het 95%-betrouwbaarheidsinterval. "
            "Stippellijnen: beleidsgebeurtenissen (beweeg erover voor de naam)."
        ),
        width=8,
        height=125,
    )
    orientation = line(
        "participation_by_orientation",
        "Naar opleidingsrichting",
        "rpt_llo_participation",
        "wave_date",
        ["avg_estimate"],
        groupby=["group_label_marked"],
        filters=[("group_type", "==", "opleidingsrichting")],
        y_title="Aandeel werkenden",
        events="llo_deelname/policy_events",
        description=(
            "Deelname naar opleidingsrichting: theoretisch geschoold, praktisch geschoold en "
            "zonder startkwalificatie (LLO-Enquête). '(indicatief)': weinig waarnemingen."
        ),
    )
    gap = table(
        "orientation_gap",
        "Kloof tussen opleidingsrichtingen",
        "rpt_llo_participation_gaps",
        [
            "wave",
            "comparison_label",
            "estimate_label",
            "interval_label",
            "publication_status",
            "change_since_first_wave_is_significant_label",
        ],
        headers={
            "wave": "Meting",
            "comparison_label": "Vergelijking",
            "estimate_label": "Kloof",
            "interval_label": "95%-interval",
            "publication_status": "Betrouwbaarheid",
            "change_since_first_wave_is_significant_label": "Verandering sinds 2004",
        },
        order_by=[("wave", False), ("comparison_code", True)],
        description=(
            "Verschil in deelname tussen theoretisch geschoolden en de andere richtingen "
            "(procentpunten), met 95%-interval en of de kloof sinds 2004 significant veranderde."
        ),
        width=6,
    )
    sector = bar(
        "participation_by_sector",
        "Naar sector",
        "rpt_llo_participation",
        "group_label_marked",
        ["avg_estimate"],
        filters=[("group_type", "==", "sector")],
        y_format=".0%",
        y_title="Aandeel werkenden",
        description="Deelname per sector (SBI) in de gekozen meting (LLO-Enquête).",
        width=12,
        height=70,
    )
    informal = bar(
        "informal_by_course",
        "Informeel leren, met en zonder cursus",
        "rpt_llo_informal_by_course",
        "group_label_marked",
        ["avg_estimate"],
        groupby=["course_group_label"],
        filters=[("course_group_code", "!=", "verschil")],
        y_format=".0%",
        y_title="Aandeel dat informeel leerde",
        description=(
            "Aandeel werkenden dat informeel leerde, bij wie wel en wie geen cursus volgde. "
            "Ligt het hoger bij cursisten, dan gaan formeel en informeel leren samen."
        ),
        height=70,
    )

    def topic_bar(key: str, title: str, topics: list[str], description: str) -> object:
        return bar(
            key,
            title,
            "rpt_llo_reasons_barriers_support",
            "item_label_marked",
            ["avg_estimate"],
            filters=[("topic_code", "IN", topics), ("statistic", "==", "aandeel")],
            y_format=".0%",
            y_title="Aandeel",
            description=description,
            height=60,
        )

    barriers = topic_bar(
        "barriers",
        "Belemmeringen voor (meer) scholing",
        ["belemmering"],
        "Aandeel werkenden dat een belemmering noemt (LLO-Enquête, gekozen groep en meting).",
    )
    reasons = topic_bar(
        "reasons",
        "Redenen voor de cursus",
        ["reden"],
        "Aandeel cursisten dat een reden noemt (LLO-Enquête, gekozen groep en meting).",
    )
    support = topic_bar(
        "employer_support",
        "Steun van de werkgever en HR-instrumenten",
        ["steun_werkgever", "hr_instrument"],
        "Aandeel werknemers dat steun van de werkgever ervaart of een HR-instrument heeft.",
    )
    ebb = line(
        "ebb_course_participation",
        "Cursusdeelname afgelopen 4 weken (EBB), met 95%-interval",
        "rpt_course_participation_ebb_by_region",
        "year_date",
        [
            sql_metric("Cursusdeelname", "AVG(estimate)"),
            sql_metric("Ondergrens 95%-interval", "AVG(ci_lower)"),
            sql_metric("Bovengrens 95%-interval", "AVG(ci_upper)"),
        ],
        groupby=["region_name_marked"],
        y_format=".0%",
        y_title="Aandeel werkzame beroepsbevolking",
        events="llo_deelname/policy_events",
        description=(
            "Aandeel werkzame beroepsbevolking met een werkgerelateerde cursus in de afgelopen "
            "4 weken (EBB), per jaar, met 95%-interval, voor Nederland en de gekozen regio. "
            "Trendbreuk: de EBB is in 2021 vernieuwd."
        ),
        width=12,
        height=60,
    )
    events = table(
        "policy_events",
        "Beleidsgebeurtenissen leven lang ontwikkelen",
        "rpt_policy_events",
        [
            "start_date",
            "end_date_label",
            "event_name",
            "event_type_label",
            "target_group",
            "description",
        ],
        headers={
            "start_date": "Start",
            "end_date_label": "Einde",
            "event_name": "Gebeurtenis",
            "event_type_label": "Soort",
            "target_group": "Doelgroep",
            "description": "Omschrijving",
        },
        order_by=[("start_date", True)],
        description=(
            "De beleidsgebeurtenissen op de tijdassen: programma's, regelingen, context en "
            "methodebreuken, met start- en einddatum en doelgroep."
        ),
        width=12,
        height=50,
    )
    comparison = table(
        "policy_event_comparison",
        "Regio tegenover Nederland rond een beleidsgebeurtenis",
        "rpt_policy_event_comparison",
        [
            "group_label",
            "series_label",
            "period",
            "estimate_label",
            "interval_label",
            "difference_is_significant_label",
            "publication_status",
        ],
        headers={
            "group_label": "Regio",
            "series_label": "Reeks",
            "period": "Perioden",
            "estimate_label": "Verandering verschil met NL",
            "interval_label": "95%-interval",
            "difference_is_significant_label": "Significant",
            "publication_status": "Betrouwbaarheid",
        },
        order_by=[("series_code", True), ("group_label", True)],
        search=True,
        page_length=20,
        description=(
            "Per regio: het gemiddelde verschil met Nederland na de gebeurtenis min dat ervoor "
            "(verschil-in-verschillen, procentpunten). Beschrijvend: zegt niet dat de maatregel "
            "het verschil veroorzaakte."
        ),
        width=12,
        height=60,
    )
    wages = table(
        "wages_after_course",
        "Loon en baanwissel na een cursus (LLO-Enquête gekoppeld aan Polis)",
        "rpt_wages_after_course",
        [
            "wave",
            "group_label",
            "measure_label",
            "course_label",
            "estimate_label",
            "interval_label",
            "difference_is_significant_label",
            "publication_status",
        ],
        headers={
            "wave": "Meting",
            "group_label": "Groep",
            "measure_label": "Maat",
            "course_label": "Cursus",
            "estimate_label": "Waarde",
            "interval_label": "95%-interval",
            "difference_is_significant_label": "Verschil met geen cursus",
            "publication_status": "Betrouwbaarheid",
        },
        order_by=[("wave", False), ("group_code", True), ("measure", True), ("course_code", True)],
        description=(
            "Loongroei en het aandeel dat van werkgever wisselt in de jaren na de meting, voor "
            "werkenden met en zonder cursus (gekoppeld aan de Polisadministratie). Een "
            "verschil is een samenhang, geen effect van de cursus."
        ),
        width=12,
        height=50,
    )
    return Dashboard(
        slug="llo_deelname",
        label_colors=NL_COLORS,
        title="3. LLO-deelname",
        description="Cursussen en informeel leren 2004-2024, redenen, belemmeringen, beleid.",
        rows=[
            [intro, national],
            [orientation, gap],
            [sector],
            [barriers, reasons],
            [support, informal],
            [ebb],
            [comparison],
            [events],
            [wages],
        ],
        filters=[
            NativeFilter(
                key="indicator",
                name="Indicator",
                dataset="rpt_llo_participation",
                column="indicator_label",
                description="Cursus, informeel leren, zelfstudie of scholingsintentie.",
                default=[COURSE_INDICATOR],
                required=True,
            ),
            NativeFilter(
                key="wave",
                name="Meting LLO-Enquête",
                dataset="rpt_llo_participation",
                column="wave",
                description="Meting voor de staafgrafieken en de kloof; standaard de laatste.",
                first_item=True,
                required=True,
                sort_ascending=False,
                excluded=[
                    "participation_nl",
                    "participation_by_orientation",
                    "orientation_gap",
                    "wages_after_course",
                ],
            ),
            NativeFilter(
                key="group",
                name="Groep (redenen, belemmeringen, steun)",
                dataset="rpt_llo_reasons_barriers_support",
                column="group_label",
                description=(
                    "Nederland, sector, beroepsklasse, opleiding, leeftijd of contractsoort."
                ),
                default=["Nederland"],
                required=True,
                excluded=[
                    "participation_nl",
                    "participation_by_orientation",
                    "orientation_gap",
                    "participation_by_sector",
                    "informal_by_course",
                    "ebb_course_participation",
                    "policy_event_comparison",
                    "wages_after_course",
                ],
            ),
            NativeFilter(
                key="region",
                name="Regio (EBB)",
                dataset="rpt_region_profile",
                column="group_label",
                description="Nederland en de gekozen regio('s) in de EBB-lijn.",
                default=["Nederland"],
                multi=True,
                required=True,
                excluded=[
                    "participation_nl",
                    "participation_by_orientation",
                    "orientation_gap",
                    "participation_by_sector",
                    "informal_by_course",
                    "barriers",
                    "reasons",
                    "employer_support",
                    "policy_event_comparison",
                    "wages_after_course",
                ],
            ),
            NativeFilter(
                key="event",
                name="Beleidsgebeurtenis",
                dataset="rpt_policy_event_comparison",
                column="event_name",
                description="Gebeurtenis voor de vergelijking regio tegenover Nederland.",
                default=["STAP-budget"],
                required=True,
                excluded=[
                    "participation_nl",
                    "participation_by_orientation",
                    "orientation_gap",
                    "participation_by_sector",
                    "informal_by_course",
                    "barriers",
                    "reasons",
                    "employer_support",
                    "ebb_course_participation",
                    "policy_events",
                    "wages_after_course",
                ],
            ),
        ],
    )


# ---------------------------------------------------------------------------
# 4 Groeiberoepen en overstapkansen
# ---------------------------------------------------------------------------


def groeiberoepen() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### Groeiberoepen en overstapkansen
**Wat ziet u?** Welke beroepen naar verwachting groeien of krimpen (POA-prognoses, zes jaar
vooruit), hoe ver beroepen qua vaardigheden van elkaar af liggen, welke beroepen het
dichtst bij uw huidige beroep liggen en welke taken u moet leren voor een overstap.

**Zo leest u het.** {REGION_FILTER_TEXT} Kies bij **Huidig beroep** een beroepsklasse; de
tabel toont de beroepen met het meest gelijkende vaardighedenprofiel (afstand 0 = gelijk,
rang 1 = dichtstbij). De kaart *Wat moet u leren* toont per doelberoep de taken die daar
belangrijker zijn dan werkenden in uw huidige beroep ze beheersen (leerbehoefte, in
standaarddeviaties: hoe donkerder, hoe meer te leren).
- Prognoses zijn modeluitkomsten zonder betrouwbaarheidsinterval; een prognose voor heel
  weinig werkenden wordt niet gepubliceerd (**onderdrukt**).
{RELIABILITY}

**Vragen (seed 5.1).** Vraag 5 (wie loopt risico en hoe bereid je die werkenden voor op
ander werk), vraag 6 (hoe bereid je je voor op groeiberoepen) en vraag 7 (welke scholing is
zinvol voor een nieuwe baan).

**Bronnen en periode.** POA-prognoses (ROA, laatste editie, zesjarige horizon); NSS
(laatste meting) voor profielen, afstanden en leerbehoeften. {SYNTHETIC}""",
        width=4,
        height=128,
    )
    growth = bar(
        "growth_by_occupation_class",
        "Verwachte groei per beroepsklasse (% per jaar)",
        "rpt_occupation_forecasts",
        "occupation_label_marked",
        ["avg_estimate"],
        groupby=["group_label"],
        filters=[("occupation_level", "==", "beroepsklasse")],
        y_format=",.1f",
        y_title="Uitbreidingsvraag (% per jaar)",
        description=(
            "Verwachte verandering van de werkgelegenheid per beroepsklasse in % per jaar "
            "(POA). Groeiberoep: minstens +1% per jaar; krimpberoep: -1% of minder."
        ),
        width=8,
        height=128,
    )
    occupation_groups = table(
        "growth_and_shrink_occupations",
        "Groei- en krimpberoepen (beroepsgroepen)",
        "rpt_occupation_forecasts",
        [
            "group_label",
            "occupation_label",
            "growth_class",
            "estimate_label",
            "job_openings_persons_label",
            "jobseeker_prospects_label",
            "future_bottleneck_label",
            "publication_status",
        ],
        headers={
            "group_label": "Regio",
            "occupation_label": "Beroepsgroep",
            "growth_class": "Groei of krimp",
            "estimate_label": "Uitbreidingsvraag (% per jaar)",
            "job_openings_persons_label": "Baanopeningen",
            "jobseeker_prospects_label": "Perspectief werkzoekenden",
            "future_bottleneck_label": "Toekomstige knelpunten",
            "publication_status": "Status",
        },
        filters=[("occupation_level", "==", "beroepsgroep")],
        order_by=[("group_type", False), ("growth_rank", True)],
        right_align=("job_openings_persons_label",),
        search=True,
        page_length=15,
        description=(
            "Beroepsgroepen (BRC) van snelst groeiend naar sterkst krimpend, met baanopeningen "
            "(uitbreidings- plus vervangingsvraag, personen, afgerond op 10) en het "
            "perspectief voor werkzoekenden (POA)."
        ),
        width=12,
        height=60,
    )
    nearest = table(
        "nearest_occupations",
        "Dichtstbijzijnde beroepen (vaardighedenafstand)",
        "rpt_occupation_transitions",
        [
            "distance_rank_label",
            "to_occupation_label",
            "estimate_label",
            "interval_label",
            "learning_need_tasks_label",
            "significant_learning_need_tasks_label",
            "publication_status",
        ],
        headers={
            "distance_rank_label": "Rang",
            "to_occupation_label": "Doelberoep",
            "estimate_label": "Afstand",
            "interval_label": "95%-interval",
            "learning_need_tasks_label": "Taken om te leren",
            "significant_learning_need_tasks_label": "waarvan significant",
            "publication_status": "Betrouwbaarheid",
        },
        order_by=[("distance_rank", True)],
        right_align=(
            "distance_rank_label",
            "learning_need_tasks_label",
            "significant_learning_need_tasks_label",
        ),
        description=(
            "Beroepsklassen gerangschikt naar de afstand tussen hun takenprofiel en dat van het "
            "huidige beroep (gestandaardiseerd, 0 = gelijk), met het aantal taken om te leren "
            "voor de overstap (NSS, laatste meting)."
        ),
        width=12,
        height=60,
    )
    learning = heatmap(
        "learning_needs",
        "Wat moet u leren voor de overstap? Leerbehoefte per doelberoep en taak",
        "rpt_occupation_transition_learning_needs",
        "to_occupation_label",
        "task_name",
        "avg_estimate",
        filters=[("is_learning_need", "==", True)],
        value_format=",.1f",
        description=(
            "Per doelberoep (kolommen) de taken (rijen) die daar belangrijker zijn dan werkenden "
            "in het huidige beroep ze beheersen: belang in het doelberoep min effectiviteit in "
            "het huidige beroep, beide gestandaardiseerd (NSS, standaarddeviaties). Leeg: geen "
            "leerbehoefte, of onderdrukt (te weinig waarnemingen; zie de tabel)."
        ),
        height=110,
    )
    profiles = heatmap(
        "skill_profiles",
        "Vaardighedenprofielen: aandeel dat een taak belangrijk vindt, per beroepsklasse",
        "rpt_occupation_skill_profiles",
        "occupation_label",
        "task_name",
        "avg_estimate",
        filters=[
            ("measure", "==", "importance_share_important"),
            ("occupation_level", "IN", ["beroepsklasse", "nederland"]),
        ],
        value_format=".0%",
        normalize_across="heatmap",
        description=(
            "Per beroepsklasse (kolommen) en taak (rijen): het aandeel werkenden dat de taak "
            "(zeer) belangrijk vindt (NSS, gekozen meting). Lege vakken: onderdrukt."
        ),
        height=110,
    )
    return Dashboard(
        slug="groeiberoepen_en_overstapkansen",
        label_colors=NL_COLORS,
        title="4. Groeiberoepen en overstapkansen",
        description="Groei- en krimpberoepen, vaardighedenprofielen en overstappen.",
        rows=[[intro, growth], [occupation_groups], [nearest], [learning], [profiles]],
        filters=[
            _region_filter(excluded=["nearest_occupations", "learning_needs", "skill_profiles"]),
            NativeFilter(
                key="from_occupation",
                name="Huidig beroep",
                dataset="rpt_occupation_transitions",
                column="from_occupation_label",
                description="Beroepsklasse waar de overstap begint.",
                first_item=True,
                required=True,
                excluded=[
                    "growth_by_occupation_class",
                    "growth_and_shrink_occupations",
                    "skill_profiles",
                ],
            ),
            NativeFilter(
                key="wave",
                name="Meting NSS (profielen)",
                dataset="rpt_occupation_skill_profiles",
                column="wave",
                description="NSS-meting van de vaardighedenprofielen; standaard de laatste.",
                first_item=True,
                required=True,
                sort_ascending=False,
                excluded=[
                    "growth_by_occupation_class",
                    "growth_and_shrink_occupations",
                    "nearest_occupations",
                    "learning_needs",
                ],
            ),
        ],
    )


# ---------------------------------------------------------------------------
# 5 LLO-markt
# ---------------------------------------------------------------------------


def llo_markt() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### LLO-markt: vraag en aanbod van leren
**Wat ziet u?** Per sector in de regio de **vraag naar LLO** (individuen: aandeel werkenden
dat een cursus wil volgen; werkgevers: aandeel werknemers met een opleidingsplan) tegenover
het **aanbod** (relevante cursussen in de regio per 1.000 banen), ingedeeld in de 2x2-matrix:

| | aanbod ja | aanbod nee |
|---|---|---|
| **vraag ja** | ja-ja: sluiten aan | ja-nee: tekort aan aanbod |
| **vraag nee** | nee-ja: onbenut aanbod | nee-nee: stilstand |

**Zo leest u het.** 'ja' betekent: op of boven de landelijke mediaan van de regio-sector-
cellen. Kies **Regio** en **Markt** (individuen of werkgevers). In de bellengrafiek staat elke
sector als bel: rechts = veel aanbod, boven = veel vraag; de kleur is het scenario.
- De vraag is een modelschatting (landelijke cijfers per sector en beroep, gewogen met de
  beroepenmix van de regio); de tabel geeft het 95%-interval.
- **onderdrukt**: te weinig respondenten of een onderdrukte Polis-cel; geen scenario.

**Vragen (seed 5.1).** Vraag 4 (welk scholingsaanbod is in mijn regio beschikbaar en sluit het
aan) en vraag 8 (hoe zet ik het LLO-aanbod in voor mijn werknemers).

**Bronnen en periode.** LLO-Enquête (laatste meting), scholingsaanbod (laatste jaar),
Polis (banen, laatste jaar). {SYNTHETIC}""",
        width=4,
        height=110,
    )
    matrix = bubble(
        "market_matrix",
        "Vraag en aanbod per sector (2x2-matrix)",
        "rpt_llo_market_matrix",
        entity="sector_label",
        series="scenario_display",
        x="avg_supply_courses_per_1000_jobs",
        y="avg_estimate",
        size="avg_supply_courses",
        filters=[("suppressed", "==", False)],
        y_format=".1%",
        x_title="Aanbod: relevante cursussen per 1.000 banen",
        y_title="Vraag naar LLO (aandeel)",
        description=(
            "Elke bel is een sector: horizontaal het aanbod (cursussen per 1.000 banen), "
            "verticaal de vraag (aandeel), grootte = aantal relevante cursussen, kleur = "
            "scenario. Sectoren met een onderdrukt cijfer staan niet in de grafiek, maar als "
            "'onderdrukt' in de tabel."
        ),
        width=8,
        height=110,
    )
    sectors = table(
        "market_by_sector",
        "LLO-markt per sector",
        "rpt_llo_market_matrix",
        [
            "sector_label",
            "estimate_label",
            "interval_label",
            "demand_level_label",
            "supply_courses_per_1000_jobs_label",
            "supply_level_label",
            "scenario_display",
            "publication_status",
            "scenario_interpretation_label",
        ],
        headers={
            "sector_label": "Sector",
            "estimate_label": "Vraag",
            "interval_label": "95%-interval",
            "demand_level_label": "Vraag ja/nee",
            "supply_courses_per_1000_jobs_label": "Aanbod per 1.000 banen",
            "supply_level_label": "Aanbod ja/nee",
            "scenario_display": "Scenario",
            "publication_status": "Betrouwbaarheid",
            "scenario_interpretation_label": "Duiding",
        },
        order_by=[("suppressed", True), ("sector_code", True), ("market_side", True)],
        right_align=("supply_courses_per_1000_jobs_label",),
        page_length=25,
        description=(
            "Per sector: vraag naar LLO met 95%-interval, aanbod per 1.000 banen, het scenario "
            "en de duiding uit de seed (paragraaf 2.1). 'onderdrukt': geen cijfer gepubliceerd."
        ),
        width=12,
        height=70,
    )
    overview = bar(
        "scenarios_by_region",
        "Scenario's per regio (aantal sectoren)",
        "rpt_llo_market_matrix",
        "group_label",
        ["count"],
        groupby=["scenario_display"],
        stack=True,
        horizontal=False,
        show_value=False,
        label_rotation=45,
        y_format=",d",
        y_title="Aantal sectoren",
        description=(
            "Per regio het aantal sectoren in elk scenario, voor de gekozen markt; "
            "'onderdrukt' = sectoren zonder gepubliceerd cijfer."
        ),
        width=12,
        height=90,
    )
    return Dashboard(
        slug="llo_markt",
        title="5. LLO-markt",
        description="De 2x2-matrix van vraag en aanbod van LLO per regio en sector.",
        rows=[[intro, matrix], [sectors], [overview]],
        label_colors={"onderdrukt": STATUS_COLORS["onderdrukt"]},
        filters=[
            _region_filter(excluded=["scenarios_by_region"], multi=False),
            NativeFilter(
                key="market_side",
                name="Markt",
                dataset="rpt_llo_market_matrix",
                column="market_side_label",
                description="LLO-markt voor individuen of voor werkgevers.",
                first_item=True,
                required=True,
            ),
        ],
    )


# ---------------------------------------------------------------------------
# 6 Sectorinfographic
# ---------------------------------------------------------------------------


def sectorinfographic() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### Sectorinfographic
**Wat ziet u?** Eén pagina per sector in een arbeidsmarktregio (seed paragraaf 5.5):
werkgelegenheid en lonen, groeiberoepen in de sector, de grootste vaardigheidstekorten,
deelname aan leren, belemmeringen en steun van de werkgever, kwetsbare werkenden en de
LLO-markt.

**Zo leest u het.** Kies **Regio** (standaard Nederland) en **Sector**. Werk, lonen,
cursusdeelname, groeiberoepen en kwetsbaarheid zijn regionale cijfers; tekorten,
belemmering en werkgeverssteun zijn landelijke cijfers van de sector (de enquêtes zijn te
klein voor regio's).
- **onderdrukt**: het cijfer wordt niet gepubliceerd (te weinig personen, werkgevers of
  respondenten), geen 0. *(indicatief)*: weinig waarnemingen.

**Vragen (seed 5.1).** Vraag 2 (welke vaardigheden worden belangrijker in mijn sector),
vraag 4 en 8 (sluit het aanbod aan) en vraag 5 (wie loopt risico).

**Bronnen en periode.** Polis (laatste jaar), LLO-Enquête en NSS (laatste meting), POA
(laatste editie), EBB (kwetsbare werkenden), scholingsaanbod. {SYNTHETIC}""",
        width=4,
        height=94,
    )

    def number(key: str, title: str, metric: object, subheader: str, y_format: str) -> object:
        return big_number(
            key,
            title,
            "rpt_sector_infographic",
            metric,
            subheader=subheader,
            y_format=y_format,
            description=f"{title}: {subheader}. Leeg (geen data) = onderdrukt.",
            width=3,
            height=28,
        )

    # Register figures only (Polis: no sampling error); survey figures with their
    # reliability are in the tables below.
    numbers = [
        number(
            "employees",
            "Werknemers",
            "sum_employee_persons",
            "met een baan in de sector (Polis)",
            ",d",
        ),
        number(
            "jobs_growth",
            "Banengroei",
            sql_metric("Banengroei t.o.v. vorig jaar", "AVG(jobs_growth_pct) / 100"),
            "banen t.o.v. vorig jaar (Polis)",
            "+.1%",
        ),
        number(
            "hourly_wage",
            "Gemiddeld uurloon",
            "avg_mean_hourly_wage_eur",
            "basisloon per uur (Polis)",
            "$,.2f",
        ),
        number(
            "flexible_contracts",
            "Flexibele contracten",
            "avg_flexible_contract_share",
            "banen voor bepaalde tijd (Polis)",
            ".0%",
        ),
    ]
    work = table(
        "work_and_wages",
        "Werk en lonen: regio en Nederland",
        "rpt_sector_infographic",
        [
            "employee_persons_label",
            "jobs_growth_pct_label",
            "mean_hourly_wage_eur_label",
            "mean_hourly_wage_eur_nl_label",
            "mean_paid_hours_label",
            "flexible_contract_share_label",
            "flexible_contract_share_nl_label",
        ],
        headers={
            "employee_persons_label": "Werknemers",
            "jobs_growth_pct_label": "Banengroei",
            "mean_hourly_wage_eur_label": "Uurloon",
            "mean_hourly_wage_eur_nl_label": "Uurloon NL",
            "mean_paid_hours_label": "Uren per baan per jaar",
            "flexible_contract_share_label": "Flexibel contract",
            "flexible_contract_share_nl_label": "Flexibel NL",
        },
        right_align=(
            "employee_persons_label",
            "jobs_growth_pct_label",
            "mean_hourly_wage_eur_label",
            "mean_hourly_wage_eur_nl_label",
            "mean_paid_hours_label",
            "flexible_contract_share_label",
            "flexible_contract_share_nl_label",
        ),
        description=(
            "Werknemers, banengroei t.o.v. vorig jaar, gemiddeld uurloon, verloonde uren en "
            "het aandeel flexibele contracten in de sector (Polis, werkplaats, laatste jaar), "
            "met Nederland ter vergelijking."
        ),
        width=8,
        height=18,
    )
    growth = table(
        "growth_occupations",
        "Groeiberoepen in de sector (POA)",
        "rpt_sector_infographic",
        [
            "growth_occupation_1",
            "growth_occupation_1_pct_per_year_label",
            "growth_occupation_2",
            "growth_occupation_2_pct_per_year_label",
            "growth_occupation_3",
            "growth_occupation_3_pct_per_year_label",
        ],
        headers={
            "growth_occupation_1": "Beroep 1",
            "growth_occupation_1_pct_per_year_label": "% per jaar",
            "growth_occupation_2": "Beroep 2",
            "growth_occupation_2_pct_per_year_label": "% per jaar",
            "growth_occupation_3": "Beroep 3",
            "growth_occupation_3_pct_per_year_label": "% per jaar",
        },
        right_align=(
            "growth_occupation_1_pct_per_year_label",
            "growth_occupation_2_pct_per_year_label",
            "growth_occupation_3_pct_per_year_label",
        ),
        description=(
            "De drie beroepsgroepen van de sector met de hoogste verwachte groei in de regio "
            "(uitbreidingsvraag in % per jaar, POA)."
        ),
        width=12,
        height=18,
    )
    skills = table(
        "skill_gaps",
        "Grootste vaardigheidstekorten in de sector (NSS, landelijk)",
        "rpt_sector_infographic",
        [
            "skill_gap_1_task",
            "skill_gap_1_share_label",
            "skill_gap_2_task",
            "skill_gap_2_share_label",
            "skill_gap_3_task",
            "skill_gap_3_share_label",
        ],
        headers={
            "skill_gap_1_task": "Tekort 1",
            "skill_gap_1_share_label": "Aandeel",
            "skill_gap_2_task": "Tekort 2",
            "skill_gap_2_share_label": "Aandeel",
            "skill_gap_3_task": "Tekort 3",
            "skill_gap_3_share_label": "Aandeel",
        },
        right_align=(
            "skill_gap_1_share_label",
            "skill_gap_2_share_label",
            "skill_gap_3_share_label",
        ),
        description=(
            "De drie taken met het grootste aandeel werkenden in de sector voor wie de taak "
            "belangrijk is en die er weinig effectief in zijn (NSS, landelijk)."
        ),
        width=12,
        height=20,
    )
    learning = table(
        "learning",
        "Leren in de sector",
        "rpt_sector_infographic",
        [
            "course_participation_label",
            "course_participation_nl_label",
            "main_barrier",
            "main_barrier_share_label",
            "employer_support_share_label",
            "vulnerable_share_label",
            "vulnerable_main_condition",
        ],
        headers={
            "course_participation_label": "Cursusdeelname",
            "course_participation_nl_label": "Nederland",
            "main_barrier": "Belangrijkste belemmering",
            "main_barrier_share_label": "Aandeel",
            "employer_support_share_label": "Steun werkgever",
            "vulnerable_share_label": "Kwetsbare werkenden",
            "vulnerable_main_condition": "Belangrijkste oorzaak",
        },
        right_align=(
            "course_participation_label",
            "course_participation_nl_label",
            "main_barrier_share_label",
            "employer_support_share_label",
            "vulnerable_share_label",
        ),
        description=(
            "Cursusdeelname in de afgelopen 12 maanden (regio: modelschatting), de meest "
            "genoemde belemmering en de ervaren steun van de werkgever (landelijk), en het "
            "aandeel kwetsbare werkenden met de belangrijkste oorzaak."
        ),
        width=12,
        height=20,
    )
    market = table(
        "llo_market",
        "LLO-markt in de sector",
        "rpt_sector_infographic",
        ["llo_market_individuals_label", "llo_market_employers_label"],
        headers={
            "llo_market_individuals_label": "Individuen",
            "llo_market_employers_label": "Werkgevers",
        },
        description=(
            "Scenario van de 2x2-matrix (vraag ja/nee, aanbod ja/nee) voor individuen en "
            "werkgevers; leeg = onderdrukt. Zie het dashboard LLO-markt."
        ),
        width=12,
        height=18,
    )
    return Dashboard(
        slug="sectorinfographic",
        title="6. Sectorinfographic",
        description="Eén pagina per regio en sector (seed paragraaf 5.5).",
        rows=[[*numbers], [intro, Column("cards", [work, growth, skills, learning, market])]],
        filters=[
            NativeFilter(
                key="region",
                name="Regio",
                dataset="rpt_sector_infographic",
                column="group_label",
                description="Arbeidsmarktregio of Nederland (standaard).",
                default=["Nederland"],
                required=True,
            ),
            NativeFilter(
                key="sector",
                name="Sector",
                dataset="rpt_sector_infographic",
                column="sector_label",
                description="Sector (SBI-sectie).",
                default=["Industrie"],
                required=True,
            ),
        ],
    )


# ---------------------------------------------------------------------------
# 7 Datakwaliteit en actualiteit
# ---------------------------------------------------------------------------


def datakwaliteit() -> Dashboard:
    intro = Markdown(
        "intro",
        f"""### Datakwaliteit en actualiteit
**Wat ziet u?** Of elke bron actueel is (laatst geladen periode tegenover wat het
bronafspraak verwacht), de uitkomst van de kwaliteitscontroles op de marts (Great
Expectations), hoeveel cellen onderdrukt of indicatief zijn, en hoe goed de enquêtes aan
de registers koppelen.

**Zo leest u het.** *achterstallig* = de verwachte laatste periode is nog niet geladen.
Een *blokkerende* controle houdt een nieuwe publicatie tegen: de dashboards tonen dan de
vorige, gecontroleerde versie. De controles tonen de laatst afgeronde run. Onderdrukte
cellen zijn een gevolg van geheimhouding, geen fout.

**Vragen (seed 5.1).** Geen eigen vraag: dit dashboard zegt hoe vers en betrouwbaar de
antwoorden op vraag 1 tot en met 8 in de andere dashboards zijn. Voor data-engineers en
analisten.

**Bronnen en periode.** Laadlog van de pijplijn, contracten per bron, resultaten van de
kwaliteitscontroles; alle marts van de publicatiedatabase. {SYNTHETIC}""",
        width=4,
        height=80,
    )
    freshness = table(
        "freshness",
        "Actualiteit per bron",
        "rpt_data_freshness",
        [
            "source_title",
            "freshness_status",
            "latest_loaded_period",
            "expected_latest_period",
            "periods_loaded",
            "periods_expected",
            "revisions",
            "last_loaded_at",
        ],
        headers={
            "source_title": "Bron",
            "freshness_status": "Status",
            "latest_loaded_period": "Laatst geladen",
            "expected_latest_period": "Verwacht",
            "periods_loaded": "Perioden geladen",
            "periods_expected": "verwacht",
            "revisions": "Revisies",
            "last_loaded_at": "Geladen op (UTC)",
        },
        right_align=("periods_loaded", "periods_expected", "revisions"),
        order_by=[("source_name", True)],
        description=(
            "Per bron: de laatst geladen periode tegenover de verwachte, het aantal perioden, "
            "revisies en wanneer de bron het laatst is geladen."
        ),
        width=8,
        height=80,
    )
    checks = table(
        "quality_checks",
        "Kwaliteitscontroles (laatste run)",
        "rpt_quality_checks",
        [
            "status_label",
            "target_name",
            "expectations_evaluated",
            "expectations_failed",
            "failed_runs",
            "runs",
            "checked_at",
            "details_label",
        ],
        headers={
            "status_label": "Status",
            "target_name": "Tabel",
            "expectations_evaluated": "Verwachtingen",
            "expectations_failed": "Niet gehaald",
            "failed_runs": "Mislukte runs",
            "runs": "Runs",
            "checked_at": "Gecontroleerd op (UTC)",
            "details_label": "Niet gehaalde verwachtingen",
        },
        right_align=("expectations_evaluated", "expectations_failed", "failed_runs", "runs"),
        order_by=[("is_passed", True), ("target_name", True)],
        description=(
            "Per gecontroleerde mart de uitkomst van de laatste kwaliteitscontrole: geslaagd, "
            "waarschuwing of blokkerend, met de niet gehaalde verwachtingen."
        ),
        width=12,
        height=50,
    )
    ebb_cells = bar(
        "ebb_cells_by_status",
        "EBB per regio en jaar: betrouwbaar, indicatief, onderdrukt",
        "rpt_course_participation_ebb_by_region",
        "period",
        ["count"],
        groupby=["publication_status"],
        stack=True,
        horizontal=False,
        show_value=False,
        y_format=",d",
        y_title="Aantal cellen (regio's en Nederland)",
        description=(
            "Per jaar het aantal cellen (35 regio's en Nederland) van de cursusdeelname (EBB) "
            "naar betrouwbaarheid."
        ),
        height=50,
    )
    llo_cells = bar(
        "llo_suppressed_by_group_type",
        "Onderdrukte cellen in LLO-deelname, per indeling",
        "rpt_llo_participation",
        "group_type",
        ["suppressed_share"],
        y_title="Aandeel onderdrukte cellen",
        description=(
            "Aandeel onderdrukte cellen per groepsindeling in de mart LLO-deelname, over alle "
            "metingen en indicatoren."
        ),
        height=50,
    )
    nss_cells = bar(
        "nss_suppressed_by_group_type",
        "Onderdrukte cellen in vaardigheden (NSS), per indeling",
        "rpt_skills_by_task",
        "group_type",
        ["suppressed_share"],
        y_title="Aandeel onderdrukte cellen",
        description=(
            "Aandeel onderdrukte cellen per groepsindeling in de mart vaardigheden per taak, "
            "over alle metingen en maten."
        ),
        height=50,
    )
    suppression = bar(
        "suppressed_by_mart",
        "Onderdrukte cellen per mart",
        "rpt_publication_summary",
        "table_name",
        ["avg_share_suppressed"],
        filters=[("share_suppressed", "IS NOT NULL", None)],
        y_format=".0%",
        y_title="Aandeel onderdrukte cellen",
        description=(
            "Per gepubliceerde mart het aandeel cellen (rijen) dat onderdrukt is: geen cijfer "
            "wegens geheimhouding. Marts zonder onderdrukking (registers, referentielijsten) "
            "staan in de tabel ernaast als 'n.v.t.'."
        ),
        height=70,
    )
    publication = table(
        "publication_summary",
        "Gepubliceerde, onderdrukte en indicatieve cellen",
        "rpt_publication_summary",
        [
            "table_name",
            "rows_published",
            "cells_suppressed_label",
            "cells_indicative_label",
            "share_suppressed_label",
        ],
        headers={
            "table_name": "Mart",
            "rows_published": "Rijen",
            "cells_suppressed_label": "Onderdrukt",
            "cells_indicative_label": "Indicatief",
            "share_suppressed_label": "Aandeel onderdrukt",
        },
        right_align=(
            "rows_published",
            "cells_suppressed_label",
            "cells_indicative_label",
            "share_suppressed_label",
        ),
        order_by=[("share_suppressed", False), ("table_name", True)],
        page_length=0,
        description=(
            "Per gepubliceerde mart: rijen, onderdrukte cellen, indicatieve cellen en het "
            "aandeel onderdrukt (geschreven door de publicatiestap). 'n.v.t.': de mart kent "
            "geen onderdrukking of betrouwbaarheid (bijvoorbeeld een register of een lijst)."
        ),
        width=6,
        height=70,
    )
    attacks = table(
        "disclosure_attacks",
        "Aanvaller in de outputcontrole",
        "rpt_disclosure_attacks",
        ["attack", "table_name", "columns_attacked", "cells_tried", "candidates", "recovered"],
        headers={
            "attack": "Aanval",
            "table_name": "Mart",
            "columns_attacked": "Kolommen",
            "cells_tried": "Geprobeerde cellen",
            "candidates": "Kandidaten",
            "recovered": "Exact herleid",
        },
        right_align=("cells_tried", "candidates", "recovered"),
        order_by=[("table_name", True), ("attack", True)],
        page_length=15,
        description=(
            "Voor publicatie probeert de publicatiestap verborgen of afgeronde waarden te "
            "herleiden door gepubliceerde cijfers te combineren (verschillen, marges, "
            "overlappende jaren, aandelen naast afgeronde aantallen, dezelfde cel in een andere "
            "tabel). Per aanval en mart: geprobeerde cellen, gevonden kandidaten en exact "
            "herleide cellen; één exact herleide cel houdt de publicatie tegen, dus hier staat "
            "altijd 0."
        ),
        width=12,
        height=50,
    )
    links = table(
        "link_rates",
        "Koppelpercentages per bron",
        "rpt_link_rates",
        [
            "source_label",
            "link_label",
            "period",
            "estimate_label",
            "interval_label",
            "n_unweighted_label",
            "publication_status",
        ],
        headers={
            "source_label": "Bron",
            "link_label": "Koppeling",
            "period": "Periode",
            "estimate_label": "Gekoppeld",
            "interval_label": "95%-interval",
            "n_unweighted_label": "Records",
            "publication_status": "Betrouwbaarheid",
        },
        order_by=[("source", True), ("link_type", True), ("period_year", False)],
        page_length=15,
        description=(
            "Aandeel records dat koppelt: respondenten met een persoonssleutel, en werknemers "
            "die in de Polisadministratie terug te vinden zijn."
        ),
        width=6,
        height=50,
    )
    return Dashboard(
        slug="datakwaliteit_en_actualiteit",
        title="7. Datakwaliteit en actualiteit",
        description="Actualiteit per bron, kwaliteitscontroles, onderdrukte cellen, koppeling.",
        rows=[
            [intro, freshness],
            [checks],
            [suppression, publication],
            [ebb_cells, links],
            [llo_cells, nss_cells],
            [attacks],
        ],
        label_colors=STATUS_COLORS,
    )


# ---------------------------------------------------------------------------
# EBB detail dashboard (kept; the first dashboard of the project)
# ---------------------------------------------------------------------------


def ebb_detail() -> Dashboard:
    intro = Markdown(
        "explanation",
        f"""### Wat ziet u?
Het aandeel van de **werkzame beroepsbevolking** dat in de **afgelopen 4 weken** een
**werkgerelateerde cursus** of opleiding volgde, per arbeidsmarktregio en voor Nederland als
geheel, en op de kaart per provincie. Kies het jaar met het filter *Jaar* (standaard het meest
recente jaar); de vier kwartalen van een jaar zijn samengenomen.

### Zo leest u de cijfers
- Elk cijfer is een gewogen schatting uit een steekproef. Het **95%-betrouwbaarheidsinterval**
  (in de tabel) geeft de onzekerheid: overlappen de intervallen van twee regio's, dan is het
  verschil niet zeker.
- **onderdrukt**: minder dan 10 waarnemingen, of afgeschermd omdat het anders een ander
  onderdrukt cijfer zou verraden. Er wordt dan geen cijfer gepubliceerd (geheimhouding); dat
  betekent niet dat de deelname 0 is. In de staafgrafiek staat *(onderdrukt)* achter de naam
  en ontbreekt de staaf.
- **indicatief**: minder dan 150 waarnemingen. Het cijfer is onnauwkeurig; lees het als een
  aanwijzing. In de staafgrafiek staat *(indicatief)* achter de naam.
- **Nederland** is het cijfer voor heel Nederland, geen gemiddelde van de regio's.
- **Kaart**: per provincie het gemiddelde van de gepubliceerde regio's met die provincie als
  hoofdprovincie, gewogen met het aantal werkzame personen (een benadering, zonder interval;
  onderdrukte regio's tellen niet mee).
- De EBB is in 2021 vernieuwd: lees een verschil tussen 2020 en 2021 niet als trend.

**Vraag (seed 5.1).** Vraag 3 en de beleidsmonitoring: hoeveel werkenden leren, per regio.

**Bron:** CBS, Enquête Beroepsbevolking (EBB). {SYNTHETIC}

**Periode:** per jaar, zie filter *Jaar*.""",
        width=4,
        height=110,
    )
    share_bar = bar(
        "share_bar",
        "Cursusdeelname per arbeidsmarktregio",
        "rpt_course_participation_ebb_by_region",
        "region_name_marked",
        ["avg_estimate"],
        y_format=".0%",
        y_title="Cursusdeelname (aandeel werkenden)",
        description=(
            "Aandeel werkenden (werkzame beroepsbevolking) dat in de afgelopen 4 weken een "
            "werkgerelateerde cursus volgde, per arbeidsmarktregio, van hoog naar laag, met "
            "Nederland als referentie. '(onderdrukt)': geen cijfer; '(indicatief)': minder dan "
            "150 waarnemingen. Bron: CBS EBB (synthetische data)."
        ),
        width=8,
        height=110,
        uuid="3b44760f-1377-40ec-b5f3-4cd8496819d5",
    )
    estimates = table(
        "estimates_table",
        "Cursusdeelname met betrouwbaarheidsinterval",
        "rpt_course_participation_ebb_by_region",
        [
            "region_name",
            "year",
            "estimate_label",
            "interval_label",
            "n_unweighted_label",
            "publication_status",
        ],
        headers={
            "region_name": "Regio",
            "year": "Jaar",
            "estimate_label": "Cursusdeelname",
            "interval_label": "95%-interval",
            "n_unweighted_label": "Waarnemingen",
            "publication_status": "Betrouwbaarheid",
        },
        order_by=[("year", False), ("geography_level", False), ("region_name", True)],
        search=True,
        description=(
            "Per regio en jaar: de geschatte cursusdeelname, het 95%-betrouwbaarheidsinterval, "
            "het aantal ongewogen waarnemingen en de betrouwbaarheid (betrouwbaar, indicatief "
            "of onderdrukt). Onderdrukte cellen staan als 'onderdrukt', niet als 0. Bron: CBS "
            "EBB (synthetische data)."
        ),
        width=6,
        height=80,
        uuid="ff1bb1b9-6c13-40be-b6f9-74009171a751",
    )
    province_map = country_map(
        "province_map",
        "Cursusdeelname per provincie (benadering)",
        "rpt_course_participation_ebb_by_region",
        "province_code",
        "weighted_estimate",
        filters=[("geography_level", "==", "arbeidsmarktregio")],
        description=(
            "Per provincie: de cursusdeelname van de gepubliceerde arbeidsmarktregio's met die "
            "hoofdprovincie, gewogen met het aantal werkzame personen. Benadering zonder "
            "interval; onderdrukte regio's tellen niet mee."
        ),
        width=6,
        height=80,
    )
    return Dashboard(
        slug="course_participation_by_region",
        title="LLO-deelname per arbeidsmarktregio (EBB)",
        description="Cursusdeelname (EBB, 4 weken) per regio, jaar en provincie.",
        rows=[[intro, share_bar], [estimates, province_map]],
        uuid="cf38522f-27fb-49be-b10c-b527f8178cd2",
        filters=[
            NativeFilter(
                key="year",
                name="Jaar",
                dataset="rpt_course_participation_ebb_by_region",
                column="year",
                description="Verslagjaar van de EBB. Standaard het meest recente jaar.",
                first_item=True,
                required=True,
                sort_ascending=False,
            ),
            NativeFilter(
                key="region",
                name="Arbeidsmarktregio",
                dataset="rpt_course_participation_ebb_by_region",
                column="region_name",
                description="Toon alleen de gekozen regio's (en eventueel Nederland).",
                multi=True,
                excluded=["province_map"],
            ),
        ],
    )


def all_dashboards() -> list[Dashboard]:
    return [
        regio_overzicht(),
        vaardigheden(),
        llo_deelname(),
        groeiberoepen(),
        llo_markt(),
        sectorinfographic(),
        datakwaliteit(),
        ebb_detail(),
    ]
