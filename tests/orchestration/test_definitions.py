"""The Dagster definitions load and hold the chain: job, assets and checks."""

import dagster as dg

from orchestration.definitions import defs


def test_job_covers_the_whole_chain():
    job = defs.resolve_job_def("refresh_warehouse_job")
    keys = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    assert "raw/ebb" in keys
    assert "serving/llo_radar" in keys
    assert any(key.endswith("stg_ebb__respondents") for key in keys)
    assert any(key.endswith("lnk_ebb_respondents_joined_to_regions") for key in keys)
    assert any(key.endswith("rpt_course_participation_ebb_by_region") for key in keys)


def test_gx_check_is_blocking_and_dbt_tests_are_checks():
    checks = {key.name: key for key in defs.resolve_asset_graph().asset_check_keys}
    gx = checks["gx_rpt_course_participation_ebb_by_region"]
    spec = defs.resolve_asset_graph().get_check_spec(gx)
    assert spec.blocking
    assert any(name.startswith("unique_combination") for name in checks)


def test_publish_depends_on_every_mart():
    graph = defs.resolve_asset_graph()
    publish = graph.get(dg.AssetKey(["serving", "llo_radar"]))
    parents = {key.path[-1] for key in publish.parent_keys}
    assert "rpt_course_participation_ebb_by_region" in parents
    assert all(graph.get(key).group_name == "marts" for key in publish.parent_keys)
