"""Every IRI DLKG writes: its own ontology, its resources, and the vocabularies it reuses.

Namespaces are rdflib's closed namespaces (``DefinedNamespace`` for the vocabularies rdflib
ships, ``ClosedNamespace`` for ours), so a misspelt term raises AttributeError instead of
minting a new IRI; ``str(namespace)`` is its IRI.  Resources are named by :func:`resource_iri`.

>>> str(DLKG.variantOf)
'https://w3id.org/dlkg/ontology#variantOf'
>>> resource_iri("term", "relu")
'https://w3id.org/dlkg/id/term/relu'
>>> short_iri("http://www.w3.org/2004/02/skos/core#broader")
'skos:broader'
"""

from rdflib.namespace import (DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID,
                             ClosedNamespace)

__all__ = ["DLKG", "FABIO", "BIBO", "MLS", "QUDT", "UNIT", "SCHEMA", "DCAT", "XSD", "RDF",
           "RDFS", "OWL", "SKOS", "DCTERMS", "FOAF", "PROV", "VOID", "SH", "BASE",
           "RESOURCE_BASE", "ONTOLOGY_IRI", "WIKIDATA", "RESOURCE_KINDS", "PREFIXES",
           "resource_iri", "short_iri", "rdf_member", "wikidata_iri", "arxiv_url", "doi_url"]

BASE = "https://w3id.org/dlkg/"
RESOURCE_BASE = BASE + "id/"
ONTOLOGY_IRI = BASE + "ontology"
WIKIDATA = "http://www.wikidata.org/entity/"


# Terms of the DLKG ontology (``kg/ontology/dlkg.ttl``).
DLKG = ClosedNamespace(BASE + "ontology#", [
    "ActivationFunction", "Architecture", "Competition", "CompetitionEdition", "DataSplit",
    "GlossaryNote", "Hardware", "Initialization", "LearningParadigm", "LossFunction",
    "Mechanism", "Model", "ModelFamily", "NormalizationTechnique", "OptimizationAlgorithm",
    "RegularizationTechnique", "Result", "TrainingTechnique", "ClaimOrigin", "GlossaryClaim",
    "OfficialResult", "PaperClaim", "CuratedClaim", "acronym", "arxivId", "basedOn",
    "benchmarkDataset", "claimOrigin", "classCount", "contrastsWith", "dataSplit",
    "developedBy", "edition", "entryName", "evaluatedModel", "evaluatedOn", "exampleCount",
    "exampleSize", "formula", "introducedIn", "layerCount", "location", "lowerIsBetter",
    "modality", "rank", "reportedIn", "secondarySource", "successorOf", "team", "testCount",
    "trainCount", "uses", "validationCount", "variantOf", "venue"])

# The FRBR-aligned Bibliographic Ontology (the terms DLKG uses).
FABIO = ClosedNamespace("http://purl.org/spar/fabio/", [
    "Expression", "ResearchPaper", "TechnicalReport"])

# The Bibliographic Ontology (the terms DLKG uses).
BIBO = ClosedNamespace("http://purl.org/ontology/bibo/", [
    "authorList", "doi"])

# ML-Schema (the terms DLKG uses).
MLS = ClosedNamespace("http://www.w3.org/ns/mls#", [
    "Dataset", "EvaluationMeasure", "ModelEvaluation", "hasValue", "specifiedBy"])

# QUDT schema (units of measure); ``hasUnit`` replaced the deprecated ``unit``.
QUDT = ClosedNamespace("http://qudt.org/schema/qudt/", [
    "hasUnit"])

# QUDT units.
UNIT = ClosedNamespace("http://qudt.org/vocab/unit/", [
    "PERCENT", "UNITLESS", "NUM"])

# schema.org (the terms DLKG uses).
SCHEMA = ClosedNamespace("https://schema.org/", [
    "Dataset", "Event", "EventSeries", "Organization", "Person", "ScholarlyArticle",
    "affiliation", "organizer", "superEvent", "url", "maxValue"])

# DCAT (the terms DLKG uses; rdflib's DCAT accepts any name).
DCAT = ClosedNamespace("http://www.w3.org/ns/dcat#", [
    "Dataset", "version"])

# XML Schema datatypes (the ones DLKG writes; rdflib's XSD accepts any name).
XSD = ClosedNamespace("http://www.w3.org/2001/XMLSchema#", [
    "string", "integer", "decimal", "boolean", "gYear", "date"])

# The kinds of resource, each the folder of its IRIs: https://w3id.org/dlkg/id/<kind>/<id>.
# Sections of data/ name theirs in kg.schema; the rest are made by the build.
RESOURCE_KINDS = ("catalog", "source", "term", "paper", "person", "organization", "dataset",
                  "competition", "edition", "measure", "result", "note", "authors", "split",
                  "scheme", "statement")

PREFIXES = {
    "dlkg": str(DLKG),
    **{kind: f"{RESOURCE_BASE}{kind}/" for kind in RESOURCE_KINDS if kind != "organization"},
    "org": RESOURCE_BASE + "organization/",
    "bibo": str(BIBO), "dcat": str(DCAT), "dcterms": str(DCTERMS),
    "fabio": str(FABIO), "foaf": str(FOAF), "mls": str(MLS), "owl": str(OWL),
    "prov": str(PROV), "qudt": str(QUDT), "rdf": str(RDF), "rdfs": str(RDFS),
    "schema": str(SCHEMA), "sh": str(SH), "skos": str(SKOS), "unit": str(UNIT),
    "void": str(VOID), "wd": WIKIDATA, "xsd": str(XSD),
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
