"""Errors that point at the cause, a CLI that explains itself, pages for people, `kg new`."""

import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from .conftest import DATA, ROOT, run_kg
from .servers import LOGS, kg_server

FIXTURE = ROOT / "tests" / "fixtures" / "arxiv-1706.03762.xml"


def get(url: str, accept: str = "") -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture(scope="module")
def server():
    with kg_server("--timeout", "5") as base:
        yield base


def test_version_and_a_misspelt_command():
    assert run_kg("--version").stdout.startswith("kg (DLKG) ")
    wrong = run_kg("biuld")
    assert wrong.returncode == 2 and "did you mean 'build'?" in wrong.stderr


@pytest.mark.parametrize("command", ["build", "query", "search", "serve", "view", "new", "push"])
def test_every_subcommand_s_help_says_what_it_does_and_shows_defaults(command):
    text = run_kg(command, "--help").stdout
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 4 and not description.startswith(("positional",
                                                                        "options"))
    if command in ("build", "query", "search", "serve", "view"):
        assert "(default: " in text


@pytest.mark.parametrize("args, status, words", [
    (["build", "--formats", "ttl"], 2, "unknown format 'ttl'"),
    (["build", "--formats", "turtle,foo"], 2, "unknown format 'foo'"),
    (["push", "--endpoint", "notaurl"], 2, "not an http:// or https:// URL"),
    (["query", "papers", "--endpoint", "notaurl"], 2, "not an http:// or https:// URL"),
    (["view", "--depth", "-1"], 2, "--depth must be 0 or more"),
    (["query", "DELETE WHERE { ?s ?p ?o }"], 3, "updates are refused"),
    (["query", "coauthor"], 2, "did you mean 'coauthors'"),
    (["new", "term", "--arxiv", "1706.03762", "--category", "concept"], 2,
     "give the new entry's ID"),
])
def test_a_wrong_command_gets_one_clear_line(args, status, words, tmp_path):
    out = tmp_path / "exports"
    if args[0] == "build":
        args = args + ["--out", str(out)]
    result = run_kg(*args)
    assert result.returncode == status, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("text, words", [
    ("terms:\n- id: relu\n  label: [unclosed\n", "while parsing a flow sequence at line 3"),
    ("terms:\n- id: relu\n\tlabel: ReLU\n", "YAML syntax error"),
])
def test_a_yaml_syntax_error_is_one_problem_and_not_missing_references(data_copy, text, words,
                                                                      tmp_path):
    (data_copy / "terms.yaml").write_text(text)  # every other file refers to its terms
    out = tmp_path / "exports"
    out.mkdir()
    (out / "dlkg.ttl").write_text("kept")
    result = run_kg("build", "--data", data_copy, "--out", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "terms.yaml:" in errors[0] and words in errors[0]
    assert (out / "dlkg.ttl").read_text() == "kept" and len(list(out.iterdir())) == 1


def test_a_misspelt_field_gets_did_you_mean_and_no_second_problem(data_copy):
    path = data_copy / "terms.yaml"
    path.write_text(path.read_text().replace("  category: architecture", "  categroy: "
                                             "architecture", 1))
    result = run_kg("validate", "--data", data_copy)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "did you mean 'category'?" in errors[0]


def test_a_busy_port_is_refused_before_any_ready_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_kg("serve", "--port", port)
    assert result.returncode == 5 and "ready" not in result.stdout
    assert f"port {port}" in result.stderr and "Traceback" not in result.stderr


def test_kg_query_warns_when_the_data_is_newer_than_the_graph(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    assert run_kg("build", "--formats", "ntriples", cwd=tmp_path).returncode == 0
    fresh = run_kg("query", "papers", cwd=tmp_path)
    assert fresh.returncode == 0 and "warning" not in fresh.stderr
    later = time.time() + 5
    os.utime(tmp_path / "data" / "terms.yaml", (later, later))
    stale = run_kg("query", "papers", cwd=tmp_path)
    assert stale.returncode == 0 and "changed since" in stale.stderr and "kg build" in stale.stderr


def test_updates_get_403_on_every_route(server):
    update = "DELETE WHERE { ?s ?p ?o }"
    assert get(f"{server}/sparql?" + urllib.parse.urlencode({"query": update}))[0] == 403
    assert get(f"{server}/update")[0] == 403
    request = urllib.request.Request(f"{server}/sparql", method="POST",
                                     data=urllib.parse.urlencode({"query": update}).encode())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_the_endpoint_predeclares_prefixes_and_explains_syntax_errors(server):
    status, kind, body = get(f"{server}/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?t WHERE { ?t a dlkg:ActivationFunction }"}))
    assert status == 200 and "https://w3id.org/dlkg/id/term/relu" in body
    status, kind, body = get(f"{server}/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?t WHERE { ?t a foo:Bar }"}))
    assert status == 400 and body.startswith("SPARQL syntax error: unknown prefix foo")
    assert body.rstrip().endswith("^")


def test_pages_for_people_and_rdf_for_rdf_clients(server):
    status, kind, body = get(f"{server}/ontology", "text/html,*/*;q=0.8")
    assert status == 200 and kind.startswith("text/html")
    status, kind, body = get(f"{server}/ontology", "text/turtle")
    assert status == 200 and kind.startswith("text/turtle") and "owl:Ontology" in body
    status, kind, body = get(f"{server}/sparql", "text/html,*/*;q=0.8")
    assert status == 200 and kind.startswith("text/html") and "yasgui" in body
    status, kind, body = get(f"{server}/id/term/relu", "text/html")
    assert "<title>rectified linear unit · DLKG</title>" in body
    assert ">introduced in<" in body and 'href="/id/term/tanh"' in body
    assert get(f"{server}/id/term/relu", "text/turtle")[2].count("term:relu") >= 1
    status, kind, body = get(f"{server}/search?q=hintn", "application/json")
    assert status == 200 and '"Geoffrey E. Hinton"' in body.split("}")[0]


def test_the_server_logs_a_line_a_request(server):
    get(f"{server}/id/term/relu?x=1", "text/html")
    lines = Path(LOGS[server]).read_text().splitlines()
    assert any(line.startswith("GET /id/term/relu?x=1 200 ") and line.endswith(" ms")
               for line in lines), lines[-5:]


def test_kg_new_paper_from_the_recorded_arxiv_answer(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.yaml").write_text("people:\n- id: noam-shazeer\n  name: Noam Shazeer\n"
                                      "  sources: [https://arxiv.org/abs/1706.03762]\n")
    result = run_kg("new", "paper", "--arxiv", "1706.03762", "--arxiv-response", FIXTURE,
                    "--data", data)
    assert result.returncode == 0, result.stderr
    assert "fill in" in result.stdout
    paper = yaml.safe_load((data / "papers.yaml").read_text())["papers"][0]
    assert paper["title"] == "Attention Is All You Need" and paper["year"] == 2017
    assert paper["authors"] == ["ashish-vaswani", "noam-shazeer", "niki-parmar",
                                "jakob-uszkoreit", "llion-jones", "aidan-gomez", "lukasz-kaiser",
                                "illia-polosukhin"]
    people = yaml.safe_load((data / "people.yaml").read_text())["people"]
    assert len(people) == 8 and {"id": "aidan-gomez", "name": "Aidan N. Gomez",
                                 "sources": ["https://arxiv.org/abs/1706.03762"]} in people
    assert run_kg("validate", "--data", data).returncode == 0
    again = run_kg("new", "paper", "--arxiv", "1706.03762", "--arxiv-response", FIXTURE,
                   "--data", data)
    assert again.returncode == 1 and "already" in again.stderr
    assert oct((data / "papers.yaml").stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("arxiv, status, words", [
    ("1512.03385", 1, "about 1706.03762, not 1512.03385"),  # the wrong saved answer
    ("x&search_query=all", 2, "not an arXiv ID"),
])
def test_kg_new_paper_checks_the_arxiv_id(tmp_path, arxiv, status, words):
    data = tmp_path / "data"
    data.mkdir()
    (data / "people.yaml").write_text("people: []\n")
    result = run_kg("new", "paper", "--arxiv", arxiv, "--arxiv-response", FIXTURE,
                    "--data", data)
    assert result.returncode == status and words in result.stderr
    assert not (data / "papers.yaml").exists()


def test_kg_new_term_and_person_append_valid_skeletons(data_copy):
    before = (data_copy / "terms.yaml").read_text()
    result = run_kg("new", "term", "group-norm-2", "--category", "normalization", "--data",
                    data_copy)
    assert result.returncode == 0 and "fill in: definition" in result.stdout
    assert (data_copy / "terms.yaml").read_text().startswith(before)  # appended, comments kept
    person = run_kg("new", "person", "ada-lovelace", "--source", "https://example.org/ada",
                    "--data", data_copy)
    assert person.returncode == 0, person.stderr
    assert run_kg("validate", "--data", data_copy).returncode == 0
    missing = run_kg("new", "person", "alan-turing", "--data", data_copy)
    assert missing.returncode == 2 and "--source" in missing.stderr
    bad = run_kg("new", "term", "Bad Id", "--category", "concept", "--data", data_copy)
    assert bad.returncode == 2 and "not an id" in bad.stderr
    assert (data_copy / "terms.yaml").read_text().count("- id: ") == before.count("- id: ") + 1


def test_kg_new_paper_offline_says_so(data_copy, monkeypatch):
    import kg.curate
    from kg.curate import CurationError, new_entry
    with socket.socket() as closed:  # a port nothing listens on: arXiv unreachable
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setattr(kg.curate, "ARXIV_API", f"http://127.0.0.1:{port}/api?id_list={{}}")
    before = (data_copy / "papers.yaml").read_text()
    with pytest.raises(CurationError) as refused:
        new_entry("paper", None, data_copy, arxiv_id="2101.00001")
    assert refused.value.status == 4 and "cannot reach arXiv" in str(refused.value)
    assert "kg new paper ID --label TITLE" in str(refused.value)
    assert (data_copy / "papers.yaml").read_text() == before


def test_a_format_named_twice_is_written_once(tmp_path):
    result = run_kg("build", "--formats", "turtle,turtle", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["dlkg.ttl"]


def test_kg_serve_shows_the_view_beside_the_graph_it_serves(tmp_path):
    run_kg("build", "--formats", "ntriples,html", "--out", tmp_path)
    (tmp_path / "graph.html").write_text("<p>the view beside this graph</p>", encoding="utf-8")
    with kg_server("--graph", str(tmp_path / "dlkg.nt")) as base:
        assert "the view beside this graph" in get(base + "/graph")[2]


def test_an_endpoint_that_answers_html_is_one_clear_line():
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>a login page</html>")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        result = run_kg("query", "papers", "--endpoint", f"http://127.0.0.1:{httpd.server_port}/")
    finally:
        httpd.shutdown()
    assert result.returncode == 3, result.stderr
    assert "did not answer with SPARQL results (text/html)" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
