"""Every export format reads back, with the library made for it, to the same content."""

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.build import CURATED_GRAPH, ONTOLOGY_GRAPH
from kg.network import project

from .conftest import EXPORTS, run_kg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def reference(built):
    graph = rdflib.Graph()
    graph.parse(data=pyoxigraph.serialize(built[1], format=pyoxigraph.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


@pytest.mark.parametrize("name, rdflib_format, oxigraph_format", [
    ("dlkg.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
    ("dlkg.nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ("dlkg.rdf", "xml", pyoxigraph.RdfFormat.RDF_XML),
    ("dlkg.jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD),
])
def test_rdf_formats_read_back_to_the_same_graph(reference, built, name, rdflib_format,
                                                 oxigraph_format):
    with_rdflib = rdflib.Graph().parse(EXPORTS / name, format=rdflib_format)
    assert len(with_rdflib) == len(reference)
    assert isomorphic(with_rdflib, reference)
    with_oxigraph = {q.triple for q in pyoxigraph.parse(path=str(EXPORTS / name),
                                                         format=oxigraph_format)}
    assert with_oxigraph == set(built[1])


def test_literals_with_quotes_newlines_unicode_and_languages_survive(reference):
    glossary_text = rdflib.URIRef("https://w3id.org/dlkg/id/note/dqn")
    value = reference.value(glossary_text, rdflib.RDF.value)
    assert '"AI"' in value and "\n" in value and value.language == "en"
    clevert = reference.value(rdflib.URIRef("https://w3id.org/dlkg/id/person/djork-arne-clevert"),
                              rdflib.FOAF.name)
    assert clevert == rdflib.Literal("Djork-Arné Clevert")


def test_jsonld_uses_the_published_context():
    document = json.loads((EXPORTS / "dlkg.jsonld").read_text())
    context = json.loads((EXPORTS / "context.jsonld").read_text())
    assert document["@context"] == context["@context"]
    assert context["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    relu = next(n for n in document["@graph"] if n["@id"] == "term:relu")
    assert "skos:prefLabel" in relu


@pytest.mark.parametrize("name, fmt", [("dlkg.trig", pyoxigraph.RdfFormat.TRIG),
                                       ("dlkg.nq", pyoxigraph.RdfFormat.N_QUADS)])
def test_quads_keep_each_sources_claims_in_their_own_graph(built, name, fmt):
    quads = list(pyoxigraph.parse(path=str(EXPORTS / name), format=fmt))
    assert {q.triple for q in quads} == set(built[1]) and len(quads) == len(built[1])
    graphs = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    assert CURATED_GRAPH in graphs and ONTOLOGY_GRAPH in graphs
    official = graphs["https://image-net.org/challenges/LSVRC/2012/results.html"]
    subjects = {t.subject.value for t in official}
    assert "https://w3id.org/dlkg/id/result/ilsvrc-2012-supervision-official" in subjects
    glossary = graphs["https://w3id.org/dlkg/id/source/glossary"]
    assert {t.subject.value for t in glossary} >= {
        "https://w3id.org/dlkg/id/result/ilsvrc-2012-alexnet-glossary",
        "https://w3id.org/dlkg/id/note/relu"}


@pytest.fixture(scope="module")
def projection(built):
    return project(built[1])


@pytest.mark.parametrize("name, reader", [("dlkg.graphml", nx.read_graphml),
                                          ("dlkg.gexf", nx.read_gexf)])
def test_network_formats_carry_labels_and_kinds(projection, name, reader):
    graph = reader(EXPORTS / name)
    assert graph.number_of_nodes() == projection.number_of_nodes()
    assert graph.number_of_edges() == projection.number_of_edges()
    for node, data in projection.nodes(data=True):
        attributes = graph.nodes[node]
        assert attributes["label"] == data["label"]
        assert attributes["kind"] == data["kind"]


def test_csv_gives_one_table_per_kind(projection):
    expected = {}
    for _node, data in projection.nodes(data=True):
        expected[data["kind"]] = expected.get(data["kind"], 0) + 1
    for kind, count in expected.items():
        name = "people.csv" if kind == "person" else f"{kind}s.csv"
        with open(EXPORTS / "csv" / name, newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert len(rows) == count, kind
        assert all(row["iri"] and row["label"] for row in rows)
    with open(EXPORTS / "csv" / "terms.csv", newline="", encoding="utf-8") as file:
        relu = next(r for r in csv.DictReader(file) if r["iri"].endswith("/term/relu"))
    assert relu["formula"] == "relu(x) = max(x, 0)" and "ReLU" in relu["aliases"]


def test_void_triple_count_is_the_real_count(reference):
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef("https://w3id.org/dlkg/id/catalog/dlkg")
    assert reference.value(dataset, void.triples).toPython() == len(reference)
    assert reference.value(dataset, rdflib.DCTERMS.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    import kg

    assert str(reference.value(dataset, rdflib.URIRef("http://www.w3.org/ns/dcat#version"))) \
        == kg.__version__
    vocabularies = set(reference.objects(dataset, void.vocabulary))
    assert rdflib.URIRef("http://www.w3.org/2004/02/skos/core#") in vocabularies
    subjects = {s for s in reference.subjects() if isinstance(s, rdflib.URIRef)}
    assert reference.value(dataset, void.entities).toPython() == len(subjects)
    properties = set(reference.predicates())
    assert reference.value(dataset, void.properties).toPython() == len(properties)
    classes = set(reference.objects(None, rdflib.RDF.type))
    assert reference.value(dataset, void.classes).toPython() == len(classes)
    namespaces = {str(i)[: max(str(i).rfind("#"), str(i).rfind("/")) + 1]
                  for i in properties | classes}
    assert {str(v) for v in vocabularies} == namespaces


def _svg_texts(name):
    root = ET.parse(EXPORTS / name).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_ilsvrc_chart_holds_the_graphs_numbers():
    from kg.query import named_query, open_store, run_query

    rows = run_query(open_store(), named_query("ilsvrc-results").text).rows
    texts = " | ".join(_svg_texts("ilsvrc-top5.svg"))
    glossary = [r["top5_error"].value for r in rows if r["origin"].value == "glossary claim"]
    assert len(glossary) == 6
    for value in glossary:
        assert f"{value}%" in texts
    assert "15.315% SuperVision" in texts
    assert "The glossary's table" in texts and "top-5 error (%)" in texts


def test_activation_chart_plots_every_function_from_its_formula():
    from kg.charts import formula_function
    from kg.query import named_query, open_store, run_query

    from kg.charts import _plottable

    rows = [row for row in run_query(open_store(), named_query("activation-functions").text).rows
            if "formula" in row and _plottable(row["formula"].value)]
    assert len({r["function"].value for r in rows}) >= 6
    texts = _svg_texts("activation-functions.svg")
    for row in rows:
        name = row["acronym"].value if "acronym" in row else row["function"].value
        assert name in texts
    root = ET.parse(EXPORTS / "activation-functions.svg").getroot()
    curves = [g.get("id") for g in root.iter(f"{SVG}g")
              if (g.get("id") or "").startswith("function-")]
    assert len(curves) == len({r["function"].value for r in rows})
    leaky = formula_function(next(r["formula"].value for r in rows
                                  if r["function"].value == "leaky rectified linear unit"))
    assert leaky(-2.0) == pytest.approx(-0.02) and leaky(3.0) == 3.0


def test_formula_evaluator_refuses_anything_but_arithmetic():
    from kg.charts import formula_function

    for formula in ("f(x) = __import__('os').system('true')", "f(x) = x.real",
                    "f(x) = open('x')", "f(x) = [x for x in ()]"):
        with pytest.raises((ValueError, SyntaxError)):
            formula_function(formula)


def test_ontology_documentation_lists_every_term(tmp_path):
    from kg.namespaces import DLKG

    page = (EXPORTS / "ontology.html").read_text(encoding="utf-8")
    ontology = rdflib.Graph().parse(EXPORTS.parent / "ontology" / "dlkg.ttl")
    for name in dir(DLKG):
        term = getattr(DLKG, name)
        assert f'id="{name}"' in page, name
        assert str(ontology.value(term, rdflib.RDFS.label)) in page
    assert "term:relu" in page or "rectified linear unit" in page  # examples from the data


def test_links_to_wikidata_are_recorded_with_their_sources(reference):
    skos = rdflib.SKOS
    alexnet = rdflib.URIRef("https://w3id.org/dlkg/id/term/alexnet")
    assert reference.value(alexnet, skos.exactMatch) == rdflib.URIRef(
        "http://www.wikidata.org/entity/Q28325009")
    assert rdflib.URIRef("https://4ort.xyz/entity/alexnet.md") in set(
        reference.objects(alexnet, rdflib.PROV.wasDerivedFrom))
    toronto = rdflib.URIRef("https://w3id.org/dlkg/id/organization/university-of-toronto")
    assert reference.value(toronto, rdflib.OWL.sameAs) == rdflib.URIRef(
        "http://www.wikidata.org/entity/Q180865")
    assert set(reference.objects(toronto, rdflib.PROV.wasDerivedFrom))
    paper = rdflib.URIRef("https://w3id.org/dlkg/id/paper/he2016deep")
    see_also = set(reference.objects(paper, rdflib.RDFS.seeAlso))
    assert {rdflib.URIRef("https://arxiv.org/abs/1512.03385"),
            rdflib.URIRef("https://doi.org/10.1109/CVPR.2016.90")} <= see_also


@pytest.mark.parametrize("fmt, name", [("trig", "dlkg.trig"), ("csv", "csv/terms.csv"),
                                       ("jsonld", "dlkg.jsonld")])
def test_kg_export_writes_one_format(tmp_path, fmt, name):
    result = run_kg("export", "--format", fmt, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / name).read_bytes() == (EXPORTS / name).read_bytes()
