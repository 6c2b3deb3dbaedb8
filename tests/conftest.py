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


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Keep the loader's parse cache of this test run out of the user's cache folder."""
    os.environ["DLKG_CACHE"] = str(tmp_path_factory.mktemp("dlkg-cache"))


@pytest.fixture(scope="session")
def built():
    """(data, triples) of the shipped data/, built and checked once per test session."""
    from kg.pipeline import check_data

    return check_data(DATA)


@pytest.fixture(scope="session")
def graph(built):
    """The shipped graph as an rdflib.Graph (parsed from N-Triples of the fresh build)."""
    import rdflib
    from pyoxigraph import RdfFormat, serialize

    result = rdflib.Graph()
    result.parse(data=serialize(built[1], format=RdfFormat.N_TRIPLES), format="nt")
    return result


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
