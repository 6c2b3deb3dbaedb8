"""The graph's prefixes and base IRIs as plain strings: what a query, a page or a server needs
without importing rdflib (`kg query` stays quick).  :mod:`kg.namespaces` builds the closed
namespaces from these; a test checks the standard ones against rdflib's.

>>> PREFIXES["skos"], PREFIXES["term"]
('http://www.w3.org/2004/02/skos/core#', 'https://w3id.org/dlkg/id/term/')
"""

__all__ = ["BASE", "RESOURCE_BASE", "ONTOLOGY_IRI", "WIKIDATA", "RESOURCE_KINDS", "PREFIXES",
           "short_iri"]

BASE = "https://w3id.org/dlkg/"
RESOURCE_BASE = BASE + "id/"
ONTOLOGY_IRI = BASE + "ontology"
WIKIDATA = "http://www.wikidata.org/entity/"

# The kinds of resource, each the folder of its IRIs: https://w3id.org/dlkg/id/<kind>/<id>.
# Sections of data/ name theirs in kg.schema; the rest are made by the build.
RESOURCE_KINDS = ("catalog", "source", "term", "paper", "person", "organization", "dataset",
                  "competition", "edition", "measure", "result", "note", "authors", "split",
                  "scheme", "statement")

PREFIXES = {
    "dlkg": ONTOLOGY_IRI + "#",
    **{kind: f"{RESOURCE_BASE}{kind}/" for kind in RESOURCE_KINDS if kind != "organization"},
    "org": RESOURCE_BASE + "organization/",
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
    "void": "http://rdfs.org/ns/void#",
    "wd": WIKIDATA,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def short_iri(iri: str | None) -> str | None:
    """``iri`` as a prefixed name (skos:prefLabel) where a prefix of the graph fits; a
    namespace itself, or an IRI no prefix fits, as it is.

    >>> short_iri("http://www.w3.org/2004/02/skos/core#broader"), short_iri(PREFIXES["owl"])
    ('skos:broader', 'http://www.w3.org/2002/07/owl#')
    """
    if iri is None:
        return None
    for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri
