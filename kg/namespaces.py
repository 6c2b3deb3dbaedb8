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

from .prefixes import (BASE, ONTOLOGY_IRI, PREFIXES, RESOURCE_BASE, RESOURCE_KINDS, WIKIDATA,
                       short_iri)

__all__ = ["DLKG", "FABIO", "BIBO", "MLS", "QUDT", "UNIT", "SCHEMA", "DCAT", "XSD", "RDF",
           "RDFS", "OWL", "SKOS", "DCTERMS", "FOAF", "PROV", "VOID", "SH", "BASE",
           "RESOURCE_BASE", "ONTOLOGY_IRI", "WIKIDATA", "RESOURCE_KINDS", "PREFIXES",
           "resource_iri", "short_iri", "rdf_member", "wikidata_iri", "arxiv_url", "doi_url"]


# Terms of the DLKG ontology (``kg/ontology/dlkg.ttl``).
DLKG = ClosedNamespace(PREFIXES["dlkg"], [
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
FABIO = ClosedNamespace(PREFIXES["fabio"], [
    "Expression", "ResearchPaper", "TechnicalReport"])

# The Bibliographic Ontology (the terms DLKG uses).
BIBO = ClosedNamespace(PREFIXES["bibo"], [
    "authorList", "doi"])

# ML-Schema (the terms DLKG uses).
MLS = ClosedNamespace(PREFIXES["mls"], [
    "Dataset", "EvaluationMeasure", "ModelEvaluation", "hasValue", "specifiedBy"])

# QUDT schema (units of measure); ``hasUnit`` replaced the deprecated ``unit``.
QUDT = ClosedNamespace(PREFIXES["qudt"], [
    "hasUnit"])

# QUDT units.
UNIT = ClosedNamespace(PREFIXES["unit"], [
    "PERCENT", "UNITLESS", "NUM"])

# schema.org (the terms DLKG uses).
SCHEMA = ClosedNamespace(PREFIXES["schema"], [
    "Dataset", "Event", "EventSeries", "Organization", "Person", "ScholarlyArticle",
    "affiliation", "organizer", "superEvent", "url", "maxValue"])

# DCAT (the terms DLKG uses; rdflib's DCAT accepts any name).
DCAT = ClosedNamespace(PREFIXES["dcat"], [
    "Dataset", "version"])

# XML Schema datatypes (the ones DLKG writes; rdflib's XSD accepts any name).
XSD = ClosedNamespace(PREFIXES["xsd"], [
    "string", "integer", "decimal", "boolean", "gYear", "date"])



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
