"""The whole build, stage after stage, and the one-call loader for notebooks.

``run_build`` loads ``data/``, builds the triples, checks them against the shapes and only
then writes every export, each atomically: a failed build leaves the old exports as they were.
"""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .incremental import BuiltGraph, build_graph
from .load import load_data
from .paths import DEFAULT_DATA, DEFAULT_EXPORTS

__all__ = ["BuildReport", "write_exports", "check_data", "check_graph", "triples_of",
           "run_build", "load_graph"]


@dataclass
class BuildReport:
    """What a build made: entries per section, the triple count, and the files written."""

    counts: dict[str, int]
    triple_count: int
    written: list[Path] = field(default_factory=list)


def check_data(data_dir: Path):
    """Load, build and check ``data_dir``; raise DataError on any problem.

    Return (data, triples): every entry (:class:`kg.load.Data`) and the pyoxigraph Triples."""
    graph = check_graph(data_dir)
    data = graph.data if graph.data is not None else load_data(data_dir)
    return data, triples_of(graph.ntriples)


def check_graph(data_dir: Path, *, cache=True) -> BuiltGraph:
    """Load, build and check ``data_dir``, reusing what the last build kept of unchanged
    files (see :mod:`kg.incremental`); return the :class:`~kg.incremental.BuiltGraph` or
    raise DataError. The fast path: no Python object is made per triple."""
    return build_graph(data_dir, cache=cache)


def triples_of(ntriples: bytes) -> list:
    """The pyoxigraph Triples of N-Triples ``ntriples``, in order."""
    from pyoxigraph import RdfFormat, parse

    return [quad.triple for quad in parse(ntriples, format=RdfFormat.N_TRIPLES)]


def run_build(data_dir: Path = DEFAULT_DATA, out_dir: Path = DEFAULT_EXPORTS, *,
              html: bool = True, formats=None, cache: bool = True,
              progress=None) -> BuildReport:
    """Build ``data_dir`` into ``out_dir``; return what was written.

    Writes every export format, the HTML view, the charts and the ontology documentation.
    Everything is first written into a staging folder inside ``out_dir`` and only then
    renamed into place, so a failure leaves the previous exports as they were.
    ``formats`` limits the files to those formats (keys of ``export.EXPORT_FORMATS``).
    ``cache=False`` builds every file from scratch and keeps nothing for the next build.
    ``progress(message)``, when given, is called as each stage starts.
    """
    import tempfile

    say = progress or (lambda message: None)
    say("loading and checking the data")
    graph = check_graph(data_dir, cache=cache)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(graph.counts, graph.triple_count)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        kept = graph.kept_files  # the cache's copy of the output: read only if needed
        names = write_exports(None if kept else graph.ntriples, staging,
                              turtle=None if kept else graph.turtle, html=html,
                              formats=formats, progress=say, kept_files=kept)
        say("moving the new exports into place")
        for name in names:
            target = out_dir / name
            if (staging / name).is_dir():
                if target.is_dir():  # swap whole folders, so no stale file survives
                    os.replace(target, staging / f".old-{name}")
                os.replace(staging / name, target)
            else:
                os.replace(staging / name, target)
            report.written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _linked(source: Path, target: Path) -> bool:
    """Make ``target`` a hard link to ``source``; False when the file system refuses."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def write_exports(ntriples: bytes | None, folder: Path, *, turtle: bytes | None = None,
                  html: bool = True, formats=None, progress=None,
                  kept_files: dict[str, Path] | None = None) -> list[str]:
    """Write the exports of the graph ``ntriples`` (sorted N-Triples) into ``folder``;
    return the names written. ``turtle`` is the same graph as Turtle, when already made.
    ``kept_files`` maps "turtle" and "ntriples" to files that already hold those bytes
    (the build cache's copy): the exports are made hard links to them where the file
    system allows, which saves writing a second copy; ``ntriples`` may then be None.

    ``formats`` limits the RDF and network formats to those named (keys of
    ``export.EXPORT_FORMATS``); by default all of them, plus the view, charts and docs.
    """
    from . import export

    say = progress or (lambda message: None)
    wanted = list(export.EXPORT_FORMATS) if formats is None else list(formats)
    kept_files = kept_files or {}
    if ntriples is None and "ntriples" not in kept_files:
        raise ValueError("write_exports needs the N-Triples or a kept copy of them")
    written: list[str] = []
    for fmt in ("turtle", "ntriples"):
        if fmt in wanted:
            say(f"writing {fmt}")
            target = folder / export.EXPORT_FORMATS[fmt]
            if fmt in kept_files:
                if not _linked(kept_files[fmt], target):  # another file system
                    shutil.copyfile(kept_files[fmt], target)
            elif fmt == "turtle" and turtle is not None:
                export.write_bytes_atomically(folder / export.EXPORT_FORMATS[fmt], turtle)
            else:
                export.write_ntriples_as(ntriples, folder / export.EXPORT_FORMATS[fmt],
                                         format=fmt)
            written.append(export.EXPORT_FORMATS[fmt])
    if set(wanted) <= {"turtle", "ntriples"} and formats is not None:
        return written
    say("reading the graph back for the other formats")
    if ntriples is None:
        ntriples = kept_files["ntriples"].read_bytes()
    triples = triples_of(ntriples)
    if "rdfxml" in wanted:
        say("writing rdfxml")
        export.write_rdf(triples, folder / "dlkg.rdf", format="rdfxml")
        written.append("dlkg.rdf")
    if "jsonld" in wanted:
        say("writing JSON-LD")
        export.write_jsonld(triples, folder / "dlkg.jsonld", context_path=folder / "context.jsonld")
        written += ["dlkg.jsonld", "context.jsonld"]
    for fmt in ("trig", "nquads"):
        if fmt in wanted:
            say(f"writing {fmt} (a named graph per source)")
            export.write_quads(triples, folder / export.EXPORT_FORMATS[fmt], format=fmt)
            written.append(export.EXPORT_FORMATS[fmt])
    network_formats = [f for f in ("graphml", "gexf", "csv") if f in wanted]
    if network_formats or (html and formats is None):
        from .view import project

        say("projecting the graph for the network formats")
        graph = project(triples)
        if "graphml" in wanted:
            export.write_graphml(graph, folder / "dlkg.graphml")
            written.append("dlkg.graphml")
        if "gexf" in wanted:
            export.write_gexf(graph, folder / "dlkg.gexf")
            written.append("dlkg.gexf")
        if "csv" in wanted:
            export.write_csv_tables(graph, folder / "csv")
            written.append("csv")
        if html and formats is None:
            from .view import render_html

            say("drawing the HTML view")
            export.write_text_atomically(folder / "graph.html", render_html(graph))
            written.append("graph.html")
    if formats is None:
        say("drawing the charts and the ontology documentation")
        written += _write_charts_and_docs(triples, folder)
    return written


def _write_charts_and_docs(triples, folder: Path) -> list[str]:
    from .charts import activation_chart, ilsvrc_chart
    from .export import write_text_atomically
    from .ontology_docs import render_ontology_html
    from .query import named_query, run_query, store_of

    store = store_of(triples)

    def rows(name: str) -> list[dict]:
        result = run_query(store, named_query(name).text)
        return [{k: v.value for k, v in row.items()} for row in result.rows]

    written = []
    results = rows("ilsvrc-results")
    if results:
        write_text_atomically(folder / "ilsvrc-top5.svg", ilsvrc_chart(results))
        written.append("ilsvrc-top5.svg")
    functions = [r for r in rows("activation-functions") if r.get("formula")]
    if functions:
        unique = {r["function"]: r for r in functions}
        write_text_atomically(folder / "activation-functions.svg",
                              activation_chart(list(unique.values())))
        written.append("activation-functions.svg")
    write_text_atomically(folder / "ontology.html", render_ontology_html(triples))
    written.append("ontology.html")
    return written


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
