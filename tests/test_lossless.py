"""Lossless exports: every RDF file the build writes is read back by rdflib, by pyoxigraph
and by Debian's rapper, and is the built graph exactly, hard literals included."""

import subprocess

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.pipeline import KnowledgeGraph

from .conftest import EXPORTS, TEST_DATA, need_tool, run_kg

FORMATS = [  # file, rdflib format, pyoxigraph format, rapper format (None: rapper lacks it)
    ("dlkg.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ("dlkg.nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES, "ntriples"),
    ("dlkg.rdf", "xml", pyoxigraph.RdfFormat.RDF_XML, "rdfxml"),
    ("dlkg.jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD, None),
    ("dlkg.trig", "trig", pyoxigraph.RdfFormat.TRIG, "trig"),
    ("dlkg.nq", "nquads", pyoxigraph.RdfFormat.N_QUADS, "nquads"),
]


def as_rdflib(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    """The triples of every graph of ``dataset``, as one graph."""
    graph = rdflib.Graph()
    for subject, predicate, obj, _graph in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    return graph


@pytest.fixture(scope="module")
def tricky(tmp_path_factory):
    """(folder of exports, the built triples) of tests/data/tricky."""
    out = tmp_path_factory.mktemp("tricky")
    result = run_kg("build", "--data", TEST_DATA / "tricky", "--out", out, "--no-html")
    assert result.returncode == 0, result.stderr
    return out, _triples(KnowledgeGraph.from_data(TEST_DATA / "tricky"))


def _triples(knowledge):
    return [q.triple for q in knowledge.store.quads_for_pattern(None, None, None,
                                                               pyoxigraph.DefaultGraph())]


@pytest.fixture(scope="module", params=["shipped", "tricky"])
def case(request, tricky):
    """(folder of exports, the built triples) for the shipped data and the tricky data."""
    if request.param == "shipped":
        return EXPORTS, _triples(KnowledgeGraph.from_data(EXPORTS.parent / "data"))
    return tricky


@pytest.mark.parametrize("name, rdflib_format, oxigraph_format, rapper_format", FORMATS,
                         ids=[f[0] for f in FORMATS])
def test_three_parsers_read_the_built_graph(case, name, rdflib_format, oxigraph_format,
                                            rapper_format):
    folder, triples = case
    expected = as_rdflib(triples)
    path = folder / name
    if rdflib_format in ("trig", "nquads"):
        parsed = union(rdflib.Dataset().parse(path, format=rdflib_format))
    else:
        parsed = rdflib.Graph().parse(path, format=rdflib_format)
    assert len(parsed) == len(expected) and isomorphic(parsed, expected), f"rdflib {name}"
    oxigraph = {q.triple for q in pyoxigraph.parse(path=str(path), format=oxigraph_format)}
    assert oxigraph == set(triples), f"pyoxigraph {name}"
    if rapper_format is None:
        return
    rapper = need_tool("rapper", "apt-get install raptor2-utils")
    out = subprocess.run([rapper, "-q", "-i", rapper_format, "-o", "nquads", str(path)],
                         capture_output=True, text=True, check=True).stdout
    with_rapper = union(rdflib.Dataset().parse(data=out, format="nquads"))
    assert len(with_rapper) == len(expected) and isomorphic(with_rapper, expected), \
        f"rapper {name}"


def test_hard_literals_survive_every_format(tricky):
    folder, _triples = tricky
    definition = None
    for name, rdflib_format, _ox, _rapper in FORMATS:
        path = folder / name
        graph = union(rdflib.Dataset().parse(path, format=rdflib_format)) \
            if rdflib_format in ("trig", "nquads") else rdflib.Graph().parse(path,
                                                                           format=rdflib_format)
        value = graph.value(rdflib.URIRef("https://w3id.org/dlkg/id/term/t1"),
                            rdflib.SKOS.definition)
        assert value.language == "en"
        assert '"hi" \\ and' in value and "\ttabbed" in value and "😀" in value
        assert "\r" not in value, "line breaks are normalized to \\n at load"
        assert "\u202e" in value and "e\u0301" in value and "\u2028" in value
        definition = definition or str(value)
        assert str(value) == definition, name
