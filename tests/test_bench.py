"""`kg bench`: reproducible generated data, and a report of every stage of the build.
(Speed itself is measured by the benchmark, not asserted here.)"""

import json

from kg.bench import generate_data
from kg.export import FORMATS
from kg.pipeline import KnowledgeGraph
from kg.query import named_queries

from .conftest import run_kg


def test_generated_data_is_reproducible_and_valid(tmp_path):
    generate_data(tmp_path / "a", 3000, seed=7)
    generate_data(tmp_path / "b", 3000, seed=7)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    graph = KnowledgeGraph.from_data(tmp_path / "a").graph
    assert {"terms", "papers", "people", "organizations", "datasets", "competitions",
            "editions", "measures", "results"} <= set(graph.counts)
    assert 2000 < graph.triple_count < 4500


def test_bench_times_the_build_command_every_stage_and_the_yardsticks():
    result = run_kg("bench", "--size", "2000", "--runs", "1", "--query-runs", "1", "--json",
                    timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert 1500 < report["triples"] < 4500
    seconds = report["seconds"]
    for stage in ["kg build", "c_loader", "load", "build", "validate", "exports", "view:focus",
                  *(f"export:{f.name}" for f in FORMATS),
                  *(f"oxigraph:{name}" for name in ("turtle", "ntriples", "rdfxml", "jsonld",
                                                     "trig", "nquads")),
                  *(f"query:{q.name}" for q in named_queries()),
                  *(f"oxigraph-bare:{q.name}" for q in named_queries()),
                  *(f"oxigraph-read:{q.name}" for q in named_queries()),
                  *(f"rdflib:{q.name}" for q in named_queries())]:
        assert seconds[stage] > 0, stage
    assert seconds["peak_mb"] > 10
    targets = report["targets"]
    assert targets["build_over_c_loader"] > 0
    assert {f"export_{name}_over_oxigraph" for name in ("turtle", "ntriples", "rdfxml",
                                                         "jsonld", "trig", "nquads")} <= set(targets)


def test_bench_of_the_shipped_data(tmp_path):
    result = run_kg("bench", "--shipped", "--runs", "1", "--data", "tests/data/mini",
                    timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["seconds"]["kg build"] > 0 and report["query_over_bare"] > 0
