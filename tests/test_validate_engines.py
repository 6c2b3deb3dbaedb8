"""The three shape checkers (pySHACL, the SPARQL translation run by Oxigraph, and the native
subject-by-subject checker) agree."""

import pyoxigraph
import pytest

from kg.validate import ShapeChecker, sparql_checks, validate_ntriples, validate_triples

T = "https://w3id.org/dlkg/id/term/"
P = "https://w3id.org/dlkg/id/paper/"
DLKG = "https://w3id.org/dlkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def triple(s, p, o):
    return pyoxigraph.Triple(pyoxigraph.NamedNode(s), pyoxigraph.NamedNode(p), o)


def breakages(triples):
    """The shipped graph with one break of each kind of constraint the shapes use."""
    iri, lit = pyoxigraph.NamedNode, pyoxigraph.Literal
    removed = {t for t in triples if t.subject.value == T + "relu"
               and t.predicate.value == SKOS + "prefLabel"}
    added = [
        triple(T + "elu", SKOS + "definition", lit("a second definition", language="en")),
        triple(T + "gan", SKOS + "prefLabel", lit("GAN in French", language="fr")),
        triple(T + "alexnet", DLKG + "layerCount", lit("0", datatype=iri(XSD + "integer"))),
        triple(T + "vgg", SKOS + "broader", iri(P + "he2016deep")),
        triple(P + "he2016deep", "http://purl.org/ontology/bibo/doi", lit("not-a-doi")),
        triple("https://w3id.org/dlkg/id/result/ilsvrc-2012-alexnet-glossary",
               "http://www.w3.org/ns/mls#hasValue", lit("150", datatype=iri(XSD + "decimal"))),
        triple(T + "relu", DLKG + "formula", lit("1", datatype=iri(XSD + "integer"))),
    ]
    return [t for t in triples if t not in removed] + added


def focus_paths(violations):
    return {(v.focus, v.path) for v in violations}


def test_both_engines_pass_the_shipped_graph(built):
    triples = built[1]
    assert validate_triples(triples, engine="pyshacl") == []
    assert validate_triples(triples, engine="sparql") == []
    assert validate_triples(triples, engine="native") == []


def test_both_engines_find_the_same_breakages(built):
    broken = breakages(built[1])
    with_pyshacl = focus_paths(validate_triples(broken, engine="pyshacl"))
    with_sparql = focus_paths(validate_triples(broken, engine="sparql"))
    assert with_sparql == with_pyshacl
    assert focus_paths(validate_triples(broken, engine="native")) == with_pyshacl
    assert (T + "relu", SKOS + "prefLabel") in with_sparql
    assert (T + "alexnet", DLKG + "layerCount") in with_sparql
    assert len(with_sparql) >= 8


def test_ntriples_entry_point_matches(built):
    broken = breakages(built[1])
    ntriples = pyoxigraph.serialize(broken, format=pyoxigraph.RdfFormat.N_TRIPLES)
    expected = focus_paths(validate_triples(broken, engine="pyshacl"))
    assert focus_paths(validate_ntriples(ntriples, engine="sparql")) == expected
    assert focus_paths(validate_ntriples(ntriples, engine="native")) == expected


def test_an_unknown_constraint_is_refused_not_skipped(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;\n"
                      "  sh:property [ sh:path <urn:p> ; sh:uniqueLang true ] .\n")
    with pytest.raises(ValueError, match="uniqueLang"):
        sparql_checks(shapes)
    with pytest.raises(ValueError, match="uniqueLang"):
        ShapeChecker(shapes)
