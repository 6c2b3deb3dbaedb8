"""``kg bench``: DLKG's pipeline against the plain-rdflib pipeline, stage by stage.

The data is generated, glossary-shaped YAML in ``data/``'s format (terms, papers, people,
organisations, datasets, competitions, editions and results in fixed proportions),
reproducible from a seed.  Each side runs in its own process (so peak memory is its own),
several times; the medians are reported with their ratio (baseline / kg: above 1, kg is
faster).

Stages: ``load`` (YAML to checked entries / ``yaml.safe_load``), ``build`` (the whole cold
build: load, triples, validation, Turtle and N-Triples), ``validate``, ``export:turtle``,
``export:ntriples``, ``query:<name>`` per named query, ``view`` (the HTML of one term's
neighbourhood, kg only) and ``rebuild`` (a build after one entry changed, kg only).
``oxigraph:turtle`` is pyoxigraph's own Turtle serializer on the same graph (a list of its
triples), measured in the kg process as the yardstick for ``export:turtle``;
``oxigraph:turtle-from-ntriples`` is pyoxigraph parsing the N-Triples text that
``export:turtle`` starts from and serializing it as Turtle (the same job, input to output).
"""

import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["generate_data", "run_side", "run_bench", "TRIPLES_PER_UNIT"]

TRIPLES_PER_UNIT = 58  # measured on generated data: triples built per generated unit
UNITS_PER_FILE = 500
_CATEGORIES = ("architecture", "activation-function", "optimization-algorithm",
               "regularization", "model-family", "mechanism")
_WORDS = ("deep", "residual", "recurrent", "sparse", "neural", "network", "attention",
          "gradient", "descent", "adversarial", "generative", "memory", "convolution",
          "normalization", "stochastic", "variational", "encoder", "decoder", "learning")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def generate_data(folder: Path, triples: int, *, seed: int = 42,
                  units_per_file: int = UNITS_PER_FILE) -> int:
    """Write glossary-shaped YAML of about ``triples`` triples into ``folder``; return the
    number of units (one term, its paper and three authors, and a share of the rest).

    The organisations, datasets, competitions and editions go to ``000-head.yaml``, the
    units to files of ``units_per_file`` units each (a large glossary is kept in many
    files, so that an edit touches one of them)."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    units = max(1, triples // TRIPLES_PER_UNIT)
    head = {"sources": [{"id": "glossary", "title": "Generated glossary",
                         "url": "https://example.org/glossary"}],
            "measures": [{"id": "top-5-error", "label": "top-5 error rate", "unit": "percent",
                          "lower_is_better": True}],
            "organizations": [{"id": f"org-{k}", "name": f"Organisation {k}",
                               "url": f"https://example.org/org/{k}"}
                              for k in range(max(1, units // 200))],
            "datasets": [{"id": f"dataset-{k}", "label": f"Dataset {k}",
                          "description": _sentence(rng, 12), "example_count": 60000,
                          "class_count": 10, "train_count": 50000, "test_count": 10000,
                          "modality": "image", "year": 2009,
                          "sources": [f"https://example.org/dataset/{k}"]}
                         for k in range(max(1, units // 100))],
            "competitions": [{"id": f"competition-{k}", "label": f"Challenge {k}",
                              "dataset": f"dataset-{k % max(1, units // 100)}",
                              "sources": [f"https://example.org/challenge/{k}"]}
                             for k in range(max(1, units // 400))]}
    head["editions"] = [{"id": f"edition-{k}-{year}", "competition": f"competition-{k}",
                         "year": year, "sources": [f"https://example.org/challenge/{k}/{year}"]}
                        for k in range(len(head["competitions"])) for year in range(2010, 2018)]
    _write_yaml(folder / "000-head.yaml", head)
    editions = [e["id"] for e in head["editions"]]
    for start in range(0, units, units_per_file):
        sections = {"people": [], "papers": [], "terms": [], "results": []}
        for i in range(start, min(units, start + units_per_file)):
            authors = [f"person-{i}-{k}" for k in range(3)]
            sections["people"] += [{"id": a, "name": f"Author {i} {k}",
                                    "affiliations": [f"org-{rng.randrange(len(head['organizations']))}"],
                                    "sources": [f"https://example.org/p/{i}"]}
                                   for k, a in enumerate(authors)]
            sections["papers"].append({
                "id": f"paper-{i}", "title": _sentence(rng, 8), "authors": authors,
                "year": rng.randrange(1990, 2024), "venue": "Conference on Generated Results",
                "arxiv": f"{1000 + i % 9000}.{i % 100000:05d}", "url": f"https://example.org/p/{i}",
                "sources": [f"https://example.org/p/{i}"]})
            term = {"id": f"term-{i}", "label": f"Term {i}", "acronyms": [f"T{i}"],
                    "aliases": [f"term number {i}"], "category": rng.choice(_CATEGORIES),
                    "definition": _sentence(rng, 16), "definition_sources": [f"paper-{i}"],
                    "glossary_text": _sentence(rng, 20), "year": rng.randrange(1990, 2024),
                    "introduced_in": [f"paper-{i}"],
                    "evaluated_on": [f"dataset-{rng.randrange(len(head['datasets']))}"]}
            if i > 0:
                term["broader"] = [f"term-{rng.randrange(i)}"]
                term["uses"] = sorted({f"term-{rng.randrange(i)}" for _ in range(2)})
                if i % 5 == 0:  # lineage: chains of variants and successors, as in the glossary
                    term["variant_of"] = [f"term-{i - 1 - rng.randrange(min(i, 20))}"]
                if i % 7 == 0:
                    term["successor_of"] = [f"term-{i - 1 - rng.randrange(min(i, 20))}"]
            if i % 3 == 0:
                term["formula"] = "f(x) = max(x, 0)"
            sections["terms"].append(term)
            if i % 4 == 0:
                sections["results"].append({
                    "id": f"result-{i}", "edition": rng.choice(editions), "entry": f"Entry {i}",
                    "model": f"term-{i}", "metric": "top-5-error",
                    "value": round(rng.uniform(2, 30), 2), "split": "test", "rank": 1 + i % 10,
                    "claimed_by": rng.choice(("official", "paper", "glossary")),
                    "source": f"https://example.org/r/{i}"})
        _write_yaml(folder / f"{start // units_per_file + 1:04d}-units.yaml", sections)
    return units


def _write_yaml(path: Path, document: dict) -> None:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return time.perf_counter() - started, value


def _kg_side(data: Path, out: Path, query_runs: int) -> dict:
    """Run DLKG's pipeline on ``data``; return {stage: seconds}."""
    from pyoxigraph import RdfFormat, parse, serialize

    from .build import build_ntriples
    from .export import write_ntriples_as
    from .load import load_data
    from .namespaces import PREFIXES
    from .pipeline import triples_of
    from .query import named_queries, run_query, store_of
    from .validate import validate_ntriples

    stages = {}
    stages["build"], _ = _timed(_kg_build, data, out)
    triples = triples_of((out / "dlkg.nt").read_bytes())  # for the queries (not timed)
    stages["load"], loaded = _timed(load_data, data, cache=False)
    ntriples = build_ntriples(loaded)
    del loaded
    stages["validate"], _ = _timed(validate_ntriples, ntriples)
    stages["export:turtle"], _ = _timed(write_ntriples_as, ntriples, out / "t.ttl",
                                        format="turtle")
    # pyoxigraph's own serializer on the same graph, for comparison (not kg stages): from
    # a list of its Triples, and from the same N-Triples text kg's writer starts from
    stages["oxigraph:turtle"], _ = _timed(serialize, triples, format=RdfFormat.TURTLE,
                                          prefixes=PREFIXES)
    stages["oxigraph:turtle-from-ntriples"], _ = _timed(
        serialize, parse(ntriples, format=RdfFormat.N_TRIPLES), format=RdfFormat.TURTLE,
        prefixes=PREFIXES)
    stages["export:ntriples"], _ = _timed(write_ntriples_as, ntriples, out / "t.nt",
                                          format="ntriples")
    del ntriples
    store = store_of(triples)
    for query in named_queries():
        params = {p: _QUERY_PARAMS[p] for p in query.params}
        times = [_timed(run_query, store, query.text, params)[0] for _ in range(query_runs)]
        stages[f"query:{query.name}"] = statistics.median(times)
    del store
    stages["view"], _ = _timed(_focused_view, triples, "term-1", 1)
    count = len(triples)
    del triples
    # a rebuild after one entry changed: the build keeps what each file gave (a cache)
    first = sorted(data.glob("*-units.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("Term 1\n", "Term one\n", 1),
                     encoding="utf-8")
    stages["rebuild"], _ = _timed(_kg_build, data, out)
    return stages, count


def _focused_view(triples: list, focus: str, depth: int) -> str:
    """What ``kg view --focus FOCUS --depth DEPTH`` does with the graph's triples."""
    from .view import focus_triples, project, render_html

    return render_html(project(focus_triples(triples, focus, depth)), focus=focus, depth=depth)


def _kg_build(data: Path, out: Path) -> None:
    """What ``kg build --formats turtle,ntriples`` does: load, build, validate, write (from
    nothing on the first call: the bench gives each run an empty cache)."""
    from .pipeline import run_build

    run_build(data, out, html=False, formats=["turtle", "ntriples"])


_QUERY_PARAMS = {"author": "Author 1 0", "term": "Term 1", "text": "residual"}


def _baseline_side(data: Path, out: Path, query_runs: int) -> dict:
    """The plain pipeline: PyYAML safe_load, an rdflib Graph, rdflib's SPARQL and Turtle."""
    import rdflib
    import yaml

    from .query import named_queries

    stages = {}

    def load():
        return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(data.glob("*.yaml"))]

    def build():
        documents = load()
        graph = _baseline_graph(documents)
        graph.serialize(out / "baseline.ttl", format="turtle")
        graph.serialize(out / "baseline.nt", format="nt")
        return graph

    stages["build"], graph = _timed(build)
    stages["load"], documents = _timed(load)
    stages["export:turtle"], _ = _timed(graph.serialize, out / "b.ttl", format="turtle")
    stages["export:ntriples"], _ = _timed(graph.serialize, out / "b.nt", format="nt")
    for query in named_queries():
        text = query.text
        bindings = {rdflib.Variable(p): rdflib.Literal(_QUERY_PARAMS[p]) for p in query.params}
        times = []
        for _ in range(query_runs):
            started = time.perf_counter()
            list(graph.query(text, initBindings=bindings))
            times.append(time.perf_counter() - started)
        stages[f"query:{query.name}"] = statistics.median(times)
    return stages, len(graph)


def _baseline_graph(documents: list):
    """The same triples as DLKG builds, added one by one to an rdflib Graph."""
    import rdflib

    from .build import build_triples
    from .load import Data, Entry

    # The mapping is DLKG's own (so both sides hold the same graph); only the containers
    # differ: plain dicts from safe_load in, rdflib terms out.
    entries = {}
    for document in documents:
        for section, items in document.items():
            for item in items:
                fields = {k: (str(v) if k == "value" else v) for k, v in item.items() if k != "id"}
                if "created" in fields:
                    fields["created"] = str(fields["created"])
                entries[item["id"]] = Entry(section, item["id"], fields, "", 0)
    triples = build_triples(Data(entries, ""))
    graph = rdflib.Graph()
    for triple in triples:
        graph.add(tuple(_to_rdflib(term) for term in (triple.subject, triple.predicate,
                                                       triple.object)))
    return graph


def _to_rdflib(term):
    import rdflib
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(term)


def run_side(side: str, data: Path, *, query_runs: int = 5) -> dict:
    """Run one side (``kg`` or ``baseline``) here; return its stages and peak memory."""
    out = Path(tempfile.mkdtemp(prefix=f"kg-bench-{side}-"))
    try:
        stages, count = (_kg_side if side == "kg" else _baseline_side)(Path(data), out,
                                                                         query_runs)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"stages": stages, "triples": count, "peak_rss_mb": round(peak_kb / 1024, 1)}


def run_bench(triples: int, *, runs: int = 3, seed: int = 42, query_runs: int = 5,
              baseline: bool = True, progress=None) -> dict:
    """Generate data of about ``triples`` triples and measure both sides ``runs`` times each,
    alternating; return the report (see the module doc and README)."""
    say = progress or (lambda message: None)
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-data-"))
    try:
        say(f"generating about {triples} triples of YAML")
        generate_data(folder / "data", triples, seed=seed)
        yaml_bytes = sum(p.stat().st_size for p in (folder / "data").glob("*.yaml"))
        results: dict[str, list] = {"kg": [], "baseline": []}
        c_loader, c_loader_without_gc = [], []
        sides = ["kg", "baseline"] if baseline else ["kg"]
        for run in range(runs):
            for side in sides:
                say(f"run {run + 1}/{runs}: {side}")
                work = folder / f"{side}-{run}"
                shutil.copytree(folder / "data", work)  # each run starts cold and unchanged
                environment = dict(os.environ, DLKG_CACHE=str(folder / f"cache-{side}-{run}"))
                completed = subprocess.run(  # a fresh parse cache: the build starts cold
                    [sys.executable, "-m", "kg.bench", side, str(work), str(query_runs)],
                    capture_output=True, text=True, check=False, env=environment)
                if completed.returncode != 0:
                    raise RuntimeError(f"{side} side failed:\n{completed.stderr[-2000:]}")
                results[side].append(json.loads(completed.stdout.strip().splitlines()[-1]))
                shutil.rmtree(work, ignore_errors=True)
            say(f"run {run + 1}/{runs}: PyYAML's C loader alone on the same YAML")
            c_loader.append(_c_loader_seconds(folder / "data"))
            c_loader_without_gc.append(_c_loader_seconds(folder / "data", collect=False))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stages = {}
    for stage in results["kg"][0]["stages"]:
        kg = statistics.median(r["stages"][stage] for r in results["kg"])
        base = [r["stages"][stage] for r in results["baseline"] if stage in r["stages"]]
        stages[stage] = {"kg": round(kg, 4),
                         "baseline": round(statistics.median(base), 4) if base else None}
    return {"triples": results["kg"][0]["triples"], "yaml_mb": round(yaml_bytes / 1e6, 1),
            "runs": runs, "c_loader_seconds": round(statistics.median(c_loader), 3),
            "c_loader_seconds_without_gc": round(statistics.median(c_loader_without_gc), 3),
            "stages": stages,
            "peak_rss_mb": {side: max(r["peak_rss_mb"] for r in results[side])
                            for side in sides},
            "targets": _targets(stages, statistics.median(c_loader),
                                statistics.median(c_loader_without_gc))}


def _targets(stages: dict, c_loader: float, c_loader_without_gc: float) -> dict:
    """The ratios the speed targets are stated in (README, "Performance")."""
    kg = {stage: figures["kg"] for stage, figures in stages.items()}
    return {
        "build_over_c_loader": round(kg["build"] / c_loader, 2),
        "build_over_c_loader_without_gc": round(kg["build"] / c_loader_without_gc, 2),
        "cold_build_over_rebuild": round(kg["build"] / kg["rebuild"], 1),
        "turtle_over_oxigraph_turtle": round(kg["export:turtle"] / kg["oxigraph:turtle"], 2),
        "turtle_over_oxigraph_turtle_from_ntriples": round(
            kg["export:turtle"] / kg["oxigraph:turtle-from-ntriples"], 2),
    }


def _c_loader_seconds(folder: Path, *, collect: bool = True) -> float:
    """Seconds PyYAML's C loader takes to read every YAML file of ``folder``; with the
    garbage collector off when not ``collect`` (kg's build turns it off: half of the C
    loader's time at this size is the collector's)."""
    import gc

    import yaml

    collecting = gc.isenabled()
    if not collect:
        gc.disable()
    try:
        started = time.perf_counter()
        for path in sorted(folder.glob("*.yaml")):
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        return time.perf_counter() - started
    finally:
        if collecting:
            gc.enable()


def format_report(report: dict) -> str:
    """The report as an aligned table with the ratio baseline / kg per stage."""
    lines = [f"{report['triples']} triples ({report['yaml_mb']} MB of YAML), medians of "
             f"{report['runs']} runs; PyYAML's C loader alone: {report['c_loader_seconds']} s "
             f"({report['c_loader_seconds_without_gc']} s with the garbage collector off)",
             f"{'stage':<28} {'kg (s)':>10} {'baseline (s)':>13} {'baseline/kg':>12}"]
    for stage, figures in report["stages"].items():
        base = figures["baseline"]
        ratio = f"{base / figures['kg']:.1f}x" if base and figures["kg"] else "-"
        lines.append(f"{stage:<28} {figures['kg']:>10.4f} "
                     f"{(f'{base:.4f}' if base is not None else '-'):>13} {ratio:>12}")
    memory = report["peak_rss_mb"]
    lines.append("peak memory (MB): " + ", ".join(f"{k} {v}" for k, v in memory.items()))
    targets = report["targets"]
    lines.append(f"cold build / C loader alone: {targets['build_over_c_loader']}x "
                 f"({targets['build_over_c_loader_without_gc']}x with its collector off); "
                 f"cold build / rebuild: {targets['cold_build_over_rebuild']}x; "
                 f"Turtle / pyoxigraph's serializer: {targets['turtle_over_oxigraph_turtle']}x "
                 "from its Triples, "
                 f"{targets['turtle_over_oxigraph_turtle_from_ntriples']}x from the same "
                 "N-Triples")
    return "\n".join(lines)


if __name__ == "__main__":  # one side in its own process: python -m kg.bench SIDE DATA RUNS
    print(json.dumps(run_side(sys.argv[1], Path(sys.argv[2]), query_runs=int(sys.argv[3]))))
