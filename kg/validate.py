"""Stage 3: check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

Three engines give the same verdicts on the constraints the shapes use:

- ``pyshacl``: pySHACL, the reference (it needs an rdflib graph, so it is slow on large
  graphs: about 9 s at 100k triples on our 2-core machine);
- ``sparql``: each property shape is translated into one SPARQL query that selects the
  focus nodes breaking it, run by Oxigraph (about 10 s at a million triples);
- ``native``: :class:`ShapeChecker` reads the shapes once and checks the N-Triples lines of
  one subject at a time, in plain Python; a value's class is looked up in a table of the
  graph's ``rdf:type`` statements.  Because it works subject by subject, the build runs it
  file by file, in parallel, and keeps its verdict with each file (see ``kg.incremental``).

``engine="auto"`` uses pySHACL below ``PYSHACL_LIMIT`` triples and the native checker above.
The SPARQL and native engines cover the constraint components our shapes use (targetClass,
minCount, maxCount, datatype, class, nodeKind IRI, pattern, minInclusive, maxInclusive,
languageIn) and refuse any other, so a new kind of constraint cannot be silently skipped.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize

from .paths import SHAPES_FILE

__all__ = ["Violation", "ShapeChecker", "validate_triples", "validate_ntriples",
           "sparql_checks", "group_by_subject", "PYSHACL_LIMIT"]

PYSHACL_LIMIT = 20_000
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
        engine = "pyshacl" if len(triples) < PYSHACL_LIMIT else "native"
    if engine == "pyshacl":
        return _with_pyshacl(triples, shapes)
    if engine == "native":
        return validate_ntriples(serialize(triples, format=RdfFormat.N_TRIPLES),
                                 shapes=shapes, engine="native")
    from .query import store_of

    return _with_sparql(store_of(triples), shapes)


def validate_ntriples(ntriples: bytes, *, shapes: Path = SHAPES_FILE,
                      engine: str = "auto") -> list[Violation]:
    """Like :func:`validate_triples`, for a graph given as N-Triples bytes."""
    if engine == "auto":
        engine = "pyshacl" if ntriples.count(b"\n") < PYSHACL_LIMIT else "native"
    if engine == "native":
        lines = ntriples.decode("utf-8").splitlines()
        blocks = group_by_subject(lines)
        checker = ShapeChecker(shapes)
        checker.learn_classes(lines)
        types = checker.types_of_blocks(blocks)
        violations, pending = checker.check_blocks(blocks, types)
        return _sorted(violations + checker.resolve(pending, types))
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
    return _sorted(violations)


def _sorted(violations) -> list[Violation]:
    return sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message))


def group_by_subject(lines) -> dict[str, list[str]]:
    """N-Triples ``lines`` grouped by their subject term (``<iri>`` or ``_:b``)."""
    blocks: dict[str, list[str]] = {}
    for line in lines:
        if line and not line.startswith("#"):
            blocks.setdefault(line[: line.index(" ")], []).append(line)
    return blocks


_RDF_TYPE_TERM = f"<{_RDF_TYPE}>"
_TYPE_VERB = f" {_RDF_TYPE_TERM} "  # what follows the subject in a line stating its type
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
            "\\": "\\"}
# Lexical forms of the datatypes the shapes name (a value of another form is ill-typed).
_LEXICAL = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+\Z"),
    _XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z"),
    _XSD + "gYear": re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?\Z"),
    _XSD + "date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?\Z"),
}
_NUMERIC = {_XSD + name for name in ("integer", "decimal", "double", "float", "int", "long",
                                     "nonNegativeInteger", "positiveInteger")}


def _unescape(text: str) -> str:
    def one(match):
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "uU" and len(code) > 1 \
            else _ESCAPES.get(code, code)
    return _ESCAPE_RE.sub(one, text) if "\\" in text else text


def _parse_term(term: str) -> tuple[str, str, str | None, str | None]:
    """An N-Triples term as (kind, value, datatype, language); kind is iri, blank or literal."""
    if term[0] == "<":
        return "iri", term[1:-1], None, None
    if term[0] == "_":
        return "blank", term, None, None
    end = term.rindex('"')
    value, suffix = _unescape(term[1:end]), term[end + 1:]
    if suffix.startswith("@"):
        return "literal", value, _RDF + "langString", suffix[1:]
    if suffix.startswith("^^<"):
        return "literal", value, suffix[3:-1], None
    return "literal", value, _XSD + "string", None


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class _Constraint:
    """One constraint of a property shape: ``kind`` is the SHACL component's local name."""

    path: str  # the predicate as an N-Triples term
    kind: str
    value: object
    message: str


class ShapeChecker:
    """The shapes of ``shapes`` (a Turtle file), ready to check subjects one at a time.

    >>> checker = ShapeChecker()
    >>> lines = ['<urn:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...          '<http://xmlns.com/foaf/0.1/Person> .']
    >>> blocks = group_by_subject(lines)
    >>> violations, pending = checker.check_blocks(blocks, checker.types_of_blocks(blocks))
    >>> [v.message for v in violations]
    ['Less than 1 values']
    """

    def __init__(self, shapes: Path = SHAPES_FILE, *, superclasses: dict | None = None) -> None:
        self.by_class: dict[str, list[_Constraint]] = {}
        for target, constraints in _compile(shapes).items():
            self.by_class.setdefault(target, []).extend(constraints)
        self.superclasses = superclasses or {}

    def learn_classes(self, lines) -> None:
        """Read the ``rdfs:subClassOf`` statements among N-Triples ``lines`` (the ontology)."""
        direct: dict[str, set[str]] = {}
        for line in lines:
            subject, predicate, rest = line.split(" ", 2)
            if predicate == f"<{_SUBCLASS}>" and rest.startswith("<"):
                direct.setdefault(subject[1:-1], set()).add(rest[1:rest.index(">")])
        closure = {}
        for start in direct:
            seen, todo = set(), [start]
            while todo:
                for parent in direct.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            closure[start] = seen
        self.superclasses = closure

    def classes(self, types) -> set[str]:
        """``types`` (class IRIs) and all their superclasses."""
        found = set(types)
        for rdf_class in types:
            found |= self.superclasses.get(rdf_class, set())
        return found

    @staticmethod
    def types_of_blocks(blocks: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        """{subject term: its rdf:type IRIs} for every typed subject of ``blocks``."""
        types = {}
        for subject, lines in blocks.items():
            start = len(subject) + len(_TYPE_VERB)
            found = tuple(line[start + 1:-3] for line in lines
                          if line.startswith(_TYPE_VERB, len(subject)))
            if found:
                types[subject] = found
        return types

    def check_blocks(self, blocks: dict[str, list[str]], types: dict[str, tuple]):
        """Check every subject of ``blocks``; ``types`` holds the rdf:types known here.

        Return (violations, pending): ``pending`` lists the class checks on values whose
        types are not in ``types`` (values described elsewhere), for :meth:`resolve`."""
        violations: list[Violation] = []
        pending: list[tuple] = []
        for subject, lines in blocks.items():
            own = types.get(subject)
            if not own:
                continue
            constraints = [c for rdf_class in sorted(self.classes(own))
                           for c in self.by_class.get(rdf_class, ())]
            if not constraints:
                continue
            values: dict[str, list[str]] = {}
            for line in lines:
                _subject, predicate, rest = line.split(" ", 2)
                values.setdefault(predicate, []).append(rest[:-2])
            focus = subject[1:-1] if subject[0] == "<" else subject
            for constraint in constraints:
                found = values.get(constraint.path, [])
                if constraint.kind == "class":
                    for value in found:
                        value_types = types.get(value)
                        if value_types is None and value[0] != '"':
                            pending.append((focus, constraint, value))
                        elif not value_types or constraint.value not in self.classes(value_types):
                            violations.append(Violation(focus, constraint.path[1:-1],
                                                        constraint.message))
                elif not self._holds(constraint, found):
                    violations.append(Violation(focus, constraint.path[1:-1], constraint.message))
        return violations, pending

    def resolve(self, pending, types: dict[str, tuple]) -> list[Violation]:
        """The violations among ``pending`` class checks, given every subject's ``types``."""
        verdicts: dict[tuple, bool] = {}  # (types, class) -> has the class
        violations = []
        for focus, constraint, value in pending:
            value_types = types.get(value, ())
            known = verdicts.get((value_types, constraint.value))
            if known is None:
                known = constraint.value in self.classes(value_types)
                verdicts[(value_types, constraint.value)] = known
            if not known:
                violations.append(Violation(focus, constraint.path[1:-1], constraint.message))
        return violations

    @staticmethod
    def _holds(constraint: _Constraint, found: list[str]) -> bool:
        kind, bound = constraint.kind, constraint.value
        if kind == "minCount":
            return len(set(found)) >= bound
        if kind == "maxCount":
            return len(set(found)) <= bound
        for term in found:
            term_kind, value, datatype, language = _parse_term(term)
            if kind == "datatype":
                lexical = _LEXICAL.get(bound)
                ok = datatype == bound and (lexical is None or lexical.match(value))
            elif kind == "nodeKind":
                ok = term_kind == "iri"
            elif kind == "pattern":
                ok = term_kind != "blank" and bound.search(value) is not None
            elif kind in ("minInclusive", "maxInclusive"):
                try:
                    number = Decimal(value) if datatype in _NUMERIC else None
                except InvalidOperation:
                    number = None
                ok = number is not None and (number >= bound if kind == "minInclusive"
                                             else number <= bound)
            else:  # languageIn: language ranges, as SPARQL's langMatches reads them
                ok = language is not None and any(
                    language.lower() == tag or language.lower().startswith(tag + "-")
                    for tag in bound)
            if not ok:
                return False
        return True


def _compile(shapes: Path) -> dict[str, list[_Constraint]]:
    """{target class IRI: its constraints} from the shapes file."""
    from pyoxigraph import BlankNode, parse

    about: dict = {}
    for quad in parse(path=str(shapes), format=RdfFormat.TURTLE):
        about.setdefault(quad.subject, {}).setdefault(quad.predicate.value, []).append(quad.object)

    def values(node, name):
        return about.get(node, {}).get(_SH + name, [])

    def rdf_list(node):
        items = []
        while node.value != _RDF + "nil":
            items.append(about[node][_RDF + "first"][0])
            node = about[node][_RDF + "rest"][0]
        return items

    compiled: dict[str, list[_Constraint]] = {}
    for shape, properties in sorted(about.items(), key=lambda item: str(item[0])):
        if isinstance(shape, BlankNode) or _SH + "targetClass" not in properties:
            continue
        constraints = compiled.setdefault(properties[_SH + "targetClass"][0].value, [])
        for prop in values(shape, "property"):
            keys = {k[len(_SH):] for k in about[prop] if k.startswith(_SH)}
            unknown = keys - _HANDLED
            if unknown:
                raise ValueError(f"the native engine cannot check sh:{sorted(unknown)[0]}")
            path = f"<{values(prop, 'path')[0].value}>"
            given = values(prop, "message")

            def add(kind, value, default):
                constraints.append(_Constraint(path, kind, value,
                                               given[0].value if given else default))

            for count in values(prop, "minCount"):
                add("minCount", int(count.value), f"Less than {count.value} values")
            for count in values(prop, "maxCount"):
                add("maxCount", int(count.value), f"More than {count.value} values")
            for datatype in values(prop, "datatype"):
                add("datatype", datatype.value,
                    f"Value is not a literal of datatype <{datatype.value}>")
            for kind in values(prop, "nodeKind"):
                if kind.value != _SH + "IRI":
                    raise ValueError(f"the native engine cannot check sh:nodeKind {kind.value}")
                add("nodeKind", kind.value, "Value is not an IRI")
            for pattern in values(prop, "pattern"):
                add("pattern", re.compile(pattern.value),
                    f"Value does not match pattern {pattern.value!r}")
            for minimum in values(prop, "minInclusive"):
                add("minInclusive", Decimal(minimum.value), f"Value is below {minimum.value}")
            for maximum in values(prop, "maxInclusive"):
                add("maxInclusive", Decimal(maximum.value), f"Value is above {maximum.value}")
            for languages in values(prop, "languageIn"):
                tags = tuple(t.value.lower() for t in rdf_list(languages))
                add("languageIn", tags, "Language not in (" + ", ".join(
                    f'"{t}"' for t in tags) + ")")
            for rdf_class in values(prop, "class"):
                add("class", rdf_class.value, f"Value does not have class <{rdf_class.value}>")
    return compiled
