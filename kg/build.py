"""Stage 2: turn loaded :class:`~kg.load.Data` into the graph: RDF terms, once, in one store.

Simple fields become triples through the schema (each :class:`~kg.schema.FieldSpec` names
its predicates); the few composite things (the glossary's notes, author lists, result
labels, who says each link) are made here.  Terms are written by pyoxigraph (``str`` of
its ``NamedNode`` and ``Literal``), each triple is given the named graph of its source, and
the duplicate-free lines, in the data's order, are loaded into one pyoxigraph ``Store``.
No blank nodes are made: the same data always gives the same graph, and the same bytes.

>>> import pathlib, tempfile
>>> from kg.load import load_data
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "t.yaml").write_text(
...     "terms:\\n- id: relu\\n  label: Rectified Linear Unit\\n  category: concept\\n")
>>> graph = build_graph(load_data(folder), ontology=False)
>>> relu = [line for line in graph.lines if "/term/relu> " in line]
>>> any('rdf-schema#label> "Rectified Linear Unit"@en .' in line for line in relu)
True
"""

from dataclasses import dataclass
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse

from .load import Data, Entry
from .namespaces import (BIBO, DCAT, DCTERMS, DLKG, ONTOLOGY_IRI, OWL, PROV, QUDT, RDF, RDFS,
                         RESOURCE_BASE, SKOS, VOID, arxiv_url, doi_url, rdf_member,
                         resource_iri, wikidata_iri)
from .resources import ontology_path, package_version
from .schema import DATATYPES, SECTIONS, SPLIT_LABELS

__all__ = ["Graph", "build_graph", "GLOSSARY_SOURCE_ID", "CURATED_GRAPH", "ONTOLOGY_GRAPH"]

GLOSSARY_SOURCE_ID = "glossary"
CURATED_GRAPH = "https://w3id.org/dlkg/graph/curated"
ONTOLOGY_GRAPH = ONTOLOGY_IRI
_SCHEME = resource_iri("scheme", "glossary")
_RDF_TYPE = f"<{RDF.type}>"


@dataclass
class Graph:
    """The built graph.

    ``store``: a pyoxigraph ``Store`` holding every triple in its default graph;
    ``lines``: the same triples as N-Triples lines, in the order of the data;
    ``graph_of``: the named graph (an IRI term) of each line not in ``CURATED_GRAPH``: the
    source of a result's figures, the glossary for its quoted notes, the ontology;
    ``data``: what it was built from; ``counts``: entries per section."""
    store: Store
    lines: list[str]
    graph_of: dict[str, str]
    data: Data
    counts: dict[str, int]

    @property
    def triple_count(self) -> int:
        """How many triples the graph holds."""
        return len(self.lines)

    def nquads(self) -> bytes:
        """The triples as N-Quads, each in its named graph (see ``graph_of``)."""
        curated = f"<{CURATED_GRAPH}>"
        graph_of = self.graph_of
        return "".join(f"{line[:-3]} {graph_of.get(line, curated)} .\n"
                       for line in self.lines).encode()


class _Lines:
    """The graph being written: N-Triples lines, the named graph of those outside the
    curated graph, and what VoID counts (subjects, predicates, classes)."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.lines: list[str] = []
        self.graph_of: dict[str, str] = {}
        self.graph: str | None = None  # None: the curated graph
        self._iris: dict[str, str] = {}
        self.subjects: set[str] = set()
        self.predicates: set[str] = set()
        self.classes: set[str] = set()
        self.datatypes = {kind: NamedNode(str(iri)) for kind, iri in DATATYPES.items()}

    def iri(self, value: str) -> str:
        """``value`` as an IRI term (checked by pyoxigraph), cached."""
        term = self._iris.get(value)
        if term is None:
            term = self._iris[value] = str(NamedNode(value))
        return term

    def node(self, entry_id: str) -> str:
        """The IRI term of the entry ``entry_id``."""
        return self.iri(resource_iri(self.data.entries[entry_id].kind, entry_id))

    def add(self, subject: str, predicate, obj: str) -> None:
        predicate = self.iri(predicate)
        line = f"{subject} {predicate} {obj} .\n"
        self.lines.append(line)
        if self.graph is not None:
            self.graph_of[line] = self.graph
        self.subjects.add(subject)
        self.predicates.add(predicate)
        if predicate == _RDF_TYPE:
            self.classes.add(obj)

    def link(self, subject: str, predicate, iri: str) -> None:
        self.add(subject, predicate, self.iri(iri))

    def text(self, subject: str, predicate, value: str, language: str | None = None) -> None:
        self.add(subject, predicate, str(Literal(value, language=language)))

    def typed(self, subject: str, predicate, value, kind: str) -> None:
        self.add(subject, predicate, str(Literal(str(value), datatype=self.datatypes[kind])))

    def source(self, subject: str, value: str, predicate=PROV.wasDerivedFrom) -> None:
        """Link ``subject`` to a source given as a URL or the id of a source or paper."""
        if value in self.data.entries:
            self.add(subject, predicate, self.node(value))
        else:
            self.link(subject, predicate, value)


def build_graph(data: Data, *, ontology: bool = True) -> Graph:
    """Build the :class:`Graph` of ``data`` (and the ontology, unless ``ontology=False``)."""
    out = _Lines(data)
    for entry in data.entries.values():
        if entry.section != "description":  # described last, with the counts
            _SPECIAL[entry.section](out, out.node(entry.id), entry)
    _shared(out, data)
    if ontology:
        out.graph = f"<{ONTOLOGY_GRAPH}>"
        for quad in parse(path=str(ontology_path()), format=RdfFormat.TURTLE):
            out.add(str(quad.subject), quad.predicate.value, str(quad.object))
        out.graph = None
    for entry in data.section("description"):
        _description(out, out.node(entry.id), entry)
    lines = list(dict.fromkeys(out.lines))
    store = Store()
    # The in-memory store lists the newest triples first: loading the lines last to first
    # makes its dumps follow the data's order (any order would be deterministic).  The
    # terms were written by pyoxigraph, so the parser need not check them again.
    store.load("".join(reversed(lines)).encode(), format=RdfFormat.N_TRIPLES, lenient=True)
    return Graph(store, lines, out.graph_of, data, data.counts())


def _fields(out: _Lines, subject: str, entry: Entry) -> None:
    """The triples of every field that the schema maps to predicates."""
    spec = SECTIONS[entry.section]
    for rdf_class in spec.classes:
        out.link(subject, RDF.type, rdf_class)
    for name, value in entry.fields.items():
        field = spec.fields[name]
        if not field.predicates:
            continue
        for item in value if isinstance(value, list) else [value]:
            obj = _object(out, field, item)
            for predicate in field.predicates:
                out.add(subject, predicate, obj)


def _object(out: _Lines, field, value) -> str:
    """The RDF term (N-Triples text) of one value of ``field``."""
    kind = field.type
    if kind == "ref":
        return out.node(value)
    if kind == "source":
        return out.node(value) if value in out.data.entries else out.iri(value)
    if kind == "url":
        return out.iri(value)
    if kind == "wikidata":
        return out.iri(wikidata_iri(value))
    if kind == "choice":
        iri = field.choice_iris.get(value)
        return out.iri(iri) if iri is not None else str(Literal(value))
    datatype = out.datatypes.get(kind)
    if datatype is not None:
        text = ("true" if value else "false") if kind == "bool" else str(value)
        if kind == "number":  # the canonical form, as the store keeps it: 17.0 -> 17
            text = format(Decimal(text).normalize(), "f")
        return str(Literal(text, datatype=datatype))
    return str(Literal(value.strip(), language=field.language))


def _glossary_note(out: _Lines, subject: str, entry: Entry) -> None:
    """The glossary's own words: a note resource, quoted from the glossary, in its graph."""
    text = entry.fields.get("glossary_text")
    if text is None:
        return
    note = out.iri(resource_iri("note", entry.id))
    out.add(subject, SKOS.note, note)
    glossary = GLOSSARY_SOURCE_ID in out.data.entries
    if glossary:
        out.graph = out.node(GLOSSARY_SOURCE_ID)
    out.link(note, RDF.type, DLKG.GlossaryNote)
    out.text(note, RDF.value, text.strip(), "en")
    out.add(note, DCTERMS.subject, subject)
    if glossary:
        out.source(note, GLOSSARY_SOURCE_ID, PROV.wasQuotedFrom)
    out.graph = None


def _claims(out: _Lines, subject: str, entry: Entry) -> None:
    """Who says each link: a reified ``rdf:Statement`` per link with sources, and the
    glossary's own claims (links it makes that are not curated facts) as statements only."""
    spec = SECTIONS[entry.section].fields
    claims = [(name, target, sources, DLKG.CuratedClaim)
              for name, sources in entry.fields.get("claim_sources", {}).items()
              for target in _as_list(entry.fields.get(name))]
    claims += [(name, target, [GLOSSARY_SOURCE_ID], DLKG.GlossaryClaim)
               for name, targets in entry.fields.get("glossary_claims", {}).items()
               for target in targets]
    for name, target, sources, origin in claims:
        statement = out.iri(resource_iri("statement", f"{entry.id}--{name}--{target}"))
        field = spec[name]
        out.link(statement, RDF.type, RDF.Statement)
        out.add(statement, RDF.subject, subject)
        out.link(statement, RDF.predicate, field.predicates[0])
        out.add(statement, RDF.object, _object(out, field, target))
        out.link(statement, DLKG.claimOrigin, origin)
        for source in sources:
            if source in out.data.entries or "://" in source:
                out.source(statement, source)


def _as_list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _term(out: _Lines, subject: str, entry: Entry) -> None:
    _fields(out, subject, entry)
    out.link(subject, SKOS.inScheme, _SCHEME)
    _glossary_note(out, subject, entry)
    _claims(out, subject, entry)


def _paper(out: _Lines, subject: str, entry: Entry) -> None:
    _fields(out, subject, entry)
    fields = entry.fields
    if "type" not in fields:
        out.link(subject, RDF.type, SECTIONS["papers"].fields["type"].choice_iris["paper"])
    author_list = out.iri(resource_iri("authors", entry.id))
    out.add(subject, BIBO.authorList, author_list)
    out.link(author_list, RDF.type, RDF.Seq)
    for position, person in enumerate(fields["authors"], start=1):
        out.add(subject, DCTERMS.creator, out.node(person))
        out.add(author_list, rdf_member(position), out.node(person))
    if "arxiv" in fields:
        out.link(subject, RDFS.seeAlso, arxiv_url(fields["arxiv"]))
    if "doi" in fields:
        out.link(subject, RDFS.seeAlso, doi_url(fields["doi"]))


def _described(out: _Lines, subject: str, entry: Entry) -> None:
    _fields(out, subject, entry)
    _glossary_note(out, subject, entry)


def _edition(out: _Lines, subject: str, entry: Entry) -> None:
    _fields(out, subject, entry)
    series = out.data.entries[entry.fields["competition"]].fields["label"]
    label = entry.fields.get("label") or f"{series} {entry.fields['year']}"
    out.text(subject, RDFS.label, label, "en")
    out.text(subject, SKOS.prefLabel, label, "en")


def _result(out: _Lines, subject: str, entry: Entry) -> None:
    fields = entry.fields
    out.graph = out.node(fields["source"]) if fields["source"] in out.data.entries \
        else out.iri(fields["source"])
    _fields(out, subject, entry)  # the result's own claims go into its source's graph
    measure = out.data.entries[fields["metric"]].fields
    who = fields.get("entry") or fields.get("model") or entry.id
    where = out.data.entries[fields["edition"]].fields["year"] if "edition" in fields else ""
    unit = "%" if measure["unit"] == "percent" else ""
    label = f"{who} {where}: {measure['label']} {fields['value']}{unit} ({fields['split']}, " \
            f"{fields['claimed_by']})".replace(" :", ":")
    out.text(subject, RDFS.label, label, "en")
    out.link(subject, QUDT.hasUnit, SECTIONS["measures"].fields["unit"].choice_iris[
        measure["unit"]])
    out.graph = None


def _shared(out: _Lines, data: Data) -> None:
    """What no single entry owns: the concept scheme and the data splits."""
    counts = data.counts()
    if counts.get("terms"):
        scheme = out.iri(_SCHEME)
        out.link(scheme, RDF.type, SKOS.ConceptScheme)
        for predicate in (RDFS.label, DCTERMS.title):
            out.text(scheme, predicate, "DLKG deep-learning glossary", "en")
    if counts.get("results"):
        for split, label in SPLIT_LABELS.items():
            node = out.iri(resource_iri("split", split))
            out.link(node, RDF.type, DLKG.DataSplit)
            out.text(node, RDFS.label, label, "en")


def _description(out: _Lines, subject: str, entry: Entry) -> None:
    """VoID and DCAT statements about the whole graph (made last: they count the rest)."""
    _fields(out, subject, entry)
    release = package_version()
    out.text(subject, DCAT.version, release)
    out.text(subject, OWL.versionInfo, release)
    out.link(subject, VOID.uriSpace, RESOURCE_BASE)
    for name in ("vocabulary", "entities", "classes", "properties", "triples"):
        out.predicates.add(out.iri(getattr(VOID, name)))
    for vocabulary in sorted({_namespace_of(iri[1:-1])
                              for iri in out.predicates | out.classes if iri[0] == "<"}):
        out.link(subject, VOID.vocabulary, vocabulary)
    out.typed(subject, VOID.entities, len({s for s in out.subjects if s[0] == "<"}), "int")
    out.typed(subject, VOID.classes, len(out.classes), "int")
    out.typed(subject, VOID.properties, len(out.predicates), "int")
    total = len(set(out.lines)) + 1  # and the void:triples statement itself
    out.typed(subject, VOID.triples, total, "int")


def _namespace_of(iri: str) -> str:
    """The namespace part of an IRI (up to its last '#' or '/')."""
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


# How each section's entries are described (the description itself comes last).
_SPECIAL = {
    "sources": _fields,
    "terms": _term,
    "papers": _paper,
    "people": _fields,
    "organizations": _fields,
    "datasets": _described,
    "competitions": _described,
    "editions": _edition,
    "measures": _fields,
    "results": _result,
}
