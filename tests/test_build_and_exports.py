"""The build: a golden graph, byte-identical rebuilds, and exports every parser reads alike."""

import subprocess

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic, graph_diff

from kg.build import build_graph
from kg.load import load_data

from .conftest import EXPORTS, ROOT, TEST_DATA, need_tool, run_kg


def _rdflib_graph(triples):
    graph = rdflib.Graph()
    graph.parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


def test_golden_graph_of_a_small_glossary():
    graph = build_graph(load_data(TEST_DATA / "mini"), ontology=False)
    built = rdflib.Graph().parse(data="".join(graph.lines), format="nt")
    expected = rdflib.Graph().parse(TEST_DATA / "mini" / "expected.ttl")
    if not isomorphic(built, expected):
        _both, only_built, only_expected = graph_diff(built, expected)
        raise AssertionError("only built:\n" + only_built.serialize(format="nt")
                             + "\nonly expected:\n" + only_expected.serialize(format="nt"))


def test_rebuild_gives_identical_bytes(tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        result = run_kg("build", "--out", out)
        assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                   if p.is_file())
    assert len(names) >= 20
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_committed_exports_match_the_data(tmp_path):
    """exports/ in the repository is what `kg build` makes from data/ today."""
    result = run_kg("build", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert sorted(p.relative_to(EXPORTS) for p in EXPORTS.rglob("*") if p.is_file()) == names
    for name in names:
        assert (EXPORTS / name).read_bytes() == (tmp_path / name).read_bytes(), (
            f"exports/{name} is stale: run `kg build` and commit it")


def test_turtle_reads_the_same_in_rdflib_pyoxigraph_and_rapper(built):
    _data, triples = built
    turtle = EXPORTS / "dlkg.ttl"
    with_rdflib = rdflib.Graph().parse(turtle, format="turtle")
    with_oxigraph = [quad.triple for quad in
                     pyoxigraph.parse(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)]
    assert len(with_rdflib) == len(triples) == len(set(with_oxigraph))
    assert set(with_oxigraph) == set(triples)
    assert isomorphic(with_rdflib, _rdflib_graph(triples))
    rapper = need_tool("rapper", "apt-get install raptor2-utils")
    out = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(turtle)],
                         capture_output=True, text=True, check=True).stdout
    with_rapper = rdflib.Graph().parse(data=out, format="nt")
    assert isomorphic(with_rapper, with_rdflib)


def test_ntriples_export_is_the_same_graph(built):
    _data, triples = built
    parsed = {quad.triple for quad in pyoxigraph.parse(
        path=str(EXPORTS / "dlkg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert parsed == set(triples)


def test_build_into_another_folder_from_another_data_folder(tmp_path):
    result = run_kg("build", "--data", TEST_DATA / "mini", "--out", tmp_path / "out",
                    "--no-html")
    assert result.returncode == 0, result.stderr
    assert "built" in result.stdout and "2 terms, 1 papers, 2 people" in result.stdout
    graph = rdflib.Graph().parse(tmp_path / "out" / "dlkg.ttl")
    assert (rdflib.URIRef("https://w3id.org/dlkg/id/term/relu"), rdflib.RDF.type,
            rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in graph


def test_python_api_loads_the_graph_in_one_call():
    import kg

    graph = kg.load_graph()
    assert isinstance(graph, rdflib.Graph)
    assert len(graph) == len(rdflib.Graph().parse(ROOT / "exports" / "dlkg.nt"))


def test_ontology_declares_every_term_it_owns_with_label_and_comment():
    from kg.namespaces import DLKG

    ontology = rdflib.Graph().parse(ROOT / "ontology" / "dlkg.ttl")
    for name in dir(DLKG):
        term = getattr(DLKG, name)
        assert ontology.value(term, rdflib.RDFS.label) is not None, name
        assert ontology.value(term, rdflib.RDFS.comment) is not None, name
    own = {s for s in ontology.subjects() if str(s).startswith(str(DLKG))}
    assert own == {getattr(DLKG, n) for n in dir(DLKG)}
