"""Make GX Data Docs render offline.

GX writes Data Docs pages that load Bootstrap, jQuery, Font Awesome, Vega and friends from
public CDNs and a logo from a remote bucket (a beacon). This machine has no network, and
quality reports should not phone home anyway. After every docs build, the assets are
copied from ``expectations/vendor/node_modules`` (installed by ``make setup`` with
``npm ci`` from the committed lock file) into ``static/vendor`` of the site, and every
page is rewritten to point at the local copies. When the vendored assets are missing the
pages are left as GX wrote them (they still open; they are unstyled offline).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor" / "node_modules"

# CDN address (prefix match, version-insensitive where GX varies) -> file in node_modules.
ASSETS = {
    r"https://maxcdn\.bootstrapcdn\.com/bootstrap/[^/]+/css/bootstrap\.min\.css": (
        "bootstrap/dist/css/bootstrap.min.css"
    ),
    r"https://stackpath\.bootstrapcdn\.com/bootstrap/[^/]+/js/bootstrap\.min\.js": (
        "bootstrap/dist/js/bootstrap.min.js"
    ),
    (
        r"https://cdn\.jsdelivr\.net/npm/@forevolve/bootstrap-dark@[^/]+/dist/css/"
        r"bootstrap-prefers-dark\.css"
    ): "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    (
        r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[^/]+/css/"
        r"bootstrap-datepicker\.min\.css"
    ): "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    (
        r"https://cdnjs\.cloudflare\.com/ajax/libs/bootstrap-datepicker/[^/]+/js/"
        r"bootstrap-datepicker\.min\.js"
    ): "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    r"https://cdnjs\.cloudflare\.com/ajax/libs/font-awesome/[^/]+/css/all\.min\.css": (
        "@fortawesome/fontawesome-free/css/all.min.css"
    ),
    r"https://cdnjs\.cloudflare\.com/ajax/libs/popper\.js/[^/]+/umd/popper\.min\.js": (
        "popper.js/dist/umd/popper.min.js"
    ),
    r"https://code\.jquery\.com/jquery-[0-9.]+\.min\.js": "jquery/dist/jquery.min.js",
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/bootstrap-table\.min\.css": (
        "bootstrap-table/dist/bootstrap-table.min.css"
    ),
    r"https://unpkg\.com/bootstrap-table@[^/]+/dist/bootstrap-table\.min\.js": (
        "bootstrap-table/dist/bootstrap-table.min.js"
    ),
    (
        r"https://unpkg\.com/bootstrap-table@[^/]+/dist/extensions/filter-control/"
        r"bootstrap-table-filter-control\.min\.css"
    ): "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    (
        r"https://unpkg\.com/bootstrap-table@[^/]+/dist/extensions/filter-control/"
        r"bootstrap-table-filter-control\.css"
    ): "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    (
        r"https://unpkg\.com/bootstrap-table@[^/]+/dist/extensions/filter-control/"
        r"bootstrap-table-filter-control\.min\.js"
    ): "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    r"https://cdn\.jsdelivr\.net/npm/vega@5": "vega/build/vega.min.js",
    r"https://cdn\.jsdelivr\.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    r"https://cdn\.jsdelivr\.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}
LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"']*/logo-long\.png[^\"']*")
SRI = re.compile(r"\s(integrity|crossorigin)=\"[^\"]*\"")
EXTRA_DIRS = {"@fortawesome/fontawesome-free/webfonts": "@fortawesome/fontawesome-free/webfonts"}


def vendored() -> bool:
    return all((VENDOR / path).is_file() for path in ASSETS.values())


def localize(site: Path) -> int:
    """Rewrite every page of the Data Docs site to local assets. Returns pages rewritten."""
    if not site.is_dir() or not vendored():
        return 0
    target = site / "static" / "vendor"
    for relative in ASSETS.values():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(VENDOR / relative, destination)
    for source, relative in EXTRA_DIRS.items():
        shutil.copytree(VENDOR / source, target / relative, dirs_exist_ok=True)

    rewritten = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        to_root = os.path.relpath(site, page.parent)
        new = text
        for pattern, relative in ASSETS.items():
            new = re.sub(pattern + r'(?=["\'])', f"{to_root}/static/vendor/{relative}", new)
        new = LOGO.sub(f"{to_root}/static/images/logo-long.png", new)
        new = SRI.sub("", new)
        if new != text:
            page.write_text(new, encoding="utf-8")
            rewritten += 1
    return rewritten


def remote_references(site: Path) -> list[str]:
    """Assets (scripts, styles, images) a page would still load from another host."""
    found = set()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found.update(re.findall(r'<(?:script|img)[^>]+src="(https?://[^"]+)"', text))
        found.update(re.findall(r'<link[^>]+href="(https?://[^"]+)"', text))
    return sorted(found)
