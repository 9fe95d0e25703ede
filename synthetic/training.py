"""Training offer register: courses for workers by provider, place and skill domain."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import config as C
from .output import Progress, to_table, write_csv
from .population import Population, day_of
from .reference import delivery_path

DOMAIN_SHARE = {
    "computer": 0.22,
    "interpersoonlijk": 0.18,
    "plannen_organiseren": 0.12,
    "taal": 0.11,
    "organisatiekennis": 0.13,
    "probleemoplossen": 0.08,
    "rekenen": 0.06,
    "fysiek": 0.10,
}
COURSE_TITLES = {
    "computer": [
        "Excel voor gevorderden",
        "Basiscursus digitale vaardigheden",
        "Programmeren in Python",
        "Data-analyse met SQL",
        "Werken met AI-toepassingen",
        "Office 365 in de praktijk",
        "Cybersecurity voor medewerkers",
        "CAD-tekenen",
    ],
    "interpersoonlijk": [
        "Klantgericht communiceren",
        "Effectief samenwerken",
        "Coachend leidinggeven",
        "Omgaan met agressie",
        "Verkooptechnieken",
        "Gesprekstechnieken in de zorg",
        "Feedback geven en ontvangen",
        "Praktijkopleider worden",
    ],
    "plannen_organiseren": [
        "Projectmatig werken",
        "Timemanagement",
        "Lean Six Sigma Yellow Belt",
        "Planning en roostering",
        "Agile werken met Scrum",
    ],
    "taal": [
        "Zakelijk schrijven",
        "Nederlands op de werkvloer (NT2)",
        "Presentatietechnieken",
        "Zakelijk Engels",
        "Rapporten schrijven",
        "Duidelijke taal",
    ],
    "organisatiekennis": [
        "Arbowetgeving",
        "Kwaliteitsmanagement ISO 9001",
        "Vakbekwaamheid VCA",
        "Financieel management voor niet-financials",
        "Privacy en AVG",
        "Duurzaam ondernemen",
    ],
    "probleemoplossen": [
        "Storingsanalyse",
        "Creatief probleemoplossen",
        "Root cause analysis",
        "Procesverbetering",
        "Kritisch denken",
    ],
    "rekenen": [
        "Rekenen op de werkvloer",
        "Bedrijfseconomie basis",
        "Statistiek voor beginners",
        "Calculeren in de bouw",
    ],
    "fysiek": [
        "Tillen en ergonomie",
        "Heftruckcertificaat",
        "BHV basis",
        "Lassen (MIG/MAG)",
        "Installeren van warmtepompen",
        "Zonnepanelen monteren",
        "Elektrotechniek NEN 3140",
    ],
}
DOMAIN_SECTORS = {
    "computer": ["J", "K", "M"],
    "interpersoonlijk": ["Q", "G", "P"],
    "plannen_organiseren": ["H", "C", "F"],
    "taal": ["O", "P", "N"],
    "organisatiekennis": ["C", "F", "O"],
    "probleemoplossen": ["C", "D", "J"],
    "rekenen": ["K", "F", "G"],
    "fysiek": ["F", "C", "D", "Q"],
}
PROVIDER_PREFIX = [
    "Opleidingscentrum",
    "Academie",
    "Trainingsbureau",
    "Instituut",
    "Leerhuis",
    "Studiecentrum",
    "Vakschool",
    "Kenniscentrum",
]
PROVIDER_SUFFIX = [
    "Vakmanschap",
    "Groei",
    "Talent",
    "De Brug",
    "Perspectief",
    "Kompas",
    "Nova",
    "Horizon",
    "Vitaal",
    "Praktijk",
    "Digitaal",
    "Techniek",
]
LEVEL_SUFFIX = ["", " (basis)", " (gevorderd)", " (verdieping)"]


def generate(
    pop: Population, scale: C.Scale, periods: list[str], out: Path, progress: Progress
) -> dict[str, int]:
    ref = pop.ref
    rng0 = np.random.default_rng([pop.seed, 51])
    munis = ref.municipalities
    m_region = np.array([ref.region_codes.index(m["region_code"]) for m in munis])
    m_central = np.array([m["is_central_city"] == "true" for m in munis])
    # course supply per region: follows population, thinner in shrinking regions
    reg_weight = pop.region_share * np.exp(
        -0.35 * pop.shrink - 0.15 * pop.ageing + 0.25 * pop.urban
    )
    muni_weight = reg_weight[m_region] * np.where(m_central, 3.0, 1.0)
    muni_weight /= np.bincount(m_region, weights=np.where(m_central, 3.0, 1.0))[m_region]
    muni_weight /= muni_weight.sum()
    n_prov = max(25, scale.courses_per_year // 20)
    prov_type = 1 + np.searchsorted(np.cumsum([0.15, 0.10, 0.65, 0.10]), rng0.random(n_prov))
    prov_type = np.minimum(prov_type, 4)
    prov_muni = rng0.choice(len(munis), n_prov, p=muni_weight)
    prov_size = rng0.pareto(1.2, n_prov) + 1
    names = []
    for i in range(n_prov):
        city = munis[prov_muni[i]]["municipality_name"]
        if prov_type[i] == 1:
            names.append(f"ROC {city}")
        elif prov_type[i] == 2:
            names.append(f"Hogeschool {city} - Leven Lang Ontwikkelen")
        elif prov_type[i] == 4:
            names.append(f"Branche-opleider {PROVIDER_SUFFIX[i % len(PROVIDER_SUFFIX)]}")
        else:
            names.append(
                f"{PROVIDER_PREFIX[i % len(PROVIDER_PREFIX)]} "
                f"{PROVIDER_SUFFIX[(i * 7) % len(PROVIDER_SUFFIX)]} {city}"
            )
    # catalogue of courses; each is offered in a year with some probability
    n_cat = int(scale.courses_per_year * 1.6)
    domains = list(DOMAIN_SHARE)
    cat_domain = rng0.choice(
        len(domains), n_cat, p=np.array(list(DOMAIN_SHARE.values())) / sum(DOMAIN_SHARE.values())
    )
    cat_prov = rng0.choice(n_prov, n_cat, p=prov_size / prov_size.sum())
    cat_title = np.array(
        [
            COURSE_TITLES[domains[d]][rng0.integers(len(COURSE_TITLES[domains[d]]))]
            + LEVEL_SUFFIX[rng0.integers(4)]
            for d in cat_domain
        ],
        dtype=object,
    )
    cat_online = rng0.choice(3, n_cat, p=[0.55, 0.25, 0.20]) + 1
    cat_hours = np.round(
        np.exp(rng0.normal(np.log(np.where(cat_online == 2, 12, 24)), 0.8)).clip(1, 2000), 0
    )
    cat_level = np.where(
        rng0.random(n_cat) < 0.3, 0, rng0.choice(3, n_cat, p=[0.3, 0.45, 0.25]) + 1
    )
    sector_pick = np.array(
        [
            ref.sbi_codes.index(
                DOMAIN_SECTORS[domains[d]][rng0.integers(len(DOMAIN_SECTORS[domains[d]]))]
            )
            for d in cat_domain
        ]
    )
    cat_sector = np.where(rng0.random(n_cat) < 0.4, sector_pick, -1)
    price_factor = np.array([0.0, 0.6, 0.7, 1.0, 0.8])[prov_type[cat_prov]]
    cat_price = np.round(
        35 * cat_hours**0.85 * price_factor * np.exp(rng0.normal(0, 0.25, n_cat)), 0
    )
    cat_id = np.array([f"C{1000001 + i:07d}" for i in range(n_cat)], dtype=object)
    # online courses list the provider's place; classroom ones sometimes run elsewhere
    written = {}
    month_w = np.array([1.0, 1.1, 1.1, 1.0, 0.9, 0.7, 0.3, 0.4, 1.3, 1.2, 1.1, 0.8])
    for year in C.TRAINING_YEARS:
        if str(year) not in periods:
            continue
        rng = np.random.default_rng([pop.seed, 52, year])
        target = (
            scale.courses_per_year
            * (1 + 0.04 * (year - 2018))
            * {2020: 0.88, 2021: 0.95, 2022: 1.2, 2023: 1.2}.get(year, 1.0)
        )
        active = rng.random(n_cat) < min(0.98, target / n_cat)
        sel = np.nonzero(active)[0]
        muni = np.where(
            (cat_online[sel] == 1) & (rng.random(len(sel)) < 0.3),
            rng.choice(len(munis), len(sel), p=muni_weight),
            prov_muni[cat_prov[sel]],
        )
        month = rng.choice(12, len(sel), p=month_w / month_w.sum())
        start = np.array([day_of(f"{year}-{m + 1:02d}-01") for m in range(12)])[
            month
        ] + rng.integers(0, 28, len(sel))
        stap = np.where(
            np.isin(prov_type[cat_prov[sel]], [1, 2, 3]) & (rng.random(len(sel)) < 0.7), 1, 0
        )
        price = np.round(cat_price[sel] * 1.025 ** (year - 2018), 0)
        cols = {
            "cursus_id": cat_id[sel],
            "jaar": np.full(len(sel), year),
            "aanbieder_id": np.array([f"A{10000 + i:05d}" for i in cat_prov[sel]], dtype=object),
            "aanbieder_naam": np.array(names, dtype=object)[cat_prov[sel]],
            "aanbieder_type": prov_type[cat_prov[sel]],
            "cursus_naam": cat_title[sel],
            "gemeente_code": np.array([m["municipality_code"] for m in munis], dtype=object)[muni],
            "vaardigheidsdomein": np.array(domains, dtype=object)[cat_domain[sel]],
            "opleidingsvorm": cat_online[sel],
            "doelgroep_opleidingsniveau": np.where(cat_level[sel] > 0, cat_level[sel], np.nan),
            "sbi_sectie_doelgroep": np.where(
                cat_sector[sel] >= 0,
                np.array(ref.sbi_codes, dtype=object)[np.maximum(cat_sector[sel], 0)],
                None,
            ),
            "duur_uren": cat_hours[sel],
            "kosten_euro": price,
            "startdatum": start,
            "stap_subsidiabel": np.where(year in (2022, 2023), stap, np.nan),
        }
        order = np.argsort(cat_id[sel], kind="stable")
        cols = {k: np.asarray(v)[order] for k, v in cols.items()}
        table = to_table("training_offer", cols)
        write_csv(table, "training_offer", delivery_path(out, "training_offer", year))
        written[str(year)] = table.num_rows
        progress.log("training_offer", str(year), table.num_rows)
    return written
