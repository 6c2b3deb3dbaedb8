"""The whole build, stage after stage, and the one-call loader for notebooks.

``run_build`` loads ``data/``, builds the triples, checks them against the shapes and only
then writes every export, each atomically: a failed build leaves the old exports as they were.
"""

from dataclasses import dataclass, field
from pathlib import Path

from .build import build_triples
from .errors import DataError, Problem
from .load import Data, load_data
from .paths import DEFAULT_DATA, DEFAULT_EXPORTS
from .validate import validate_triples

__all__ = ["BuildReport", "check_data",
           "run_build", "load_graph"]



@dataclass
class BuildReport:
    """What a build made: counts per section, the triple count, and the files written."""

    data: Data
    triple_count: int
    written: list[Path] = field(default_factory=list)


def check_data(data_dir: Path, *, shapes: bool = True):
    """Load and build ``data_dir``; raise DataError on any problem. Return (data, triples)."""
    data = load_data(data_dir)
    triples = build_triples(data)
    if shapes:
        violations = validate_triples(triples)
        if violations:
            raise DataError([_problem_of(data, v) for v in violations])
    return data, triples


def _problem_of(data: Data, violation) -> Problem:
    """Turn a SHACL violation into a Problem that points at the entry's YAML."""
    entry_id = violation.focus.split("#")[0].rsplit("/", 1)[-1]
    entry = data.entries.get(entry_id)
    if entry is None:
        return Problem("(graph)", None, None, violation.path, f"shape: {violation}")
    return Problem(entry.file, entry.line, entry.id, violation.path,
                   f"shape violation: {violation.message}")


def run_build(data_dir: Path = DEFAULT_DATA, out_dir: Path = DEFAULT_EXPORTS, *,
              html: bool = True) -> BuildReport:
    """Build ``data_dir`` into ``out_dir``: Turtle and N-Triples, and the HTML view."""
    from .export import write_rdf

    data, triples = check_data(data_dir)
    out_dir = Path(out_dir)
    report = BuildReport(data, len(triples))
    outputs = [("turtle", out_dir / "dlkg.ttl"), ("ntriples", out_dir / "dlkg.nt")]
    if html:
        from .view import render_html  # only the build that draws pays for pyvis

        page = render_html(triples)
    for fmt, path in outputs:
        write_rdf(triples, path, format=fmt)
        report.written.append(path)
    if html:
        from .export import write_text_atomically

        write_text_atomically(out_dir / "graph.html", page)
        report.written.append(out_dir / "graph.html")
    return report


def load_graph(path: Path | str | None = None):
    """Return the built graph as an ``rdflib.Graph`` (default: ``exports/dlkg.ttl``).

    >>> graph = load_graph()
    >>> len(graph) > 1000
    True
    """
    import rdflib

    graph = rdflib.Graph()
    graph.parse(str(path or DEFAULT_EXPORTS / "dlkg.ttl"), format="turtle")
    return graph
