"""`kg bench`: reproducible generated data, and a report of the promised shape.
(Speed itself is measured by the benchmark, not asserted here.)"""

import json

from kg.bench import generate_data
from kg.pipeline import check_graph
from kg.query import named_queries

from .conftest import run_kg


def test_generated_data_is_reproducible_and_valid(tmp_path):
    generate_data(tmp_path / "a", 3000, seed=7)
    generate_data(tmp_path / "b", 3000, seed=7)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    graph = check_graph(tmp_path / "a", cache=None)
    assert {"terms", "papers", "people", "organizations", "datasets", "competitions",
            "editions", "results"} <= set(graph.counts)
    assert 2000 < graph.triple_count < 4500


def test_bench_reports_every_stage_for_both_sides():
    result = run_kg("bench", "--size", "2000", "--runs", "1", "--query-runs", "1", "--json",
                    timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert 1500 < report["triples"] < 4500
    stages = report["stages"]
    for stage in ["build", "load", "export:turtle", "export:ntriples",
                  *(f"query:{q.name}" for q in named_queries())]:
        assert stages[stage]["kg"] > 0 and stages[stage]["baseline"] > 0, stage
    for stage in ("validate", "view", "rebuild", "oxigraph:turtle",
                  "oxigraph:turtle-from-ntriples"):
        assert stages[stage]["kg"] > 0, stage
    assert set(report["targets"]) == {
        "build_over_c_loader", "build_over_c_loader_without_gc", "cold_build_over_rebuild",
        "turtle_over_oxigraph_turtle",
        "turtle_over_oxigraph_turtle_from_ntriples"}
    assert all(ratio > 0 for ratio in report["targets"].values())
    assert report["peak_rss_mb"]["kg"] > 0 and report["peak_rss_mb"]["baseline"] > 0
    assert report["c_loader_seconds"] > 0 and report["c_loader_seconds_without_gc"] > 0
