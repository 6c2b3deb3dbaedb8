"""Stage 5: SPARQL over the graph: the named queries, parameters, engines and output formats.

Named queries are ``kg/queries/*.rq``, opening with ``# question: ...`` and
``# param: name (kind) = description, e.g. example`` comment lines.  A parameter that names a
thing is resolved to its IRI by :mod:`kg.search`; values are bound in a ``VALUES`` block (a
list in a sub-select) first in the first ``WHERE`` group, found outside strings and comments
(never pasted in as syntax), for the embedded engine and remote
endpoints alike.  The graph's prefixes are predeclared (a query's own PREFIX lines win).

>>> "provenance" in [q.name for q in named_queries()]
True
>>> store = open_store()
>>> from kg.search import finder
>>> query = named_query("papers-by-author")
>>> params = bind_params(query, {"author": "kaiming he"}, finder(store))
>>> result = run_query(store, query.text, params)
>>> [row["year"].value for row in result.rows][:2]
['2015', '2015']
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import (Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions,
                        RdfFormat, Store, parse, parse_query_results, serialize)

from .prefixes import PREFIXES
from .resources import DEFAULT_EXPORTS, queries_dir
from .sparql_guard import strip_literals

__all__ = ["NamedQuery", "Param", "PARAM_KINDS", "QueryResult", "QueryError", "ParamError",
           "named_queries", "named_query", "bind_params",
           "open_store", "run_query", "serialize_results", "run_remote", "format_result",
           "bind_as_values", "OUTPUT_FORMATS", "explain_syntax_error", "is_update",
           "with_prefixes", "UpdateRefused", "UPDATE_REFUSED"]

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")


class QueryError(Exception):
    """A query could not be run: a syntax error (with its position), a timeout, a bad endpoint."""


# what a parameter names: a thing of a kind (resolved through kg.search), or plain text
PARAM_KINDS = ("text", "thing", "term", "paper", "person", "organization", "dataset",
               "competition", "edition")


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: its ``name``, the ``kind`` of value (PARAM_KINDS), what
    it is (``description``) and an ``example``.  Declared in the query's header as
    ``# param: author (person) = a person's name, e.g. Geoffrey Hinton``."""
    name: str
    kind: str
    description: str
    example: str


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its ``name``, the ``question`` it answers, its ``params``."""
    name: str
    question: str
    params: dict[str, Param]
    text: str


@dataclass
class QueryResult:
    """What a query gave: ``kind`` is select, ask or graph; rows, boolean or triples."""
    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)


class UpdateRefused(QueryError):
    """The text is a SPARQL Update: the graph is read-only, on the CLI and over HTTP (403)."""


UPDATE_REFUSED = "updates are refused: the graph is read-only (SPARQL Update is never run)"


class ParamError(QueryError):
    """A parameter is missing, unknown, or names no thing (or several): the command is wrong."""


def _parse_header(name: str, text: str) -> NamedQuery:
    question, params = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("question:"):
            question = body.split(":", 1)[1].strip()
        elif body.startswith("param:"):
            match = re.fullmatch(r"param:\s*(\w+)\s*\((\w+)\)\s*=\s*(.*?)(?:,\s*e\.g\.\s*(.*))?",
                                 body)
            if match is None or match.group(2) not in PARAM_KINDS:
                raise QueryError(f"{name}.rq: a param line reads '# param: NAME (KIND) = what "
                                 f"it is, e.g. EXAMPLE' with KIND one of {', '.join(PARAM_KINDS)}")
            key, kind, description, example = match.groups()
            params[key] = Param(key, kind, description, example or "")
    return NamedQuery(name, question, params, text)


def named_queries() -> list[NamedQuery]:
    """Every query of the library, sorted by name."""
    return [_parse_header(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(queries_dir().glob("*.rq"))]


def named_query(name: str) -> NamedQuery:
    """The library query ``name``; raise QueryError listing the names when there is none."""
    path = queries_dir() / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not path.is_file():
        import difflib
        names = [q.name for q in named_queries()]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ParamError(f"no named query {name!r}{hint} (the named queries: {', '.join(names)})")
    return _parse_header(name, path.read_text(encoding="utf-8"))


def open_store(path: Path | str | None = None):
    """A read-only-in-practice in-memory pyoxigraph Store holding ``path`` (N-Triples/Turtle)."""
    path = Path(path or DEFAULT_EXPORTS / "dlkg.nt")
    store = Store()
    rdf_format = RdfFormat.N_TRIPLES if path.suffix == ".nt" else RdfFormat.TURTLE
    store.bulk_load(path=str(path), format=rdf_format)
    return store


def bind_params(query: NamedQuery, given: dict[str, str], find) -> dict:
    """The values to bind for the named ``query`` from ``given`` texts: text as literals, a
    thing as the IRI that ``find(text, kinds)`` (a :mod:`kg.search` resolver) returns.
    Raise ParamError for a missing or unknown parameter and for a name that finds no thing."""
    for name in given:
        if name not in query.params:
            takes = ", ".join(query.params) or "no parameter"
            raise ParamError(f"{query.name} has no parameter {name!r}; it takes: {takes}")
    for param in query.params.values():
        if param.name not in given:
            raise ParamError(f"{query.name} needs --param {param.name}=... ({param.description}"
                             + (f", e.g. {param.example})" if param.example else ")"))
    values = {}
    for name, text in given.items():
        kind = query.params[name].kind
        if kind == "text":
            values[name] = text
            continue
        try:
            values[name] = NamedNode(find(text, () if kind == "thing" else (kind,)).iri)
        except LookupError as error:
            raise ParamError(f"--param {name}: {error.args[0]}") from None
    return values


def _check_params(text: str, params: dict) -> None:
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if not re.search(rf"[?$]{name}\b", strip_literals(text)):
            raise QueryError(f"the query has no variable ?{name} to bind")


def run_query(store, text: str, params: dict | None = None) -> QueryResult:
    """Run SPARQL ``text`` on a pyoxigraph ``store`` with ``params`` bound (strings as
    literals, pyoxigraph terms as they are) and the graph's prefixes predeclared."""

    try:
        answer = store.query(bind_as_values(text, params or {}), prefixes=PREFIXES)
    except SyntaxError as error:
        if is_update(text):
            raise UpdateRefused(UPDATE_REFUSED) from None
        raise QueryError(explain_syntax_error(text, str(error))) from None
    if isinstance(answer, (QueryBoolean, QuerySolutions)):
        return _select_or_ask(answer)
    return QueryResult("graph", triples=list(answer))


def _select_or_ask(answer) -> QueryResult:
    """The QueryResult of pyoxigraph's QueryBoolean or QuerySolutions ``answer``."""
    if isinstance(answer, QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    variables = [v.value for v in answer.variables]
    # a solution yields its values in the order of the variables (None if unbound)
    rows = [{name: value for name, value in zip(variables, solution) if value is not None}
            for solution in answer]
    return QueryResult("select", variables=variables, rows=rows)


def bind_as_values(text: str, params: dict) -> str:
    """``text`` with a ``VALUES`` block binding ``params`` (a string, a pyoxigraph term, or a
    list of them) first in its first WHERE group.

    >>> bind_as_values('SELECT * WHERE { ?s ?p ?name }', {"name": 'a "quoted" name'})
    'SELECT * WHERE { VALUES ?name { "a \\\\"quoted\\\\" name" } ?s ?p ?name }'
    """
    if not params:
        return text
    _check_params(text, params)
    # (found outside strings, IRIs and comments, which strip_literals blanks in place)
    match = re.search(r"\bWHERE\s*\{", strip_literals(text), flags=re.IGNORECASE)
    if match is None:
        raise QueryError("a query with parameters needs an explicit WHERE { ... } clause")
    def term(value) -> str:
        return str(Literal(value) if isinstance(value, str) else value)

    # A list goes in a sub-select: Oxigraph 0.5 then evaluates it first and lets its rows
    # drive index lookups; a long inline VALUES it joins by hash with the rest evaluated in
    # full (300 IRIs on 1M triples: 0.15 s against 4.3 s).
    blocks = " ".join(f"{{ SELECT ?{name} WHERE {{ VALUES ?{name} {{ {' '.join(map(term, value))}"
                      f" }} }} }}" if isinstance(value, list) else
                      f"VALUES ?{name} {{ {term(value)} }}" for name, value in params.items())
    return text[: match.end()] + " " + blocks + text[match.end():]


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update (which every route of ours refuses), by rdflib's
    parser: called only for text that Oxigraph did not take as a query."""
    from rdflib.plugins.sparql.parser import parseUpdate
    try:
        parseUpdate(with_prefixes(text))
    except Exception:  # noqa: BLE001 - any parse failure means: not an update
        return False
    return True


def _undeclared_prefixes(text: str) -> list[str]:
    """The prefixes that SPARQL ``text`` uses (outside strings, IRIs and comments) but does
    not declare with a PREFIX line, sorted."""
    declared = set(re.findall(r"PREFIX\s+([\w-]*):", text, flags=re.IGNORECASE))
    used = set(re.findall(r"(?<![\w?$:.-])([A-Za-z][\w-]*):", strip_literals(text)))
    return sorted(used - declared)


def with_prefixes(text: str) -> str:
    """``text`` after PREFIX lines for the graph's prefixes it uses but does not declare."""
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>" for p in _undeclared_prefixes(text) if p in PREFIXES]
    return "\n".join(lines + [text]) if lines else text


def explain_syntax_error(text: str, message: str) -> str:
    """A SPARQL syntax ``message`` of Oxigraph ("error at L:C: expected ...") told plainly:
    the problem first, then the line and a caret under the column."""
    match = re.match(r"error at (\d+):(\d+): (.*)", message, flags=re.DOTALL)
    line, column, detail = (int(match[1]), int(match[2]), match[3]) if match else (0, 0, message)
    unknown = [p for p in _undeclared_prefixes(text) if p not in PREFIXES]
    if "Prefix not found" in detail and unknown:
        problem = (f"unknown prefix {unknown[0]}: declare it (PREFIX {unknown[0]}: <...>) or use "
                   f"one of the graph's: {', '.join(sorted(PREFIXES))}")
    elif detail.startswith("expected CONSTRUCT"):
        problem = "a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after PREFIX lines)"
    else:
        problem = re.sub(r"\[[^\]]*\\u\{[^\]]*\]", "a name character", detail.replace("\n", " "))
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return f"SPARQL syntax error: {problem}"
    return (f"SPARQL syntax error: {problem}\n  at line {line}, column {column}:\n"
            f"  {line:>4} | {lines[line - 1]}\n       | {' ' * max(column - 1, 0)}^")


def run_remote(endpoint: str, text: str, params: dict | None = None, *,
               timeout: float = 60.0) -> QueryResult:
    """Run ``text`` at a SPARQL 1.1 Protocol ``endpoint`` (HTTP POST); return the result."""
    import urllib.error
    import urllib.parse
    import urllib.request

    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https") or \
            not urllib.parse.urlsplit(endpoint).netloc:
        raise ParamError(f"--endpoint {endpoint!r} is not an http:// or https:// URL")
    query = urllib.parse.urlencode({"query": with_prefixes(bind_as_values(text, params or {}))})
    query = query.encode()
    request = urllib.request.Request(endpoint, data=query, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{endpoint} answered {error.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        raise QueryError(f"cannot reach {endpoint}: {getattr(error, 'reason', error)}") from None
    rdf_format = RdfFormat.from_media_type(content_type) if content_type else None
    if rdf_format is not None:  # a CONSTRUCT or DESCRIBE answer
        return QueryResult("graph", triples=[q.triple for q in parse(body, format=rdf_format)])
    try:
        return _select_or_ask(parse_query_results(body, format=QueryResultsFormat.JSON))
    except (SyntaxError, ValueError) as error:
        raise QueryError(f"{endpoint} did not answer with SPARQL results "
                         f"({content_type or 'no content type'}): {error}") from None


def format_result(result: QueryResult, output: str = "table") -> str:
    """``result`` as text in ``output`` (one of OUTPUT_FORMATS)."""
    if result.kind == "graph":
        if output not in ("turtle", "ntriples", "table"):
            raise QueryError(f"a CONSTRUCT/DESCRIBE result is written as turtle or ntriples, "
                             f"not {output}")
        if output == "ntriples":
            return serialize(result.triples, format=RdfFormat.N_TRIPLES).decode()
        return serialize(sorted(result.triples, key=str), format=RdfFormat.TURTLE,
                         prefixes=PREFIXES).decode()
    if output in ("turtle", "ntriples"):
        raise QueryError(f"a SELECT/ASK result is written as table, csv, tsv, json or xml, "
                         f"not {output}")
    if output == "table":
        return _table(result)
    return serialize_results(result, QueryResultsFormat.from_extension(output)).decode("utf-8")


def serialize_results(result: QueryResult, results_format) -> bytes:
    """A SELECT/ASK ``result`` in ``results_format`` (a pyoxigraph QueryResultsFormat)."""
    # pyoxigraph writes results it produced itself; rebuild them through a VALUES query.
    store = Store()
    if result.kind == "ask":
        answer = store.query("ASK {}" if result.boolean else "ASK { FILTER(false) }")
        return answer.serialize(format=results_format)
    variables = result.variables
    if not variables:
        return store.query("SELECT * WHERE {} LIMIT 0").serialize(format=results_format)
    head = " ".join(f"?{v}" for v in variables)
    rows = " ".join("(" + " ".join(str(row[v]) if v in row else "UNDEF" for v in variables) + ")"
                    for row in result.rows)
    query = f"SELECT {head} WHERE {{ VALUES ({head}) {{ {rows} }} }}"
    return store.query(query).serialize(format=results_format)


def _cell(term) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term)).replace("\n", " ").replace("\t", " ")


def _table(result: QueryResult, *, max_width: int = 60) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    header = result.variables
    cells = [[_cell(row.get(v)) for v in header] for row in result.rows]
    clipped = [[c if len(c) <= max_width else c[: max_width - 1] + "\u2026" for c in line]
               for line in cells]
    widths = [max([len(h)] + [len(line[i]) for line in clipped]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in clipped]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)
