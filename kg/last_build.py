"""The last build of a data folder, kept in the cache so that the next build can patch it.

:class:`LastBuild` holds what :func:`kg.incremental.build_graph` needs to patch a graph
instead of joining every file's blocks again: the output itself (two files, which the
exports may be hard links to), where each subject's block sits in it (:class:`Layout`), the
summaries, links and types every check needs, and each file's statistics. It lives in
``<cache>/last/<hash of the data folder's path>/``.
"""

import hashlib
import os
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from .build import Statistics
from .export import TurtleWriter
from .load import Entry, keep, read_kept

__all__ = ["Layout", "LastBuild", "last_folder", "emptied_trash", "prune_last_builds",
           "touch", "TRASH"]


@dataclass
class Layout:
    """Where each subject's block sits in a joined graph: the subjects in order, the part
    each came from (a file's number in the folder, or the shared part after them), the
    lengths of its N-Triples and Turtle blocks, and its rdf:types.

    >>> layout = Layout(["<a>", "<b>"], array("I", [0, 1]), array("Q", [40, 60]),
    ...                 array("Q", [30, 45]), [("https://schema.org/Person",), None])
    >>> layout.get("<a>"), layout.get("<b>"), layout.get("<c>", ())
    (('https://schema.org/Person',), None, ())
    """

    subjects: list[str]
    parts: array
    nt_lengths: array
    ttl_lengths: array
    types: list[tuple | None]  # the rdf:type IRIs of each subject

    def get(self, subject: str, default=None):
        """The rdf:types of ``subject`` (a dict's ``get``: what the shape checker reads)."""
        index = bisect_left(self.subjects, subject)
        if index < len(self.subjects) and self.subjects[index] == subject:
            found = self.types[index]
            return default if found is None else found
        return default


@dataclass
class LastBuild:
    """What the last successful build of a data folder made, kept so that the next build
    can patch its output instead of joining every file's blocks again (see :func:`_patch`).

    Kept in five pieces: an index (this, without the summaries, the links, the layout's
    order and the output), the summaries (unchanged by a patch, so not written again), the
    links (read only when an edit changed some), the layout's order (subjects, parts and
    types: written again only when an edit moved a subject) and the output as two files."""

    code: bytes  # _code_key() of the build
    paths: list[str]  # the data files, in build order
    keys: list[str]  # the result key of each file's content
    layout: Layout
    statistics: list[Statistics]  # of each file
    descriptions: list[list[Entry]]  # the description entries of each file
    links: dict[str, dict] | None  # every entry's links (fields that must not form cycles)
    shared_types: dict[str, tuple]  # rdf:types of the shared part's subjects
    counts: dict[str, int]
    triple_count: int
    summaries: dict[str, tuple] | None = None  # every entry's summary
    summaries_name: str | None = None  # the file that holds the summaries, once written
    links_name: str | None = None  # the file that holds the links, once written
    order_name: str | None = None  # the file that holds the layout's subjects, parts, types
    output_stat: tuple | None = None  # (inode, size, mtime in ns) of the two output files
    ntriples: bytes | None = None  # the output (read from the kept files)
    turtle: bytes | None = None
    folder: Path | None = None  # where it was read from
    files: dict[str, Path] | None = None  # the output files, by format

    def fill(self, code: bytes, contents, keys: dict[str, str]) -> None:
        """Record the build's ``code`` key and data files (``contents`` of read_folder)."""
        self.code = code
        self.paths = [str(path) for path, _raw, _key in contents]
        self.keys = [keys[key] for _path, _raw, key in contents]

    def save(self, folder: Path, graph) -> None:
        """Keep this and the output of ``graph`` (a :class:`kg.incremental.BuiltGraph`) in
        ``folder``, and set the graph's ``kept_files``; a cache that cannot be written is
        simply not used."""
        name = os.urandom(8).hex()
        files = {"ntriples": folder / f"{name}.nt", "turtle": folder / f"{name}.ttl"}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for format, path in files.items():
                with open(path, "wb") as file:
                    file.writelines(graph.pieces(format))
                os.chmod(path, 0o644)  # the exports may be links to it: as they are written
            self.output_stat = stat_of(files)
            if self.summaries_name is None:
                keep(folder, f"{name}.summaries", self.summaries)
                self.summaries_name = f"{name}.summaries"
            if self.links_name is None:
                keep(folder, f"{name}.links", self.links)
                self.links_name = f"{name}.links"
            layout = self.layout
            if self.order_name is None:  # the order of the subjects changed
                keep(folder, f"{name}.order", (layout.subjects, layout.parts, layout.types))
                self.order_name = f"{name}.order"
            lengths = Layout(None, None, layout.nt_lengths, layout.ttl_lengths, None)
            index = LastBuild(**{**self.__dict__, "summaries": None, "links": None,
                                  "ntriples": None, "turtle": None, "folder": None,
                                  "files": None, "layout": lengths})
            keep(folder, "index", (name, index))
            for path in folder.iterdir():  # what the previous build kept
                if path.name == "index.pickle" or path.name.startswith(
                        (name, self.summaries_name, self.links_name, self.order_name, TRASH)):
                    continue
                if path.suffix in (".nt", ".ttl"):
                    # The exports may still be links to it: freeing its pages when they
                    # are replaced would cost ~0.2 s at 1M triples. The next build
                    # deletes it while it parses (see emptied_trash).
                    path.rename(folder / f"{TRASH}{path.name}")
                else:
                    path.unlink()
        except OSError:
            return
        graph.kept_files = files

    @staticmethod
    def read(folder: Path | None, code: bytes) -> "LastBuild | None":
        """What :meth:`save` kept in ``folder`` for builds of this ``code``, or None."""
        kept = read_kept(folder, "index")
        if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[1], LastBuild)
                and kept[1].code == code):
            return None
        name, last = kept
        last.summaries = read_kept(folder, last.summaries_name or "")
        order = read_kept(folder, last.order_name or "")
        if not (isinstance(order, tuple) and len(order) == 3):
            return None
        last.layout.subjects, last.layout.parts, last.layout.types = order
        last.files = {"ntriples": folder / f"{name}.nt", "turtle": folder / f"{name}.ttl"}
        try:
            # The exports may be links to these files (see kg.pipeline.write_exports): a
            # file changed since (same size or not) is not used.
            if stat_of(last.files) != last.output_stat:
                return None
        except OSError:
            return None
        if not isinstance(last.summaries, dict):
            return None
        last.folder = folder
        return last

    def read_output(self) -> bool:
        """Read the last output into ``ntriples`` and ``turtle`` (kept apart: a build that
        cannot patch does not need them); False when the files do not match the layout.

        Read, not mapped: the exports may be links to these files, and a graph holding
        views of a mapping would change (or a truncation crash the process) when someone
        edits an export after the build."""
        try:
            self.ntriples = self.files["ntriples"].read_bytes()
            self.turtle = self.files["turtle"].read_bytes()
        except OSError:
            return False
        head = len(TurtleWriter().document([]))
        return (len(self.ntriples) == sum(self.layout.nt_lengths)
                and len(self.turtle) == head + sum(self.layout.ttl_lengths))

    def read_links(self) -> dict[str, dict] | None:
        """The links of the last build (kept apart: most rebuilds do not need them)."""
        if self.links is None:
            links = read_kept(self.folder, self.links_name or "")
            self.links = links if isinstance(links, dict) else None
        return self.links


TRASH = "old-"  # the prefix of the last build's output files, deleted by the next build


def emptied_trash(folder: Path | None):
    """Start deleting, in a thread, the old output files in ``folder``; return the thread
    (join it before the build returns), or None when there is no folder. Deleting a large
    file frees its pages, which takes the kernel a while: done while the build parses."""
    import threading

    def empty() -> None:
        for path in folder.glob(f"{TRASH}*"):
            try:
                path.unlink()
            except OSError:
                pass

    if folder is None or not folder.is_dir():
        return None
    thread = threading.Thread(target=empty, name="dlkg-empty-trash")
    thread.start()
    return thread


def stat_of(files: dict[str, Path]) -> tuple:
    """(inode, size, modification time in ns) of each of ``files``."""
    stats = [os.stat(path) for path in files.values()]
    return tuple((stat.st_ino, stat.st_size, stat.st_mtime_ns) for stat in stats)


def last_folder(cache_dir: Path | None, folder: Path) -> Path | None:
    """Where the last build of the data ``folder`` is kept, or None without a cache."""
    if cache_dir is None:
        return None
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:32]
    return cache_dir / "last" / name


def touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def prune_last_builds(cache_dir: Path) -> None:
    """Delete the last builds of data folders no build has used for KEEP_UNUSED_DAYS."""
    import shutil
    import time

    from .load import KEEP_UNUSED_DAYS

    oldest = time.time() - KEEP_UNUSED_DAYS * 86400
    if (cache_dir / "last").is_dir():
        for folder in (cache_dir / "last").iterdir():
            try:
                if (folder / "index.pickle").stat().st_mtime < oldest:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)
