"""The ontology's documentation: one HTML page listing every class and property of
``ontology/dlkg.ttl`` with its label, comment, domain, range and examples from the graph."""

from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from .paths import ONTOLOGY_FILE

__all__ = ["ontology_terms", "render_ontology_html"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DLKG = "https://w3id.org/dlkg/ontology#"


def ontology_terms(ontology: Path = ONTOLOGY_FILE) -> dict:
    """The ontology's metadata and its classes, properties and individuals, as dicts."""
    from .namespaces import PREFIXES

    triples = [q.triple for q in parse(path=str(ontology), format=RdfFormat.TURTLE)]
    about: dict[str, dict[str, list[str]]] = {}
    for triple in triples:
        about.setdefault(triple.subject.value, {}).setdefault(
            triple.predicate.value, []).append(triple.object.value)

    def short(iri: str) -> str:
        for name, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if iri.startswith(namespace) and iri != namespace:
                return f"{name}:{iri[len(namespace):]}"
        return iri

    groups = {"classes": [], "object properties": [], "datatype properties": [],
              "individuals": []}
    kinds = {_OWL + "Class": "classes", _OWL + "ObjectProperty": "object properties",
             _OWL + "DatatypeProperty": "datatype properties",
             _OWL + "NamedIndividual": "individuals"}
    for iri, values in sorted(about.items()):
        if not iri.startswith(_DLKG):
            continue
        group = next((kinds[t] for t in values.get(_RDF + "type", []) if t in kinds), None)
        if group is None:
            continue
        groups[group].append({
            "iri": iri, "name": short(iri), "anchor": iri.rsplit("#", 1)[1],
            "label": (values.get(_RDFS + "label") or [""])[0],
            "comment": (values.get(_RDFS + "comment") or [""])[0],
            "parents": [short(v) for v in values.get(_RDFS + "subClassOf", [])
                        + values.get(_RDFS + "subPropertyOf", [])],
            "domain": [short(v) for v in values.get(_RDFS + "domain", [])],
            "range": [short(v) for v in values.get(_RDFS + "range", [])],
            "types": [short(v) for v in values.get(_RDF + "type", []) if v not in kinds],
        })
    metadata = about.get("https://w3id.org/dlkg/ontology", {})
    return {"groups": groups, "metadata": {short(k): v for k, v in sorted(metadata.items())},
            "short": short}


def render_ontology_html(triples: list[Triple], *, ontology: Path = ONTOLOGY_FILE,
                         examples_per_term: int = 3) -> str:
    """The documentation page; examples are taken from ``triples`` (the built graph)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    terms = ontology_terms(ontology)
    short = terms["short"]
    labels = {t.subject.value: t.object.value for t in triples
              if t.predicate.value == _RDFS + "label"}

    def shown(term) -> str:
        if isinstance(term, NamedNode):
            return labels.get(term.value) or short(term.value)
        text = term.value
        return repr(text if len(text) <= 60 else text[:57] + "...")

    examples: dict[str, list[str]] = {}
    for triple in triples:
        if triple.subject.value.startswith("https://w3id.org/dlkg/ontology"):
            continue
        keys = [triple.predicate.value]
        if triple.predicate.value == _RDF + "type":
            keys = [triple.object.value]
        for key in keys:
            found = examples.setdefault(key, [])
            if len(found) < examples_per_term:
                if key == triple.predicate.value:
                    found.append(f"{shown(triple.subject)} → {shown(triple.object)}")
                else:
                    found.append(shown(triple.subject))
    for group in terms["groups"].values():
        for term in group:
            term["examples"] = examples.get(term["iri"], [])
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "view_assets"),
                              autoescape=select_autoescape(["html", "jinja"]))
    return environment.get_template("ontology.html.jinja").render(
        groups=terms["groups"], metadata=terms["metadata"])
