"""The package installs anywhere: a wheel, in a fresh virtual environment away from the
source tree, builds, validates, queries and serves with its own ontology, shapes, queries
and view assets (read with importlib.resources)."""

import json
import shutil
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from .conftest import DATA, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The ``kg`` command of a fresh virtual environment holding the built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(work / "dist"), str(ROOT)], check=True, timeout=900)
    wheel = next((work / "dist").glob("dlkg-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, timeout=900)
    return work, python


def _kg(installed, *args, **kwargs):
    work, python = installed
    return subprocess.run([str(python), "-m", "kg", *map(str, args)], cwd=work,
                          capture_output=True, text=True, timeout=300, **kwargs)


def test_the_wheel_holds_the_package_files_and_no_source_tree(installed):
    work, python = installed
    where = subprocess.run([str(python), "-c", "import kg, kg.resources as r; "
                            "print(kg.__file__); print(r.shapes_path())"],
                           cwd=work, capture_output=True, text=True, check=True).stdout
    assert str(ROOT) not in where and str(work / "venv") in where


def test_build_validate_query_and_serve_from_the_wheel(installed):
    work, _python = installed
    data = work / "data"
    shutil.copytree(DATA, data, dirs_exist_ok=True)
    built = _kg(installed, "build", "--data", data, "--out", work / "out")
    assert built.returncode == 0, built.stderr
    assert (work / "out" / "dlkg.ttl").stat().st_size > 100_000
    assert (work / "out" / "graph.html").is_file()
    checked = _kg(installed, "validate", "--data", data)
    assert checked.returncode == 0, checked.stderr
    answered = _kg(installed, "query", "ilsvrc-results", "--graph", work / "out" / "dlkg.nt",
                   "--format", "json")
    assert answered.returncode == 0, answered.stderr
    assert len(json.loads(answered.stdout)["results"]["bindings"]) > 10

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _work, python = installed
    server = subprocess.Popen([str(python), "-m", "kg", "serve", "--port", str(port),
                               "--graph", str(work / "out" / "dlkg.nt"), "--workers", "1"],
                              cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)  # (stderr is its request log: a pipe could fill)
    try:
        assert "ready" in server.stdout.readline()
        query = urllib.parse.urlencode({"query": "ASK { ?s a ?t }"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}",
                                    timeout=30) as response:
            assert json.loads(response.read())["boolean"] is True
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ontology", timeout=30) as page:
            assert b"dlkg" in page.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/assets/yasgui.min.js",
                                    timeout=30) as editor:  # the bundled query editor
            assert len(editor.read()) > 500_000
    finally:
        server.terminate()
        server.wait(timeout=30)
