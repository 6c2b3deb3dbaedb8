"""The SHACL shapes, derived from the one schema (:mod:`kg.schema`).

``kg/ontology/shapes.ttl`` is the output of :func:`shapes_turtle`, committed so that other
tools read it; a test fails when the two drift.  Each section becomes a node shape aimed
at its first class; each field with predicates becomes a property shape named after the
field (``sh:name`` is the YAML field, so a violation leads back to it).  The few properties
the build adds itself (author lists, glossary notes, units, the description's counts) are
declared in :data:`BUILT_PROPERTIES`.

>>> "dlkgsh:terms-label" in shapes_turtle()
True
"""

from dataclasses import dataclass

import rdflib
from rdflib import Literal, URIRef

from .namespaces import (BIBO, DCAT, DCTERMS, DLKG, FOAF, PREFIXES, PROV, QUDT, RDF, RDFS,
                         SCHEMA, SH, SKOS, VOID, XSD)
from .schema import DATATYPES, SECTIONS, FieldSpec

__all__ = ["BUILT_PROPERTIES", "Rule", "shapes_graph", "shapes_turtle", "SHAPES_NS"]

SHAPES_NS = rdflib.Namespace("https://w3id.org/dlkg/shapes#")



@dataclass(frozen=True)
class Rule:
    """A property the build adds itself: on nodes of ``target`` (a class), ``path`` has at
    least ``min_count`` and at most ``max_count`` values, of ``rdf_class`` or ``datatype``."""
    name: str
    target: URIRef
    path: URIRef
    doc: str
    min_count: int = 0
    max_count: int | None = None
    rdf_class: URIRef | None = None
    datatype: URIRef | None = None


BUILT_PROPERTIES = (
    Rule("term-scheme", SKOS.Concept, SKOS.inScheme, "a term is in the glossary's scheme",
         min_count=1, rdf_class=SKOS.ConceptScheme),
    Rule("term-note", SKOS.Concept, SKOS.note, "the glossary's words are a GlossaryNote",
         rdf_class=DLKG.GlossaryNote),
    Rule("note-value", DLKG.GlossaryNote, RDF.value, "a glossary note has one text",
         min_count=1, max_count=1),
    Rule("note-source", DLKG.GlossaryNote, PROV.wasQuotedFrom,
         "a glossary note names the glossary as its source", min_count=1),
    Rule("paper-authors", SCHEMA.ScholarlyArticle, BIBO.authorList,
         "a paper has one list of its authors, in order", min_count=1, max_count=1,
         rdf_class=RDF.Seq),
    Rule("paper-creators", SCHEMA.ScholarlyArticle, DCTERMS.creator, "a paper has authors",
         min_count=1, rdf_class=FOAF.Person),
    Rule("result-unit", DLKG.Result, QUDT.hasUnit, "a result has one unit", min_count=1,
         max_count=1),
    Rule("statement-subject", RDF.Statement, RDF.subject, "a claim is about one thing",
         min_count=1, max_count=1),
    Rule("statement-source", RDF.Statement, PROV.wasDerivedFrom, "a claim has a source",
         min_count=1),
    Rule("description-version", VOID.Dataset, DCAT.version, "the graph states one version",
         min_count=1, max_count=1),
    Rule("description-triples", VOID.Dataset, VOID.triples, "the graph states its size",
         min_count=1, max_count=1, datatype=XSD.integer),
)


def _field_constraints(field: FieldSpec) -> dict:
    """The value constraints of one field: sh:class, sh:datatype, sh:nodeKind, ..."""
    constraints: dict = {}
    kind = field.type
    if kind == "ref" and len(field.targets) == 1:
        constraints[SH["class"]] = SECTIONS[field.targets[0]].classes[0]
    elif kind in ("ref", "url", "source", "wikidata") or field.choice_iris:
        constraints[SH.nodeKind] = SH.IRI
    elif kind in DATATYPES:
        constraints[SH.datatype] = DATATYPES[kind]
    elif kind in ("str", "text", "choice"):
        constraints[SH.datatype] = RDF.langString if field.language else XSD.string
    if field.minimum is not None:
        constraints[SH.minInclusive] = Literal(field.minimum)
    if field.pattern is not None:
        constraints[SH.pattern] = Literal(field.pattern)
    return constraints


def shapes_graph() -> rdflib.Graph:
    """The shapes as an rdflib graph."""
    graph = rdflib.Graph()
    for name, namespace in PREFIXES.items():
        if name in ("dlkg", "sh", "rdf", "rdfs", "xsd", "skos", "dcterms", "foaf", "prov",
                    "schema", "mls", "bibo", "dcat", "qudt", "void", "owl"):
            graph.bind(name, namespace)
    graph.bind("dlkgsh", SHAPES_NS)
    for section_name, section in SECTIONS.items():
        shape = SHAPES_NS[f"{section_name}-shape"]
        graph.add((shape, RDF.type, SH.NodeShape))
        graph.add((shape, SH.targetClass, section.classes[0]))
        graph.add((shape, RDFS.comment, Literal(f"An entry of '{section_name}': {section.doc}.",
                                                lang="en")))
        uses: dict = {}
        for field_name, field in section.fields.items():
            for predicate in field.predicates[:1]:
                uses.setdefault(predicate, []).append(field_name)
        for predicate, field_names in uses.items():
            if predicate == RDF.type:
                continue
            fields = [section.fields[n] for n in field_names]
            prop = SHAPES_NS[f"{section_name}-{field_names[0].replace('_', '-')}"]
            graph.add((shape, SH.property, prop))
            graph.add((prop, SH.path, predicate))
            graph.add((prop, SH.name, Literal(field_names[0])))
            if any(f.required for f in fields):
                graph.add((prop, SH.minCount, Literal(1)))
            if len(fields) == 1 and not fields[0].many:
                graph.add((prop, SH.maxCount, Literal(1)))
            shared = _field_constraints(fields[0]).items()
            for other in fields[1:]:  # the constraints every field of this predicate has
                shared = shared & _field_constraints(other).items()
            for constraint, value in sorted(shared):
                graph.add((prop, constraint, value))
            graph.add((prop, SH.message, Literal(
                f"{section_name} '{field_names[0]}': {fields[0].doc}")))
    for rule in BUILT_PROPERTIES:
        shape = SHAPES_NS[f"built-{rule.name}"]
        graph.add((shape, RDF.type, SH.NodeShape))
        graph.add((shape, SH.targetClass, rule.target))
        prop = SHAPES_NS[f"built-{rule.name}-property"]
        graph.add((shape, SH.property, prop))
        graph.add((prop, SH.path, rule.path))
        graph.add((prop, SH.message, Literal(rule.doc)))
        if rule.min_count:
            graph.add((prop, SH.minCount, Literal(rule.min_count)))
        if rule.max_count is not None:
            graph.add((prop, SH.maxCount, Literal(rule.max_count)))
        if rule.rdf_class is not None:
            graph.add((prop, SH["class"], rule.rdf_class))
        if rule.datatype is not None:
            graph.add((prop, SH.datatype, rule.datatype))
    return graph


_HEADER = ("# SHACL shapes: what every DLKG graph must satisfy, checked by `kg build` and\n"
           "# `kg validate`. Generated from kg/schema.py by `python -m kg.shapes`; do not edit.\n")


def shapes_turtle() -> str:
    """The shapes as Turtle text (what ``kg/ontology/shapes.ttl`` holds)."""
    return _HEADER + shapes_graph().serialize(format="turtle")


if __name__ == "__main__":
    from .resources import shapes_path
    shapes_path().write_text(shapes_turtle(), encoding="utf-8")
    print(f"wrote {shapes_path()}")
