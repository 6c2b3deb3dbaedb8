"""`kg serve` as SPARQL clients see it, and `kg push` into a real Oxigraph server."""

import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.query import bind_params, named_queries, open_store, run_query
from kg.search import finder

from .conftest import need_tool, run_kg
from .servers import kg_server, oxigraph_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PARAMS = {"author": "Alex Graves", "term": "ReLU", "text": "network", "thing": "ReLU"}


@pytest.fixture(scope="module")
def server():
    with kg_server("--timeout", "2", "--max-results", "1000") as base:
        yield base


def http(url, data=None, headers=None, method=None):
    """(status, content type, body text) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), \
                response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read().decode()


def count(server) -> int:
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_sparqlwrapper_gets_the_right_answer(server, built):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(built[1])


def test_curl_gets_csv_by_accept(server):
    curl = need_tool("curl", "apt-get install curl")
    out = subprocess.run([curl, "-s", "-H", "Accept: text/csv", "--data-urlencode",
                          "query=SELECT ?label WHERE { <https://w3id.org/dlkg/id/term/relu> "
                          "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
                          server + "/sparql"], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["label", "rectified linear unit"]


def named_query_args(query, endpoint: str, output: str) -> list[str]:
    """`kg query` arguments that run ``query`` at ``endpoint`` with the test parameters."""
    args = ["query", query.name, "--endpoint", endpoint, "--format", output]
    for name in query.params:
        args += ["--param", f"{name}={PARAMS[name]}"]
    return args


def test_kg_query_endpoint_matches_the_embedded_engine(server):
    store = open_store()
    for query in named_queries():
        params = bind_params(query, {p: PARAMS[p] for p in query.params}, finder(store))
        local = run_query(store, query.text, params)
        remote = run_kg(*named_query_args(query, server + "/sparql", "json"))
        if len(local.rows) > 1000:  # the test server's --max-results
            assert remote.returncode == 3 and "more than 1000 rows" in remote.stderr
            continue
        assert remote.returncode == 0, remote.stderr
        bindings = json.loads(remote.stdout)["results"]["bindings"]
        assert len(bindings) == len(local.rows), query.name


def test_updates_are_refused_and_change_nothing(server):
    before = count(server)
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    attempts = [
        http(server + "/sparql", urllib.parse.urlencode({"update": update}).encode(),
             {"Content-Type": "application/x-www-form-urlencoded"}),
        http(server + "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
        http(server + "/sparql?" + urllib.parse.urlencode({"update": update})),
        http(server + "/sparql", update.encode(), {"Content-Type": "application/sparql-query"}),
        http(server + "/sparql?" + urllib.parse.urlencode({"query": update})),
    ]
    assert all(400 <= status < 500 for status, _t, _b in attempts), attempts
    assert count(server) == before


def test_a_query_past_the_time_limit_is_stopped(server):
    endless = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode({"query": endless}))
    assert status == 503 and "time limit of 2 s" in body
    assert count(server) > 0, "the endpoint still answers after a stopped query"


def test_result_size_limit(server):
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 400 and "more than 1000 rows" in body


def test_service_is_refused(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    status, _type, body = http(server + "/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and "SERVICE" in body


def test_content_negotiation(server):
    query = urllib.parse.urlencode({"query": "CONSTRUCT WHERE { "
                                    "<https://w3id.org/dlkg/id/term/gpu> ?p ?o }"})
    status, content_type, body = http(server + "/sparql?" + query,
                                      headers={"Accept": "application/n-triples"})
    assert status == 200 and content_type.startswith("application/n-triples")
    assert body.startswith("<https://w3id.org/dlkg/id/term/gpu>")
    status, content_type, _ = http(server + "/sparql?" + urllib.parse.urlencode(
        {"query": "ASK {}"}), headers={"Accept": "application/sparql-results+xml"})
    assert status == 200 and "sparql-results+xml" in content_type
    status, _type, _body = http(server + "/sparql?" + query, headers={"Accept": "image/png"})
    assert status == 406


def test_the_graphs_iris_dereference(server):
    status, content_type, body = http(server + "/id/term/relu", headers={"Accept": "text/html"})
    assert status == 200 and content_type.startswith("text/html")
    assert "rectified linear unit" in body and 'href="/id/term/tanh"' in body
    status, content_type, body = http(server + "/id/term/relu", headers={"Accept": "text/turtle"})
    assert status == 200 and content_type.startswith("text/turtle")
    import rdflib

    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/dlkg/id/term/relu"),
            rdflib.URIRef("https://w3id.org/dlkg/ontology#formula"),
            rdflib.Literal("relu(x) = max(x, 0)")) in graph
    assert http(server + "/id/term/no-such-term")[0] == 404


def test_pages_are_served(server):
    status, _type, body = http(server + "/")
    assert status == 200 and "DLKG SPARQL query editor" in body and "/assets/yasgui.min.js" in body
    assert http(server + "/assets/yasgui.min.js")[0] == 200
    status, _type, body = http(server + "/graph")
    assert status == 200 and "window.DLKG" in body


def test_push_then_query_the_oxigraph_server_gives_the_same_answers(tmp_path, built):
    with oxigraph_server(tmp_path / "store") as base:
        pushed = run_kg("push", "--endpoint", base + "/store")
        assert pushed.returncode == 0, pushed.stderr
        assert f"pushed {len(built[1])} triples" in pushed.stdout
        for query in named_queries():
            args = named_query_args(query, base + "/query", "csv")
            remote = run_kg(*args)
            assert remote.returncode == 0, remote.stderr
            local = run_kg(*args[:2], *args[4:])
            assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines()), \
                query.name
        again = run_kg("push", "--endpoint", base + "/store")
        assert again.returncode == 0
        status, _t, body = http(base + "/query?" + urllib.parse.urlencode({"query": COUNT}),
                                headers={"Accept": "application/sparql-results+json"})
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(built[1])


def test_search_and_bind_work_past_the_result_limit(server):
    """The matcher's index (2,000+ names) is the server's own query: --max-results (1000
    here) limits clients' queries, not it."""
    status, _type, body = http(server + "/search?q=hintn",
                               headers={"Accept": "application/json"})
    assert status == 200 and json.loads(body)[0]["label"] == "Geoffrey E. Hinton"
    status, _type, body = http(server + "/bind/coauthors?author=geoffrey%20hinton")
    assert status == 200 and "<https://w3id.org/dlkg/id/person/geoffrey-hinton>" in body
