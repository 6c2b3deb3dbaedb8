"""The build's SHACL engine (SPARQL derived from the shapes, run by Oxigraph) gives the same
verdict and the same focus nodes as pySHACL, the reference, on valid and broken graphs."""

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.namespaces import BIBO, DCTERMS, DLKG, FOAF, MLS, PROV, QUDT, RDF, SKOS, XSD
from kg.pipeline import KnowledgeGraph
from kg.validate import sparql_checks, validate_store

from .conftest import TEST_DATA

IRI, LIT = pyoxigraph.NamedNode, pyoxigraph.Literal
T = "https://w3id.org/dlkg/id/term/"
P = "https://w3id.org/dlkg/id/paper/"


@pytest.fixture(scope="module")
def mini():
    """The triples of tests/data/mini, built and checked."""
    store = KnowledgeGraph.from_data(TEST_DATA / "mini").store
    return sorted((q.triple for q in store.quads_for_pattern(None, None, None,
                                                             pyoxigraph.DefaultGraph())),
                  key=str)


def _store(triples):
    store = pyoxigraph.Store()
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def _verdicts(triples):
    store = _store(triples)
    results = {}
    for engine in ("sparql", "pyshacl"):
        results[engine] = {(v.focus, v.path) for v in validate_store(store, engine=engine)}
    return results


# Triples that break one kind of constraint each (bad values, wrong classes, extra values).
_BREAKERS = [
    (T + "relu", str(SKOS.definition), LIT("a plain string without a language")),
    (T + "relu", str(DLKG.layerCount), LIT("0", datatype=IRI(str(XSD.integer)))),
    (T + "relu", str(DLKG.layerCount), LIT("x")),
    (T + "relu", str(SKOS.broader), IRI(P + "nair2010rectified")),
    (T + "relu", str(DCTERMS.created), LIT("2011", datatype=IRI(str(XSD.gYear)))),
    (T + "relu", str(DLKG.introducedIn), IRI(T + "activation-function")),
    (P + "nair2010rectified", str(BIBO.doi), LIT("not-a-doi")),
    (P + "nair2010rectified", str(DLKG.arxivId), LIT("12.3")),
    (P + "nair2010rectified", str(DCTERMS.creator), IRI(T + "relu")),
    (P + "nair2010rectified", str(DCTERMS.title), LIT("A second title")),
    ("https://w3id.org/dlkg/id/person/vinod-nair", str(FOAF.name), LIT("Vinod")),
    ("https://w3id.org/dlkg/id/result/r1", str(RDF.type), IRI(str(DLKG.Result))),
    ("https://w3id.org/dlkg/id/result/r1", str(MLS.hasValue), LIT("x")),
    ("https://w3id.org/dlkg/id/result/r1", str(QUDT.hasUnit), IRI("urn:percent")),
    (T + "new", str(RDF.type), IRI(str(SKOS.Concept))),
    (T + "relu", str(PROV.wasDerivedFrom), LIT("not an IRI")),
]


def _triple(subject, predicate, obj):
    return pyoxigraph.Triple(IRI(subject), IRI(predicate), obj)


def test_both_engines_pass_the_shipped_graph(knowledge):
    assert knowledge.validate(engine="sparql") == []
    assert knowledge.validate(engine="pyshacl") == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(removed=st.sets(st.integers(min_value=0, max_value=10_000), max_size=6),
       added=st.sets(st.integers(min_value=0, max_value=len(_BREAKERS) - 1), max_size=4))
def test_same_focus_nodes_and_paths_on_broken_graphs(mini, removed, added):
    """Remove some triples and add some breaking ones: the two engines agree exactly."""
    triples = [t for i, t in enumerate(mini) if i % len(mini) not in
               {r % len(mini) for r in removed}]
    triples += [_triple(*_BREAKERS[i]) for i in sorted(added)]
    verdicts = _verdicts(triples)
    assert verdicts["sparql"] == verdicts["pyshacl"]


def test_each_breaker_is_found_by_both(mini):
    typed = _triple(*_BREAKERS[11])  # a result: its other breakers need it
    for breaker in _BREAKERS:
        extra = [typed] if breaker[0].endswith("/r1") and breaker != _BREAKERS[11] else []
        verdicts = _verdicts([*mini, _triple(*breaker), *extra])
        assert verdicts["sparql"] == verdicts["pyshacl"], breaker
        assert verdicts["sparql"], f"nothing found for {breaker}"


def test_an_unknown_constraint_is_refused_not_skipped(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;\n"
                      "  sh:property <urn:p> .\n<urn:p> sh:path <urn:q> ; sh:uniqueLang true .\n")
    with pytest.raises(ValueError, match="uniqueLang"):
        sparql_checks(shapes)
