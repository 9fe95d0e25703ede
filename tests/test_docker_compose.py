"""Static checks of the production stack (no Docker engine on the build machines)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SECRET_WORDS = re.compile(r"(PASSWORD|SECRET|TOKEN|KEY)$")


def test_all_services_of_the_production_stack_exist():
    assert set(SERVICES) == {
        "postgres",
        "redis",
        "dagster-webserver",
        "dagster-daemon",
        "superset",
        "superset-worker",
        "superset-init",
    }


def test_images_are_pinned_or_built_from_dockerfiles_in_the_repo():
    for name, service in SERVICES.items():
        build = service.get("build")
        if build:
            assert (ROOT / build["context"] / build["dockerfile"]).is_file(), name
        else:
            image = service["image"]
            assert ":" in image and not image.endswith(":latest"), name


def test_dockerfiles_install_from_the_lock_files():
    assert "uv sync --frozen" in (ROOT / "orchestration/Dockerfile").read_text()
    assert "requirements.lock.txt" in (ROOT / "superset_config/Dockerfile").read_text()


def test_long_running_services_have_healthchecks_and_restart_policies():
    for name, service in SERVICES.items():
        if name == "superset-init":
            assert service["restart"] == "no"
            continue
        assert "healthcheck" in service and "test" in service["healthcheck"], name
        assert service.get("restart") == "unless-stopped", name


def test_no_inline_secrets_only_secret_files():
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_WORDS.search(key):
                raise AssertionError(f"{name}: secret {key} set inline")
            if key.endswith("_FILE"):
                assert str(value).startswith("/run/secrets/"), (name, key)
    for secret in COMPOSE["secrets"].values():
        assert secret["file"].startswith("./secrets/")
    assert "secrets/" in (ROOT / ".gitignore").read_text().split()


def test_named_volumes_and_superset_reads_serving_only():
    declared = set(COMPOSE["volumes"])
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith("."):
                assert source in declared, (name, source)
    for name in ("superset", "superset-worker", "superset-init"):
        volumes = SERVICES[name]["volumes"]
        assert "serving:/data/serving:ro" in volumes
        assert not any(v.startswith("warehouse:") for v in volumes), name


def test_same_config_files_as_the_embedded_default():
    web = SERVICES["dagster-webserver"]
    assert any("orchestration/dagster/dagster.postgres.yaml" in v for v in web["volumes"])
    assert web["command"][-1] == "orchestration.definitions"
    assert SERVICES["superset-init"]["command"][-2:] == ["-m", "superset_config.provision"]
    assert all(p.startswith("127.0.0.1:") for s in SERVICES.values() for p in s.get("ports", []))
