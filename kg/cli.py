"""The ``kg`` command: a thin layer over the pipeline modules.

Exit codes (all commands):
  0  success (for ``validate``: the data and the graph conform)
  1  the data is invalid (YAML, fields, references or SHACL shapes); nothing was written
  2  the command line is wrong (unknown option, missing argument)
  3  a query failed or was refused (syntax error, an update, time limit, unreachable endpoint)
  4  an input or output file could not be read or written
  5  the server could not start (the address is in use or cannot be bound)
"""

import gc
import json
import os
import sys
import time
from pathlib import Path

from .arguments import COMMANDS, build_parser
from .errors import DataError

__all__ = ["main", "EXIT_OK", "EXIT_INVALID_DATA", "EXIT_USAGE", "EXIT_QUERY", "EXIT_IO",
           "EXIT_SERVER"]

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_QUERY = 3
EXIT_IO = 4
EXIT_SERVER = 5


def main(argv: list[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv``; return its exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return _fail(f"kg: no command {argv[0]!r}{_did_you_mean(argv[0], COMMANDS)}; the "
                     f"commands are: {', '.join(COMMANDS)}", EXIT_USAGE)
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only, epilog=__doc__.split("\n", 2)[2]).parse_args(argv)
    handler = {"build": _build, "validate": _validate, "query": _query, "export": _export,
               "view": _view, "serve": _serve, "push": _push, "bench": _bench,
               "search": _search, "new": _new}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return _fail("kg: interrupted", 130)
    except BrokenPipeError:  # the reader went away (`kg query ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _did_you_mean(word: str, choices) -> str:
    """'; did you mean X?' for the choice closest to ``word``, or ''."""
    import difflib
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _fail(message: str, status: int) -> int:
    """Print ``message`` on standard error; return the exit ``status``."""
    print(message, file=sys.stderr)
    return status


def _report_data_error(error) -> int:
    for problem in error.problems[:50]:
        print(f"error: {problem}", file=sys.stderr)
    if len(error.problems) > 50:
        print(f"... and {len(error.problems) - 50} more", file=sys.stderr)
    return _fail(f"kg: {len(error.problems)} problem(s) in the data; nothing was written",
                 EXIT_INVALID_DATA)


def _build(args) -> int:
    from .export import FORMATS
    from .pipeline import run_build
    started = time.perf_counter()
    formats = [name.strip() for name in args.formats.split(",")] if args.formats else None
    if args.no_html:
        formats = [f for f in (formats or [f.name for f in FORMATS]) if f != "html"]
    # The command ends with the build, and what it makes holds no cycle: the collector's
    # passes over a million loaded objects would only cost (about 1 s of 20 at 1M triples).
    gc.disable()
    try:
        report = run_build(args.data, args.out, formats=formats, progress=_progress_printer())
    except DataError as error:
        return _report_data_error(error)
    except ValueError as error:
        return _fail(f"kg build: {error}", EXIT_USAGE)
    except OSError as error:
        return _fail(f"kg: cannot write {error.filename}: {error.strerror}", EXIT_IO)
    if sys.stderr.isatty() and not os.environ.get("CI"):
        print("\r\033[K", end="", file=sys.stderr)
    counts = ", ".join(f"{report.counts[s]} {s}" for s in _SECTIONS_SHOWN if report.counts.get(s))
    print(f"built {report.triple_count} triples from {args.data}: {counts}")
    for path in report.written:
        print(f"  wrote {path}")
    for note in report.notes:
        print(f"  note: {note}")
    print(f"in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


_SECTIONS_SHOWN = ("terms", "papers", "people", "organizations", "datasets",
                   "competitions", "editions", "measures", "results", "sources")


def _validate(args) -> int:
    from .pipeline import KnowledgeGraph
    try:
        graph = KnowledgeGraph.from_data(args.data, engine=args.engine).graph
    except DataError as error:
        return _report_data_error(error)
    print(f"{args.data}: {sum(graph.counts.values())} entries, {graph.triple_count} triples; "
          "data and shapes conform")
    return EXIT_OK


def _parse_params(pairs: list[str]) -> dict[str, str] | None:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            print(f"kg: --param takes NAME=VALUE, got {pair!r}", file=sys.stderr)
            return None
        params[name.strip()] = value
    return params


def _named_or_text(spec: str):
    """(NamedQuery or None, SPARQL text) for QUERY: a named query, a file, - or text."""
    from .query import named_query
    if spec == "-":
        return None, sys.stdin.read()
    if spec.endswith(".rq") or Path(spec).is_file():
        return None, Path(spec).read_text(encoding="utf-8")
    if all(c.isalnum() or c == "-" for c in spec):
        named = named_query(spec)
        return named, named.text
    return None, spec


def _warn_if_stale(graph_file: Path) -> None:
    """Warn on stderr when a YAML file of data/ is newer than the graph file ``graph_file``."""
    from .resources import DEFAULT_DATA, DEFAULT_EXPORTS
    if graph_file.parent.resolve() != DEFAULT_EXPORTS.resolve() or not DEFAULT_DATA.is_dir():
        return
    built = graph_file.stat().st_mtime
    newer = sorted(p for p in DEFAULT_DATA.rglob("*.yaml") if p.stat().st_mtime > built)
    if newer:
        print(f"kg: warning: {newer[0]}{f' and {len(newer) - 1} more' if len(newer) > 1 else ''}"
              f" changed since {graph_file} was built; this answer is from the old graph (run "
              "`kg build` to rebuild)", file=sys.stderr)


def _query(args) -> int:
    from .query import (ParamError, QueryError, bind_params, format_result, named_queries,
                        open_store, run_query, run_remote)
    from .search import finder
    if args.list:
        for named in named_queries():
            print(f"{named.name:<24} {named.question}")
            for param in named.params.values():
                example = f", e.g. {param.example}" if param.example else ""
                print(f"{'':<26}--param {param.name}=... ({param.kind}): {param.description}"
                      f"{example}")
        return EXIT_OK
    if not args.query:
        return _fail("kg query: give a QUERY (a named query, a .rq file, - or SPARQL text) "
                     "or --list", EXIT_USAGE)
    params = _parse_params(args.param)
    if params is None:
        return EXIT_USAGE
    try:
        named, text = _named_or_text(args.query)
        store = None
        if not args.endpoint:
            if not args.graph.is_file():
                return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
            _warn_if_stale(args.graph)
            store = open_store(args.graph)
        if named is not None:
            params = bind_params(named, params, finder(store, endpoint=args.endpoint))
        result = run_remote(args.endpoint, text, params) if args.endpoint else \
            run_query(store, text, params)
        output = "turtle" if result.kind == "graph" and args.format == "table" else args.format
        sys.stdout.write(format_result(result, output).rstrip("\n") + "\n")
    except ParamError as error:
        return _fail(f"kg query: {error}", EXIT_USAGE)
    except QueryError as error:
        return _fail(f"kg query: {error}", EXIT_QUERY)
    except OSError as error:
        return _fail(f"kg: {error}", EXIT_IO)
    return EXIT_OK


def _search(args) -> int:
    from .query import QueryError, open_store
    from .search import HOW, NameIndex
    if not args.graph.is_file():
        return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
    try:
        hits = NameIndex.from_store(open_store(args.graph)).search(
            args.text, kinds=(args.kind,) if args.kind else (), limit=args.limit)
    except (QueryError, OSError) as error:
        return _fail(f"kg: {error}", EXIT_IO)
    if args.json:
        print(json.dumps([hit.__dict__ for hit in hits], indent=1, ensure_ascii=False))
        return EXIT_OK
    if not hits:
        return _fail(f"kg search: nothing is named like {args.text!r}", EXIT_QUERY)
    for rank, hit in enumerate(hits, 1):
        matched = hit.field if hit.name == hit.label else f"{hit.field} {hit.name!r}"
        print(f"{rank:>2}. {hit.kind:<12} {hit.label}\n    <{hit.iri}>  matched {matched} "
              f"({HOW[hit.score]})")
    return EXIT_OK


def _new(args) -> int:
    from .curate import CurationError, new_entry
    try:
        if args.id is None and not (args.kind == "paper" and args.arxiv):
            return _fail(f"kg new {args.kind}: give the new entry's ID", EXIT_USAGE)
        report = new_entry(args.kind, args.id, args.data, label=args.label,
                           category=args.category, sources=tuple(args.source),
                           authors=tuple(args.author), year=args.year, arxiv_id=args.arxiv,
                           arxiv_response=args.arxiv_response)
    except CurationError as error:
        return _fail(f"kg new: {error}", error.status)
    print(report)
    return EXIT_OK


def _view(args) -> int:
    from .resources import DEFAULT_EXPORTS, write_text_atomically
    from .network import focus_store, project_store
    from .query import open_store
    from .view import render_html
    if args.depth < 0:
        return _fail("kg view: --depth must be 0 or more", EXIT_USAGE)
    if not args.graph.is_file():
        return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
    store = open_store(args.graph)
    try:
        network = project_store(store) if args.focus is None else focus_store(
            store, args.focus, args.depth)
    except LookupError as error:
        return _fail(f"kg: {error.args[0]}", EXIT_USAGE)
    out = args.out or (DEFAULT_EXPORTS / "graph.html" if args.focus is None else
                       DEFAULT_EXPORTS / f"focus-{network.graph['focus'].rsplit('/', 1)[-1]}.html")
    write_text_atomically(out, render_html(network, store=store))
    print(f"wrote {out}")
    return EXIT_OK


def _serve(args) -> int:
    from .serve import ServerSettings, bind_socket, serve
    if not args.graph.is_file():
        return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
    settings = ServerSettings(graph_file=args.graph, html_file=args.graph.parent / "graph.html",
                              timeout=args.timeout,
                              max_results=args.max_results, workers=args.workers)
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as error:
        return _fail(f"kg serve: cannot listen on {args.host} port {args.port}: "
                     f"{error.strerror or error}; choose another with --port", EXIT_SERVER)
    serve(settings, sock)
    return EXIT_OK


def _push(args) -> int:
    from .push import PushError, push_graph
    try:
        count = push_graph(args.file, args.endpoint, graph_iri=args.graph_iri)
    except PushError as error:
        return _fail(f"kg push: {error}", EXIT_USAGE if error.usage else EXIT_IO)
    where = f"graph <{args.graph_iri}>" if args.graph_iri else "the default graph"
    print(f"pushed {count} triples to {where} at {args.endpoint}")
    return EXIT_OK


def _progress_printer():
    """A progress callback that writes to a terminal's stderr; None in pipes and in CI."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    started = time.perf_counter()

    def show(message: str) -> None:
        print(f"\r\033[K[{time.perf_counter() - started:6.1f} s] {message}...", end="",
              file=sys.stderr, flush=True)

    return show


def _export(args) -> int:
    """`kg export --format F` is `kg build --formats F`."""
    args.formats, args.no_html = args.format, False
    return _build(args)


def _bench(args) -> int:
    from .bench import format_report, run_bench, run_shipped
    if args.shipped:
        print(json.dumps(run_shipped(args.data, runs=args.runs), indent=1))
        return EXIT_OK
    say = _progress_printer()
    report = run_bench(args.size, runs=args.runs, seed=args.seed, query_runs=args.query_runs,
                       baseline=not args.no_baseline, progress=say)
    if say is not None:
        print("\r\033[K", end="", file=sys.stderr)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return EXIT_OK
