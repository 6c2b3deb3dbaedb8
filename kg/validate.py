"""Stage 3: check the built graph against the SHACL shapes (``kg/ontology/shapes.ttl``).

Two engines, one verdict:

- ``pyshacl``: pySHACL, the reference;
- ``sparql``: each constraint of each property shape becomes one SPARQL query selecting
  the focus nodes that break it, evaluated by Oxigraph on the graph's store.  It covers
  the constraints the shapes use (targetClass, minCount, maxCount, datatype, class,
  nodeKind IRI, pattern, minInclusive) and refuses any other, so
  a new kind of constraint cannot be silently skipped.  The tests check that both engines
  find the same focus nodes and paths, on valid and on broken graphs.

``kg build`` uses ``sparql``; ``kg validate --engine pyshacl`` asks for the reference.

>>> from pyoxigraph import Store
>>> validate_store(Store(), engine="sparql")
[]
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, RdfFormat, Store, parse

from .namespaces import RDF, RDFS, SH
from .resources import shapes_path

__all__ = ["Violation", "validate_store", "sparql_checks", "ENGINES"]

ENGINES = ("sparql", "pyshacl")
_HANDLED = {"path", "minCount", "maxCount", "datatype", "class", "nodeKind", "pattern",
            "minInclusive", "message", "name"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node it is about, the property path, the shape's message."""
    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"<{self.focus}>{path}: {self.message}"


def validate_store(store: Store, *, engine: str = "sparql",
                   shapes: Path | None = None) -> list[Violation]:
    """The SHACL violations of the triples in ``store``'s default graph (empty: conforms)."""
    shapes = shapes or shapes_path()
    if engine == "pyshacl":
        return _with_pyshacl(store, shapes)
    if engine != "sparql":
        raise ValueError(f"unknown engine {engine!r}; expected one of: {', '.join(ENGINES)}")
    def violations(check: tuple[str, str, str]) -> list[Violation]:
        query, path, message = check
        return [Violation(solution["focus"].value, path, message)
                for solution in store.query(query)]

    # Oxigraph evaluates a query without holding Python's lock: the checks run side by side.
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        found = pool.map(violations, sparql_checks(shapes, _subclasses(store)))
        return _sorted(violation for some in found for violation in some)


def _sorted(violations) -> list[Violation]:
    return sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message))


def _with_pyshacl(store: Store, shapes: Path) -> list[Violation]:
    import pyshacl
    import rdflib
    data_graph = rdflib.Graph().parse(data=store.dump(
        format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph()), format="nt")
    shapes_graph = rdflib.Graph().parse(str(shapes), format="turtle")
    conforms, report, _text = pyshacl.validate(data_graph, shacl_graph=shapes_graph,
                                               inference="none", advanced=False)
    if conforms:
        return []
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        violations.append(Violation(str(report.value(result, SH.focusNode)),
                                    str(path) if path else None,
                                    str(report.value(result, SH.resultMessage))))
    return _sorted(violations)


def _subclasses(store: Store) -> dict[str, list[str]]:
    """Each class of the graph's rdfs:subClassOf statements, with its subclasses (any depth)."""
    closure: dict[str, list[str]] = {}
    query = f"SELECT ?class ?sub WHERE {{ ?sub <{RDFS.subClassOf}>+ ?class }}"
    for solution in store.query(query):
        closure.setdefault(solution["class"].value, []).append(solution["sub"].value)
    return closure


def _instances(variable: str, rdf_class: str, closure: dict) -> str:
    """A pattern matching the SHACL instances of ``rdf_class``: typed with it or with one of
    its subclasses (``closure`` lists them)."""
    classes = " ".join(f"<{c}>" for c in sorted({rdf_class, *closure.get(rdf_class, [])}))
    return f"VALUES ?class_ {{ {classes} }} {variable} <{RDF.type}> ?class_ ."


@lru_cache(maxsize=4)
def _read_shapes(shapes: Path) -> dict:
    about: dict = {}
    for quad in parse(path=str(shapes), format=RdfFormat.TURTLE):
        about.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(
            quad.object)
    return about


def sparql_checks(shapes: Path, closure: dict | None = None) -> list[tuple[str, str, str]]:
    """(SPARQL query, path IRI, message) for every constraint of every property shape.

    ``closure`` maps classes to their subclasses in the graph to check."""
    about = _read_shapes(shapes)

    def values(node, name):
        return about.get(node, {}).get(f"{SH}{name}", [])

    checks = []
    for shape, properties in sorted(about.items(), key=lambda item: str(item[0])):
        if str(SH.NodeShape) not in {t.value for t in properties.get(str(RDF.type), [])}:
            continue
        targets = values(shape, "targetClass")
        other = {k for k in properties if k.startswith(str(SH)) and "target" in k} \
            - {str(SH.targetClass)}
        if other or len(targets) != 1:
            raise ValueError(f"the SPARQL engine checks shapes with one sh:targetClass only "
                             f"({shape})")
        focus = _instances("?focus", targets[0].value, closure or {})
        for prop in values(shape, "property"):
            checks += _property_checks(prop, about, focus, values, closure or {})
    return checks


def _property_checks(prop, about, focus, values, closure) -> list[tuple[str, str, str]]:
    """The queries of one property shape."""
    keys = {k[len(str(SH)):] for k in about[prop] if k.startswith(str(SH))}
    unknown = keys - _HANDLED
    if unknown:
        raise ValueError(f"the SPARQL engine cannot check sh:{sorted(unknown)[0]}")
    path = values(prop, "path")[0]
    if isinstance(path, BlankNode):
        raise ValueError("the SPARQL engine checks simple property paths only")
    path = path.value
    given = values(prop, "message")
    value_pattern = f"{focus} ?focus <{path}> ?value ."
    checks = []

    def add(query: str, default: str) -> None:
        checks.append((query, path, given[0].value if given else default))

    for count in values(prop, "minCount"):
        if count.value == "1":  # the common case, without grouping
            add(f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER NOT EXISTS "
                f"{{ ?focus <{path}> ?value }} }}", "Less than 1 values")
            continue
        add(f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?value }} }}"
            f" GROUP BY ?focus HAVING (COUNT(DISTINCT ?value) < {count.value})",
            f"Less than {count.value} values")
    for count in values(prop, "maxCount"):
        add(f"SELECT ?focus WHERE {{ {value_pattern} }} GROUP BY ?focus "
            f"HAVING (COUNT(DISTINCT ?value) > {count.value})", f"More than {count.value} values")
    conditions = []
    for datatype in values(prop, "datatype"):
        conditions.append((f"!isLiteral(?value) || DATATYPE(?value) != <{datatype.value}>",
                           f"Value is not a literal of datatype <{datatype.value}>"))
    for kind in values(prop, "nodeKind"):
        if kind.value != str(SH.IRI):
            raise ValueError(f"the SPARQL engine cannot check sh:nodeKind {kind.value}")
        conditions.append(("!isIRI(?value)", "Value is not an IRI"))
    for pattern in values(prop, "pattern"):
        escaped = pattern.value.replace("\\", "\\\\").replace('"', '\\"')
        conditions.append((f'isBlank(?value) || !REGEX(STR(?value), "{escaped}")',
                           f"Value does not match pattern {pattern.value!r}"))
    for minimum in values(prop, "minInclusive"):
        conditions.append((f"!(?value >= {minimum})", f"Value is below {minimum.value}"))
    for condition, default in conditions:
        add(f"SELECT DISTINCT ?focus WHERE {{ {value_pattern} FILTER({condition}) }}", default)
    for rdf_class in values(prop, "class"):
        typed = _instances("?value", rdf_class.value, closure).replace("?class_", "?vclass_")
        add(f"SELECT DISTINCT ?focus WHERE {{ {value_pattern} FILTER NOT EXISTS {{ {typed} }} }}",
            f"Value does not have class <{rdf_class.value}>")
    return checks
