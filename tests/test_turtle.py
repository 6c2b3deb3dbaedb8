"""Our Turtle writer: what three parsers read back is the graph it was given, names that
cannot be prefixed names stay full IRIs, and the build's Turtle is the writer's."""

import subprocess

import pyoxigraph
import rdflib
from rdflib.compare import isomorphic

from kg.bench import generate_data
from kg.export import TurtleWriter, turtle_of
from kg.incremental import build_graph

from .conftest import need_tool

ID = "https://w3id.org/dlkg/id/term/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"

# Subjects whose local names are awkward: a final dot, dots inside, leading digits,
# characters a prefixed name cannot hold; literals that look like Turtle shortcuts.
HARD = sorted([
    f'<{ID}x.> {LABEL} "ends with a dot" .',
    f'<{ID}v1.0> {LABEL} "a dot inside" .',
    f'<{ID}2012> {LABEL} "only digits" .',
    f'<{ID}a%20b> {LABEL} "a percent escape" .',
    f'<{ID}a~b> {LABEL} "a tilde" .',
    f'<{ID}q?x=1> {LABEL} "a query" .',
    f'<{ID}plain> {RDF_TYPE} <http://www.w3.org/2004/02/skos/core#Concept> .',
    f'<{ID}plain> {LABEL} "quote \\" backslash \\\\ newline \\n tab \\t"@en .',
    f'<{ID}plain> {LABEL} "ends like a datatype\\"^^<x>" .',
    f'<{ID}plain> <{ID}n> "12"^^<{XSD}integer> .',
    f'<{ID}plain> <{ID}n> "-0012"^^<{XSD}integer> .',
    f'<{ID}plain> <{ID}n> "1.50"^^<{XSD}decimal> .',
    f'<{ID}plain> <{ID}n> "1e3"^^<{XSD}double> .',
    f'<{ID}plain> <{ID}n> "12 "^^<{XSD}integer> .',
    f'<{ID}plain> <{ID}n> "2012"^^<{XSD}gYear> .',
    f'<{ID}plain> <{ID}n> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> .',
    f'<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {LABEL} "type as a subject" .',
    f'<{ID}plain> <{ID}n> <https://example.org/no/prefix#here> .',
    f'<{ID}plain> <{ID}n> <http://purl.org/dc/terms/> .',
])


def expected_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data="\n".join(HARD) + "\n", format="nt")


def test_three_parsers_read_back_the_hard_cases(tmp_path):
    document = TurtleWriter().document([TurtleWriter().statements(HARD)])
    path = tmp_path / "hard.ttl"
    path.write_bytes(document)
    expected = expected_graph()
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), expected)
    with_oxigraph = {q.triple for q in pyoxigraph.parse(path=str(path),
                                                        format=pyoxigraph.RdfFormat.TURTLE)}
    assert with_oxigraph == {q.triple for q in pyoxigraph.parse(
        ("\n".join(HARD) + "\n").encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    rapper = need_tool("rapper", "apt-get install raptor2-utils")
    out = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(path)],
                         capture_output=True, text=True, check=True).stdout
    assert isomorphic(rdflib.Graph().parse(data=out, format="nt"), expected)


def test_awkward_names_stay_full_iris_and_numbers_go_bare():
    text = TurtleWriter().statements(HARD)
    assert f"<{ID}x.>" in text and f"<{ID}a%20b>" in text and "term:v1.0" in text
    assert "term:n -0012 , 1.50 , \"12 \"^^xsd:integer , 12 , \"1e3\"^^xsd:double" in text
    assert "rdf:type rdfs:label" in text and ", rdf:type ," in text  # "a" only as a verb
    assert "term:plain a skos:Concept" in text
    assert ", dcterms: ," in text  # a namespace itself: the prefix with an empty local name


def test_the_builds_turtle_joined_from_blocks_is_the_writers(tmp_path):
    """The build joins Turtle blocks made file by file; the same as writing at once."""
    generate_data(tmp_path / "data", 5_000, units_per_file=30)
    graph = build_graph(tmp_path / "data", cache=tmp_path / "cache")
    assert turtle_of(graph.ntriples) == graph.turtle
