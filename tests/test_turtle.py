"""Our Turtle writer: what three parsers read back is the graph it was given, names that
cannot be prefixed names stay full IRIs, the writer in C gives the bytes of the writer in
Python, and the build's Turtle is the writer's."""

import subprocess
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg.bench import generate_data
from kg.export import TurtleWriter, turtle_of
from kg.incremental import build_graph
from kg.namespaces import PREFIXES

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


def ntriples_of(lines: list[str]) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def python_turtle(lines: list[str]) -> bytes:
    """The reference: the Python writer's statements, as one text."""
    return TurtleWriter(use_c=False).statements(lines).encode("utf-8")


@pytest.mark.parametrize("use_c", [True, False], ids=["c", "python"])
def test_three_parsers_read_back_the_hard_cases(tmp_path, use_c):
    writer = TurtleWriter(use_c=use_c)
    document = writer.document([]) + writer.blocks(ntriples_of(HARD))[0]
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
    reference = TurtleWriter(use_c=False)
    lines = graph.ntriples.decode("utf-8").splitlines()
    assert reference.document([reference.statements(lines)]) == graph.turtle


def test_the_writer_in_c_is_built():
    """`pip install` builds kg/_turtle.c (a C compiler is on every machine the README and
    CI install on); without it the build's Turtle takes the Python writer, ~10x slower."""
    from kg import _turtle  # fails here if the extension was not built

    assert TurtleWriter()._c_writer is _turtle
    source = Path(__file__).parents[1] / "kg" / "_turtle.c"
    assert Path(_turtle.__file__).stat().st_mtime >= source.stat().st_mtime, (
        "kg/_turtle.c is newer than the module built from it: run pip install -e . again")


def test_both_writers_give_the_same_bytes_and_ends_on_the_hard_cases():
    c_turtle, c_ends = TurtleWriter(use_c=True).blocks(ntriples_of(HARD))
    py_turtle, py_ends = TurtleWriter(use_c=False).blocks(ntriples_of(HARD))
    assert c_turtle == py_turtle == python_turtle(HARD)
    assert list(c_ends) == list(py_ends)
    subjects = {line.split(" ", 1)[0] for line in HARD}
    assert len(c_ends) == len(subjects) and c_ends[-1] == len(c_turtle)
    # each end closes a statement
    assert all(c_turtle[end - 3:end] == b" .\n" for end in c_ends)


def test_a_line_separator_inside_a_literal_does_not_split_the_line():
    """U+2028 and NEL are line breaks to str.splitlines, not to N-Triples."""
    lines = [f'<{ID}plain> {LABEL} "one\u2028two\x85three" .']
    for use_c in (True, False):
        turtle, ends = TurtleWriter(use_c=use_c).blocks(ntriples_of(lines))
        assert turtle == 'term:plain rdfs:label "one\u2028two\x85three" .\n'.encode()
        assert list(ends) == [len(turtle)]


@pytest.mark.parametrize("use_c", [True, False], ids=["c", "python"])
@pytest.mark.parametrize("line", ["<a> <b>", "<a> <b> .", "<a>  <c> .", " <b> <c> .", "x",
                                  "<a> <b> <c>.", "<a> <b> x\u00e9y", "<a> <b> <c> .\r",
                                  "<a> <b> <c> . # a comment", "<a> <b>  ."])
def test_both_writers_refuse_a_line_that_is_not_a_statement_and_name_it(line, use_c):
    good = f'<{ID}plain> {LABEL} "fine" .'
    with pytest.raises(ValueError, match="line 2 is not an N-Triples statement"):
        TurtleWriter(use_c=use_c).blocks(ntriples_of([good, line]))


def test_without_a_final_newline_and_empty():
    lines = [f'<{ID}plain> {LABEL} "fine" .']
    writer = TurtleWriter(use_c=True)
    assert writer.blocks(ntriples_of(lines)[:-1])[0] == writer.blocks(ntriples_of(lines))[0]
    turtle, ends = writer.blocks(b"")
    assert turtle == b"" and list(ends) == []


# Terms for generated graphs: IRIs in and out of the known namespaces with good and bad
# local names, non-ASCII text, blank nodes, and literals of every shape the writer treats
# differently (numbers that are and are not plain, datatypes in and out of the prefixes).
_NAMESPACES = sorted(PREFIXES.values()) + ["https://example.org/x/", "urn:x:"]
_LOCAL = st.lists(st.sampled_from(["a", "b", "9", "_", "-", ".", "%20", "~", "é", "/"]),
                  max_size=5).map("".join)
_IRI = st.builds(lambda ns, local: f"<{ns}{local}>", st.sampled_from(_NAMESPACES), _LOCAL)
_LEXICAL = st.text(alphabet='0123456789+-.e a"\\^<>@\u2028\u0663', max_size=6)
_DATATYPE = st.sampled_from(["integer", "decimal", "double", "gYear", "string"])


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


_LITERAL = st.one_of(
    st.builds(lambda text, dt: f'"{_escaped(text)}"^^<http://www.w3.org/2001/XMLSchema#{dt}>',
              _LEXICAL, _DATATYPE),
    st.builds(lambda text, dt: f'"{_escaped(text)}"^^<https://example.org/dt/{dt}>',
              _LEXICAL, _DATATYPE),
    st.builds(lambda text: f'"{_escaped(text)}"@en', _LEXICAL),
    st.builds(lambda text: f'"{_escaped(text)}"', _LEXICAL),
)
_SUBJECT = st.one_of(_IRI, st.sampled_from(["_:b1", "_:b12", "_:b2"]))
_PREDICATE = st.one_of(_IRI, st.just(RDF_TYPE), st.just(LABEL))
_OBJECT = st.one_of(_IRI, _LITERAL, st.sampled_from(["_:b1", "_:b3"]))
_LINES = st.lists(st.builds(lambda s, p, o: f"{s} {p} {o} .", _SUBJECT, _PREDICATE, _OBJECT),
                  max_size=40).map(lambda lines: sorted(set(lines)))


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_the_writer_in_c_gives_the_python_writers_bytes(lines):
    c_turtle, c_ends = TurtleWriter(use_c=True).blocks(ntriples_of(lines))
    py_turtle, py_ends = TurtleWriter(use_c=False).blocks(ntriples_of(lines))
    assert c_turtle == py_turtle == python_turtle(lines)
    assert list(c_ends) == list(py_ends)


@settings(max_examples=100, deadline=None)
@given(_LINES)
def test_pyoxigraph_reads_back_the_generated_graphs(lines):
    writer = TurtleWriter(use_c=True)
    document = writer.document([]) + writer.blocks(ntriples_of(lines))[0]
    read = {q.triple for q in pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.TURTLE)}
    given_graph = {q.triple for q in pyoxigraph.parse(ntriples_of(lines),
                                                      format=pyoxigraph.RdfFormat.N_TRIPLES)}
    if any(line.startswith("_:") or " _:" in line for line in lines):
        assert len(read) == len(given_graph)  # blank nodes are renamed by the parser
    else:
        assert read == given_graph
