"""The whole build, stage after stage, and the one object a notebook user holds.

:class:`KnowledgeGraph` is loaded and checked data built into one graph, with its
validation, queries, exports and views hanging off it.  :func:`run_build` is ``kg build``:
it checks everything first, then writes every export into a staging folder and only then
renames them into place, so a failed build leaves the previous exports as they were.

>>> knowledge = KnowledgeGraph.from_data("data")
>>> knowledge.query("ASK { ?t a <http://www.w3.org/2004/02/skos/core#Concept> }").boolean
True
>>> knowledge.search("G. E. Hinton")[0].label
'Geoffrey E. Hinton'
>>> len(knowledge.named("coauthors", author="geoffrey hinton").rows) > 10
True
"""

import gc
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .build import Graph, build_graph
from .errors import DataError, Problem
from .export import FORMATS, Exporter, format_named
from .load import Data, load_data
from .namespaces import RESOURCE_BASE, short_iri
from .query import QueryResult, run_query
from .resources import DEFAULT_DATA, DEFAULT_EXPORTS
from .schema import SECTIONS
from .validate import Violation, validate_store

__all__ = ["KnowledgeGraph", "BuildReport", "run_build", "load_graph"]


class KnowledgeGraph:
    """A built, checked graph: ``graph`` (:class:`kg.build.Graph`, with its store) and
    what hangs off it: :meth:`query`, :meth:`named`, :meth:`search`, :meth:`validate`,
    :meth:`export`, :meth:`view`."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def from_data(cls, folder: Path | str = DEFAULT_DATA, *, engine: str = "sparql",
                  progress=None) -> "KnowledgeGraph":
        """Load, build and check ``folder``; raise DataError naming every problem, each
        SHACL violation as the file, line, entry and field it comes from."""
        say = progress or (lambda message: None)
        collecting = gc.isenabled()
        gc.disable()  # millions of small objects, none in a cycle: the collector only costs
        try:
            say("loading the data")
            data = load_data(folder)
            say("building the graph")
            knowledge = cls(build_graph(data))
        finally:
            if collecting:
                gc.enable()
        say("checking the shapes")
        violations = knowledge.validate(engine=engine)
        if violations:
            raise DataError([_problem(v, data) for v in violations])
        return knowledge

    @property
    def store(self):
        """The pyoxigraph Store holding the graph (its default graph)."""
        return self.graph.store

    def validate(self, *, engine: str = "sparql") -> list[Violation]:
        """The SHACL violations of the graph (``engine``: "sparql" or "pyshacl")."""
        return validate_store(self.graph.store, engine=engine)

    def query(self, text: str, params: dict[str, str] | None = None) -> QueryResult:
        """Run SPARQL ``text`` with ``params`` bound as literals (a named query's parameters
        that name things: :meth:`named`)."""
        return run_query(self.graph.store, text, params)

    def named(self, name: str, **params: str) -> QueryResult:
        """Run the named query ``name``, its parameters given as `kg query` takes them (a
        person, term or paper by name, found as :meth:`search` finds it)."""
        from .query import bind_params, named_query
        from .search import finder
        query = named_query(name)
        return run_query(self.store, query.text, bind_params(query, params, finder(self.store)))

    def search(self, text: str, *, kinds: tuple[str, ...] = (), limit: int = 10):
        """The things ``text`` names, best first (:class:`kg.search.Hit`), as `kg search`."""
        from .search import NameIndex
        return NameIndex.from_store(self.store).search(text, kinds=kinds, limit=limit)

    def export(self, folder: Path, formats=None, *, progress=None) -> tuple[list[str], list[str]]:
        """Write ``formats`` (names; default all) into ``folder`` as they are, file by file;
        return (names written, notes for the user)."""
        chosen = FORMATS if formats is None else [format_named(name) for name in formats]
        exporter = Exporter(self.graph, folder, progress=progress)
        written = exporter.write(chosen)
        return written, exporter.notes

    def view(self, *, focus: str | None = None, depth: int = 2) -> str:
        """The HTML view of the graph, or of ``focus``'s neighbourhood (LookupError when
        nothing is so named)."""
        from .network import focus_store, project_store
        from .view import render_html
        network = project_store(self.store) if focus is None \
            else focus_store(self.store, focus, depth)
        return render_html(network, store=self.store)


def _problem(violation: Violation, data: Data) -> Problem:
    """The place in ``data`` that a SHACL violation comes from (its entry and field)."""
    entry_id = violation.focus.rsplit("/", 1)[-1]
    entry = data.entries.get(entry_id) if violation.focus.startswith(RESOURCE_BASE) else None
    if entry is None:
        return Problem("(the built graph)", None, short_iri(violation.focus),
                       short_iri(violation.path), violation.message)
    field_name = next((name for name, spec in SECTIONS[entry.section].fields.items()
                       if spec.predicates and str(spec.predicates[0]) == violation.path), None)
    return Problem(entry.file, entry.field_lines.get(field_name, entry.line), entry.id,
                   field_name or short_iri(violation.path), violation.message)


@dataclass
class BuildReport:
    """What a build made: entries per section, the triple count, the files written, and
    notes for the user (what a large graph's exports hold)."""
    counts: dict[str, int]
    triple_count: int
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_build(data_dir: Path = DEFAULT_DATA, out_dir: Path = DEFAULT_EXPORTS, *,
              formats=None, progress=None) -> BuildReport:
    """Build ``data_dir`` into ``out_dir``: every format of :data:`kg.export.FORMATS`, or
    those named in ``formats``.  Raises DataError (nothing written) or ValueError (an
    unknown format name) before any file is written."""
    chosen = None if formats is None else list(dict.fromkeys(format_named(name).name
                                                              for name in formats))
    knowledge = KnowledgeGraph.from_data(data_dir, progress=progress)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    graph = knowledge.graph
    report = BuildReport(graph.counts, graph.triple_count)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        names, report.notes = knowledge.export(staging, chosen, progress=progress)
        for name in names:
            target = out_dir / name
            if (staging / name).is_dir() and target.is_dir():
                os.replace(target, staging / f".old-{name}")  # swap whole folders
            os.replace(staging / name, target)
            report.written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def load_graph(path: Path | str | None = None):
    """The built graph as an ``rdflib.Graph`` (default: ``exports/dlkg.ttl``)."""
    import rdflib
    return rdflib.Graph().parse(str(path or DEFAULT_EXPORTS / "dlkg.ttl"), format="turtle")
