"""The ``kg`` command line's arguments: one parser per subcommand, each with a description
and its defaults shown in its help.  Only the parser of the subcommand being run is built, so
that `kg query` imports neither rdflib nor the build."""

import argparse
from pathlib import Path

__all__ = ["COMMANDS", "build_parser"]

COMMANDS = ("build", "validate", "query", "search", "export", "view", "serve", "new", "bench",
             "push")


class _Help(argparse.ArgumentDefaultsHelpFormatter):
    """Shows an option's default where it has one worth showing (not None, False or [])."""

    def _get_help_string(self, action):
        if action.default in (None, False, []) or action.default is argparse.SUPPRESS:
            return action.help
        return super()._get_help_string(action)


def _add(commands, name: str, summary: str, description: str = ""):
    """A subcommand's parser: ``summary`` in `kg --help`, and its own help shows defaults."""
    return commands.add_parser(name, help=summary, description=description or summary[0].upper()
                               + summary[1:] + ".",
                               formatter_class=_Help)


class _Version(argparse.Action):
    """--version, reading the installed version only when asked (the lookup takes ~0.1 s)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .resources import package_version
        print(f"kg (DLKG) {package_version()}")
        parser.exit()


def build_parser(only: str | None = None, *, epilog: str = "") -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, of that subcommand alone (so that `kg query`
    imports neither rdflib nor the build)."""
    from .resources import DEFAULT_DATA, DEFAULT_EXPORTS
    graph_file = DEFAULT_EXPORTS / "dlkg.nt"
    parser = argparse.ArgumentParser(
        prog="kg", description="DLKG: build, check, query and view the deep-learning knowledge "
        "graph.", epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the installed version and exit")
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
        validate = _add(commands, "validate", "check data/ and the shapes; write nothing")
        validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
        validate.add_argument("--engine", choices=ENGINES, default="sparql", help="SHACL engine: "
                              "sparql (Oxigraph, the build's) or pyshacl (the reference)")
    if only in (None, "query"):
        _query_parser(commands, graph_file, OUTPUT_FORMATS)
    if only in (None, "export"):
        export = _add(commands, "export", "build data/ and write one format")
        export.add_argument("--format", required=True, choices=[f.name for f in FORMATS])
        export.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
        export.add_argument("--out", type=Path, default=DEFAULT_EXPORTS,
                            help="the folder to write into")
    if only in (None, "search", "new"):
        _search_and_new_parsers(commands, DEFAULT_DATA, graph_file)
    if only in (None, "view", "serve", "bench", "push"):
        _other_parsers(commands, DEFAULT_DATA, graph_file)
    return parser


def _build_parser(commands, default_data, default_exports, names) -> None:
    build = _add(commands, "build", "build exports/ from data/", "Read data/, check it, build "
                 "the graph and write every export (or --formats) into exports/; a failed build "
                 "leaves the previous exports untouched.")
    build.add_argument("--data", type=Path, default=default_data, help="data folder (YAML)")
    build.add_argument("--out", type=Path, default=default_exports, help="exports folder")
    build.add_argument("--no-html", action="store_true", help="skip the HTML view")
    build.add_argument("--formats", metavar="LIST",
                       help=f"write only these formats, comma separated ({names}); default: all")


def _query_parser(commands, graph_file, output_formats) -> None:
    query = _add(commands, "query", "run a named query, a .rq file, standard input (-) or "
                 "SPARQL text", "Run SPARQL on the built graph (or at --endpoint). QUERY is the "
                 "name of a named query (see --list), a .rq file, - for standard input, or the "
                 "query text. The graph's prefixes (dlkg, skos, dcterms, foaf, ...) are declared "
                 "for you. A parameter that names a person, term or paper is found as `kg "
                 "search` finds it.")
    query.add_argument("query", nargs="?", metavar="QUERY")
    query.add_argument("--list", action="store_true", help="list the named queries")
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                       help="give the query's parameter NAME (see --list) the VALUE (repeatable)")
    query.add_argument("--format", choices=output_formats, default="table",
                       help="output format (table: aligned columns)")
    query.add_argument("--graph", type=Path, default=graph_file,
                       help="the graph file to query (N-Triples or Turtle)")
    query.add_argument("--endpoint", metavar="URL",
                       help="run the query at this SPARQL 1.1 query endpoint instead")


def _search_and_new_parsers(commands, default_data, graph_file) -> None:
    from .search import KINDS as search_kinds
    search = _add(commands, "search", "find things by name, forgivingly", "Find terms, papers, "
                  "people, datasets, ... by label, acronym, alias, name, title, arXiv ID or DOI: "
                  "case, accents and punctuation do not matter, initials and one typo a word are "
                  "forgiven, 'family, given' works. Ranked hits: kind, label, IRI, what matched.")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--kind", choices=search_kinds, help="only things of this kind")
    search.add_argument("--limit", type=int, default=10, help="at most this many hits")
    search.add_argument("--graph", type=Path, default=graph_file, help="the built graph")
    search.add_argument("--json", action="store_true", help="print the hits as JSON")

    from .curate import NEW_KINDS
    new = _add(commands, "new", "add an entry skeleton to data/ (a paper from arXiv with "
               "--arxiv)", "Append a valid skeleton of a term, paper or person to the right "
               "file of data/, and say what to fill in. With --arxiv, a paper's title, authors "
               "in order, date and DOI come from arXiv's API; authors are matched to the people "
               "in data/ or added.")
    new.add_argument("kind", choices=NEW_KINDS)
    new.add_argument("id", metavar="ID", nargs="?",
                     help="the new entry's id (lower case, digits, hyphens); with --arxiv, "
                     "made from the first author and year when omitted")
    new.add_argument("--arxiv", metavar="ARXIV_ID", help="fill a paper from arXiv's API")
    new.add_argument("--label", help="the term's label, the person's name, the paper's title")
    from .schema import TERM_CATEGORIES
    new.add_argument("--category", choices=TERM_CATEGORIES, metavar="CATEGORY",
                     help="a term's category: " + ", ".join(TERM_CATEGORIES))
    new.add_argument("--source", action="append", default=[], metavar="URL",
                     help="where the facts were read (repeatable)")
    new.add_argument("--author", action="append", default=[], metavar="PERSON_ID",
                     help="a paper's author, in order (repeatable)")
    new.add_argument("--year", type=int, help="a paper's year")
    new.add_argument("--arxiv-response", type=Path, metavar="FILE",
                     help="read arXiv's answer from this file instead of the network")
    new.add_argument("--data", type=Path, default=default_data, help="data folder (YAML)")


def _other_parsers(commands, default_data, graph_file) -> None:
    """The parsers of view, serve, bench and push."""
    view = _add(commands, "view", "write the HTML graph view", "Write the HTML graph view of "
                "the built graph, or with --focus the neighbourhood of one node in its own file.")
    view.add_argument("--graph", type=Path, default=graph_file,
                      help="the built graph to draw (N-Triples or Turtle)")
    view.add_argument("--out", type=Path, help="the HTML file to write [default: "
                      "exports/graph.html, or exports/focus-<id>.html with --focus]")
    view.add_argument("--focus", metavar="TERM", help="draw only this node's neighbourhood "
                      "(found as `kg search` finds it)")
    view.add_argument("--depth", type=int, default=2, help="links from --focus")

    serve = _add(commands, "serve", "serve the SPARQL endpoint and the HTML pages",
                 "Serve a read-only SPARQL 1.1 endpoint (/sparql), the query editor (/), the graph "
                 "view (/graph), the ontology (/ontology) and a page per thing (/id/...), logging "
                 "one line a request on standard error.")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind")
    serve.add_argument("--port", type=int, default=8000, help="port")
    serve.add_argument("--graph", type=Path, default=graph_file, help="the graph file to serve")
    serve.add_argument("--timeout", type=float, default=10.0,
                       help="query time limit in seconds")
    serve.add_argument("--max-results", type=int, default=100_000,
                       help="largest result, in rows or triples")
    serve.add_argument("--workers", type=int, default=2, help="query worker processes")

    bench = _add(commands, "bench", "measure `kg build` and the queries on generated data "
                 "beside their yardsticks (PyYAML's C loader, pyoxigraph, rdflib)")
    bench.add_argument("--size", type=int, default=10_000, metavar="TRIPLES",
                       help="about how many triples to generate")
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

    push = _add(commands, "push", "load the built graph into a SPARQL 1.1 Graph Store "
                "Protocol endpoint")
    push.add_argument("--endpoint", required=True, metavar="URL",
                      help="the store's graph-store address, e.g. http://host:7878/store")
    push.add_argument("--graph", metavar="IRI", dest="graph_iri",
                      help="the named graph to replace [default: the default graph]")
    push.add_argument("--file", type=Path, default=graph_file, help="the graph file to send")
