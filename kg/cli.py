"""The ``kg`` command: a thin layer over the pipeline modules.

Exit codes (all commands):
  0  success (for ``validate``: the data and the graph conform)
  1  the data is invalid (YAML, fields, references or SHACL shapes); nothing was written
  2  the command line is wrong (unknown option, missing argument)
  3  a query failed (syntax error, time limit, unreachable endpoint)
  4  an input or output file could not be read or written
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .errors import DataError

__all__ = ["main", "EXIT_OK", "EXIT_INVALID_DATA", "EXIT_USAGE", "EXIT_QUERY", "EXIT_IO"]

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_QUERY = 3
EXIT_IO = 4


_COMMANDS = ("build", "validate", "query", "export", "view", "serve", "bench", "push")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, of that subcommand alone (so that `kg query`
    imports neither rdflib nor the build)."""
    from .resources import DEFAULT_DATA, DEFAULT_EXPORTS
    graph_file = DEFAULT_EXPORTS / "dlkg.nt"
    parser = argparse.ArgumentParser(
        prog="kg", description="DLKG: build, check, query and view the deep-learning knowledge "
        "graph.", epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if only in (None, "build", "export"):
        from .export import FORMATS
        names = ", ".join(f.name for f in FORMATS)
    if only in (None, "validate"):
        from .validate import ENGINES
    if only in (None, "query"):
        from .query import OUTPUT_FORMATS
    if only in (None, "build"):
        _build_parser(commands, DEFAULT_DATA, DEFAULT_EXPORTS, names)
    if only in (None, "validate"):
        validate = commands.add_parser("validate", help="check data/ and the shapes; write nothing")
        validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
        validate.add_argument("--engine", choices=ENGINES, default="sparql", help="SHACL engine: "
                              "sparql (Oxigraph, the build's) or pyshacl (the reference)")
    if only in (None, "query"):
        _query_parser(commands, graph_file, OUTPUT_FORMATS)
    if only in (None, "export"):
        export = commands.add_parser("export", help="build data/ and write one format")
        export.add_argument("--format", required=True, choices=[f.name for f in FORMATS])
        export.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
        export.add_argument("--out", type=Path, default=DEFAULT_EXPORTS,
                            help="the folder to write into (default: exports/)")
    if only in (None, "view", "serve", "bench", "push"):
        _other_parsers(commands, DEFAULT_DATA, graph_file)
    return parser


def _build_parser(commands, default_data, default_exports, names) -> None:
    build = commands.add_parser("build", help="build exports/ from data/")
    build.add_argument("--data", type=Path, default=default_data, help="data folder (YAML)")
    build.add_argument("--out", type=Path, default=default_exports, help="exports folder")
    build.add_argument("--no-html", action="store_true", help="skip the HTML view")
    build.add_argument("--formats", metavar="LIST",
                       help=f"write only these formats, comma separated ({names}); default: all")


def _query_parser(commands, graph_file, output_formats) -> None:
    query = commands.add_parser(
        "query", help="run a named query, a .rq file, standard input (-) or SPARQL text",
        description="Run SPARQL on the built graph (or at --endpoint). QUERY is the name of "
        "a named query (see --list), a .rq file, - for standard input, or the query text.")
    query.add_argument("query", nargs="?", metavar="QUERY")
    query.add_argument("--list", action="store_true", help="list the named queries")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="bind ?NAME to the literal VALUE (repeatable)")
    query.add_argument("--format", choices=output_formats, default="table",
                       help="output format (default: an aligned table)")
    query.add_argument("--graph", type=Path, default=graph_file,
                       help="the graph file to query (N-Triples or Turtle)")
    query.add_argument("--endpoint", metavar="URL",
                       help="run the query at this SPARQL 1.1 query endpoint instead")


def _other_parsers(commands, default_data, graph_file) -> None:
    """The parsers of view, serve, bench and push."""
    view = commands.add_parser("view", help="write the HTML graph view")
    view.add_argument("--graph", type=Path, default=graph_file,
                      help="the built graph to draw (N-Triples or Turtle)")
    view.add_argument("--out", type=Path, help="the HTML file to write (default: "
                      "exports/graph.html, or exports/focus-<id>.html with --focus)")
    view.add_argument("--focus", metavar="TERM", help="draw only this node's neighbourhood "
                      "(an id, label or alias)")
    view.add_argument("--depth", type=int, default=2, help="links from --focus (default 2)")

    serve = commands.add_parser("serve", help="serve the SPARQL endpoint and the HTML pages")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--graph", type=Path, default=graph_file, help="the graph file to serve")
    serve.add_argument("--timeout", type=float, default=10.0,
                       help="query time limit in seconds (default 10)")
    serve.add_argument("--max-results", type=int, default=100_000,
                       help="largest result, in rows or triples (default 100000)")
    serve.add_argument("--workers", type=int, default=2, help="query worker processes")

    bench = commands.add_parser("bench", help="measure kg against the plain rdflib pipeline on "
                                "generated data")
    bench.add_argument("--size", type=int, default=10_000, metavar="TRIPLES",
                       help="about how many triples to generate (default 10000)")
    bench.add_argument("--runs", type=int, default=3, help="runs of each side (median)")
    bench.add_argument("--query-runs", type=int, default=5,
                       help="runs of each query within a run (median)")
    bench.add_argument("--seed", type=int, default=42, help="seed of the generated data")
    bench.add_argument("--no-baseline", action="store_true",
                       help="skip rdflib's SPARQL engine (the queries' yardstick)")
    bench.add_argument("--shipped", action="store_true", help="measure `kg build` and `kg "
                       "query` on the data folder (--data) instead of generated data")
    bench.add_argument("--data", type=Path, default=default_data,
                       help="the data folder for --shipped")
    bench.add_argument("--json", action="store_true", help="print one JSON object")

    push = commands.add_parser(
        "push", help="load the built graph into a SPARQL 1.1 Graph Store Protocol endpoint")
    push.add_argument("--endpoint", required=True, metavar="URL",
                      help="the store's graph-store address, e.g. http://host:7878/store")
    push.add_argument("--graph", metavar="IRI", dest="graph_iri",
                      help="the named graph to replace (default: the default graph)")
    push.add_argument("--file", type=Path, default=graph_file, help="the graph file to send")


def main(argv: list[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv``; return its exit status."""
    argv = sys.argv[1:] if argv is None else argv
    only = argv[0] if argv and argv[0] in _COMMANDS else None
    args = _parser(only).parse_args(argv)
    handler = {"build": _build, "validate": _validate, "query": _query, "export": _export,
               "view": _view, "serve": _serve, "push": _push, "bench": _bench}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return _fail("kg: interrupted", 130)
    except BrokenPipeError:  # the reader went away (`kg query ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


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


def _query_text(spec: str) -> str:
    """The SPARQL text that QUERY names: a named query, a file, - (standard input) or text."""
    from .query import named_query
    if spec == "-":
        return sys.stdin.read()
    if spec.endswith(".rq") or Path(spec).is_file():
        return Path(spec).read_text(encoding="utf-8")
    if all(c.isalnum() or c == "-" for c in spec):
        return named_query(spec).text
    return spec


def _show_syntax_error(message: str, text: str) -> None:
    """Print the query line that a pyoxigraph 'error at L:C' message points at, with a caret."""
    import re
    print(f"kg: {message}", file=sys.stderr)
    match = re.search(r"at (\d+):(\d+)", message)
    lines = text.splitlines()
    if match and 1 <= int(match.group(1)) <= len(lines):
        line, column = int(match.group(1)), int(match.group(2))
        print(f"  {line:>4} | {lines[line - 1]}", file=sys.stderr)
        print("       | " + " " * max(column - 1, 0) + "^", file=sys.stderr)


def _query(args) -> int:
    from .query import QueryError, format_result, named_queries, open_store, run_query, run_remote
    if args.list:
        for named in named_queries():
            params = " ".join(f"--param {p}=..." for p in named.params)
            print(f"{named.name:<22} {named.question}" + (f"  [{params}]" if params else ""))
        return EXIT_OK
    if not args.query:
        return _fail("kg query: give a QUERY (a named query, a .rq file, - or SPARQL text) "
                     "or --list", EXIT_USAGE)
    params = _parse_params(args.param)
    if params is None:
        return EXIT_USAGE
    text = ""
    try:
        text = _query_text(args.query)
        if args.endpoint:
            result = run_remote(args.endpoint, text, params)
        else:
            if not args.graph.is_file():
                return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
            result = run_query(open_store(args.graph), text, params)
        output = "turtle" if result.kind == "graph" and args.format == "table" else args.format
        sys.stdout.write(format_result(result, output).rstrip("\n") + "\n")
    except QueryError as error:
        _show_syntax_error(str(error), text)
        return EXIT_QUERY
    except OSError as error:
        return _fail(f"kg: {error}", EXIT_IO)
    return EXIT_OK


def _view(args) -> int:
    from .export import write_text_atomically
    from .resources import DEFAULT_EXPORTS
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
    write_text_atomically(out, render_html(network))
    print(f"wrote {out}")
    return EXIT_OK


def _serve(args) -> int:
    from .serve import ServerSettings, serve
    if not args.graph.is_file():
        return _fail(f"kg: no graph at {args.graph}; run `kg build` first", EXIT_IO)
    settings = ServerSettings(graph_file=args.graph, timeout=args.timeout,
                              max_results=args.max_results, workers=args.workers)
    serve(settings, host=args.host, port=args.port)
    return EXIT_OK


def _push(args) -> int:
    from .push import PushError, push_graph
    try:
        count = push_graph(args.file, args.endpoint, graph_iri=args.graph_iri)
    except PushError as error:
        return _fail(f"kg: {error}", EXIT_IO)
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
    from .pipeline import KnowledgeGraph
    try:
        names, notes = KnowledgeGraph.from_data(args.data).export(args.out, [args.format])
    except DataError as error:
        return _report_data_error(error)
    except OSError as error:
        return _fail(f"kg: cannot write {error.filename}: {error.strerror}", EXIT_IO)
    for name in names:
        print(f"wrote {args.out / name}")
    for note in notes:
        print(f"note: {note}")
    return EXIT_OK


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
