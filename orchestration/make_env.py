"""Create .env from .env.example with fresh random secrets (never a shared default)."""

from __future__ import annotations

import secrets
import sys

from orchestration.settings import REPO_ROOT


def main() -> int:
    target = REPO_ROOT / ".env"
    if target.exists():
        return 0
    lines = []
    for line in (REPO_ROOT / ".env.example").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and value == "<generated>":
            size = 48 if "SECRET" in key else 18
            line = f"{key}={secrets.token_urlsafe(size)}"
        elif key == "DAGSTER_HOME" and sep and not value.startswith("/"):
            # Dagster reads .env itself and requires an absolute DAGSTER_HOME.
            line = f"{key}={REPO_ROOT / value}"
        lines.append(line)
    target.write_text("\n".join(lines) + "\n")
    target.chmod(0o600)
    print(f"created {target} with a new random SUPERSET_SECRET_KEY and admin password")
    return 0


if __name__ == "__main__":
    sys.exit(main())
