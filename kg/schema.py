"""The one schema of ``data/``: sections, fields, types, references, cardinalities, RDF.

Everything else is derived from :data:`SECTIONS`: the loader's checks (:mod:`kg.load`),
the triples of simple fields (:mod:`kg.build`), the SHACL shapes
(``kg/ontology/shapes.ttl``, by :mod:`kg.shapes`) and the field reference in
``data/README.md`` (by :mod:`kg.docs`).  A field's ``type`` is one of:

``str``        one line of text          ``text``      free text (may span lines)
``int``        a whole number, 0 to 10^15 ``year``      a year, 1800 to next year
``number``     a finite number >= 0       ``bool``      true or false
``url``        an absolute http(s) URL    ``date``      a date, YYYY-MM-DD
``ref``        the id of an entry in one of ``targets``
``source``     a URL, or the id of an entry in ``sources`` or ``papers``
``choice``     one of ``choices``         ``wikidata``  a Wikidata item id, Q and digits
``sourcemap``  a mapping: field name -> list of sources (who says that field's links)
``idmap``      a mapping: field name -> list of ids (links that are the glossary's claims)

>>> SECTIONS["terms"].fields["variant_of"].targets
('terms',)
>>> [str(p) for p in SECTIONS["papers"].fields["title"].predicates]
['http://purl.org/dc/terms/title', 'http://www.w3.org/2000/01/rdf-schema#label']
"""

from dataclasses import dataclass, field

from rdflib import URIRef

from .namespaces import (BIBO, DCAT, DCTERMS, DLKG, FABIO, FOAF, MLS, OWL, PROV, QUDT, RDF,
                         RDFS, SCHEMA, SKOS, UNIT, VOID, XSD, resource_iri)

__all__ = ["FieldSpec", "SectionSpec", "SECTIONS", "ID_PATTERN", "URL_PATTERN",
           "LINK_FIELDS", "TERM_CATEGORIES", "DATATYPES", "SPLIT_LABELS"]

ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
URL_PATTERN = r"^https?://[^\s<>\"'{}|\\^`]+$"
# The XSD datatype of each kind of field whose values are typed literals.
DATATYPES = {"year": XSD.gYear, "int": XSD.integer, "number": XSD.decimal, "date": XSD.date,
             "bool": XSD.boolean}


@dataclass(frozen=True)
class FieldSpec:
    """One field of an entry.

    ``predicates``: the RDF properties its values are written with (none: the build makes
    its triples itself); ``choice_iris``: the IRI each choice stands for, when the value is
    written as an IRI; ``language``: "en" for English text, None for plain strings;
    ``minimum`` and ``pattern``: further checks; ``doc``: one line for the field reference.
    """
    type: str
    doc: str
    many: bool = False
    required: bool = False
    targets: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    predicates: tuple[URIRef, ...] = ()
    choice_iris: dict = field(default_factory=dict)
    language: str | None = None
    minimum: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class SectionSpec:
    """One section of a data file: ``kind`` names its IRIs (``.../id/<kind>/<id>``),
    ``classes`` are the rdf:types of its entries (the first is the shapes' target)."""
    kind: str
    doc: str
    classes: tuple[URIRef, ...]
    fields: dict[str, FieldSpec]


def _refs(doc, *targets, predicate=None, many=True, required=False):
    return FieldSpec("ref", doc, many=many, required=required, targets=targets,
                     predicates=(predicate,) if predicate is not None else ())


def _text(doc, *predicates, required=False):
    return FieldSpec("text", doc, required=required, predicates=predicates, language="en")


def _sources(doc, *, required=False):
    return FieldSpec("source", doc, many=True, required=required,
                     predicates=(PROV.wasDerivedFrom,))


_CATEGORY_CLASSES = {
    "architecture": DLKG.Architecture,
    "model": DLKG.Model,
    "model-family": DLKG.ModelFamily,
    "activation-function": DLKG.ActivationFunction,
    "optimization-algorithm": DLKG.OptimizationAlgorithm,
    "regularization": DLKG.RegularizationTechnique,
    "normalization": DLKG.NormalizationTechnique,
    "loss-function": DLKG.LossFunction,
    "initialization": DLKG.Initialization,
    "training-technique": DLKG.TrainingTechnique,
    "mechanism": DLKG.Mechanism,
    "learning-paradigm": DLKG.LearningParadigm,
    "hardware": DLKG.Hardware,
    "concept": SKOS.Concept,
}
TERM_CATEGORIES = tuple(_CATEGORY_CLASSES)


def _same_as_elsewhere(concept: bool) -> dict[str, FieldSpec]:
    """Links to the same thing elsewhere, each with where it was read."""
    return {
        "wikidata": FieldSpec("wikidata", "Wikidata item id (e.g. Q42), only when read in a "
                              "source that ties it to this very thing",
                              predicates=(SKOS.exactMatch if concept else OWL.sameAs,)),
        "wikipedia": FieldSpec("url", "the Wikipedia article", predicates=(FOAF.isPrimaryTopicOf,)),
        "link_sources": FieldSpec("url", "URLs where the Wikidata/Wikipedia link was read",
                                  many=True, predicates=(PROV.wasDerivedFrom,)),
        "link_note": FieldSpec("text", "what exactly was read for the links"),
    }


_NOTE = _text("a note: where each figure was read, what is open", RDFS.comment)
_GLOSSARY_TEXT = FieldSpec("text", "the glossary's own words, verbatim (a dlkg:GlossaryNote "
                           "quoted from the glossary)")
_URL = FieldSpec("url", "the canonical landing page", predicates=(SCHEMA.url,))


def _labels(doc="preferred label (English)") -> dict[str, FieldSpec]:
    return {
        "label": FieldSpec("str", doc, required=True, language="en",
                           predicates=(SKOS.prefLabel, RDFS.label)),
        "acronyms": FieldSpec("str", "acronyms (e.g. ReLU)", many=True, language="en",
                              predicates=(SKOS.altLabel, DLKG.acronym)),
        "aliases": FieldSpec("str", "other names", many=True, language="en",
                             predicates=(SKOS.altLabel,)),
    }


# The data splits a result may be measured on, and their labels.
SPLIT_LABELS = {"test": "test set", "test-dev": "test-dev set", "validation": "validation set",
                "train": "training set", "unstated": "split not stated by the source"}

# The fields of a term that link it to other entries; each may have claim_sources.
LINK_FIELDS = {
    "broader": _refs("is-a: broader terms", "terms", predicate=SKOS.broader),
    "variant_of": _refs("terms it is a variant of", "terms", predicate=DLKG.variantOf),
    "successor_of": _refs("terms it succeeds", "terms", predicate=DLKG.successorOf),
    "uses": _refs("terms it uses or builds on", "terms", predicate=DLKG.uses),
    "contrasts_with": _refs("terms it is contrasted with", "terms",
                            predicate=DLKG.contrastsWith),
    "introduced_in": _refs("the papers that introduced it", "papers",
                           predicate=DLKG.introducedIn),
    "evaluated_on": _refs("datasets it was evaluated on", "datasets",
                          predicate=DLKG.evaluatedOn),
    "developed_by": _refs("organisations that developed it", "organizations",
                          predicate=DLKG.developedBy),
}

SECTIONS: dict[str, SectionSpec] = {
    "description": SectionSpec("catalog", "the graph's own VoID/DCAT description",
                               (VOID.Dataset, DCAT.Dataset), {
        "title": FieldSpec("str", "title", required=True, language="en",
                           predicates=(DCTERMS.title, RDFS.label)),
        "description": _text("what the graph holds", DCTERMS.description),
        "license": FieldSpec("url", "licence URL", required=True,
                             predicates=(DCTERMS.license,)),
        "created": FieldSpec("date", "creation date", required=True,
                             predicates=(DCTERMS.created,)),
        "publisher": _refs("publisher", "organizations", predicate=DCTERMS.publisher,
                           many=False),
        "homepage": FieldSpec("url", "home page", predicates=(FOAF.homepage,)),
        "example_resources": _refs("example entries", "terms", "papers", "people",
                                   "organizations", "datasets", "competitions", "editions",
                                   "results", predicate=VOID.exampleResource),
    }),
    "sources": SectionSpec("source", "documents cited by id", (FOAF.Document, PROV.Entity), {
        "title": FieldSpec("str", "title", required=True,
                           predicates=(DCTERMS.title, RDFS.label)),
        "url": FieldSpec("url", "where it is", required=True, predicates=(SCHEMA.url,)),
        "note": _NOTE,
        "retrieved": FieldSpec("str", "when it was read (YYYY-MM-DD)",
                               predicates=(DCTERMS.date,)),
    }),
    "terms": SectionSpec("term", "concepts: models, methods, functions, ...", (SKOS.Concept,), {
        **_labels(),
        "category": FieldSpec("choice", "kind of term (its class)", required=True,
                              choices=TERM_CATEGORIES, predicates=(RDF.type,),
                              choice_iris=_CATEGORY_CLASSES),
        "definition": _text("our own definition, 1 to 3 sentences", SKOS.definition),
        "definition_sources": _sources("papers (ids) or URLs the definition rests on"),
        "glossary_text": _GLOSSARY_TEXT,
        "formula": FieldSpec("text", "the formula, as the glossary writes it",
                             predicates=(DLKG.formula,)),
        "year": FieldSpec("year", "year it was introduced", predicates=(DCTERMS.created,)),
        **LINK_FIELDS,
        "layers": FieldSpec("int", "number of layers", predicates=(DLKG.layerCount,),
                            minimum=1),
        "see_also": FieldSpec("url", "further reading", many=True,
                              predicates=(RDFS.seeAlso,)),
        "note": _NOTE,
        "claim_sources": FieldSpec("sourcemap", "for a link field (or year), the sources "
                                   "that state it: {introduced_in: [paper-id], ...}"),
        "glossary_claims": FieldSpec("idmap", "links that are only the glossary's opinion, "
                                     "kept as its claims: {successor_of: [ntm]}"),
        **_same_as_elsewhere(concept=True),
    }),
    "papers": SectionSpec("paper", "papers and reports", (SCHEMA.ScholarlyArticle,), {
        "title": FieldSpec("str", "full, exact title", required=True,
                           predicates=(DCTERMS.title, RDFS.label)),
        "authors": FieldSpec("ref", "every author, in the paper's order (person ids)",
                             many=True, required=True, targets=("people",)),
        "year": FieldSpec("year", "year of the first public version (arXiv v1 when it came "
                          "first; the 2016 glossary's papers: the version recorded)",
                          required=True, predicates=(DCTERMS.issued,)),
        "venue": FieldSpec("str", "full venue name", predicates=(DLKG.venue,)),
        "arxiv": FieldSpec("str", "arXiv id, e.g. '1512.03385'", predicates=(DLKG.arxivId,),
                           pattern=r"^([0-9]{4}\.[0-9]{4,5}|[a-z-]+/[0-9]{7})$"),
        "doi": FieldSpec("str", "DOI, e.g. 10.1109/CVPR.2016.90", predicates=(BIBO.doi,),
                         pattern=r"^10\.[0-9]{4,9}/\S+$"),
        "url": _URL,
        "type": FieldSpec("choice", "paper (default), technical-report or corpus",
                          choices=("paper", "technical-report", "corpus"),
                          predicates=(RDF.type,),
                          choice_iris={"paper": FABIO.ResearchPaper,
                                       "technical-report": FABIO.TechnicalReport,
                                       "corpus": FABIO.Expression}),
        "sources": _sources("URLs the bibliographic facts were checked against",
                            required=True),
        "note": _NOTE,
    }),
    "people": SectionSpec("person", "authors and creators", (FOAF.Person, SCHEMA.Person), {
        "name": FieldSpec("str", "name as printed in the papers", required=True,
                          predicates=(FOAF.name, RDFS.label)),
        "affiliations": _refs("organisation ids", "organizations",
                              predicate=SCHEMA.affiliation),
        "sources": _sources("URLs that name this person (e.g. a paper's page)",
                            required=True),
        **_same_as_elsewhere(concept=False),
    }),
    "organizations": SectionSpec("organization", "organisations",
                                 (FOAF.Organization, SCHEMA.Organization), {
        "name": FieldSpec("str", "name", required=True, predicates=(FOAF.name, RDFS.label)),
        "url": _URL,
        "sources": _sources("URLs that state the facts"),
        **_same_as_elsewhere(concept=False),
    }),
    "datasets": SectionSpec("dataset", "datasets and benchmarks",
                            (MLS.Dataset, DCAT.Dataset, SCHEMA.Dataset), {
        **_labels(),
        "description": _text("what it holds", DCTERMS.description),
        "glossary_text": _GLOSSARY_TEXT,
        **{name: FieldSpec("int", doc, predicates=(predicate,), minimum=0) for name, doc,
           predicate in (("example_count", "examples in all", DLKG.exampleCount),
                         ("class_count", "classes", DLKG.classCount),
                         ("train_count", "training examples", DLKG.trainCount),
                         ("validation_count", "validation examples", DLKG.validationCount),
                         ("test_count", "test examples", DLKG.testCount))},
        "example_size": FieldSpec("str", "size of one example, e.g. '32x32 colour'",
                                  predicates=(DLKG.exampleSize,)),
        "modality": FieldSpec("choice", "kind of data", predicates=(DLKG.modality,),
                              choices=("image", "speech", "text", "handwriting", "video",
                                       "game", "graph", "multimodal")),
        "year": FieldSpec("year", "year it was published", predicates=(DCTERMS.created,)),
        "creators": _refs("people who made it", "people", predicate=DCTERMS.creator),
        "publisher": _refs("organisation that published it", "organizations",
                           predicate=DCTERMS.publisher, many=False),
        "introduced_in": _refs("papers that introduced it", "papers",
                               predicate=DLKG.introducedIn),
        "based_on": _refs("datasets or terms it derives from", "datasets", "terms",
                          predicate=DLKG.basedOn),
        "url": _URL,
        "sources": _sources("URLs for the counts", required=True),
        "note": _NOTE,
        **_same_as_elsewhere(concept=False),
    }),
    "competitions": SectionSpec("competition", "competition series",
                                (DLKG.Competition, SCHEMA.EventSeries), {
        **_labels(),
        "description": _text("what it is", DCTERMS.description),
        "glossary_text": _GLOSSARY_TEXT,
        "dataset": _refs("its dataset", "datasets", predicate=DLKG.benchmarkDataset,
                         many=False),
        "organizers": _refs("organisations that ran it", "organizations",
                            predicate=SCHEMA.organizer),
        "url": _URL,
        "introduced_in": _refs("papers that describe it", "papers",
                               predicate=DLKG.introducedIn),
        "sources": _sources("URLs that state the facts", required=True),
        "note": _NOTE,
        **_same_as_elsewhere(concept=False),
    }),
    "editions": SectionSpec("edition", "one year of a competition",
                            (DLKG.CompetitionEdition, SCHEMA.Event), {
        "competition": _refs("the series", "competitions", predicate=SCHEMA.superEvent,
                             many=False, required=True),
        "year": FieldSpec("year", "its year", required=True, predicates=(DCTERMS.date,)),
        "label": FieldSpec("str", "label (default: the series' label and the year)",
                           language="en"),
        "url": FieldSpec("url", "the official result page", predicates=(SCHEMA.url,)),
        "dataset": _refs("its dataset", "datasets", predicate=DLKG.benchmarkDataset,
                         many=False),
        "sources": _sources("URLs that state the facts", required=True),
        "note": _NOTE,
    }),
    "measures": SectionSpec("measure", "evaluation measures", (MLS.EvaluationMeasure,), {
        "label": FieldSpec("str", "label", required=True, language="en",
                           predicates=(RDFS.label, SKOS.prefLabel)),
        "unit": FieldSpec("choice", "percent, score (the measure's own scale) or count",
                          required=True, choices=("percent", "score", "count"),
                          predicates=(QUDT.hasUnit,),
                          choice_iris={"percent": UNIT.PERCENT, "score": UNIT.UNITLESS,
                                       "count": UNIT.NUM}),
        "lower_is_better": FieldSpec("bool", "true when lower values are better",
                                     predicates=(DLKG.lowerIsBetter,)),
        "maximum": FieldSpec("number", "the largest possible value (100 for a share in "
                             "percent); results above it are refused",
                             predicates=(SCHEMA.maxValue,)),
        "description": _text("what it measures", DCTERMS.description),
        "sources": _sources("URLs that define it"),
    }),
    "results": SectionSpec("result", "reported figures, each one claim with one source",
                           (DLKG.Result, MLS.ModelEvaluation), {
        "edition": _refs("competition edition", "editions", predicate=DLKG.edition,
                         many=False),
        "entry": FieldSpec("str", "the entry's name as reported, e.g. SuperVision",
                           predicates=(DLKG.entryName,)),
        "team": FieldSpec("str", "the team", predicates=(DLKG.team,)),
        "model": _refs("the model (term id)", "terms", predicate=DLKG.evaluatedModel,
                       many=False),
        "metric": _refs("the measure (id in measures)", "measures",
                        predicate=MLS.specifiedBy, many=False, required=True),
        "value": FieldSpec("number", "the figure, in the measure's unit", required=True,
                           predicates=(MLS.hasValue,)),
        "dataset": _refs("the benchmark dataset", "datasets",
                         predicate=DLKG.benchmarkDataset, many=False),
        "split": FieldSpec("choice", "test, test-dev, validation, train, or unstated when the "
                           "source does not say", required=True,
                           choices=tuple(SPLIT_LABELS), predicates=(DLKG.dataSplit,),
                           choice_iris={split: URIRef(resource_iri("split", split))
                                        for split in SPLIT_LABELS}),
        "rank": FieldSpec("int", "rank in the edition", predicates=(DLKG.rank,), minimum=1),
        "layers": FieldSpec("int", "layers of the model", predicates=(DLKG.layerCount,),
                            minimum=1),
        "paper": _refs("the paper that reports it", "papers", predicate=DLKG.reportedIn,
                       many=False),
        "location": FieldSpec("str", "where in the source, e.g. 'Table 2'",
                              predicates=(DLKG.location,)),
        "claimed_by": FieldSpec("choice", "whose claim: glossary, official or paper",
                                required=True, choices=("glossary", "official", "paper"),
                                predicates=(DLKG.claimOrigin,),
                                choice_iris={"glossary": DLKG.GlossaryClaim,
                                             "official": DLKG.OfficialResult,
                                             "paper": DLKG.PaperClaim}),
        "source": FieldSpec("source", "the one source (URL or source id)", required=True,
                            predicates=(PROV.wasDerivedFrom,)),
        "secondary_source": FieldSpec("bool", "true when the source is a secondary copy that "
                                      "cites the primary one",
                                      predicates=(DLKG.secondarySource,)),
        "note": _NOTE,
    }),
}

