"""`kg serve` under load and abuse: many clients, hostile requests, each answered with the
right status and no effect."""

import http.client as http_client
import json
import urllib.parse

import pytest

from .load import run_load
from .servers import kg_server
from .test_endpoint import COUNT, count, http


@pytest.fixture(scope="module")
def server():
    with kg_server("--timeout", "2") as base:
        yield base


def test_concurrent_clients_get_every_answer(server):
    figures = run_load(server, clients=8, requests=300, max_seconds=120)
    print("load:", json.dumps(figures))
    assert figures["requests"] == 300
    assert figures["errors"] == 0


def raw_request(base, method, path, body=None, headers=None):
    """Send a request with the path exactly as given (no client-side normalization)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http_client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/id/../../etc/passwd", "/id/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
    "/graph/../../pyproject.toml", "/ontology/..%2f..%2fpyproject.toml",
    "/id/term/relu/../../../../etc/passwd", "//etc/passwd", "/id/%00", "/static/../kg/cli.py",
])
def test_path_traversal_reaches_no_file(server, path):
    status, body = raw_request(server, "GET", path)
    assert status in (400, 404), (path, status)
    assert "root:" not in body and "[project]" not in body and "import" not in body


@pytest.mark.parametrize("method, path, body, headers, expected", [
    ("GET", "/sparql", None, {}, 400),                                   # no query
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400),   # two queries
    ("GET", "/sparql?query=", None, {}, 400),                            # empty query
    ("GET", "/sparql?query=%ZZ%", None, {}, 400),                        # bad escape
    ("POST", "/sparql", b"query=ASK{}", {"Content-Type": "text/plain"}, 415),
    ("POST", "/sparql", b"\xff\xfe", {"Content-Type": "application/sparql-query"}, 400),
    ("POST", "/sparql", b"query=%FF%FE", {"Content-Type":
                                           "application/x-www-form-urlencoded"}, 400),
    ("PUT", "/sparql", b"x", {}, 405),
    ("DELETE", "/sparql", None, {}, 405),
    ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=urn:x", None, {}, 400),
    ("POST", "/sparql", b"x" * 2_000_000, {"Content-Type": "application/sparql-query"}, 413),
    ("POST", "/sparql", b"q", {"Content-Type": "application/sparql-query",
                               "Content-Length": "999999999"}, 413),
], ids=["no-query", "two-queries", "empty-query", "bad-escape", "wrong-type", "bad-utf8",
        "bad-utf8-form", "put", "delete", "graph-uri", "oversized", "lying-length"])
def test_malformed_protocol_requests(server, method, path, body, headers, expected):
    status, _body = raw_request(server, method, path, body, headers)
    assert status == expected


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . { SeRvIcE ?endpoint { ?a ?b ?c } } } LIMIT 1",
    "PREFIX e: <http://127.0.0.1:1/>\nSELECT * WHERE {\n SERVICE e:x { ?s ?p ?o } }",
    # "<" as less-than: a tokenizer took <2)SERVICE#> for an IRI (found in review)
    "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:1/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(1<2 AS ?x) SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } } #>",
])
def test_every_service_form_is_refused(server, query):
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and "SERVICE" in body


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL", "DROP DEFAULT", "LOAD <http://127.0.0.1:1/x.ttl>",
    "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
])
def test_updates_through_every_route_change_nothing(server, update):
    before = count(server)
    routes = [
        ("POST", "/sparql", urllib.parse.urlencode({"update": update}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        ("POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-query"}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"update": update}), None, {}),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": update}), None, {}),
        ("POST", "/sparql", urllib.parse.urlencode({"query": update}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
    ]
    for method, path, body, headers in routes:
        status, _body = raw_request(server, method, path, body, headers)
        assert 400 <= status < 500, (method, path, status)
    assert count(server) == before


def test_endpoint_still_serves_after_the_abuse(server):
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 3000
