"""The view's network: the things of the graph (terms, papers, people, ...) as a networkx
graph, and the files made from it (GraphML, GEXF, CSV tables).

Past ``VIEW_LIMIT`` things :func:`project_store` gives a summary, the most linked terms
(``network.graph["summary"]`` is true); :func:`focus_store` draws any neighbourhood.
"""

import csv
import io
import re

from pyoxigraph import DefaultGraph, NamedNode, Store, Triple

from .namespaces import (BIBO, DCTERMS, DLKG, FOAF, MLS, PROV, RDF, RDFS, RESOURCE_BASE,
                         SCHEMA, SKOS)

__all__ = ["KINDS", "VIEW_LIMIT", "SUMMARY_TERMS", "project", "project_store", "focus_store",
           "network_file", "csv_tables"]

VIEW_LIMIT = 3000
SUMMARY_TERMS = 300

# kind: (the rdf:type that marks it, colour, vis-network shape, legend label)
KINDS = {
    "term": (str(SKOS.Concept), "#2f7ed8", "dot", "Term"),
    "paper": (str(SCHEMA.ScholarlyArticle), "#8e44ad", "square", "Paper"),
    "person": (str(FOAF.Person), "#e67e22", "triangle", "Person"),
    "organization": (str(FOAF.Organization), "#16a085", "hexagon", "Organisation"),
    "dataset": (str(MLS.Dataset), "#c0392b", "diamond", "Dataset"),
    "competition": (str(DLKG.Competition), "#d4ac0d", "star", "Competition"),
    "edition": (str(DLKG.CompetitionEdition), "#b7950b", "triangleDown", "Edition"),
    "result": (str(DLKG.Result), "#7f8c8d", "dot", "Result"),
}

_EDGE_LABELS = {str(SKOS.broader): "is a", str(DCTERMS.creator): "author",
                str(DCTERMS.publisher): "publisher", str(SCHEMA.superEvent): "edition of",
                str(SCHEMA.organizer): "organizer", str(SCHEMA.affiliation): "affiliation"}
_SKIPPED_PREDICATES = {str(RDF.type), str(SKOS.inScheme), str(PROV.wasDerivedFrom),
                       str(BIBO.authorList)}
_KIND_TYPES = " ".join(f"<{rdf_type}>" for rdf_type, *_rest in KINDS.values())


def project(triples: list[Triple]):
    """``triples`` as a networkx MultiDiGraph: nodes with kind, label, details; edges with label."""
    import networkx as nx
    by_subject: dict[str, list[Triple]] = {}
    for triple in sorted(triples, key=str):  # a store's order may vary from run to run
        by_subject.setdefault(triple.subject.value, []).append(triple)
    type_to_kind = {rdf_type: kind for kind, (rdf_type, *_rest) in KINDS.items()}
    kinds: dict[str, str] = {}
    for subject, statements in by_subject.items():
        if not subject.startswith("https://w3id.org/dlkg/id/"):
            continue
        for triple in statements:
            if triple.predicate.value == str(RDF.type) and triple.object.value in type_to_kind:
                kinds.setdefault(subject, type_to_kind[triple.object.value])
    property_labels = {t.subject.value: t.object.value for t in triples
                       if t.predicate.value == str(RDFS.label)
                       and t.subject.value.startswith(str(DLKG))}
    graph = nx.MultiDiGraph()
    for node, kind in sorted(kinds.items()):
        graph.add_node(node, kind=kind, **_describe(node, kind, by_subject))
    for node in sorted(kinds):
        for triple in by_subject[node]:
            predicate = triple.predicate.value
            target = triple.object.value if isinstance(triple.object, NamedNode) else None
            if target in kinds and predicate not in _SKIPPED_PREDICATES:
                label = _EDGE_LABELS.get(predicate) or property_labels.get(predicate) \
                    or predicate.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                graph.add_edge(node, target, key=predicate, label=label, predicate=predicate)
    return graph


def _describe(node: str, kind: str, by_subject: dict[str, list[Triple]]) -> dict:
    """The label and the side-panel details of one node, from its own statements."""
    values: dict[str, list] = {}
    for triple in by_subject.get(node, []):
        values.setdefault(triple.predicate.value, []).append(triple.object)

    def first(*predicates):
        for predicate in predicates:
            if predicate in values:
                return values[predicate][0].value
        return None

    def label_of(iri: str) -> str:
        return _value_of(by_subject, iri, str(SKOS.prefLabel), str(RDFS.label)) or iri

    label = first(str(SKOS.prefLabel), str(RDFS.label)) or node.rsplit("/", 1)[-1]
    details: dict = {"iri": node, "kind": kind}
    details["definition"] = first(str(SKOS.definition), str(DCTERMS.description))
    details["aliases"] = sorted({v.value for v in values.get(str(SKOS.altLabel), [])} - {label})
    details["formula"] = first(str(DLKG.formula))
    details["year"] = first(str(DCTERMS.created), str(DCTERMS.issued), str(DCTERMS.date))
    details["venue"] = first(str(DLKG.venue))
    details["comment"] = first(str(RDFS.comment))
    details["category"] = next((label_of(t.value) for t in values.get(str(RDF.type), [])
                                if t.value.startswith(str(DLKG))), None) if kind == "term" else None
    notes = [_value_of(by_subject, note.value, str(RDF.value))
             for note in values.get(str(SKOS.note), [])]
    details["glossary"] = next((n for n in notes if n), None)
    if kind == "paper":
        author_list = first(str(BIBO.authorList))
        members = sorted((int(t.predicate.value.rsplit("_", 1)[1]), t.object.value)
                         for t in by_subject.get(author_list or "", [])
                         if t.predicate.value.startswith(f"{RDF}_"))
        details["authors"] = [label_of(person) for _position, person in members]
    details["papers"] = [
        {"label": label_of(p.value), "url": _value_of(by_subject, p.value, str(SCHEMA.url))}
        for p in values.get(str(DLKG.introducedIn), []) + values.get(str(DLKG.reportedIn), [])]
    if kind == "result":
        details["value"] = first(str(MLS.hasValue))
        details["claim"] = label_of(first(str(DLKG.claimOrigin)) or "")
        details["split"] = label_of(first(str(DLKG.dataSplit)) or "")
    details["links"] = sorted({link.value for predicate in (str(SCHEMA.url), str(RDFS.seeAlso))
                               for link in values.get(predicate, [])})
    # a source's own URL when it is one of ours (a source or paper entry), else the source
    details["sources"] = sorted({_value_of(by_subject, s.value, str(SCHEMA.url)) or s.value
                                 for s in values.get(str(PROV.wasDerivedFrom), [])})
    return {"label": label, "details": details}


def _value_of(by_subject, subject: str, *predicates: str) -> str | None:
    """The object of the first statement of ``subject`` with one of ``predicates``, or None."""
    for triple in by_subject.get(subject, []):
        if triple.predicate.value in predicates:
            return triple.object.value
    return None


def _construct(store: Store, nodes: set[str]) -> list[Triple]:
    """The triples whose subject is one of ``nodes``."""
    triples = []
    ordered = sorted(nodes)
    for start in range(0, len(ordered), 500):
        values = " ".join(f"<{node}>" for node in ordered[start:start + 500])
        triples += list(store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}"))
    return triples


def _with_details(store: Store, nodes: set[str]) -> list[Triple]:
    """The triples the view reads for ``nodes``: theirs, those of what they link to (2 deep)
    and the ontology's."""
    wanted, triples = set(nodes), _construct(store, set(nodes))
    for _hop in range(2):
        more = {t.object.value for t in triples if isinstance(t.object, NamedNode)
                and t.object.value.startswith(RESOURCE_BASE)} - wanted
        triples += _construct(store, more)
        wanted |= more
    return triples + list(store.query(  # and the ontology's (labels of classes, properties)
        f'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{DLKG}")) }}'))


def project_store(store: Store, *, limit: int = VIEW_LIMIT):
    """The view's network of the graph in ``store``, or a summary of it past ``limit`` things."""
    count_query = (f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?type {{ {_KIND_TYPES} }} "
                   f"?s <{RDF.type}> ?type }}")
    total = int(next(iter(store.query(count_query)))["n"].value)
    if total <= limit:
        network = project([quad.triple for quad in
                           store.quads_for_pattern(None, None, None, DefaultGraph())])
        network.graph["node_total"] = total
        return network
    terms = {solution["term"].value for solution in store.query(
        f"SELECT ?term (COUNT(?other) AS ?links) WHERE {{ ?term <{RDF.type}> <{SKOS.Concept}> . "
        f"{{ ?term ?p ?other }} UNION {{ ?other ?p ?term }} }} GROUP BY ?term "
        f"ORDER BY DESC(?links) ?term LIMIT {SUMMARY_TERMS}")}
    network = project(_with_details(store, terms))
    network.remove_nodes_from([n for n in list(network) if n not in terms])
    network.graph.update(summary=True, node_total=total)
    return network


def _named(store: Store, focus: str) -> str:
    """The thing ``focus`` names: an IRI or an id of the graph, else what the matcher of
    :mod:`kg.search` finds first (LookupError if nothing, AmbiguousName if several tie)."""
    from .search import finder
    candidates = [focus] if focus.startswith(RESOURCE_BASE) else [
        f"{RESOURCE_BASE}{kind}/{focus.casefold()}" for kind in KINDS]
    for iri in candidates:
        try:
            node = NamedNode(iri)
        except ValueError:  # not an IRI (a label with spaces, say)
            continue
        if next(iter(store.quads_for_pattern(node, None, None)), None) is not None:
            return iri
    return finder(store)(focus).iri


def focus_store(store: Store, focus: str, depth: int):
    """The network within ``depth`` links of ``focus`` (an IRI, an id, or a name as `kg search`
    takes it); LookupError when it names nothing."""
    found = _named(store, focus)
    skipped = ", ".join(f"<{p}>" for p in sorted(_SKIPPED_PREDICATES))
    nodes, frontier = {found}, {found}
    for _step in range(depth):
        if not frontier:
            break
        values = " ".join(f"<{n}>" for n in sorted(frontier))
        frontier = {solution["n"].value for solution in store.query(
            f"SELECT DISTINCT ?n WHERE {{ VALUES ?s {{ {values} }} {{ ?s ?p ?n }} UNION "
            f"{{ ?n ?p ?s }} FILTER(?p NOT IN ({skipped})) VALUES ?type {{ {_KIND_TYPES} }} "
            f"?n <{RDF.type}> ?type }}")} - nodes
        nodes |= frontier
    network = project(_with_details(store, nodes))
    network.remove_nodes_from([n for n in list(network) if n not in nodes])
    network.graph["focus"] = found
    return network


def _flat(network):
    """A copy whose attributes are all strings (GraphML and GEXF need scalars)."""
    import networkx as nx
    flat = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        details = data["details"]
        attributes = {"label": data["label"], "kind": data["kind"], "iri": node}
        for key in ("definition", "year", "venue", "formula", "value"):
            if details.get(key):
                attributes[key] = str(details[key])
        if details.get("aliases"):
            attributes["aliases"] = "; ".join(details["aliases"])
        flat.add_node(node, **attributes)
    for source, target, key, data in network.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, label=data["label"], predicate=data["predicate"])
    return flat


def network_file(network, file_format: str) -> str:
    """The network as ``graphml`` or ``gexf`` text (networkx), labels and kinds as attributes."""
    import networkx as nx
    flat = _flat(network)
    if file_format == "graphml":
        return "\n".join(nx.generate_graphml(flat, encoding="utf-8", prettyprint=True)) + "\n"
    text = "\n".join(nx.generate_gexf(flat, encoding="utf-8", prettyprint=True))
    # networkx stamps the day it wrote the file; drop it so the same graph gives the same bytes.
    return re.sub(r' lastmodifieddate="[0-9-]+"', "", text, count=1) + "\n"


_CSV_COLUMNS = ("iri", "label", "aliases", "definition", "formula", "year", "venue", "authors",
                "papers", "value", "split", "claim", "links", "sources")


def csv_tables(network) -> dict[str, str]:
    """One CSV table per kind of node: {"terms.csv": text, "people.csv": text, ...}."""
    rows_by_kind: dict[str, list[dict]] = {}
    for node, data in network.nodes(data=True):
        details = data["details"]
        row = {"iri": node, "label": data["label"]}
        for column in _CSV_COLUMNS[2:]:
            value = details.get(column)
            if column == "papers" and value:
                value = [paper["label"] for paper in value]
            if isinstance(value, list):
                value = "; ".join(value)
            row[column] = "" if value is None else str(value)
        rows_by_kind.setdefault(data["kind"], []).append(row)
    tables = {}
    for kind, rows in sorted(rows_by_kind.items()):
        columns = [c for c in _CSV_COLUMNS if c in ("iri", "label") or any(r[c] for r in rows)]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["iri"]))
        tables["people.csv" if kind == "person" else f"{kind}s.csv"] = buffer.getvalue()
    return tables
