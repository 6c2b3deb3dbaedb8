"""Stage 2: turn loaded :class:`~kg.load.Data` into RDF triples (pyoxigraph terms).

The graph holds the ontology (``ontology/dlkg.ttl``) and one description per entry.  No
blank nodes are made: every node has an IRI derived from an entry id, so the output is
stable and diffs review well.  :func:`build_triples` returns the triples sorted.

>>> import pathlib, tempfile
>>> from kg.load import load_data
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "t.yaml").write_text(
...     "terms:\\n- id: relu\\n  label: Rectified Linear Unit\\n  category: concept\\n")
>>> triples = build_triples(load_data(folder), ontology=None)
>>> any(t.object.value == "Rectified Linear Unit" for t in triples)
True
"""

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, parse, serialize

from .load import Data, Entry
from .paths import ONTOLOGY_FILE
from .schema import SECTIONS
from .namespaces import BIBO, DLKG, FABIO, MLS, QUDT, RESOURCE_BASE, SCHEMA, UNIT, resource_iri

__all__ = ["build_triples", "build_ntriples", "entry_lines", "shared_lines", "description_lines",
           "summary_of", "Statistics", "statistics_of", "GLOSSARY_SOURCE_ID"]

GLOSSARY_SOURCE_ID = "glossary"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_PROV = "http://www.w3.org/ns/prov#"
_DCAT = "http://www.w3.org/ns/dcat#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SCHEME = "https://w3id.org/dlkg/id/scheme/glossary"

_CATEGORY_CLASSES = {
    "architecture": DLKG.Architecture,
    "model-family": DLKG.ModelFamily,
    "activation-function": DLKG.ActivationFunction,
    "optimization-algorithm": DLKG.OptimizationAlgorithm,
    "regularization": DLKG.RegularizationTechnique,
    "normalization": DLKG.NormalizationTechnique,
    "mechanism": DLKG.Mechanism,
    "learning-paradigm": DLKG.LearningParadigm,
    "hardware": DLKG.Hardware,
    "concept": None,
}
_CLAIM_ORIGINS = {
    "glossary": DLKG.GlossaryClaim,
    "official": DLKG.OfficialResult,
    "paper": DLKG.PaperClaim,
}
_TERM_LINKS = {
    "broader": _SKOS + "broader",
    "variant_of": DLKG.variantOf,
    "successor_of": DLKG.successorOf,
    "uses": DLKG.uses,
    "contrasts_with": DLKG.contrastsWith,
    "introduced_in": DLKG.introducedIn,
    "evaluated_on": DLKG.evaluatedOn,
    "developed_by": DLKG.developedBy,
}
_COUNTS = {
    "example_count": DLKG.exampleCount,
    "class_count": DLKG.classCount,
    "train_count": DLKG.trainCount,
    "validation_count": DLKG.validationCount,
    "test_count": DLKG.testCount,
}


def _iri(iri: str) -> str:
    """An IRI as an N-Triples term."""
    return f"<{iri}>"


def _literal(value: str, *, language: str | None = None, datatype: str | None = None) -> str:
    """A literal as an N-Triples term (the loader has refused other control characters)."""
    text = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if language:
        return f'"{text}"@{language}'
    if datatype and datatype != _XSD + "string":
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


def summary_of(entry: Entry) -> tuple:
    """What the triples of *other* entries use of ``entry``: its section (which names its
    IRI), a competition's label (its editions' labels) and an edition's year (its results'
    labels). A rebuild redoes a file when a summary it used has changed."""
    return (entry.section,
            entry.fields.get("label") if entry.section == "competitions" else None,
            entry.fields.get("year") if entry.section == "editions" else None)


class _Graph:
    """A growing list of N-Triples lines with short helpers for the usual statements.

    Terms are N-Triples strings (``<iri>``, ``"text"@en``): writing lines is several times
    faster than making one Python object per term, and pyoxigraph reads them back at once.
    ``summaries`` maps every entry id to :func:`summary_of` the entry; the summaries of
    other entries read while building are recorded in ``imports``.
    """

    def __init__(self, summaries: dict[str, tuple], own: frozenset = frozenset()) -> None:
        self.summaries = summaries
        self.own = own
        self.imports: dict[str, tuple | None] = {}
        self.triples: list[str] = []

    def summary(self, entry_id: str) -> tuple | None:
        """The summary of ``entry_id`` (None when there is no such entry), noted as used."""
        found = self.summaries.get(entry_id)
        if entry_id not in self.own:
            self.imports[entry_id] = found
        return found

    def node(self, entry_id: str) -> str:
        """The IRI (an N-Triples term) of the entry ``entry_id``."""
        return f"<{RESOURCE_BASE}{SECTIONS[self.summary(entry_id)[0]].kind}/{entry_id}>"

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.triples.append(f"{subject} <{predicate}> {obj} .")

    def iri(self, subject: str, predicate: str, iri: str) -> None:
        self.triples.append(f"{subject} <{predicate}> <{iri}> .")

    def text(self, subject, predicate, value: str, *, language: str | None = "en") -> None:
        self.triples.append(f"{subject} <{predicate}> {_literal(value, language=language)} .")

    def typed(self, subject, predicate, value, datatype: str) -> None:
        self.triples.append(f'{subject} <{predicate}> "{value}"^^<{_XSD}{datatype}> .')

    def refs(self, subject, predicate, entry: Entry, field_name: str) -> None:
        value = entry.fields.get(field_name)
        for target in ([value] if isinstance(value, str) else value or []):
            self.add(subject, predicate, self.node(target))

    def source(self, subject, value: str, predicate: str = _PROV + "wasDerivedFrom") -> None:
        """Link ``subject`` to a source given as a URL or a ``sources`` id."""
        if self.summary(value) is not None:
            self.add(subject, predicate, self.node(value))
        else:
            self.iri(subject, predicate, value)


def build_triples(data: Data, *, ontology: Path | None = ONTOLOGY_FILE) -> list[Triple]:
    """Return the sorted, duplicate-free triples of ``data`` plus those of ``ontology``."""
    return [quad.triple for quad in parse(build_ntriples(data, ontology=ontology),
                                          format=RdfFormat.N_TRIPLES)]


def build_ntriples(data: Data, *, ontology: Path | None = ONTOLOGY_FILE) -> bytes:
    """Return the graph of ``data`` (and ``ontology``) as N-Triples: one line a triple,
    sorted, no duplicates. The same data always gives the same bytes."""
    summaries = {entry_id: summary_of(entry) for entry_id, entry in data.entries.items()}
    lines, _imports = entry_lines(list(data.entries.values()), summaries)
    lines = set(lines) | set(shared_lines(summaries, ontology=ontology))
    for entry in data.section("description"):
        lines |= set(description_lines(entry, summaries, statistics_of(lines)))
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


def entry_lines(entries: list[Entry], summaries: dict[str, tuple]) -> tuple[list[str], dict]:
    """The N-Triples lines (unsorted, perhaps repeated) that describe ``entries``, and the
    summaries of other entries they used (``{id: summary or None}``).

    ``summaries`` maps every entry id of the data to :func:`summary_of` the entry."""
    graph = _Graph(summaries, frozenset(entry.id for entry in entries))
    describe = {
        "description": lambda graph, entry: None,  # described last, with the counts
        "sources": _source,
        "terms": _term,
        "papers": _paper,
        "people": _person,
        "organizations": _organization,
        "datasets": _dataset,
        "competitions": _competition,
        "editions": _edition,
        "results": _result,
        "measures": _measure,
    }
    for entry in entries:
        describe[entry.section](graph, entry)
    return graph.triples, graph.imports


def shared_lines(summaries: dict[str, tuple], *, ontology: Path | None = ONTOLOGY_FILE) -> list[str]:
    """The lines no single entry owns: the concept scheme (when there are terms), the
    measures and splits (when there are results) and the ontology."""
    graph = _Graph(summaries)
    sections = {summary[0] for summary in summaries.values()}
    if "terms" in sections:
        scheme = _iri(_SCHEME)
        graph.iri(scheme, _RDF + "type", _SKOS + "ConceptScheme")
        graph.text(scheme, _RDFS + "label", "DLKG deep-learning glossary")
        graph.text(scheme, _DCT + "title", "DLKG deep-learning glossary")
    if "results" in sections:
        _measures_and_splits(graph)
    if ontology is not None:
        graph.triples += _ontology_lines(ontology)
    return graph.triples


@dataclass
class Statistics:
    """What the VoID description counts: subjects, properties, classes and triples."""

    subjects: int
    properties: set[str]
    classes: set[str]
    triples: int

    def merge(self, other: "Statistics") -> None:
        """Add ``other``'s figures to these (the two describe different subjects)."""
        self.subjects += other.subjects
        self.properties |= other.properties
        self.classes |= other.classes
        self.triples += other.triples


def statistics_of(lines) -> Statistics:
    """The :class:`Statistics` of distinct N-Triples ``lines``."""
    subjects, properties, classes = set(), set(), set()
    rdf_type = f"<{_RDF}type>"
    count = 0
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        if subject.startswith("<"):
            subjects.add(subject)
        properties.add(predicate)
        if predicate == rdf_type:
            classes.add(rest[:-2])
        count += 1
    return Statistics(len(subjects), properties, classes, count)


def _ontology_lines(ontology: Path) -> list[str]:
    """The ontology's triples as N-Triples lines (pyoxigraph's canonical form)."""
    triples = [quad.triple for quad in parse(path=str(ontology), format=RdfFormat.TURTLE)]
    return serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8").splitlines()


def _labels(graph: _Graph, node, entry: Entry, label: str) -> None:
    graph.text(node, _SKOS + "prefLabel", label)
    graph.text(node, _RDFS + "label", label)
    for acronym in entry.fields.get("acronyms", []):
        graph.text(node, _SKOS + "altLabel", acronym)
        graph.text(node, DLKG.acronym, acronym)
    for alias in entry.fields.get("aliases", []):
        graph.text(node, _SKOS + "altLabel", alias)


def _links(graph: _Graph, node, entry: Entry, *, concept: bool) -> None:
    """The same thing elsewhere: Wikidata (skos:exactMatch for terms, owl:sameAs otherwise)."""
    fields = entry.fields
    if "wikidata" in fields:
        predicate = _SKOS + "exactMatch" if concept else "http://www.w3.org/2002/07/owl#sameAs"
        graph.iri(node, predicate, "http://www.wikidata.org/entity/" + fields["wikidata"])
    if "wikipedia" in fields:
        graph.iri(node, "http://xmlns.com/foaf/0.1/isPrimaryTopicOf", fields["wikipedia"])
    for url in fields.get("link_sources", []):
        graph.iri(node, _PROV + "wasDerivedFrom", url)


def _glossary_note(graph: _Graph, node, entry: Entry) -> None:
    """The glossary's own words, as a note resource whose source is the glossary."""
    text = entry.fields.get("glossary_text")
    if text is None:
        return
    note = _iri(resource_iri("note", entry.id))
    graph.add(node, _SKOS + "note", note)
    graph.iri(note, _RDF + "type", DLKG.GlossaryNote)
    graph.text(note, _RDF + "value", text.strip())
    graph.add(note, _DCT + "subject", node)
    if graph.summary(GLOSSARY_SOURCE_ID) is not None:
        graph.source(note, GLOSSARY_SOURCE_ID, _PROV + "wasQuotedFrom")


def _source(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    graph.iri(node, _RDF + "type", _PROV + "Entity")
    graph.text(node, _DCT + "title", entry.fields["title"], language=None)
    graph.text(node, _RDFS + "label", entry.fields["title"], language=None)
    graph.iri(node, SCHEMA.url, entry.fields["url"])
    if "note" in entry.fields:
        graph.text(node, _RDFS + "comment", entry.fields["note"].strip())
    if "retrieved" in entry.fields:
        graph.text(node, _DCT + "date", entry.fields["retrieved"], language=None)


def _term(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    fields = entry.fields
    graph.iri(node, _RDF + "type", _SKOS + "Concept")
    graph.iri(node, _SKOS + "inScheme", _SCHEME)
    category_class = _CATEGORY_CLASSES[fields["category"]]
    if category_class is not None:
        graph.iri(node, _RDF + "type", category_class)
    _labels(graph, node, entry, fields["label"])
    if "definition" in fields:
        graph.text(node, _SKOS + "definition", fields["definition"].strip())
    for source in fields.get("definition_sources", []):
        graph.source(node, source)
    _glossary_note(graph, node, entry)
    if "formula" in fields:
        graph.text(node, DLKG.formula, fields["formula"].rstrip(), language=None)
    if "year" in fields:
        graph.typed(node, _DCT + "created", fields["year"], "gYear")
    if "layers" in fields:
        graph.typed(node, DLKG.layerCount, fields["layers"], "integer")
    for field_name, predicate in _TERM_LINKS.items():
        graph.refs(node, predicate, entry, field_name)
    for url in fields.get("see_also", []):
        graph.iri(node, _RDFS + "seeAlso", url)
    _links(graph, node, entry, concept=True)


def _paper(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    fields = entry.fields
    kind = fields.get("type", "paper")
    paper_class = {"paper": FABIO.ResearchPaper, "technical-report": FABIO.TechnicalReport,
                   "corpus": FABIO.Expression}[kind]
    graph.iri(node, _RDF + "type", paper_class)
    graph.iri(node, _RDF + "type", SCHEMA.ScholarlyArticle)
    graph.text(node, _DCT + "title", fields["title"], language=None)
    graph.text(node, _RDFS + "label", fields["title"], language=None)
    graph.typed(node, _DCT + "issued", fields["year"], "gYear")
    author_list = _iri(resource_iri("authors", entry.id))
    graph.add(node, BIBO.authorList, author_list)
    graph.iri(author_list, _RDF + "type", _RDF + "Seq")
    for position, person in enumerate(fields["authors"], start=1):
        graph.add(node, _DCT + "creator", graph.node(person))
        graph.add(author_list, f"{_RDF}_{position}", graph.node(person))
    if "venue" in fields:
        graph.text(node, DLKG.venue, fields["venue"], language=None)
    if "arxiv" in fields:
        graph.text(node, DLKG.arxivId, fields["arxiv"], language=None)
        graph.iri(node, _RDFS + "seeAlso", "https://arxiv.org/abs/" + fields["arxiv"])
    if "doi" in fields:
        graph.text(node, BIBO.doi, fields["doi"], language=None)
        graph.iri(node, _RDFS + "seeAlso", "https://doi.org/" + fields["doi"])
    if "url" in fields:
        graph.iri(node, SCHEMA.url, fields["url"])
    for source in fields["sources"]:
        graph.source(node, source)
    if "note" in fields:
        graph.text(node, _RDFS + "comment", fields["note"].strip())


def _person(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    graph.iri(node, _RDF + "type", _FOAF + "Person")
    graph.iri(node, _RDF + "type", SCHEMA.Person)
    graph.text(node, _FOAF + "name", entry.fields["name"], language=None)
    graph.text(node, _RDFS + "label", entry.fields["name"], language=None)
    graph.refs(node, SCHEMA.affiliation, entry, "affiliations")
    for source in entry.fields.get("sources", []):
        graph.source(node, source)
    _links(graph, node, entry, concept=False)


def _organization(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    graph.iri(node, _RDF + "type", _FOAF + "Organization")
    graph.iri(node, _RDF + "type", SCHEMA.Organization)
    graph.text(node, _FOAF + "name", entry.fields["name"], language=None)
    graph.text(node, _RDFS + "label", entry.fields["name"], language=None)
    if "url" in entry.fields:
        graph.iri(node, SCHEMA.url, entry.fields["url"])
    for source in entry.fields.get("sources", []):
        graph.source(node, source)
    _links(graph, node, entry, concept=False)


def _described_thing(graph: _Graph, node, entry: Entry) -> None:
    """Labels, description, glossary note, url and sources shared by datasets and series."""
    fields = entry.fields
    _labels(graph, node, entry, fields["label"])
    if "description" in fields:
        graph.text(node, _DCT + "description", fields["description"].strip())
    _glossary_note(graph, node, entry)
    if "url" in fields:
        graph.iri(node, SCHEMA.url, fields["url"])
    graph.refs(node, DLKG.introducedIn, entry, "introduced_in")
    for source in fields["sources"]:
        graph.source(node, source)
    if "note" in fields:
        graph.text(node, _RDFS + "comment", fields["note"].strip())
    _links(graph, node, entry, concept=False)


def _dataset(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    fields = entry.fields
    for rdf_class in (_DCAT + "Dataset", SCHEMA.Dataset, MLS.Dataset):
        graph.iri(node, _RDF + "type", rdf_class)
    _described_thing(graph, node, entry)
    for field_name, predicate in _COUNTS.items():
        if field_name in fields:
            graph.typed(node, predicate, fields[field_name], "integer")
    if "example_size" in fields:
        graph.text(node, DLKG.exampleSize, fields["example_size"], language=None)
    if "modality" in fields:
        graph.text(node, DLKG.modality, fields["modality"], language=None)
    if "year" in fields:
        graph.typed(node, _DCT + "created", fields["year"], "gYear")
    graph.refs(node, _DCT + "creator", entry, "creators")
    graph.refs(node, _DCT + "publisher", entry, "publisher")
    graph.refs(node, DLKG.basedOn, entry, "based_on")


def _competition(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    graph.iri(node, _RDF + "type", SCHEMA.EventSeries)
    graph.iri(node, _RDF + "type", DLKG.Competition)
    _described_thing(graph, node, entry)
    graph.refs(node, DLKG.benchmarkDataset, entry, "dataset")
    graph.refs(node, SCHEMA.organizer, entry, "organizers")


def _edition(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    fields = entry.fields
    series = graph.summary(fields["competition"])
    graph.iri(node, _RDF + "type", SCHEMA.Event)
    graph.iri(node, _RDF + "type", DLKG.CompetitionEdition)
    label = fields.get("label") or f"{series[1]} {fields['year']}"
    graph.text(node, _RDFS + "label", label)
    graph.text(node, _SKOS + "prefLabel", label)
    graph.add(node, SCHEMA.superEvent, graph.node(fields["competition"]))
    graph.typed(node, _DCT + "date", fields["year"], "gYear")
    graph.refs(node, DLKG.benchmarkDataset, entry, "dataset")
    if "url" in fields:
        graph.iri(node, SCHEMA.url, fields["url"])
    for source in fields["sources"]:
        graph.source(node, source)
    if "note" in fields:
        graph.text(node, _RDFS + "comment", fields["note"].strip())


def _result(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    fields = entry.fields
    graph.iri(node, _RDF + "type", MLS.ModelEvaluation)
    graph.iri(node, _RDF + "type", DLKG.Result)
    who = fields.get("entry") or fields.get("model") or entry.id
    where = graph.summary(fields["edition"])[2] if "edition" in fields else ""
    label = f"{who} {where}: {fields['metric']} {fields['value']}% ({fields['split']}, " \
            f"{fields['claimed_by']})".replace(" :", ":")
    graph.text(node, _RDFS + "label", label)
    graph.iri(node, MLS.specifiedBy, f"https://w3id.org/dlkg/id/measure/{fields['metric']}")
    graph.typed(node, MLS.hasValue, fields["value"], "decimal")
    graph.iri(node, QUDT.unit, UNIT.PERCENT)
    graph.iri(node, DLKG.dataSplit, f"https://w3id.org/dlkg/id/split/{fields['split']}")
    graph.iri(node, DLKG.claimOrigin, _CLAIM_ORIGINS[fields["claimed_by"]])
    graph.refs(node, DLKG.edition, entry, "edition")
    graph.refs(node, DLKG.evaluatedModel, entry, "model")
    graph.refs(node, DLKG.reportedIn, entry, "paper")
    for field_name, predicate in (("entry", DLKG.entryName), ("team", DLKG.team)):
        if field_name in fields:
            graph.text(node, predicate, fields[field_name], language=None)
    if "rank" in fields:
        graph.typed(node, DLKG.rank, fields["rank"], "integer")
    if "layers" in fields:
        graph.typed(node, DLKG.layerCount, fields["layers"], "integer")
    graph.source(node, fields["source"])
    if "note" in fields:
        graph.text(node, _RDFS + "comment", fields["note"].strip())


def _measure(graph: _Graph, entry: Entry) -> None:
    node = graph.node(entry.id)
    graph.iri(node, _RDF + "type", MLS.EvaluationMeasure)
    graph.text(node, _RDFS + "label", entry.fields["label"])


def _measures_and_splits(graph: _Graph) -> None:
    """The data splits that results point at."""
    splits = {"test": "test set", "validation": "validation set", "test-dev": "test-dev set",
              "train": "training set",
              "unstated": "split not stated by the source"}
    for split, label in splits.items():
        node = _iri(f"https://w3id.org/dlkg/id/split/{split}")
        graph.iri(node, _RDF + "type", DLKG.DataSplit)
        graph.text(node, _RDFS + "label", label)


_VOID = "http://rdfs.org/ns/void#"


def package_release() -> str:
    """The installed package's version (what the description states), or "0+unknown"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dlkg")
    except PackageNotFoundError:
        return "0+unknown"


def description_lines(entry: Entry, summaries: dict[str, tuple],
                      statistics: Statistics) -> list[str]:
    """VoID and DCAT triples describing the whole graph, whose other triples ``statistics``
    counts; ``void:triples`` counts these too."""
    fields = entry.fields
    described = _Graph(summaries)
    node = described.node(entry.id)
    for rdf_class in (_VOID + "Dataset", _DCAT + "Dataset"):
        described.iri(node, _RDF + "type", rdf_class)
    described.text(node, _DCT + "title", fields["title"])
    described.text(node, _RDFS + "label", fields["title"])
    if "description" in fields:
        described.text(node, _DCT + "description", fields["description"].strip())
    described.iri(node, _DCT + "license", fields["license"])
    described.typed(node, _DCT + "created", fields["created"], "date")
    release = package_release()
    described.text(node, _DCAT + "version", release, language=None)
    described.text(node, "http://www.w3.org/2002/07/owl#versionInfo", release, language=None)
    described.refs(node, _DCT + "publisher", entry, "publisher")
    if "homepage" in fields:
        described.iri(node, "http://xmlns.com/foaf/0.1/homepage", fields["homepage"])
    described.iri(node, _VOID + "uriSpace", "https://w3id.org/dlkg/id/")
    described.refs(node, _VOID + "exampleResource", entry, "example_resources")
    own = statistics_of(set(described.triples))
    subjects = statistics.subjects + own.subjects  # the description's node is its own
    properties = statistics.properties | own.properties | {f"<{_VOID}{name}>" for name in
                                                           ("vocabulary", "entities", "classes",
                                                            "properties", "triples")}
    classes = statistics.classes | own.classes
    vocabularies = sorted({_namespace_of(iri[1:-1]) for iri in properties | classes})
    for vocabulary in vocabularies:
        described.iri(node, _VOID + "vocabulary", vocabulary)
    described.typed(node, _VOID + "entities", subjects, "integer")
    described.typed(node, _VOID + "classes", len(classes), "integer")
    described.typed(node, _VOID + "properties", len(properties), "integer")
    # The count includes the description itself: the triples above plus this one.
    total = statistics.triples + len(set(described.triples)) + 1
    described.typed(node, _VOID + "triples", total, "integer")
    return described.triples


def _namespace_of(iri: str) -> str:
    """The namespace part of an IRI (up to its last '#' or '/')."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
