"""Shared fixtures: the project's data built once, and helpers to run the CLI."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXPORTS = ROOT / "exports"
TEST_DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def knowledge():
    """The shipped data/, built and checked once per test session (a KnowledgeGraph)."""
    from kg.pipeline import KnowledgeGraph

    return KnowledgeGraph.from_data(DATA)


@pytest.fixture(scope="session")
def built(knowledge):
    """(data, triples) of the shipped data/: its entries and the pyoxigraph Triples."""
    from pyoxigraph import DefaultGraph

    store = knowledge.graph.store
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())]
    return knowledge.graph.data, triples


@pytest.fixture(scope="session")
def graph(knowledge):
    """The shipped graph as an rdflib.Graph (parsed from N-Triples of the fresh build)."""
    import rdflib
    from pyoxigraph import DefaultGraph, RdfFormat

    ntriples = knowledge.graph.store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
    return rdflib.Graph().parse(data=ntriples, format="nt")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the shipped data/ folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def run_kg(*args, cwd=None, input_text=None, timeout=120):
    """Run ``python -m kg ARGS`` in a subprocess; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, input=input_text, timeout=timeout)


def need_tool(name: str, install: str) -> str:
    """Path of the program ``name``; fail in CI, skip elsewhere, saying how to install it."""
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is not installed; install it with: {install}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
