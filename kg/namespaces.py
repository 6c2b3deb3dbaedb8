"""IRIs of DLKG's own vocabulary, its resources, and the vocabularies it reuses.

Namespaces are :class:`rdflib.namespace.DefinedNamespace` classes, so a misspelt term
fails at once with ``AttributeError`` instead of minting a new IRI.

>>> str(DLKG.variantOf)
'https://w3id.org/dlkg/ontology#variantOf'
>>> resource_iri("term", "relu")
'https://w3id.org/dlkg/id/term/relu'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "short_iri",
    "BASE",
    "DLKG",
    "FABIO",
    "BIBO",
    "MLS",
    "QUDT",
    "UNIT",
    "SCHEMA",
    "RESOURCE_BASE",
    "PREFIXES",
    "resource_iri",
]

BASE = "https://w3id.org/dlkg/"
RESOURCE_BASE = BASE + "id/"


class DLKG(DefinedNamespace):
    """Terms of the DLKG ontology (``ontology/dlkg.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    ActivationFunction: URIRef
    Architecture: URIRef
    Competition: URIRef
    CompetitionEdition: URIRef
    DataSplit: URIRef
    GlossaryNote: URIRef
    Hardware: URIRef
    LearningParadigm: URIRef
    Mechanism: URIRef
    ModelFamily: URIRef
    NormalizationTechnique: URIRef
    OptimizationAlgorithm: URIRef
    RegularizationTechnique: URIRef
    Result: URIRef
    ClaimOrigin: URIRef
    # individuals
    GlossaryClaim: URIRef
    OfficialResult: URIRef
    PaperClaim: URIRef
    # properties
    acronym: URIRef
    arxivId: URIRef
    basedOn: URIRef
    benchmarkDataset: URIRef
    claimOrigin: URIRef
    classCount: URIRef
    contrastsWith: URIRef
    dataSplit: URIRef
    developedBy: URIRef
    edition: URIRef
    entryName: URIRef
    evaluatedModel: URIRef
    evaluatedOn: URIRef
    exampleCount: URIRef
    exampleSize: URIRef
    formula: URIRef
    introducedIn: URIRef
    layerCount: URIRef
    modality: URIRef
    rank: URIRef
    reportedIn: URIRef
    successorOf: URIRef
    team: URIRef
    testCount: URIRef
    trainCount: URIRef
    uses: URIRef
    validationCount: URIRef
    variantOf: URIRef
    venue: URIRef


class FABIO(DefinedNamespace):
    """The FRBR-aligned Bibliographic Ontology (the terms DLKG uses)."""

    _NS = Namespace("http://purl.org/spar/fabio/")
    _fail = True

    Expression: URIRef
    ResearchPaper: URIRef
    TechnicalReport: URIRef


class BIBO(DefinedNamespace):
    """The Bibliographic Ontology (the terms DLKG uses)."""

    _NS = Namespace("http://purl.org/ontology/bibo/")
    _fail = True

    authorList: URIRef
    doi: URIRef


class MLS(DefinedNamespace):
    """ML-Schema (the terms DLKG uses)."""

    _NS = Namespace("http://www.w3.org/ns/mls#")
    _fail = True

    Algorithm: URIRef
    Dataset: URIRef
    EvaluationMeasure: URIRef
    ModelEvaluation: URIRef
    hasValue: URIRef
    specifiedBy: URIRef


class QUDT(DefinedNamespace):
    """QUDT schema (units of measure)."""

    _NS = Namespace("http://qudt.org/schema/qudt/")
    _fail = True

    unit: URIRef


class UNIT(DefinedNamespace):
    """QUDT units."""

    _NS = Namespace("http://qudt.org/vocab/unit/")
    _fail = True

    PERCENT: URIRef


class SCHEMA(DefinedNamespace):
    """schema.org (the terms DLKG uses)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    Dataset: URIRef
    Event: URIRef
    EventSeries: URIRef
    Organization: URIRef
    Person: URIRef
    ScholarlyArticle: URIRef
    affiliation: URIRef
    organizer: URIRef
    superEvent: URIRef
    url: URIRef


PREFIXES = {
    "dlkg": BASE + "ontology#",
    "term": RESOURCE_BASE + "term/",
    "paper": RESOURCE_BASE + "paper/",
    "person": RESOURCE_BASE + "person/",
    "org": RESOURCE_BASE + "organization/",
    "dataset": RESOURCE_BASE + "dataset/",
    "competition": RESOURCE_BASE + "competition/",
    "edition": RESOURCE_BASE + "edition/",
    "result": RESOURCE_BASE + "result/",
    "source": RESOURCE_BASE + "source/",
    "measure": RESOURCE_BASE + "measure/",
    "split": RESOURCE_BASE + "split/",
    "note": RESOURCE_BASE + "note/",
    "authors": RESOURCE_BASE + "authors/",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "fabio": "http://purl.org/spar/fabio/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "mls": "http://www.w3.org/ns/mls#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qudt": "http://qudt.org/schema/qudt/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "unit": "http://qudt.org/vocab/unit/",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
    "catalog": RESOURCE_BASE + "catalog/",
}


def resource_iri(kind: str, entry_id: str) -> str:
    """Return the IRI (a string) of the entry ``entry_id`` of ``kind`` (e.g. ``"term"``)."""
    return f"{RESOURCE_BASE}{kind}/{entry_id}"


def short_iri(iri: str | None) -> str | None:
    """``iri`` written with one of the graph's prefixes when one fits (for messages)."""
    if iri is None:
        return None
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri
