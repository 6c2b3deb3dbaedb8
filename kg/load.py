"""Stage 1: read the YAML files of a data folder into checked :class:`Entry` objects.

The checks come from :mod:`kg.schema`; each problem names its file, line, entry and field,
and nothing is half-loaded.  Anchors, aliases and deep nesting are refused before parsing.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "t.yaml").write_text("terms:\\n- id: relu\\n  label: ReLU\\n  category: concept")
>>> data = load_data(folder)
>>> data.entries["relu"].fields["label"], data.entries["relu"].line
('ReLU', 2)
"""

import datetime
import difflib
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .checks import check_maximums, check_references, find_cycles
from .errors import DataError, Problem
from .schema import ID_PATTERN, SECTIONS, URL_PATTERN, FieldSpec

__all__ = ["Entry", "Data", "load_data", "read_file", "MAX_FILE_BYTES", "MAX_DEPTH"]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 8
_ID_RE = re.compile(ID_PATTERN)
_URL_RE = re.compile(URL_PATTERN)
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
# Characters that no RDF syntax carries reliably (XML 1.0 cannot hold them at all).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NESTED_FLOW = re.compile(rb"[\[{][^\]}\n]*[\[{]")  # a flow collection opened inside another
_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"


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
    """Every entry of a data folder, by id, in file order."""
    entries: dict[str, Entry]

    def section(self, name: str) -> list[Entry]:
        """The entries of section ``name`` (e.g. ``"terms"``), in file order."""
        return [e for e in self.entries.values() if e.section == name]

    def counts(self) -> dict[str, int]:
        """How many entries each section has, for the sections that have any."""
        return dict(Counter(entry.section for entry in self.entries.values()))


def load_data(folder: Path | str) -> Data:
    """Read every ``*.yaml`` below ``folder``; return :class:`Data` or raise DataError."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError([Problem(str(folder), None, None, None, "no such data folder")])
    files = sorted(p for p in folder.rglob("*.yaml") if p.is_file())
    if not files:
        raise DataError([Problem(str(folder), None, None, None, "no *.yaml files in the folder")])
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    rejected: set[str] = set()  # ids of entries with problems: no second error for them
    unreadable = False
    for path in files:
        file_entries, file_problems, file_rejected = read_file(path)
        problems += file_problems
        rejected |= file_rejected
        unreadable |= any(p.entry is None and p.field is None for p in file_problems)
        for entry in file_entries:
            first = entries.setdefault(entry.id, entry)
            if first is not entry:
                problems.append(Problem(entry.file, entry.line, entry.id, "id", "duplicate id; "
                                        f"first defined at {first.file}:{first.line}"))
    if not unreadable:  # references into a file that could not be read are not missing
        sections = {entry_id: entry.section for entry_id, entry in entries.items()}
        problems += check_references(entries.values(), sections, rejected)
    if not problems:
        problems += check_maximums(entries)
    if not problems:
        for node, name, child in find_cycles({i: e.fields for i, e in entries.items()}):
            entry = entries[node]
            problems.append(Problem(entry.file, entry.field_lines.get(name, entry.line), entry.id,
                                    name, f"'{child}' leads back to '{entry.id}' (a cycle)"))
    if problems:
        raise DataError(problems)
    return Data(entries)


def read_file(path: Path) -> tuple[list[Entry], list[Problem], set[str]]:
    """Read and check one data file: (its entries, the problems found, ids rejected)."""
    name = str(path)
    problems: list[Problem] = []
    rejected: set[str] = set()

    def fail(line, message):
        problems.append(Problem(name, line, None, None, message))
        return [], problems, rejected

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(None, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except OSError as error:
        return fail(None, f"cannot read: {error.strerror}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return fail(raw[: error.start].count(b"\n") + 1, "not UTF-8 text")
    if "\x00" in text:
        return fail(text[: text.index("\x00")].count("\n") + 1,
                    "contains a NUL character (binary file?)")
    try:
        refusal = _refuse_hostile(raw, text)
        if refusal:
            return fail(*refusal)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        opened = error.context_mark  # where what was left open began ("[", a quote, a key)
        context = f" ({error.context} at line {opened.line + 1})" if opened and mark and \
            error.context and opened.line != mark.line else ""
        return fail(mark.line + 1 if mark else None,
                    f"YAML syntax error: {error.problem or error}{context}")
    except yaml.YAMLError as error:
        return fail(None, f"YAML error: {error}")
    if root is None:
        return fail(None, "file is empty")
    if not isinstance(root, yaml.MappingNode):
        return fail(_line(root), "the file must be a mapping of sections (terms:, papers:, ...)")
    walker = _Walker(name, problems)
    entries: list[Entry] = []
    for section, key_node, value_node in walker.pairs(root, None):
        if section is None:
            continue
        if section not in SECTIONS:
            walker.bad(key_node, None, None, f"unknown section '{section}'; expected one of: "
                       + ", ".join(sorted(SECTIONS)))
        elif not isinstance(value_node, yaml.SequenceNode):
            walker.bad(value_node, None, section, "a section must be a list of entries")
        else:
            found = (walker.entry(section, item, rejected) for item in value_node.value)
            entries += [entry for entry in found if entry is not None]
    return entries, problems, rejected


def _refuse_hostile(raw: bytes, text: str) -> tuple[int | None, str] | None:
    """(line, message) when the file uses anchors or aliases or nests too deep, else None
    (checked before composing: PyYAML's C composer recurses, and deep nesting crashes it)."""
    suspect = b"&" in raw or b"*" in raw or b"\n---" in raw or b"\n..." in raw \
        or ((b"[" in raw or b"{" in raw) and _NESTED_FLOW.search(raw) is not None) \
        or max(map(len, raw.split(b"\n"))) > 2000
    if not suspect:  # cheap checks first; only a suspect file is parsed into events
        return None
    depth = documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return line, "YAML anchors and aliases are not allowed"
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                return line, "a data file holds one YAML document, not several"
    return None


def _line(node) -> int:
    return node.start_mark.line + 1


def _show(node) -> str:
    """A short, printable rendering of a node's value for messages."""
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value if len(node.value) <= 60 else node.value[:57] + "...")
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


class _Bad(Exception):
    """A value was refused (the problem is already recorded)."""


class _Walker:
    """Turns the composed YAML of one file into checked entries."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def bad(self, node, entry, name, message) -> None:
        self.problems.append(Problem(self.file, _line(node), entry, name, message))

    def refuse(self, node, entry, name, message):
        """Record the problem and abandon the value."""
        self.bad(node, entry, name, message)
        raise _Bad

    def pairs(self, node, entry: str | None):
        """Yield (key, key node, value node) of a mapping, refusing repeated keys and merges;
        the key is None when it is not plain text."""
        keys: set = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.bad(key_node, entry, None, "YAML merge keys (<<) are not allowed")
                continue
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in keys:
                    self.bad(key_node, entry, key_node.value, "key given twice")
                    continue
                keys.add(key_node.value)
            plain = isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR
            if not plain:
                self.bad(key_node, entry, None, "a key must be plain text")
            yield (key_node.value if plain else None), key_node, value_node

    def entry(self, section: str, node, rejected: set[str]) -> Entry | None:
        if not isinstance(node, yaml.MappingNode):
            self.bad(node, None, section, "an entry must be a mapping with an 'id'")
            return None
        spec = SECTIONS[section]
        id_node = next((v for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == "id"), None)
        entry_id = None
        if id_node is None:
            self.bad(node, None, "id", "missing required field")
        elif not (isinstance(id_node, yaml.ScalarNode) and id_node.tag == _STR
                  and _ID_RE.match(id_node.value) and len(id_node.value) <= 120):
            self.bad(id_node, None, "id", "an id is 1 to 120 of a-z, 0-9, '-', '.', starting "
                     f"with a letter or digit; got {_show(id_node)}")
        else:
            entry_id = id_node.value
        fields, field_lines = {}, {}
        ok = entry_id is not None
        meant = set()  # fields that a misspelt one was meant to be: not reported as missing
        for name, key_node, value_node in self.pairs(node, entry_id):
            if name is None or name == "id":
                ok = ok and name is not None
                continue
            try:
                if name not in spec.fields:
                    meant.update(close := difflib.get_close_matches(name, list(spec.fields), n=1))
                    self.refuse(key_node, entry_id, name, f"unknown field for {section}; " + (
                        f"did you mean '{close[0]}'? " if close else "") + "known fields: id, "
                        + ", ".join(spec.fields))
                value = self.value(value_node, spec.fields[name], entry_id, name, spec)
            except _Bad:
                ok = False
                continue
            if value not in (None, [], {}):
                fields[name] = value
                field_lines[name] = _line(value_node)
        for name, field_spec in spec.fields.items():
            if field_spec.required and name not in fields and entry_id is not None:
                if name not in meant and not any(p.entry == entry_id and p.field == name
                                                 for p in self.problems):
                    self.bad(node, entry_id, name, "missing required field")
                ok = False
        if not ok:
            if entry_id is not None:
                rejected.add(entry_id)
            return None
        return Entry(section, entry_id, fields, self.file, _line(node), field_lines)

    def value(self, node, spec: FieldSpec, entry: str, name: str, section_spec=None):
        """The checked value of one field (a list for ``many``); raise _Bad when refused."""
        if spec.type in ("sourcemap", "idmap"):
            return self.mapping(node, spec, entry, name, section_spec)
        if not spec.many:
            return self.scalar(node, spec, entry, name)
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.refuse(node, entry, name, "expected a list")
        values = []
        for item in node.value:
            value = self.scalar(item, spec, entry, name)
            if value in values:
                self.refuse(item, entry, name, f"{_show(item)} is listed twice")
            values.append(value)
        return values

    def mapping(self, node, spec: FieldSpec, entry: str, name: str, section_spec) -> dict:
        """A ``sourcemap`` or ``idmap``: link field names of the same section -> lists."""
        if not isinstance(node, yaml.MappingNode):
            self.refuse(node, entry, name, "expected a mapping of field names to lists")
        inner = FieldSpec("source" if spec.type == "sourcemap" else "ref", spec.doc, many=True)
        allowed = [n for n, f in section_spec.fields.items()
                   if f.type == "ref" or (spec.type == "sourcemap" and n in ("year", "layers"))]
        mapping = {}
        for key, key_node, value_node in self.pairs(node, entry):
            if key is None:
                raise _Bad
            if key not in allowed:
                self.refuse(key_node, entry, name, f"'{key}' is not a link field; expected one "
                            "of: " + ", ".join(allowed))
            mapping[key] = self.value(value_node, inner, entry, f"{name}.{key}")
        return mapping

    def scalar(self, node, spec: FieldSpec, entry: str, name: str):
        """One checked scalar value (None for null); raise _Bad when refused."""
        refuse = functools.partial(self.refuse, node, entry, name)
        if not isinstance(node, yaml.ScalarNode):
            refuse(f"expected a single value, got {_show(node)}")
        tag, text, kind = node.tag, node.value, spec.type
        if tag == _NULL:
            return None
        if kind in ("int", "year"):
            try:
                number = int(text.replace("_", ""), 0) if tag == _INT else None
            except ValueError:
                number = None
            if number is None:
                refuse(f"expected a whole number, got {_show(node)}")
            last = datetime.date.today().year + 1
            if kind == "year" and not 1800 <= number <= last:
                refuse(f"impossible year {number} (expected 1800 to {last})")
            if kind == "int" and not 0 <= number <= 10**15:
                refuse(f"expected a count from 0 to 10^15, got {number}")
            if spec.minimum is not None and number < spec.minimum:
                refuse(f"{number} is below the minimum {spec.minimum}")
            return number
        if kind == "number":
            try:
                number = float(text.replace("_", "")) if tag in (_INT, _FLOAT) else None
            except ValueError:
                number = None
            if number is None or not math.isfinite(number) or number < 0:
                refuse(f"expected a finite number >= 0, got {_show(node)}")
            return text.replace("_", "")
        if kind == "bool":
            if tag != _BOOL:
                refuse(f"expected true or false, got {_show(node)}")
            return text.lower() in ("true", "yes", "on", "y")
        if kind == "date":
            try:
                datetime.date.fromisoformat(text)
            except ValueError:
                refuse(f"expected a date YYYY-MM-DD, got {_show(node)}")
            return text
        if tag != _STR and not (tag in (_INT, _FLOAT) and kind in ("str", "text")):
            refuse(f"expected text, got {_show(node)}")
        return self.text(node, spec, refuse)

    def text(self, node, spec: FieldSpec, refuse) -> str:
        """A checked string value: text, a URL, an id, a choice, ..."""
        text = node.value.replace("\r\n", "\n").replace("\r", "\n")
        kind = spec.type
        bad = _CONTROL_RE.search(text)
        if bad:
            refuse(f"control character U+{ord(bad.group()):04X} in text (only tab and newline "
                   "are allowed)")
        if len(text) > 20000:
            refuse(f"text of {len(text)} characters; the limit is 20000")
        if kind == "str":
            text = text.strip()
            if "\n" in text:
                refuse("expected one line of text")
        if kind in ("str", "text") and not text.strip():
            refuse("empty text")
        checks = {
            "url": (_URL_RE.match, "expected an http(s) URL"),
            "source": (lambda t: _URL_RE.match(t) or _ID_RE.match(t),
                       "expected an http(s) URL or a source id"),
            "ref": (_ID_RE.match, "expected an id"),
            "wikidata": (_WIKIDATA_RE.fullmatch, "expected a Wikidata id such as Q42"),
        }
        if kind in checks and not checks[kind][0](text):
            refuse(f"{checks[kind][1]}, got {_show(node)}")
        if kind == "choice" and text not in spec.choices:
            refuse(f"{_show(node)} is not one of: " + ", ".join(spec.choices))
        if spec.pattern and not re.match(spec.pattern, text):
            refuse(f"{_show(node)} does not have the expected form")
        return text
