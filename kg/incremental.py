"""Stages 2 and 3 file by file: the build keeps what each data file gave, for the next build.

For every data file the build makes a :class:`FileResult`: the triples of the file's entries
grouped by subject (as N-Triples lines and as a Turtle block), the ``rdf:type`` of each
subject, the file's shape-check verdict, and the summaries (:func:`kg.build.summary_of`) of
the entries it defines and of the other entries it used.  Results are kept in the cache
folder, keyed by the file's bytes and by the code, ontology and shapes that made them.  A
later build reuses a file's result when the file is unchanged and every summary it used is
unchanged, and makes the others again (in parallel when there is enough work).

The graph is then joined from the results, subject after subject: byte for byte the graph
that :func:`kg.build.build_ntriples` makes from all the entries at once (tested).  Anything
unusual (a problem in the data, a subject two files describe) sends the build down the
plain path (load everything, build everything), which also gives the full error report.
"""

import gc
import hashlib
import os
import re
from array import array
from itertools import accumulate, chain
from operator import itemgetter
from dataclasses import dataclass
from pathlib import Path

from .build import (Statistics, description_lines, entry_lines, shared_lines, summary_of,
                    statistics_of)
from .errors import DataError, Problem
from .export import TurtleWriter
from .load import (CYCLE_FIELDS, Data, Entry, check_references, data_files, default_cache_dir,
                   find_cycles, keep, load_data, parse_files, prune_cache_folder,
                   read_folder, read_kept)
from .namespaces import short_iri
from .paths import ONTOLOGY_FILE, SHAPES_FILE
from .validate import PYSHACL_LIMIT, ShapeChecker, Violation, group_by_subject

__all__ = ["FileResult", "BuiltGraph", "build_graph", "PARALLEL_MIN_BYTES"]

_PREDICATE = re.compile(rb"^\S+ (<[^>]*>) ", re.MULTILINE)  # a line's predicate
PARALLEL_MIN_BYTES = 2_000_000  # below this much YAML to build, one process is quicker
_RESULT_VERSION = b"dlkg-file-result-1"


@dataclass
class FileResult:
    """What one data file gives the graph (see the module doc)."""

    places: dict[str, tuple[str, int]]  # id -> (file, line) of each entry it defines
    summaries: dict[str, tuple]  # id -> summary_of(entry), for each entry it defines
    links: dict[str, dict]  # id -> {field: ids} for the fields that must not form cycles
    imports: dict[str, tuple | None]  # summaries of other entries that its triples used
    text: "Blocks"  # the triples, subject by subject, as N-Triples and as Turtle
    types: dict[str, tuple[str, ...]]  # subject -> its rdf:type IRIs
    violations: list[Violation]  # shape violations found within the file
    pending: list[tuple]  # class checks on nodes described elsewhere
    statistics: Statistics  # for the description of the whole graph
    descriptions: list[Entry]  # the file's ``description`` entries, described last


@dataclass
class Blocks:
    """Triples grouped by subject, sorted: ``ntriples`` and ``turtle`` hold every subject's
    block one after the other (UTF-8); ``*_ends`` the offset where each block ends.

    One bytes object and an array of offsets load many times faster than a dict of
    strings, which is what a rebuild spends its time on."""

    subjects: list[str]
    ntriples: bytes
    nt_ends: array
    turtle: bytes
    ttl_ends: array

    @classmethod
    def of(cls, grouped: dict[str, list[str]], writer: TurtleWriter) -> "Blocks":
        """The blocks of ``grouped`` (subject -> its sorted N-Triples lines)."""
        subjects = sorted(grouped)
        nt_parts = ["".join(line + "\n" for line in grouped[s]).encode() for s in subjects]
        ttl_parts = [writer.block(grouped[s]).encode() for s in subjects]
        return cls(subjects, b"".join(nt_parts), array("Q", accumulate(map(len, nt_parts))),
                   b"".join(ttl_parts), array("Q", accumulate(map(len, ttl_parts))))


@dataclass
class BuiltGraph:
    """A checked graph: sorted N-Triples, Turtle, and the count of entries per section."""

    ntriples: bytes
    turtle: bytes
    counts: dict[str, int]
    triple_count: int
    data: Data | None = None  # every entry, when the build had to load them all
    files_built: int = 0  # how many files' results were made (not reused) by this build


class _Fallback(Exception):
    """The incremental path cannot go on; the plain path will (and report problems)."""


def build_graph(folder: Path, *, cache: Path | None | bool = True,
                workers: int | None = None) -> BuiltGraph:
    """Load, build and check the data in ``folder``; return the graph or raise DataError.

    ``cache`` is the cache folder (``True``: :func:`kg.load.default_cache_dir`; ``None`` or
    ``False``: keep nothing, build everything); ``workers`` the number of processes
    (default: one per core).
    """
    folder = Path(folder)
    cache_dir = default_cache_dir() if cache is True else (Path(cache) if cache else None)
    files = data_files(folder) if folder.is_dir() else []
    contents, _digest = read_folder(folder, files) if files else ([], "")
    if not files or len(contents) != len(files):
        return _plain(folder, cache_dir)  # reports the missing folder or unreadable file
    code = _code_key()
    keys = {key: hashlib.sha256(code + key.encode()).hexdigest() for _p, _r, key in contents}
    kept = {key: _read_result(cache_dir, keys[key]) for _p, _r, key in contents}
    if cache_dir is not None:
        prune_cache_folder(_results_folder(cache_dir), set(keys.values()))
    try:
        if all(result is None for result in kept.values()):
            return _cold(folder, contents, keys, cache_dir, workers)
        return _warm(contents, keys, kept, cache_dir, workers)
    except _Fallback:
        return _plain(folder, cache_dir)


def _cold(folder: Path, contents, keys, cache_dir, workers) -> BuiltGraph:
    """Nothing kept: load every entry (the loader reports every problem), build every file.

    The parses are not kept (the files' results are, which is what a rebuild reads):
    keeping them cost a tenth of a cold build at a million triples."""
    data = load_data(folder, cache=False, workers=workers)
    by_file: dict[str, list[Entry]] = {str(path): [] for path, _r, _k in contents}
    for entry in data.entries.values():
        by_file[entry.file].append(entry)
    summaries = {entry_id: summary_of(entry) for entry_id, entry in data.entries.items()}
    jobs = [(by_file[str(path)], keys[key]) for path, raw, key in contents]
    sizes = [len(raw) for _p, raw, _k in contents]
    results = _build_files(jobs, sizes, summaries, cache_dir, workers)
    graph = _assemble(results, summaries)
    graph.data, graph.files_built = data, len(jobs)
    return graph


def _warm(contents, keys, kept, cache_dir, workers) -> BuiltGraph:
    """Some files kept: parse the changed ones, rebuild those and any whose inputs changed."""
    changed = [(path, raw, key) for path, raw, key in contents if kept[key] is None]
    parsed = parse_files(changed, cache_dir, workers)
    summaries: dict[str, tuple] = {}
    entries_of: dict[str, list[Entry]] = {}
    for path, raw, key in contents:
        if kept[key] is not None:
            defined = kept[key].summaries
        else:
            file_entries, problems, _rejected = parsed[key]
            if problems:
                raise _Fallback
            entries_of[key] = file_entries
            defined = {entry.id: summary_of(entry) for entry in file_entries}
        size = len(summaries) + len(defined)
        summaries.update(defined)
        if len(summaries) != size:
            raise _Fallback  # a duplicate id
    # A kept result whose file used a summary that has changed is made again.
    stale = [(path, raw, key) for path, raw, key in contents if kept[key] is not None
             and any(summaries.get(i) != s for i, s in kept[key].imports.items())]
    reparsed = parse_files(stale, cache_dir, workers) if stale else {}
    for _path, _raw, key in stale:
        entries_of[key] = reparsed[key][0]
        kept[key] = None
    to_build = [(path, raw, key) for path, raw, key in contents if kept[key] is None]
    sections = {entry_id: summary[0] for entry_id, summary in summaries.items()}
    if check_references([e for _p, _r, k in to_build for e in entries_of[k]], sections, set()):
        raise _Fallback
    links = {}
    for _path, _raw, key in contents:
        if kept[key] is not None:
            links.update(kept[key].links)
        else:
            links.update(_links_of(entries_of[key]))
    if find_cycles(links):
        raise _Fallback
    built = _build_files([(entries_of[key], keys[key]) for _p, _r, key in to_build],
                         [len(raw) for _p, raw, _k in to_build], summaries, cache_dir, workers)
    fresh = dict(zip((key for _p, _r, key in to_build), built))
    results = [kept[key] if kept[key] is not None else fresh[key] for _p, _r, key in contents]
    graph = _assemble(results, summaries)
    graph.files_built = len(to_build)
    return graph


def _links_of(entries: list[Entry]) -> dict[str, dict]:
    return {entry.id: {name: entry.fields[name] for name in CYCLE_FIELDS if name in entry.fields}
            for entry in entries if any(name in entry.fields for name in CYCLE_FIELDS)}


# What the worker processes share with the parent (set before they are forked).
_SHARED: dict = {}


def _build_files(jobs, sizes, summaries, cache_dir, workers) -> list[FileResult]:
    """Build each (entries, result key) of ``jobs``; keep each result in ``cache_dir``."""
    checker = ShapeChecker(SHAPES_FILE)
    checker.learn_classes(shared_lines(summaries, ontology=ONTOLOGY_FILE))
    _SHARED.update(jobs=jobs, summaries=summaries, checker=checker, cache_dir=cache_dir)
    try:
        workers = min(workers or os.cpu_count() or 1, len(jobs))
        if workers > 1 and sum(sizes) >= PARALLEL_MIN_BYTES:
            import concurrent.futures
            import multiprocessing

            context = multiprocessing.get_context("fork")  # the workers inherit _SHARED
            # Frozen objects are left alone by the workers' garbage collector, so the
            # memory they share with this process is not copied page by page.
            gc.freeze()
            try:
                with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
                    return list(pool.map(_build_job, range(len(jobs)), chunksize=1))
            finally:
                gc.unfreeze()
        return [_build_job(number) for number in range(len(jobs))]
    finally:
        _SHARED.clear()


def _build_job(number: int) -> FileResult:
    entries, result_key = _SHARED["jobs"][number]
    result = build_file(entries, _SHARED["summaries"], _SHARED["checker"])
    keep(_results_folder(_SHARED["cache_dir"]), result_key, result)
    return result


def build_file(entries: list[Entry], summaries: dict[str, tuple],
               checker: ShapeChecker) -> FileResult:
    """The :class:`FileResult` of one file's ``entries`` (``summaries`` covers all ids)."""
    lines, imports = entry_lines(entries, summaries)
    grouped = group_by_subject(sorted(set(lines)))
    types = checker.types_of_blocks(grouped)
    violations, pending = checker.check_blocks(grouped, types)
    text = Blocks.of(grouped, TurtleWriter())
    statistics = Statistics(
        subjects=sum(1 for subject in grouped if subject[0] == "<"),
        properties={p.decode() for p in set(_PREDICATE.findall(text.ntriples))},
        classes={f"<{rdf_class}>" for found in types.values() for rdf_class in found},
        triples=text.ntriples.count(b"\n"))
    return FileResult(
        places={entry.id: (entry.file, entry.line) for entry in entries},
        summaries=_shared_tuples({entry.id: summary_of(entry) for entry in entries}),
        links=_links_of(entries), imports=_shared_tuples(imports), text=text,
        types=_shared_tuples(types),
        violations=violations, pending=pending, statistics=statistics,
        descriptions=[entry for entry in entries if entry.section == "description"])


def _shared_tuples(values: dict[str, tuple]) -> dict[str, tuple]:
    """``values`` with equal tuples made one object (pickle then writes each once)."""
    seen: dict = {}
    return {key: seen.setdefault(value, value) for key, value in values.items()}


def _assemble(results: list[FileResult], summaries: dict[str, tuple]) -> BuiltGraph:
    """Join the files' results with the shared triples and the description; check them."""
    checker = ShapeChecker(SHAPES_FILE)
    shared = group_by_subject(sorted(set(shared_lines(summaries, ontology=ONTOLOGY_FILE))))
    checker.learn_classes(line for lines in shared.values() for line in lines)
    statistics = statistics_of(line for lines in shared.values() for line in lines)
    types: dict[str, tuple] = {}
    places: dict[str, tuple[str, int]] = {}
    for result in results:
        types.update(result.types)
        places.update(result.places)
        statistics.merge(result.statistics)
    for result in results:
        for entry in result.descriptions:
            shared.update(group_by_subject(sorted(set(
                description_lines(entry, summaries, statistics)))))
    types.update(checker.types_of_blocks(shared))
    violations, pending = checker.check_blocks(shared, types)
    for result in results:
        violations += result.violations
        pending += result.pending
    violations += checker.resolve(pending, types)
    writer = TurtleWriter()
    parts = [result.text for result in results] + [Blocks.of(shared, writer)]
    subjects = [subject for part in parts for subject in part.subjects]
    order = sorted(range(len(subjects)), key=subjects.__getitem__)
    if any(subjects[a] == subjects[b] for a, b in zip(order, order[1:])):
        raise _Fallback  # a subject described in two places
    ntriples = _join(order, [_split(part.ntriples, part.nt_ends) for part in parts])
    if statistics.triples < PYSHACL_LIMIT:  # small: the reference engine, its messages
        from .validate import validate_ntriples

        violations = validate_ntriples(ntriples, engine="pyshacl")
    if violations:
        raise DataError([_problem(v, places) for v in sorted(
            set(violations), key=lambda v: (v.focus, v.path or "", v.message))])
    counts: dict[str, int] = {}
    for summary in summaries.values():
        counts[summary[0]] = counts.get(summary[0], 0) + 1
    turtle = writer.document([]) + _join(order, [_split(part.turtle, part.ttl_ends)
                                                 for part in parts])
    return BuiltGraph(ntriples, turtle, counts, ntriples.count(b"\n"))


def _split(text: bytes, ends: array) -> list[bytes]:
    """The blocks of ``text`` that end at ``ends``."""
    return [text[start:end] for start, end in zip(chain((0,), ends), ends)]


def _join(order: list[int], blocks_of_parts: list[list[bytes]]) -> bytes:
    """All blocks (numbered across the parts, in part order) joined in ``order``."""
    blocks = [block for part in blocks_of_parts for block in part]
    return b"".join(itemgetter(*order)(blocks)) if len(order) > 1 else b"".join(blocks)


def _problem(violation: Violation, places) -> Problem:
    """A SHACL violation as a Problem that points at the entry's YAML."""
    entry_id = violation.focus.split("#")[0].rsplit("/", 1)[-1]
    if entry_id not in places:
        return Problem("(graph)", None, None, violation.path, f"shape: {violation}")
    file, line = places[entry_id]
    return Problem(file, line, entry_id, short_iri(violation.path),
                   f"shape violation: {violation.message}")


def _plain(folder: Path, cache_dir) -> BuiltGraph:
    """Everything from scratch in this process (also what reports problems in full)."""
    data = load_data(folder, cache=cache_dir or False)
    summaries = {entry_id: summary_of(entry) for entry_id, entry in data.entries.items()}
    files: dict[str, list[Entry]] = {}
    for entry in data.entries.values():
        files.setdefault(entry.file, []).append(entry)
    checker = ShapeChecker(SHAPES_FILE)
    checker.learn_classes(shared_lines(summaries, ontology=ONTOLOGY_FILE))
    try:
        graph = _assemble([build_file(entries, summaries, checker)
                           for entries in files.values()], summaries)
    except _Fallback:  # cannot happen: every subject's IRI holds the id of its one entry
        raise RuntimeError("two files describe the same subject") from None
    graph.data, graph.files_built = data, len(files)
    return graph


def _code_key() -> bytes:
    """A hash of what makes a FileResult besides the file: our code, ontology and shapes."""
    from . import build, export, load, namespaces, schema, validate

    hashed = hashlib.sha256(_RESULT_VERSION)
    for module in (build, export, load, namespaces, schema, validate):
        hashed.update(Path(module.__file__).read_bytes())
    hashed.update(Path(__file__).read_bytes())
    for path in (ONTOLOGY_FILE, SHAPES_FILE):
        hashed.update(Path(path).read_bytes())
    return hashed.hexdigest().encode()


def _results_folder(cache_dir: Path | None) -> Path | None:
    return cache_dir / "build" if cache_dir is not None else None


def _read_result(cache_dir: Path | None, key: str) -> FileResult | None:
    result = read_kept(_results_folder(cache_dir), key)
    return result if isinstance(result, FileResult) else None
