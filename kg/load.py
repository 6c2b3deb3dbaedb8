"""Stage 1: read the YAML files of a data folder into checked :class:`Entry` objects.

Every problem found is reported with its file, line, entry id and field (see
:class:`kg.errors.Problem`); nothing is half-loaded.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "t.yaml").write_text("terms:\\n- id: relu\\n  label: ReLU\\n  category: concept\\n")
>>> data = load_data(folder)
>>> data.entries["relu"].fields["label"], data.entries["relu"].line
('ReLU', 2)
"""

import datetime
import hashlib
import math
import os
import pickle
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError, Problem
from .schema import ID_PATTERN, SECTIONS, FieldSpec

__all__ = ["Entry", "Data", "load_data", "data_files", "read_folder", "parse_files",
           "check_references", "find_cycles", "default_cache_dir", "prune_cache_folder",
           "read_kept", "keep", "MAX_FILE_BYTES", "MAX_DEPTH"]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 8
_ID_RE = re.compile(ID_PATTERN)
_URL_RE = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Characters that no RDF syntax carries reliably (XML 1.0 cannot hold them at all).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass
class Entry:
    """One checked entry: its section, id, field values and where each came from."""

    section: str
    id: str
    fields: dict
    file: str
    line: int
    field_lines: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The kind of thing (``term``, ``paper``, ...) that names the entry's IRI."""
        return SECTIONS[self.section].kind


@dataclass
class Data:
    """Every entry of a data folder, by id, in file order; ``digest`` hashes the content."""

    entries: dict[str, Entry]
    digest: str

    def section(self, name: str) -> list[Entry]:
        """Return the entries of section ``name`` (e.g. ``"terms"``) in file order."""
        return [e for e in self.entries.values() if e.section == name]


class _Collector:
    """Gathers problems while walking files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file, line, entry, field_name, message) -> None:
        self.problems.append(Problem(file, line, entry, field_name, message))


def load_data(folder: Path | str, *, cache: Path | None | bool = True,
              workers: int | None = None) -> Data:
    """Read every ``*.yaml`` below ``folder``; return :class:`Data` or raise DataError.

    Each file is parsed once per content: what a file gave is kept in ``cache`` (a folder;
    ``True`` means :func:`default_cache_dir`, ``None`` or ``False`` none), keyed by a hash of
    its path and bytes. Files not in the cache are parsed in ``workers`` processes (default:
    one per core) when there is enough YAML to be worth it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError([Problem(str(folder), None, None, None, "no such data folder")])
    files = data_files(folder)
    if not files:
        raise DataError([Problem(str(folder), None, None, None, "no *.yaml files in the folder")])
    cache_dir = default_cache_dir() if cache is True else (Path(cache) if cache else None)
    problems = _Collector()
    contents, digest = read_folder(folder, files, problems)
    if cache_dir is not None:
        prune_cache_folder(cache_dir / "yaml", {key for _p, _r, key in contents})
    parsed = parse_files(contents, cache_dir, workers)
    entries: dict[str, Entry] = {}
    rejected: set[str] = set()  # ids of entries with problems: no second error for them
    for path, _raw, key in contents:
        file_entries, file_problems, file_rejected = parsed[key]
        problems.problems.extend(file_problems)
        rejected |= file_rejected
        for entry in file_entries:
            first = entries.get(entry.id)
            if first is not None:
                problems.add(str(path), entry.line, entry.id, "id",
                             f"duplicate id; first defined at {first.file}:{first.line}")
                continue
            entries[entry.id] = entry
    problems.problems.extend(check_references(
        entries.values(), {entry_id: e.section for entry_id, e in entries.items()}, rejected))
    if not problems.problems:
        for node, name, child in find_cycles({i: e.fields for i, e in entries.items()}):
            entry = entries[node]
            problems.add(entry.file, entry.field_lines.get(name, entry.line), entry.id,
                         name, f"'{child}' leads back to '{entry.id}' (a cycle)")
    if problems.problems:
        raise DataError(problems.problems)
    return Data(entries, digest)


def data_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` files below ``folder``, in the order they are read."""
    return sorted(p for p in Path(folder).rglob("*.yaml") if p.is_file())


def read_folder(folder: Path, files: list[Path], problems=None):
    """Read ``files`` (of ``folder``); return ([(path, bytes, cache key)], digest of all).

    A file that cannot be read (or is too big) is left out and, when ``problems`` (a
    collector) is given, reported there."""
    problems = problems if problems is not None else _Collector()
    digest = hashlib.sha256()
    contents = []
    version = _CACHE_VERSION + _code_digest()
    for path in files:
        raw = _read_bytes(path, problems)
        if raw is None:
            continue
        content = hashlib.sha256(raw).digest()  # the bytes are hashed once
        key = hashlib.sha256(version + str(path).encode() + b"\0" + content).hexdigest()
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + content)
        contents.append((path, raw, key))
    return contents, digest.hexdigest()


def _code_digest() -> bytes:
    """A hash of the loader's and the schema's source: what they make changes with them."""
    from . import schema

    hashed = hashlib.sha256()
    for module_file in (__file__, schema.__file__):
        hashed.update(Path(module_file).read_bytes())
    return hashed.hexdigest().encode()


_CACHE_VERSION = b"dlkg-load-3"
_PARALLEL_MIN_BYTES = 2_000_000


def default_cache_dir() -> Path:
    """Where builds keep what they may reuse: ``$DLKG_CACHE``, else
    ``$XDG_CACHE_HOME/dlkg``, else ``~/.cache/dlkg``. Parsed files go to its ``yaml/``
    folder, each file's triples and checks (:mod:`kg.incremental`) to ``build/``."""
    if os.environ.get("DLKG_CACHE"):
        return Path(os.environ["DLKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dlkg"


def _parse_one(path: str, raw: bytes, cache_dir: Path | None = None, key: str = ""):
    """Parse one file: (entries, problems, ids rejected), kept in the cache when there is
    one. Runs in worker processes too."""
    problems = _Collector()
    rejected: set[str] = set()
    entries = _entries_of_file(Path(path), raw, problems, rejected)
    outcome = entries, problems.problems, rejected
    keep(_parse_folder(cache_dir), key, outcome)
    return outcome


def parse_files(contents, cache_dir: Path | None, workers: int | None = None) -> dict:
    """{cache key: (entries, problems, ids rejected)} for every (path, bytes, key) of
    ``contents``, from the cache where it can, else parsed (in parallel when worth it)."""
    results = {}
    todo = []
    for path, raw, key in contents:
        cached = read_kept(_parse_folder(cache_dir), key)
        if cached is not None:
            results[key] = cached
        else:
            todo.append((path, raw, key))
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(todo) > 1 and sum(len(raw) for _p, raw, _k in todo) \
            >= _PARALLEL_MIN_BYTES:
        import concurrent.futures
        import multiprocessing

        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(min(workers, len(todo)),
                                                    mp_context=context) as pool:
            outcomes = pool.map(_parse_one, [str(p) for p, _r, _k in todo],
                                [raw for _p, raw, _k in todo], [cache_dir] * len(todo),
                                [key for _p, _r, key in todo], chunksize=1)
            for (_path, _raw, key), outcome in zip(todo, outcomes):
                results[key] = outcome
    else:
        for path, raw, key in todo:
            results[key] = _parse_one(str(path), raw, cache_dir, key)
    return results


KEEP_UNUSED_DAYS = 14


def prune_cache_folder(folder: Path, used: set[str]) -> None:
    """Mark the kept files named in ``used`` (``<key>.pickle``) as fresh and delete those
    no build used for ``KEEP_UNUSED_DAYS`` (old versions of files): a cache that does not
    grow forever."""
    if not folder.is_dir():
        return
    oldest = time.time() - KEEP_UNUSED_DAYS * 86400
    for path in folder.glob("*.pickle"):
        try:
            if path.stem in used:
                os.utime(path)
            elif path.stat().st_mtime < oldest:
                path.unlink()
        except OSError:
            pass


def read_kept(folder: Path | None, key: str):
    """What :func:`keep` kept in ``folder`` under ``key``, or None (none, or unreadable).

    Reading the whole file first is twice as fast as unpickling from the file object."""
    if folder is None:
        return None
    try:
        return pickle.loads((folder / f"{key}.pickle").read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        return None


def keep(folder: Path | None, key: str, value) -> None:
    """Keep ``value`` in ``folder`` under ``key`` for next time, atomically; a cache that
    cannot be written is simply not used."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}.{os.getpid()}.tmp"
        with open(temporary, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / f"{key}.pickle")
    except OSError:
        pass


def _parse_folder(cache_dir: Path | None) -> Path | None:
    return cache_dir / "yaml" if cache_dir is not None else None


def _read_bytes(path: Path, problems: _Collector) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(str(path), None, None, None,
                         f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
            return None
        return path.read_bytes()
    except OSError as error:
        problems.add(str(path), None, None, None, f"cannot read: {error.strerror}")
        return None


def _entries_of_file(path: Path, raw: bytes, problems: _Collector,
                     rejected: set[str]) -> list[Entry]:
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(name, line, None, None, "not UTF-8 text")
        return []
    if "\x00" in text:
        problems.add(name, text[: text.index("\x00")].count("\n") + 1, None, None,
                     "contains a NUL character (binary file?)")
        return []
    try:
        root = _read_tree(text)
    except _TreeError as error:
        problems.add(name, error.line, None, None, error.message)
        return []
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problems.add(name, line, None, None, f"YAML syntax error: {error.problem or error}")
        return []
    except yaml.YAMLError as error:
        problems.add(name, None, None, None, f"YAML error: {error}")
        return []
    if root is None:
        problems.add(name, None, None, None, "file is empty")
        return []
    if not isinstance(root, _Map):
        problems.add(name, root.line, None, None,
                     "the file must be a mapping of sections (terms:, papers:, ...)")
        return []
    walker = _Walker(name, problems)
    entries: list[Entry] = []
    for key_node, value_node in walker.pairs(root, None):
        section = walker.key(key_node, None)
        if section is None:
            continue
        if section not in SECTIONS:
            problems.add(name, _line(key_node), None, None,
                         f"unknown section '{section}'; expected one of: "
                         + ", ".join(sorted(SECTIONS)))
            continue
        if not isinstance(value_node, _Seq):
            problems.add(name, _line(value_node), None, section,
                         "a section must be a list of entries")
            continue
        for item in value_node.value:
            entry = walker.entry(section, item, rejected)
            if entry is not None:
                entries.append(entry)
    return entries


def _line(node) -> int:
    return node.line


class _Scalar:
    __slots__ = ("tag", "value", "line")

    def __init__(self, tag: str, value: str, line: int) -> None:
        self.tag, self.value, self.line = tag, value, line


class _Seq:
    __slots__ = ("value", "line")

    def __init__(self, value: list, line: int) -> None:
        self.value, self.line = value, line


class _Map:
    __slots__ = ("value", "line")

    def __init__(self, value: list, line: int) -> None:
        self.value, self.line = value, line


class _TreeError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_SEQ_START, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAP_START, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent


def _resolve_plain(value: str) -> str:
    """The YAML 1.1 tag of a plain scalar (as PyYAML's SafeLoader resolves it)."""
    for tag, pattern in _RESOLVERS.get(value[:1] if value else "", ()):
        if pattern.match(value):
            return tag
    return _STR


def _read_tree(text: str):
    """Read one YAML document from its parser events into _Scalar/_Seq/_Map (None when
    empty), refusing anchors, aliases, several documents and nesting deeper than MAX_DEPTH.

    Reading events, rather than composing nodes, keeps hostile input cheap: an alias is
    refused where it stands (no "billion laughs"), and depth is checked before it grows.
    """
    events = yaml.parse(text, Loader=_Loader)
    root = None
    documents = 0
    stack: list = []  # open collections: [container, pending key or _NO_KEY]
    for event in events:
        kind = event.__class__
        if kind is yaml.ScalarEvent or kind is _SEQ_START or kind is _MAP_START:
            line = event.start_mark.line + 1
            if event.anchor is not None:
                raise _TreeError(line, "YAML anchors and aliases are not allowed")
            if kind is yaml.ScalarEvent:
                if event.tag is not None and event.tag != "!":
                    tag = event.tag
                elif event.implicit[0]:
                    tag = _resolve_plain(event.value)
                else:
                    tag = _STR
                node = _Scalar(tag, event.value, line)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _TreeError(line, f"nested more than {MAX_DEPTH} levels deep")
                node = (_Seq if kind is _SEQ_START else _Map)([], line)
            if stack:
                parent = stack[-1]
                if isinstance(parent[0], _Seq):
                    parent[0].value.append(node)
                elif parent[1] is None:
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
            else:
                root = node
            if kind is not yaml.ScalarEvent:
                stack.append([node, None])
        elif kind is _SEQ_END or kind is _MAP_END:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise _TreeError(event.start_mark.line + 1, "YAML anchors and aliases are not allowed")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _TreeError(event.start_mark.line + 1,
                                 "a data file holds one YAML document, not several")
    return root


class _Walker:
    """Turns the YAML tree of one file into checked entries."""

    def __init__(self, file: str, problems: _Collector) -> None:
        self.file = file
        self.problems = problems

    def pairs(self, node: _Map, entry: str | None):
        """Yield (key node, value node) of a mapping, refusing repeated keys and merges."""
        keys: set = set()
        for key_node, value_node in node.value:
            if getattr(key_node, "tag", None) == "tag:yaml.org,2002:merge":
                self.problems.add(self.file, _line(key_node), entry, None,
                                  "YAML merge keys (<<) are not allowed")
                continue
            if isinstance(key_node, _Scalar):
                if key_node.value in keys:
                    self.problems.add(self.file, _line(key_node), entry, key_node.value,
                                      "key given twice")
                    continue
                keys.add(key_node.value)
            yield key_node, value_node

    def key(self, node, entry: str | None) -> str | None:
        if isinstance(node, _Scalar) and node.tag == "tag:yaml.org,2002:str":
            return node.value
        self.problems.add(self.file, _line(node), entry, None, "a key must be plain text")
        return None

    def entry(self, section: str, node, rejected: set[str]) -> Entry | None:
        if not isinstance(node, _Map):
            self.problems.add(self.file, _line(node), None, section,
                              "an entry must be a mapping with an 'id'")
            return None
        spec = SECTIONS[section]
        id_node = next((v for k, v in node.value
                        if isinstance(k, _Scalar) and k.value == "id"), None)
        entry_id = None
        if id_node is None:
            self.problems.add(self.file, _line(node), None, "id", "missing required field")
        elif not (isinstance(id_node, _Scalar)
                  and id_node.tag == "tag:yaml.org,2002:str"
                  and _ID_RE.match(id_node.value) and len(id_node.value) <= 120):
            self.problems.add(self.file, _line(id_node), None, "id",
                              f"an id is 1 to 120 of a-z, 0-9, '-', '.', starting with a "
                              f"letter or digit; got {_show(id_node)}")
        else:
            entry_id = id_node.value
        fields: dict = {}
        field_lines: dict = {}
        ok = entry_id is not None
        for key_node, value_node in self.pairs(node, entry_id):
            name = self.key(key_node, entry_id)
            if name is None or name == "id":
                ok = ok and name is not None
                continue
            field_spec = spec.fields.get(name)
            if field_spec is None:
                self.problems.add(self.file, _line(key_node), entry_id, name,
                                  f"unknown field for {section}; known fields: id, "
                                  + ", ".join(spec.fields))
                ok = False
                continue
            value = self.value(value_node, field_spec, entry_id, name)
            if value is _BAD:
                ok = False
                continue
            if value is None or value == []:
                continue
            fields[name] = value
            field_lines[name] = _line(value_node)
        for name, field_spec in spec.fields.items():
            if field_spec.required and name not in fields and entry_id is not None:
                if not any(p.entry == entry_id and p.field == name
                           for p in self.problems.problems):
                    self.problems.add(self.file, _line(node), entry_id, name,
                                      "missing required field")
                ok = False
        if not ok:
            if entry_id is not None:
                rejected.add(entry_id)
            return None
        return Entry(section, entry_id, fields, self.file, _line(node), field_lines)

    def value(self, node, spec: FieldSpec, entry: str, name: str):
        if spec.type in ("sourcemap", "idmap"):
            if not isinstance(node, _Map):
                self._bad(node, entry, name, "expected a mapping of field names to lists")
                return _BAD
            inner = FieldSpec("source" if spec.type == "sourcemap" else "ref", many=True)
            mapping = {}
            for key_node, value_node in self.pairs(node, entry):
                key = self.key(key_node, entry)
                if key is None:
                    return _BAD
                value = self.value(value_node, inner, entry, f"{name}.{key}")
                if value is _BAD:
                    return _BAD
                mapping[key] = value
            return mapping
        if spec.many:
            if isinstance(node, _Scalar) and node.tag == "tag:yaml.org,2002:null":
                return []
            if not isinstance(node, _Seq):
                self._bad(node, entry, name, "expected a list")
                return _BAD
            values = []
            for item in node.value:
                value = self.scalar(item, spec, entry, name)
                if value is _BAD:
                    return _BAD
                if value in values:
                    self._bad(item, entry, name, f"{_show(item)} is listed twice")
                    return _BAD
                values.append(value)
            return values
        return self.scalar(node, spec, entry, name)

    def scalar(self, node, spec: FieldSpec, entry: str, name: str):
        if not isinstance(node, _Scalar):
            self._bad(node, entry, name, "expected a single value, got a "
                      + ("list" if isinstance(node, _Seq) else "mapping"))
            return _BAD
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:null":
            return None
        kind = spec.type
        if kind in ("int", "year"):
            if tag != "tag:yaml.org,2002:int":
                self._bad(node, entry, name, f"expected a whole number, got {_show(node)}")
                return _BAD
            try:
                number = int(text.replace("_", ""), 0)
            except ValueError:
                self._bad(node, entry, name, f"expected a whole number, got {_show(node)}")
                return _BAD
            if kind == "year":
                last = datetime.date.today().year + 1
                if not 1800 <= number <= last:
                    self._bad(node, entry, name, f"impossible year {number} "
                              f"(expected 1800 to {last})")
                    return _BAD
            elif number < 0 or number > 10**15:
                self._bad(node, entry, name, f"expected a count from 0 to 10^15, got {number}")
                return _BAD
            return number
        if kind == "bool":
            if tag != "tag:yaml.org,2002:bool":
                self._bad(node, entry, name, f"expected true or false, got {_show(node)}")
                return _BAD
            return text.lower() in ("true", "yes", "on", "y")
        if kind == "number":
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                self._bad(node, entry, name, f"expected a number, got {_show(node)}")
                return _BAD
            try:
                number = float(text.replace("_", ""))
            except ValueError:
                number = math.nan
            if not (math.isfinite(number) and number >= 0):
                self._bad(node, entry, name, f"expected a finite number >= 0, got {_show(node)}")
                return _BAD
            return text.replace("_", "")
        if kind == "percent":
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                self._bad(node, entry, name, f"expected a number (percent), got {_show(node)}")
                return _BAD
            try:
                number = float(text.replace("_", ""))
            except ValueError:
                self._bad(node, entry, name, f"expected a number (percent), got {_show(node)}")
                return _BAD
            if not (math.isfinite(number) and 0 <= number <= 100):
                self._bad(node, entry, name, f"impossible percentage {text} (expected 0 to 100)")
                return _BAD
            return text.replace("_", "")
        if kind == "date":
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                self._bad(node, entry, name, f"expected a date YYYY-MM-DD, got {_show(node)}")
                return _BAD
            return text
        if tag not in ("tag:yaml.org,2002:str",):
            if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and kind in (
                    "str", "text"):
                return text
            self._bad(node, entry, name, f"expected text, got {_show(node)}")
            return _BAD
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        bad = _CONTROL_RE.search(text)
        if bad:
            self._bad(node, entry, name, f"control character U+{ord(bad.group()):04X} in text "
                      "(only tab and newline are allowed)")
            return _BAD
        if len(text) > 20000:
            self._bad(node, entry, name, f"text of {len(text)} characters; the limit is 20000")
            return _BAD
        if kind == "str":
            text = text.strip()
            if "\n" in text:
                self._bad(node, entry, name, "expected one line of text")
                return _BAD
        if kind in ("str", "text") and not text.strip():
            self._bad(node, entry, name, "empty text")
            return _BAD
        if kind == "url" and not _URL_RE.match(text):
            self._bad(node, entry, name, f"expected an http(s) URL, got {_show(node)}")
            return _BAD
        if kind == "source" and not (_URL_RE.match(text) or _ID_RE.match(text)):
            self._bad(node, entry, name,
                      f"expected an http(s) URL or a source id, got {_show(node)}")
            return _BAD
        if kind in ("ref",) and not _ID_RE.match(text):
            self._bad(node, entry, name, f"expected an id, got {_show(node)}")
            return _BAD
        if kind == "wikidata" and not re.fullmatch(r"Q[1-9][0-9]*", text):
            self._bad(node, entry, name, f"expected a Wikidata id such as Q42, got {_show(node)}")
            return _BAD
        if kind == "choice" and text not in spec.choices:
            self._bad(node, entry, name, f"{_show(node)} is not one of: "
                      + ", ".join(spec.choices))
            return _BAD
        return text

    def _bad(self, node, entry, name, message) -> None:
        self.problems.add(self.file, _line(node), entry, name, message)


_BAD = object()


def _show(node) -> str:
    """A short, printable rendering of a node's value for messages."""
    if isinstance(node, _Scalar):
        text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
        return repr(text)
    return "a list" if isinstance(node, _Seq) else "a mapping"


def check_references(to_check, sections: dict[str, str], rejected: set[str]) -> list[Problem]:
    """Problems of the entries ``to_check``: every ``ref`` names an entry of one of its
    target sections, ``source`` ids too (``sections`` maps every id to its section).

    A reference to an entry that was itself rejected is not reported again."""
    problems = _Collector()
    for entry in to_check:
        spec = SECTIONS[entry.section]
        for name, value in entry.fields.items():
            field_spec = spec.fields[name]
            if field_spec.type == "ref":
                targets = field_spec.targets
            elif field_spec.type in ("source", "sourcemap"):
                targets = ("sources", "papers")
            elif field_spec.type == "idmap":
                targets = tuple(SECTIONS)
            else:
                continue
            if isinstance(value, dict):
                value = [item for items in value.values() for item in items]
            for target_id in value if field_spec.many or isinstance(value, list) else [value]:
                if (field_spec.type == "source" and _URL_RE.match(target_id)) \
                        or target_id in rejected:
                    continue
                section = sections.get(target_id)
                if section is None or section not in targets:
                    wanted = " or ".join(f"a {SECTIONS[t].kind}" for t in targets)
                    what = (f"no entry; expected the id of {wanted}" if section is None
                            else f"a {SECTIONS[section].kind}, not {wanted}")
                    problems.add(entry.file, entry.field_lines.get(name, entry.line), entry.id,
                                 name, f"'{target_id}' is {what}")
                elif target_id == entry.id and name not in ("based_on",):
                    problems.add(entry.file, entry.field_lines.get(name, entry.line), entry.id,
                                 name, "an entry cannot refer to itself")
    return problems.problems


CYCLE_FIELDS = ("broader", "variant_of", "successor_of")


def find_cycles(links: dict[str, dict]) -> list[tuple[str, str, str]]:
    """``broader``, ``variant_of`` and ``successor_of`` must not lead back to their start.

    ``links`` maps ids to their fields (at least those three); return one
    (id, field, target) for each link that closes a cycle."""
    found = []
    for name in CYCLE_FIELDS:
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in links:
            if start in state:
                continue
            stack = [(start, iter(links[start].get(name, ())))]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    state[node] = 2
                    stack.pop()
                elif child not in links or state.get(child) == 2:
                    continue
                elif state.get(child) == 1:
                    found.append((node, name, child))
                else:
                    state[child] = 1
                    stack.append((child, iter(links[child].get(name, ()))))
    return found
