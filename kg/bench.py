"""``kg bench``: what ``kg build`` costs, measured as a user runs it, and stage by stage,
each beside a yardstick (PyYAML's C loader, pyoxigraph's writers and bare queries, rdflib's
SPARQL engine), on generated glossary-shaped YAML or on a data folder (:func:`run_shipped`).
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .query import bind_as_values, bind_params, named_queries, run_query
from .search import finder
from .resources import queries_dir

__all__ = ["generate_data", "run_bench", "run_shipped", "format_report", "TRIPLES_PER_UNIT"]

TRIPLES_PER_UNIT = 61  # measured on generated data: triples built per generated unit
UNITS_PER_FILE = 500
RDFLIB_SECONDS = 120  # what rdflib's engine is given for a query (all its runs)
RDFLIB_MEMORY = 6 * 2**30
_CATEGORIES = ("architecture", "activation-function", "optimization-algorithm",
               "regularization", "model-family", "mechanism")
_WORDS = ("deep", "residual", "recurrent", "sparse", "neural", "network", "attention",
          "gradient", "descent", "adversarial", "generative", "memory", "convolution",
          "normalization", "stochastic", "variational", "encoder", "decoder", "learning")


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def generate_data(folder: Path, triples: int, *, seed: int = 42,
                  units_per_file: int = UNITS_PER_FILE) -> int:
    """Write glossary-shaped YAML of about ``triples`` triples into ``folder``; return the number
    of units (one term, its paper and three authors, and a share of the rest)."""
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
            sections["people"] += [
                {"id": a, "name": f"Author {i} {k}",
                 "affiliations": [f"org-{rng.randrange(len(head['organizations']))}"],
                 "sources": [f"https://example.org/p/{i}"]} for k, a in enumerate(authors)]
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


def _command(arguments: list[str]) -> tuple[float, float]:
    """Run ``arguments`` as a process; return (seconds, its peak memory in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed: {process.stderr.read()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def _kg_build(data: Path, out: Path) -> tuple[float, float]:
    """The default ``kg build`` as a user runs it: (seconds, peak MB)."""
    return _command([sys.executable, "-m", "kg", "build", "--data", str(data), "--out", str(out)])


_QUERY_PARAMS = {"author": "Author 1 0", "term": "Term 1", "thing": "Term 1", "text": "residual"}


def _stages(data: Path, out: Path, query_runs: int) -> dict:
    """The build's stages, the yardsticks and the queries, timed here: {name: seconds}."""
    import gc

    from pyoxigraph import DefaultGraph, Quad, RdfFormat, serialize

    from .build import build_graph
    from .export import FORMATS, Exporter
    from .load import load_data
    from .namespaces import PREFIXES
    from .network import focus_store
    from .validate import validate_store
    from .view import render_html
    gc.disable()  # as the kg command does for its build
    stages = {}
    stages["load"], data_ = _timed(load_data, data)
    stages["build"], graph = _timed(build_graph, data_)
    stages["validate"], _ = _timed(validate_store, graph.store)
    exporter = Exporter(graph, out)
    for export_format in FORMATS:  # one at a time, to compare each with pyoxigraph
        stages[f"export:{export_format.name}"], _ = _timed(export_format.writer, exporter)
    # all of them as `kg build` writes them: side by side
    stages["exports"], _ = _timed(Exporter(graph, out).write, FORMATS)
    triples = [quad.triple for quad in graph.store.quads_for_pattern(None, None, None,
                                                                     DefaultGraph())]
    prefixes = dict(sorted(PREFIXES.items()))
    for name, rdf_format in (("turtle", RdfFormat.TURTLE), ("ntriples", RdfFormat.N_TRIPLES),
                             ("rdfxml", RdfFormat.RDF_XML), ("jsonld", RdfFormat.JSON_LD)):
        stages[f"oxigraph:{name}"], _ = _timed(serialize, triples, format=rdf_format,
                                               prefixes=prefixes)
    quads = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]
    del triples
    for name, rdf_format in (("trig", RdfFormat.TRIG), ("nquads", RdfFormat.N_QUADS)):
        stages[f"oxigraph:{name}"], _ = _timed(serialize, quads, format=rdf_format,
                                               prefixes=prefixes)
    del quads
    # the queries run as `kg query` runs them: beside the store alone, not the build's
    # million Python objects (which made every garbage collection slow)
    store = graph.store
    del graph, data_, exporter
    gc.enable()
    gc.collect()
    for query in named_queries():
        given = {p: _QUERY_PARAMS[p] for p in query.params}
        # kg's side finds the things named (a fresh index each run, as `kg query` does)
        bare = bind_as_values(query.text, bind_params(query, given, finder(store)))
        kg_times = [_timed(lambda: run_query(store, query.text, bind_params(
            query, given, finder(store))))[0] for _ in range(query_runs)]
        bare_times = [_timed(lambda: list(store.query(bare)))[0] for _ in range(query_runs)]
        # bare again, but reading every value of every solution, as any use of the rows must
        read_times = [_timed(lambda: [list(s) for s in store.query(bare)])[0]
                      for _ in range(query_runs)]
        stages[f"query:{query.name}"] = statistics.median(kg_times)
        stages[f"oxigraph-bare:{query.name}"] = statistics.median(bare_times)
        stages[f"oxigraph-read:{query.name}"] = statistics.median(read_times)
    stages["view:focus"], _ = _timed(
        lambda: render_html(focus_store(store, "term-1", 2), store=store))
    return stages


def _rdflib_queries(graph_file: Path, query_runs: int) -> dict:
    """rdflib's SPARQL engine on the built graph: {"rdflib:<query>": seconds}, None for a
    query stopped past RDFLIB_SECONDS or past RDFLIB_MEMORY bytes more address space (some
    take hours, or more memory than the machine has, at 100k triples and over)."""
    import rdflib
    import resource
    import signal
    from .query import open_store
    graph = rdflib.Graph().parse(str(graph_file), format="nt")
    find = finder(open_store(graph_file))
    stages = {}

    def stop(_signal, _frame):
        raise TimeoutError

    previous, limits = signal.signal(signal.SIGALRM, stop), resource.getrlimit(resource.RLIMIT_AS)
    used = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + RDFLIB_MEMORY, limits[1]))
    try:
        for query in named_queries():
            values = bind_params(query, {p: _QUERY_PARAMS[p] for p in query.params}, find)
            bindings = {rdflib.Variable(name): rdflib.Literal(value) if isinstance(value, str)
                        else rdflib.URIRef(value.value) for name, value in values.items()}
            signal.alarm(RDFLIB_SECONDS)
            try:
                stages[f"rdflib:{query.name}"] = statistics.median(
                    _timed(lambda: list(graph.query(query.text, initBindings=bindings)))[0]
                    for _ in range(query_runs))
            except (TimeoutError, MemoryError):
                stages[f"rdflib:{query.name}"] = None
            finally:
                signal.alarm(0)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)
        signal.signal(signal.SIGALRM, previous)
    return stages


def _c_loader_seconds(folder: Path) -> float:
    import yaml
    started = time.perf_counter()
    for path in sorted(folder.glob("*.yaml")):
        with open(path, "rb") as file:
            yaml.load(file, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def run_bench(triples: int, *, runs: int = 3, seed: int = 42, query_runs: int = 5,
              baseline: bool = True, progress=None) -> dict:
    """Time ``kg build``, its stages and yardsticks on generated data: medians and targets."""
    say = progress or (lambda message: None)
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        say(f"generating about {triples} triples of YAML")
        data = folder / "data"
        generate_data(data, triples, seed=seed)
        yaml_bytes = sum(p.stat().st_size for p in data.glob("*.yaml"))
        runs_seen: list[dict] = []
        for run in range(runs):
            say(f"run {run + 1}/{runs}: kg build")
            shutil.rmtree(folder / "out", ignore_errors=True)
            measured = {}
            measured["kg build"], measured["peak_mb"] = _kg_build(data, folder / "out")
            say(f"run {run + 1}/{runs}: PyYAML's C loader alone")
            measured["c_loader"] = _c_loader_seconds(data)
            say(f"run {run + 1}/{runs}: the stages")
            completed = subprocess.run(
                [sys.executable, "-m", "kg.bench", str(data), str(folder / "stages"),
                 str(query_runs)], capture_output=True, text=True, check=False)
            if completed.returncode != 0:
                raise RuntimeError(f"the stages failed:\n{completed.stderr[-2000:]}")
            measured.update(json.loads(completed.stdout.strip().splitlines()[-1]))
            if baseline:
                say(f"run {run + 1}/{runs}: rdflib's SPARQL engine")
                measured.update(_rdflib_queries(folder / "out" / "dlkg.nt", query_runs))
            runs_seen.append(measured)
        count = sum(1 for _ in open(folder / "out" / "dlkg.nt", "rb"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    medians = {key: None if any(r[key] is None for r in runs_seen)
               else round(statistics.median(r[key] for r in runs_seen), 4) for key in runs_seen[0]}
    return {"triples": count, "yaml_mb": round(yaml_bytes / 1e6, 1), "runs": runs,
            "seconds": medians, "targets": _targets(medians)}


def _targets(medians: dict) -> dict:
    """The ratios the targets of issue 13 are stated in."""
    targets = {"build_over_c_loader": round(medians["kg build"] / medians["c_loader"], 2),
               "build_peak_mb": medians["peak_mb"]}
    for name in ("turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads"):
        targets[f"export_{name}_over_oxigraph"] = round(
            medians[f"export:{name}"] / medians[f"oxigraph:{name}"], 2)
    for key, seconds in medians.items():
        if key.startswith("query:"):
            name = key.split(":", 1)[1]
            targets[f"{name}_over_bare"] = round(seconds / medians[f"oxigraph-bare:{name}"], 2)
            targets[f"{name}_over_read"] = round(seconds / medians[f"oxigraph-read:{name}"], 2)
            if f"rdflib:{name}" in medians:  # None: rdflib was stopped (see RDFLIB_SECONDS)
                rdflib = medians[f"rdflib:{name}"]
                targets[f"{name}_rdflib_over_kg"] = rdflib and round(rdflib / seconds, 1)
    return targets


def run_shipped(data: Path, *, runs: int = 7) -> dict:
    """Medians of ``kg build`` and ``kg query ilsvrc-results`` on ``data`` and bare pyoxigraph."""
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-shipped-"))
    query = str(queries_dir() / "ilsvrc-results.rq")
    bare = ("import pyoxigraph as o, sys; s = o.Store(); s.load(path=sys.argv[1], "
            "format=o.RdfFormat.TURTLE); list(s.query(open(sys.argv[2]).read()))")
    try:
        builds, queries, bares = [], [], []
        for _run in range(runs):
            builds.append(_kg_build(data, folder)[0])
            queries.append(_command([sys.executable, "-m", "kg", "query", "ilsvrc-results",
                                     "--graph", str(folder / "dlkg.nt")])[0])
            bares.append(_command([sys.executable, "-c", bare, str(folder / "dlkg.ttl"), query])[0])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    medians = {"kg build": statistics.median(builds),
               "kg query ilsvrc-results": statistics.median(queries),
               "python -c pyoxigraph": statistics.median(bares)}
    return {"runs": runs, "seconds": {k: round(v, 3) for k, v in medians.items()},
            "query_over_bare": round(medians["kg query ilsvrc-results"]
                                     / medians["python -c pyoxigraph"], 2)}


def format_report(report: dict) -> str:
    """The report as lines of text: every timing, then the targets' ratios."""
    lines = [f"{report['triples']} triples ({report['yaml_mb']} MB of YAML), medians of "
             f"{report['runs']} runs (seconds; peak_mb in MB)"]
    lines += [f"  {key:<40} {value:>10}" for key, value in report["seconds"].items()]
    lines.append("targets (ratios):")
    lines += [f"  {key:<40} {value:>10}" for key, value in report["targets"].items()]
    return "\n".join(lines)


if __name__ == "__main__":  # the stages in a process of their own: DATA OUT QUERY_RUNS
    print(json.dumps(_stages(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
