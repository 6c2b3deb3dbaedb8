"""The ``kg`` command: a thin layer over the pipeline modules.

Exit codes (all commands):
  0  success (for ``validate``: the data and the graph conform)
  1  the data is invalid (YAML, fields, references or SHACL shapes); nothing was written
  2  the command line is wrong (unknown option, missing argument)
  3  a query failed (syntax error, time limit, unreachable endpoint)
  4  an input or output file could not be read or written
"""

import argparse
import sys
import time
from pathlib import Path

__all__ = ["main", "EXIT_OK", "EXIT_INVALID_DATA", "EXIT_USAGE", "EXIT_QUERY", "EXIT_IO"]

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_QUERY = 3
EXIT_IO = 4


def _parser() -> argparse.ArgumentParser:
    from .pipeline import DEFAULT_DATA, DEFAULT_EXPORTS

    parser = argparse.ArgumentParser(
        prog="kg", description="DLKG: build, check, query and view the deep-learning "
        "knowledge graph.", epilog=__doc__.split("\n", 2)[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build exports/ from data/")
    build.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
    build.add_argument("--out", type=Path, default=DEFAULT_EXPORTS, help="exports folder")
    build.add_argument("--no-html", action="store_true", help="skip the HTML view")

    validate = commands.add_parser("validate", help="check data/ and the shapes; write nothing")
    validate.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (YAML)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kg`` command with ``argv``; return its exit status."""
    args = _parser().parse_args(argv)
    handler = {"build": _build, "validate": _validate}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


def _report_data_error(error) -> int:
    for problem in error.problems[:50]:
        print(f"error: {problem}", file=sys.stderr)
    if len(error.problems) > 50:
        print(f"... and {len(error.problems) - 50} more", file=sys.stderr)
    print(f"kg: {len(error.problems)} problem(s) in the data; nothing was written",
          file=sys.stderr)
    return EXIT_INVALID_DATA


def _build(args) -> int:
    from .errors import DataError
    from .pipeline import run_build

    started = time.perf_counter()
    try:
        report = run_build(args.data, args.out, html=not args.no_html)
    except DataError as error:
        return _report_data_error(error)
    except OSError as error:
        print(f"kg: cannot write {error.filename}: {error.strerror}", file=sys.stderr)
        return EXIT_IO
    counts = ", ".join(f"{len(report.data.section(s))} {s}" for s in _SECTIONS_SHOWN
                       if report.data.section(s))
    print(f"built {report.triple_count} triples from {args.data}: {counts}")
    for path in report.written:
        print(f"  wrote {path}")
    print(f"in {time.perf_counter() - started:.2f} s")
    return EXIT_OK


_SECTIONS_SHOWN = ("terms", "papers", "people", "organizations", "datasets",
                   "competitions", "editions", "results", "sources")


def _validate(args) -> int:
    from .errors import DataError
    from .pipeline import check_data

    try:
        data, triples = check_data(args.data)
    except DataError as error:
        return _report_data_error(error)
    print(f"{args.data}: {len(data.entries)} entries, {len(triples)} triples; "
          "data and shapes conform")
    return EXIT_OK
