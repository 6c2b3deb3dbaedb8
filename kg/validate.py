"""Stage 3: check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

Two engines give the same verdicts on the constraints the shapes use:

- ``pyshacl``: pySHACL, the reference (it needs an rdflib graph, so it is slow on large
  graphs: about 9 s at 100k triples on our 2-core machine);
- ``sparql``: each property shape is translated into one SPARQL query that selects the
  focus nodes breaking it, run by Oxigraph (seconds at a million triples).

``engine="auto"`` uses pySHACL below ``PYSHACL_LIMIT`` triples and SPARQL above.  The
translation covers the constraint components our shapes use (targetClass, minCount,
maxCount, datatype, class, nodeKind IRI, pattern, minInclusive, maxInclusive, languageIn) and
refuses any other, so a new kind of constraint cannot be silently skipped.
"""

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize

from .paths import SHAPES_FILE

__all__ = ["Violation", "validate_triples", "validate_ntriples", "sparql_checks",
           "PYSHACL_LIMIT"]

PYSHACL_LIMIT = 100_000
_SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_HANDLED = {"path", "minCount", "maxCount", "datatype", "class", "nodeKind", "pattern",
            "minInclusive", "maxInclusive", "languageIn", "message"}


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node it is about, the path, and the shape's message."""

    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"<{self.focus}>{path}: {self.message}"


def validate_triples(triples: list[Triple], *, shapes: Path = SHAPES_FILE,
                     engine: str = "auto") -> list[Violation]:
    """Return the SHACL violations of ``triples`` (an empty list when the graph conforms)."""
    if engine == "auto":
        engine = "pyshacl" if len(triples) < PYSHACL_LIMIT else "sparql"
    if engine == "pyshacl":
        return _with_pyshacl(triples, shapes)
    from .query import store_of

    return _with_sparql(store_of(triples), shapes)


def validate_ntriples(ntriples: bytes, *, shapes: Path = SHAPES_FILE,
                      engine: str = "auto") -> list[Violation]:
    """Like :func:`validate_triples`, for a graph given as N-Triples bytes."""
    if engine == "auto":
        engine = "pyshacl" if ntriples.count(b"\n") < PYSHACL_LIMIT else "sparql"
    if engine == "pyshacl":
        from pyoxigraph import parse

        return _with_pyshacl([q.triple for q in parse(ntriples, format=RdfFormat.N_TRIPLES)],
                             shapes)
    from pyoxigraph import Store

    store = Store()
    store.bulk_load(ntriples, format=RdfFormat.N_TRIPLES)
    return _with_sparql(store, shapes)


def _with_pyshacl(triples, shapes: Path) -> list[Violation]:
    import pyshacl
    import rdflib

    data_graph = rdflib.Graph()
    data_graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    shapes_graph = rdflib.Graph()
    shapes_graph.parse(shapes, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=False
    )
    if conforms:
        return []
    sh = rdflib.Namespace(_SH)
    violations = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        violations.append(Violation(str(focus), str(path) if path else None, str(message)))
    return sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message))


def sparql_checks(shapes: Path = SHAPES_FILE) -> list[tuple[str, str, str]]:
    """(SPARQL query, path IRI, message) for every constraint of every property shape."""
    from pyoxigraph import BlankNode, RdfFormat, parse

    quads = list(parse(path=str(shapes), format=RdfFormat.TURTLE))
    about: dict = {}
    for quad in quads:
        about.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(quad.object)

    def values(node, name):
        return about.get(node, {}).get(_SH + name, [])

    def rdf_list(node):
        items = []
        while node.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil":
            items.append(about[node]["http://www.w3.org/1999/02/22-rdf-syntax-ns#first"][0])
            node = about[node]["http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"][0]
        return items

    checks = []
    for shape, properties in sorted(about.items(), key=lambda item: str(item[0])):
        if isinstance(shape, BlankNode) or _SH + "targetClass" not in properties:
            continue
        target = properties[_SH + "targetClass"][0].value
        focus = f"?focus <{_RDF_TYPE}>/<{_SUBCLASS}>* <{target}> ."
        for prop in values(shape, "property"):
            keys = {k[len(_SH):] for k in about[prop] if k.startswith(_SH)}
            unknown = keys - _HANDLED
            if unknown:
                raise ValueError(f"the SPARQL engine cannot check sh:{sorted(unknown)[0]}")
            path = values(prop, "path")[0].value
            given = values(prop, "message")
            value_pattern = f"{focus} ?focus <{path}> ?value ."

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
                    f"HAVING (COUNT(DISTINCT ?value) > {count.value})",
                    f"More than {count.value} values")
            conditions = []
            for datatype in values(prop, "datatype"):
                conditions.append((f"!isLiteral(?value) || DATATYPE(?value) != <{datatype.value}>",
                                   f"Value is not a literal of datatype <{datatype.value}>"))
            for kind in values(prop, "nodeKind"):
                if kind.value != _SH + "IRI":
                    raise ValueError(f"the SPARQL engine cannot check sh:nodeKind {kind.value}")
                conditions.append(("!isIRI(?value)", "Value is not an IRI"))
            for pattern in values(prop, "pattern"):
                escaped = pattern.value.replace("\\", "\\\\").replace('"', '\\"')
                conditions.append((f'isBlank(?value) || !REGEX(STR(?value), "{escaped}")',
                                   f"Value does not match pattern {pattern.value!r}"))
            for minimum in values(prop, "minInclusive"):
                conditions.append((f"!(?value >= {minimum})", f"Value is below {minimum.value}"))
            for maximum in values(prop, "maxInclusive"):
                conditions.append((f"!(?value <= {maximum})", f"Value is above {maximum.value}"))
            for languages in values(prop, "languageIn"):
                allowed = ", ".join(f'"{t.value}"' for t in rdf_list(languages))
                conditions.append((f"!(LANG(?value) IN ({allowed}))",
                                   f"Language not in ({allowed})"))
            for condition, default in conditions:
                add(f"SELECT DISTINCT ?focus WHERE {{ {value_pattern} FILTER({condition}) }}",
                    default)
            for rdf_class in values(prop, "class"):
                add(f"SELECT DISTINCT ?focus WHERE {{ {value_pattern} FILTER NOT EXISTS "
                    f"{{ ?value <{_RDF_TYPE}>/<{_SUBCLASS}>* <{rdf_class.value}> }} }}",
                    f"Value does not have class <{rdf_class.value}>")
    return checks


def _with_sparql(store, shapes: Path) -> list[Violation]:
    violations = set()
    for query, path, message in sparql_checks(shapes):
        for solution in store.query(query):
            violations.add(Violation(solution["focus"].value, path, message))
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))
