"""Every IRI DLKG writes: its own ontology, its resources, and the vocabularies it reuses.

Namespaces are rdflib ``DefinedNamespace`` classes, so a misspelt term raises AttributeError
instead of minting a new IRI; resources are named by :func:`resource_iri`.

>>> str(DLKG.variantOf)
'https://w3id.org/dlkg/ontology#variantOf'
>>> resource_iri("term", "relu")
'https://w3id.org/dlkg/id/term/relu'
>>> short_iri("http://www.w3.org/2004/02/skos/core#broader")
'skos:broader'
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import (DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID,
                              DefinedNamespace)

__all__ = ["DLKG", "FABIO", "BIBO", "MLS", "QUDT", "UNIT", "SCHEMA", "DCAT", "XSD", "RDF",
           "RDFS", "OWL", "SKOS", "DCTERMS", "FOAF", "PROV", "VOID", "SH", "BASE",
           "RESOURCE_BASE", "ONTOLOGY_IRI", "WIKIDATA", "RESOURCE_KINDS", "PREFIXES",
           "resource_iri", "short_iri", "rdf_member", "wikidata_iri", "arxiv_url", "doi_url"]

BASE = "https://w3id.org/dlkg/"
RESOURCE_BASE = BASE + "id/"
ONTOLOGY_IRI = BASE + "ontology"
WIKIDATA = "http://www.wikidata.org/entity/"


class DLKG(DefinedNamespace):
    """Terms of the DLKG ontology (``kg/ontology/dlkg.ttl``)."""

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
    Initialization: URIRef
    LearningParadigm: URIRef
    LossFunction: URIRef
    Mechanism: URIRef
    Model: URIRef
    ModelFamily: URIRef
    NormalizationTechnique: URIRef
    OptimizationAlgorithm: URIRef
    RegularizationTechnique: URIRef
    Result: URIRef
    TrainingTechnique: URIRef
    ClaimOrigin: URIRef
    # individuals
    GlossaryClaim: URIRef
    OfficialResult: URIRef
    PaperClaim: URIRef
    CuratedClaim: URIRef
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
    location: URIRef
    lowerIsBetter: URIRef
    modality: URIRef
    rank: URIRef
    reportedIn: URIRef
    secondarySource: URIRef
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

    Dataset: URIRef
    EvaluationMeasure: URIRef
    ModelEvaluation: URIRef
    hasValue: URIRef
    specifiedBy: URIRef


class QUDT(DefinedNamespace):
    """QUDT schema (units of measure); ``hasUnit`` replaced the deprecated ``unit``."""

    _NS = Namespace("http://qudt.org/schema/qudt/")
    _fail = True

    hasUnit: URIRef


class UNIT(DefinedNamespace):
    """QUDT units."""

    _NS = Namespace("http://qudt.org/vocab/unit/")
    _fail = True

    PERCENT: URIRef
    UNITLESS: URIRef
    NUM: URIRef


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
    maxValue: URIRef


class DCAT(DefinedNamespace):
    """DCAT (the terms DLKG uses; rdflib's DCAT accepts any name)."""

    _NS = Namespace("http://www.w3.org/ns/dcat#")
    _fail = True

    Dataset: URIRef
    version: URIRef


class XSD(DefinedNamespace):
    """XML Schema datatypes (the ones DLKG writes; rdflib's XSD accepts any name)."""

    _NS = Namespace("http://www.w3.org/2001/XMLSchema#")
    _fail = True

    string: URIRef
    integer: URIRef
    decimal: URIRef
    boolean: URIRef
    gYear: URIRef
    date: URIRef


# The kinds of resource, each the folder of its IRIs: https://w3id.org/dlkg/id/<kind>/<id>.
# Sections of data/ name theirs in kg.schema; the rest are made by the build.
RESOURCE_KINDS = ("catalog", "source", "term", "paper", "person", "organization", "dataset",
                  "competition", "edition", "measure", "result", "note", "authors", "split",
                  "scheme", "statement")

PREFIXES = {
    "dlkg": str(DLKG._NS),
    **{kind: f"{RESOURCE_BASE}{kind}/" for kind in RESOURCE_KINDS if kind != "organization"},
    "org": RESOURCE_BASE + "organization/",
    "bibo": str(BIBO._NS), "dcat": str(DCAT._NS), "dcterms": str(DCTERMS._NS),
    "fabio": str(FABIO._NS), "foaf": str(FOAF._NS), "mls": str(MLS._NS), "owl": str(OWL._NS),
    "prov": str(PROV._NS), "qudt": str(QUDT._NS), "rdf": str(RDF._NS), "rdfs": str(RDFS._NS),
    "schema": str(SCHEMA._NS), "sh": str(SH._NS), "skos": str(SKOS._NS), "unit": str(UNIT._NS),
    "void": str(VOID._NS), "wd": WIKIDATA, "xsd": str(XSD._NS),
}


def resource_iri(kind: str, entry_id: str) -> str:
    """The IRI (a string) of the resource ``entry_id`` of ``kind`` (one of RESOURCE_KINDS)."""
    if kind not in RESOURCE_KINDS:
        raise ValueError(f"unknown kind of resource {kind!r}")
    return f"{RESOURCE_BASE}{kind}/{entry_id}"


def rdf_member(position: int) -> str:
    """The container membership property ``rdf:_<position>`` (1 for the first member)."""
    return f"{RDF._NS}_{position}"


def wikidata_iri(item: str) -> str:
    """The IRI of the Wikidata item ``item`` (e.g. ``"Q42"``)."""
    return WIKIDATA + item


def arxiv_url(arxiv_id: str) -> str:
    """The arXiv abstract page of ``arxiv_id``."""
    return "https://arxiv.org/abs/" + arxiv_id


def doi_url(doi: str) -> str:
    """The resolver URL of ``doi``."""
    return "https://doi.org/" + doi


def short_iri(iri: str | None) -> str | None:
    """``iri`` written with one of the graph's prefixes when one fits (for messages)."""
    if iri is None:
        return None
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri
