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

A successful build also keeps its output and where each subject's block sits in it
(:class:`kg.last_build.LastBuild`).  When the next build finds the same files and the edits change
nothing other files see (no entry's summary, no subject's ``rdf:type``), it makes only the
changed files and copies every other byte from the last output (:func:`_patch`): at a
million triples that skips reading every file's result and joining 125,000 blocks.
"""

import gc
import hashlib
import os
import re
from array import array
from bisect import bisect_left
from itertools import accumulate, chain
from operator import itemgetter
from dataclasses import dataclass
from pathlib import Path

from .build import (Statistics, description_lines, entry_lines, shared_lines, summary_of,
                    statistics_of)
from .errors import DataError, Problem
from .export import TurtleWriter
from .last_build import Layout, LastBuild, emptied_trash, last_folder, prune_last_builds, touch
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
        ntriples = b"".join(nt_parts)
        turtle, ttl_ends = writer.blocks(ntriples)
        return cls(subjects, ntriples, array("Q", accumulate(map(len, nt_parts))),
                   turtle, ttl_ends)


class BuiltGraph:
    """A checked graph: sorted N-Triples, Turtle, and the count of entries per section.

    ``ntriples`` and ``turtle`` may be made of pieces (a patched build copies runs of the
    last output): they are joined when first read, so a build whose exports are links to
    the kept files (see :func:`kg.pipeline.write_exports`) never joins them."""

    def __init__(self, ntriples, turtle, counts: dict[str, int], triple_count: int, *,
                 data: Data | None = None, files_built: int = 0,
                 last: "LastBuild | None" = None, built_by: str = "",
                 kept_files: dict[str, Path] | None = None) -> None:
        self._ntriples = ntriples  # bytes, or a list of bytes-like pieces
        self._turtle = turtle
        self.counts = counts
        self.triple_count = triple_count
        self.data = data  # every entry, when the build had to load them all
        self.files_built = files_built  # how many files' results this build made
        self.last = last  # what the next build needs to patch this graph
        self.built_by = built_by  # "plain", "cold", "warm" or "patch": how it went
        self.kept_files = kept_files  # the cache's copy of the output, by format

    @property
    def ntriples(self) -> bytes:
        """The graph as sorted N-Triples."""
        if not isinstance(self._ntriples, bytes):
            self._ntriples = b"".join(self._ntriples)
        return self._ntriples

    @property
    def turtle(self) -> bytes:
        """The graph as Turtle (our header, the prefixes, then subject by subject)."""
        if not isinstance(self._turtle, bytes):
            self._turtle = b"".join(self._turtle)
        return self._turtle

    def pieces(self, format: str) -> list:
        """The ``ntriples`` or ``turtle`` bytes as a list of bytes-like pieces (unjoined)."""
        text = self._ntriples if format == "ntriples" else self._turtle
        return [text] if isinstance(text, bytes) else text


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
    # The build makes millions of objects and no reference cycles: the garbage collector's
    # passes over them cost a quarter of a cold build at a million triples (measured).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_graph(folder, cache_dir, workers)
    finally:
        if collecting:
            gc.enable()


def _build_graph(folder: Path, cache_dir: Path | None, workers: int | None) -> BuiltGraph:
    files = data_files(folder) if folder.is_dir() else []
    contents, _digest = read_folder(folder, files) if files else ([], "")
    if not files or len(contents) != len(files):
        return _plain(folder, cache_dir)  # reports the missing folder or unreadable file
    code = _code_key()
    keys = {key: hashlib.sha256(code + key.encode()).hexdigest() for _p, _r, key in contents}
    kept_folder = last_folder(cache_dir, folder)
    emptying = emptied_trash(kept_folder)
    try:
        last = LastBuild.read(kept_folder, code)
        graph = _patch(contents, keys, last, cache_dir, workers) if last else None
        if graph is None:
            kept = {key: _read_result(cache_dir, keys[key]) for _p, _r, key in contents}
            if all(result is None for result in kept.values()):
                graph = _cold(folder, contents, keys, cache_dir, workers)
            else:
                graph = _warm(contents, keys, kept, cache_dir, workers)
            graph.last.fill(code, contents, keys)
    except _Fallback:
        return _plain(folder, cache_dir)
    finally:
        if emptying is not None:
            emptying.join()
    if cache_dir is not None:
        prune_cache_folder(_results_folder(cache_dir), set(keys.values()))
        if graph.last is not None and graph.last is last:  # nothing changed
            touch(kept_folder / "index.pickle")
            graph.kept_files = last.files
        elif graph.last is not None:
            graph.last.save(kept_folder, graph)
        prune_last_builds(cache_dir)
    return graph


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
    graph.data, graph.files_built, graph.built_by = data, len(jobs), "cold"
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
            if len(defined) != len(file_entries):
                raise _Fallback  # an id given twice in the file
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
    graph.files_built, graph.built_by = len(to_build), "warm"
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


def _shared_part(summaries: dict[str, tuple], part_statistics, descriptions,
                 checker: ShapeChecker) -> dict[str, list[str]]:
    """The subjects no file owns (:func:`kg.build.shared_lines`, then the description of the
    whole graph, whose figures need every part's ``part_statistics``), grouped by subject.
    ``checker`` learns the ontology's classes from them."""
    shared = group_by_subject(sorted(set(shared_lines(summaries, ontology=ONTOLOGY_FILE))))
    checker.learn_classes(line for lines in shared.values() for line in lines)
    statistics = statistics_of(line for lines in shared.values() for line in lines)
    for part in part_statistics:
        statistics.merge(part)
    for entry in descriptions:
        shared.update(group_by_subject(sorted(set(
            description_lines(entry, summaries, statistics)))))
    return shared


def _assemble(results: list[FileResult], summaries: dict[str, tuple]) -> BuiltGraph:
    """Join the files' results with the shared triples and the description; check them."""
    checker = ShapeChecker(SHAPES_FILE)
    descriptions = [entry for result in results for entry in result.descriptions]
    shared = _shared_part(summaries, [r.statistics for r in results], descriptions, checker)
    types: dict[str, tuple] = {}
    places: dict[str, tuple[str, int]] = {}
    links: dict[str, dict] = {}
    for result in results:
        types.update(result.types)
        places.update(result.places)
        links.update(result.links)
    shared_types = checker.types_of_blocks(shared)
    types.update(shared_types)
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
    nt_blocks = _in_order(order, [_split(part.ntriples, part.nt_ends) for part in parts])
    ntriples = b"".join(nt_blocks)
    triple_count = ntriples.count(b"\n")
    if triple_count < PYSHACL_LIMIT:  # small: the reference engine, its messages
        from .validate import validate_ntriples

        violations = validate_ntriples(ntriples, engine="pyshacl")
    if violations:
        raise DataError([_problem(v, places) for v in sorted(
            set(violations), key=lambda v: (v.focus, v.path or "", v.message))])
    counts: dict[str, int] = {}
    for summary in summaries.values():
        counts[summary[0]] = counts.get(summary[0], 0) + 1
    ttl_blocks = _in_order(order, [_split(part.turtle, part.ttl_ends) for part in parts])
    turtle = writer.document([]) + b"".join(ttl_blocks)
    part_of = [number for number, part in enumerate(parts) for _subject in part.subjects]
    layout = Layout(_in_order(order, [subjects]), array("I", _in_order(order, [part_of])),
                     array("Q", map(len, nt_blocks)), array("Q", map(len, ttl_blocks)),
                     _in_order(order, [[types.get(subject) for subject in subjects]]))
    graph = BuiltGraph(ntriples, turtle, counts, triple_count)
    graph.last = LastBuild(
        code=b"", paths=[], keys=[], layout=layout,
        statistics=[result.statistics for result in results],
        descriptions=[result.descriptions for result in results], links=links,
        shared_types=shared_types, counts=counts, triple_count=graph.triple_count,
        summaries=summaries)
    return graph


def _split(text: bytes, ends: array) -> list[bytes]:
    """The blocks of ``text`` that end at ``ends``."""
    return [text[start:end] for start, end in zip(chain((0,), ends), ends)]


def _in_order(order: list[int], lists: list[list]) -> list:
    """The items of ``lists`` (numbered across them, in list order) taken in ``order``."""
    items = [item for part in lists for item in part]
    if len(order) > 1:
        return list(itemgetter(*order)(items))
    return [items[number] for number in order]


def _patch(contents, keys: dict[str, str], last: LastBuild, cache_dir: Path | None,
           workers: int | None) -> BuiltGraph | None:
    """The graph made by patching ``last``'s output: the blocks of the changed files and of
    the shared part replace their old blocks; every other byte is copied.

    This covers the common edit (text, numbers, links within what exists): None when the
    files are not the same ones, or an edit changes what other files see (an entry's
    summary, a subject's rdf:type), or anything fails a check. The caller then takes the
    full path, which also reports problems."""
    paths = [str(path) for path, _raw, _key in contents]
    if paths != last.paths:
        return None
    changed = [number for number, (_p, _r, key) in enumerate(contents)
               if keys[key] != last.keys[number]]
    if not changed:
        if not last.read_output():
            return None
        return BuiltGraph(last.ntriples, last.turtle,
                          last.counts, last.triple_count, last=last, built_by="patch")
    old = {number: _read_result(cache_dir, last.keys[number]) for number in changed}
    if any(result is None for result in old.values()):
        return None
    # not kept: the next edit changes the file again (a reverted file's result is kept)
    parsed = parse_files([contents[number] for number in changed], None, workers)
    entries_of = {}
    for number in changed:
        entries, problems, _rejected = parsed[contents[number][2]]
        defined = {entry.id: summary_of(entry) for entry in entries}
        if problems or len(defined) != len(entries) or defined != old[number].summaries:
            return None  # a problem, an id given twice, or a changed summary
        entries_of[number] = entries
    summaries = last.summaries
    if check_references([e for n in changed for e in entries_of[n]], _Sections(summaries),
                        set()):
        return None
    links = None  # unchanged: the kept ones
    new_links = {number: _links_of(entries_of[number]) for number in changed}
    if any(new_links[number] != old[number].links for number in changed):
        links = last.read_links()
        if links is None:
            return None
        for number in changed:
            for entry_id in old[number].links:
                links.pop(entry_id, None)
            links.update(new_links[number])
        if find_cycles(links):
            return None
    built = dict(zip(changed, _build_files(
        [(entries_of[number], keys[contents[number][2]]) for number in changed],
        [len(contents[number][1]) for number in changed], summaries, cache_dir, workers)))
    checker = ShapeChecker(SHAPES_FILE)
    pending = []
    for number, result in built.items():
        if result.types != old[number].types or result.violations:
            return None
        pending += result.pending
    statistics = list(last.statistics)
    descriptions = list(last.descriptions)
    for number, result in built.items():
        statistics[number], descriptions[number] = result.statistics, result.descriptions
    shared = _shared_part(summaries, statistics, [e for d in descriptions for e in d], checker)
    if checker.types_of_blocks(shared) != last.shared_types:
        return None
    types = last.layout  # the types of every subject: the same as before (checked above)
    violations, shared_pending = checker.check_blocks(shared, types)
    if violations or checker.resolve(pending + shared_pending, types):
        return None
    shared_number = len(paths)
    replaced = {number: (result.text, result.types) for number, result in built.items()}
    replaced[shared_number] = (Blocks.of(shared, TurtleWriter()), last.shared_types)
    if not last.read_output():
        return None
    patched = _patched(last, replaced, TurtleWriter().document([]))
    if patched is None:
        return None
    nt_pieces, ttl_pieces, layout, lines_removed = patched
    triple_count = last.triple_count - lines_removed + sum(
        blocks.ntriples.count(b"\n") for blocks, _types in replaced.values())
    graph = BuiltGraph(nt_pieces, ttl_pieces, last.counts, triple_count,
                       files_built=len(changed), built_by="patch")
    if triple_count < PYSHACL_LIMIT:
        from .validate import validate_ntriples

        if validate_ntriples(graph.ntriples, engine="pyshacl"):
            return None
    successor = LastBuild(
        code=last.code, paths=paths, keys=[keys[key] for _p, _r, key in contents],
        layout=layout, statistics=statistics, descriptions=descriptions, links=links,
        shared_types=last.shared_types, counts=last.counts, triple_count=triple_count,
        summaries=summaries, summaries_name=last.summaries_name,
        links_name=last.links_name if links is None else None,
        order_name=last.order_name if layout.subjects is last.layout.subjects else None)
    graph.last = successor
    return graph


class _Sections:
    """The section of each id (what check_references reads), looked up in the summaries
    rather than copied out of them."""

    def __init__(self, summaries: dict[str, tuple]) -> None:
        self.summaries = summaries

    def get(self, entry_id: str, default=None):
        summary = self.summaries.get(entry_id)
        return default if summary is None else summary[0]


def _patched(last: LastBuild, replaced: dict[int, tuple[Blocks, dict]], head: bytes):
    """``last``'s output with the blocks of the parts in ``replaced`` (part number -> its
    new blocks and their subjects' types) put in place of their old ones.

    Return (N-Triples pieces, Turtle pieces, layout, the number of lines removed), or None
    when a new subject is one that another part describes."""
    old = last.layout
    subjects, parts = old.subjects, old.parts
    removed = [index for index, part in enumerate(parts) if part in replaced]
    removed_set = set(removed)
    inserted = sorted((subject, number, position)
                      for number, (blocks, _types) in replaced.items()
                      for position, subject in enumerate(blocks.subjects))
    if any(a[0] == b[0] for a, b in zip(inserted, inserted[1:])):
        return None  # a subject described in two places
    at: dict[int, list] = {}  # old index -> the new blocks that go just before it
    for subject, number, position in inserted:
        index = bisect_left(subjects, subject)
        if index < len(subjects) and subjects[index] == subject and index not in removed_set:
            return None  # a subject described in two places
        at.setdefault(index, []).append((number, position))
    nt_starts = array("Q", chain((0,), accumulate(old.nt_lengths)))
    ttl_starts = array("Q", chain((0,), accumulate(old.ttl_lengths)))
    old_nt, old_ttl = memoryview(last.ntriples), memoryview(last.turtle)[len(head):]
    lines_removed = sum(old_nt[nt_starts[i]:nt_starts[i + 1]].tobytes().count(b"\n")
                        for i in removed)
    new_blocks = {number: (blocks.subjects, _split(blocks.ntriples, blocks.nt_ends),
                           _split(blocks.turtle, blocks.ttl_ends), types)
                  for number, (blocks, types) in replaced.items()}
    nt_pieces, ttl_pieces = [], []
    # The usual edit leaves every subject where it was: then only the lengths change.
    same_order = all(blocks.subjects == [subjects[i] for i in removed if parts[i] == number]
                     for number, (blocks, _types) in replaced.items())
    layout = Layout([], array("I"), array("Q"), array("Q"), [])

    def copy(start: int, stop: int) -> None:  # old subjects start..stop-1, unchanged
        if start < stop:
            nt_pieces.append(old_nt[nt_starts[start]:nt_starts[stop]])
            ttl_pieces.append(old_ttl[ttl_starts[start]:ttl_starts[stop]])
            layout.nt_lengths.extend(old.nt_lengths[start:stop])
            layout.ttl_lengths.extend(old.ttl_lengths[start:stop])
            if not same_order:
                layout.subjects.extend(subjects[start:stop])
                layout.parts.extend(parts[start:stop])
                layout.types.extend(old.types[start:stop])

    cursor = 0
    for cut in sorted(removed_set.union(at)):
        copy(cursor, cut)
        for number, position in at.get(cut, ()):
            block_subjects, nt_blocks, ttl_blocks, types = new_blocks[number]
            nt_pieces.append(nt_blocks[position])
            ttl_pieces.append(ttl_blocks[position])
            layout.nt_lengths.append(len(nt_blocks[position]))
            layout.ttl_lengths.append(len(ttl_blocks[position]))
            if not same_order:
                layout.subjects.append(block_subjects[position])
                layout.parts.append(number)
                layout.types.append(types.get(block_subjects[position]))
        cursor = cut + 1 if cut in removed_set else cut
    copy(cursor, len(subjects))
    if same_order:  # the types are the same too (the caller checked them)
        layout.subjects, layout.parts, layout.types = old.subjects, old.parts, old.types
    return nt_pieces, [head, *ttl_pieces], layout, lines_removed


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
    graph.data, graph.files_built, graph.last, graph.built_by = data, len(files), None, "plain"
    return graph


def _code_key() -> bytes:
    """A hash of what makes a FileResult besides the file: our code, ontology and shapes."""
    from . import build, export, last_build, load, namespaces, schema, validate

    hashed = hashlib.sha256(_RESULT_VERSION)
    hashed.update(build.package_release().encode())  # the description states it
    for module in (build, export, last_build, load, namespaces, schema, validate):
        hashed.update(Path(module.__file__).read_bytes())
    hashed.update(Path(__file__).read_bytes())
    # the Turtle writer that runs: the compiled C module, or (not built) the Python above
    writer_in_c = export._c_turtle
    hashed.update(Path(writer_in_c.__file__).read_bytes() if writer_in_c else b"python")
    for path in (ONTOLOGY_FILE, SHAPES_FILE):
        hashed.update(Path(path).read_bytes())
    return hashed.hexdigest().encode()


def _results_folder(cache_dir: Path | None) -> Path | None:
    return cache_dir / "build" if cache_dir is not None else None


def _read_result(cache_dir: Path | None, key: str) -> FileResult | None:
    result = read_kept(_results_folder(cache_dir), key)
    return result if isinstance(result, FileResult) else None
