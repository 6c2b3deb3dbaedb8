"""The ontology's documentation: one HTML page listing every class and property of
``ontology/dlkg.ttl`` with its label, comment, domain, range and examples from the graph."""

from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from .prefixes import ONTOLOGY_IRI, PREFIXES, short_iri
from .resources import ontology_path, render_template

__all__ = ["ontology_terms", "render_ontology_html"]

_RDF, _RDFS, _OWL, _DLKG = (PREFIXES[name] for name in ("rdf", "rdfs", "owl", "dlkg"))


def ontology_terms(ontology: Path | None = None) -> dict:
    """The ontology's metadata and its classes, properties and individuals, as dicts."""
    about: dict[str, dict[str, list[str]]] = {}
    for quad in parse(path=str(ontology or ontology_path()), format=RdfFormat.TURTLE):
        about.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(
            quad.object.value)

    kinds = {_OWL + "Class": "classes", _OWL + "ObjectProperty": "object properties",
             _OWL + "DatatypeProperty": "datatype properties",
             _OWL + "NamedIndividual": "individuals"}
    groups = {group: [] for group in kinds.values()}
    for iri, values in sorted(about.items()):
        if not iri.startswith(_DLKG):
            continue
        group = next((kinds[t] for t in values.get(_RDF + "type", []) if t in kinds), None)
        if group is None:
            continue
        groups[group].append({
            "iri": iri, "name": short_iri(iri), "anchor": iri.rsplit("#", 1)[1],
            "label": (values.get(_RDFS + "label") or [""])[0],
            "comment": (values.get(_RDFS + "comment") or [""])[0],
            "parents": [short_iri(v) for v in values.get(_RDFS + "subClassOf", [])
                        + values.get(_RDFS + "subPropertyOf", [])],
            "domain": [short_iri(v) for v in values.get(_RDFS + "domain", [])],
            "range": [short_iri(v) for v in values.get(_RDFS + "range", [])],
            "types": [short_iri(v) for v in values.get(_RDF + "type", []) if v not in kinds],
        })
    metadata = about.get(ONTOLOGY_IRI, {})
    return {"groups": groups,
            "metadata": {short_iri(k): v for k, v in sorted(metadata.items())}}


def render_ontology_html(store, *, ontology: Path | None = None, examples_per_term: int = 3) -> str:
    """The documentation page; examples are taken from ``store`` (the built graph)."""
    terms = ontology_terms(ontology)
    triples = _examples_triples(store, examples_per_term)
    labels = {t.subject.value: t.object.value for t in triples
              if t.predicate.value == _RDFS + "label"}

    def shown(term) -> str:
        if isinstance(term, NamedNode):
            return labels.get(term.value) or short_iri(term.value)
        text = term.value
        return repr(text if len(text) <= 60 else text[:57] + "...")

    examples: dict[str, list[str]] = {}  # a class: its members; a property: its statements
    for triple in triples:
        if triple.subject.value.startswith(ONTOLOGY_IRI):
            continue
        if triple.predicate.value == _RDF + "type":
            key, example = triple.object.value, shown(triple.subject)
        else:
            key = triple.predicate.value
            example = f"{shown(triple.subject)} → {shown(triple.object)}"
        found = examples.setdefault(key, [])
        if len(found) < examples_per_term:
            found.append(example)
    for group in terms["groups"].values():
        for term in group:
            term["examples"] = examples.get(term["iri"], [])
    return render_template("ontology.html.jinja", groups=terms["groups"],
                           metadata=terms["metadata"])


def _examples_triples(store, per_term: int) -> list[Triple]:
    """A few triples for each DLKG class and property, and the labels of their nodes."""
    picked: list[Triple] = []
    for term in store.query(f"SELECT DISTINCT ?t WHERE {{ {{ ?s ?t ?o }} UNION "
                            f"{{ ?s a ?t }} FILTER(STRSTARTS(STR(?t), \"{_DLKG}\")) }}"):
        iri = term["t"].value
        picked += list(store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ "
            f"{{ ?s <{iri}> ?o BIND(<{iri}> AS ?p) }} UNION "
            f"{{ ?s a <{iri}> BIND(<{_RDF}type> AS ?p) BIND(<{iri}> AS ?o) }} "
            f"FILTER(!STRSTARTS(STR(?s), \"https://w3id.org/dlkg/ontology\")) }} "
            f"ORDER BY ?s ?o LIMIT {per_term} }} }}"))
    nodes = {t.subject.value for t in picked} | {
        t.object.value for t in picked if hasattr(t.object, "value")}
    values = " ".join(f"<{n}>" for n in sorted(nodes) if "://" in n and " " not in n)
    if values:
        picked += list(store.query(f"CONSTRUCT {{ ?s <{_RDFS}label> ?l }} WHERE {{ VALUES ?s "
                                   f"{{ {values} }} ?s <{_RDFS}label> ?l }}"))
    return picked
