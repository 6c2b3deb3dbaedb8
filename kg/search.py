"""Stage 5: the forgiving matcher behind ``kg search``, the view's search box, the endpoint's
search page and the query parameters that name a thing.

Case, accents and punctuation do not matter; it matches labels, acronyms, aliases, names,
paper titles, arXiv IDs and DOIs; a person matches with or without middle names or initials
and in "family, given" order; a word may have one typo.  ``kg/view_assets/graph.js`` scores
with the same rules (``score`` there and here; a browser test compares the two).

>>> from kg.query import open_store
>>> index = NameIndex.from_store(open_store())
>>> [(hit.kind, hit.label) for hit in index.search("G. E. Hinton")][:1]
[('person', 'Geoffrey E. Hinton')]
"""

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["KINDS", "HOW", "Hit", "NameIndex", "AmbiguousName", "finder", "normalize", "score",
           "FIELD_ORDER"]

KINDS = ("term", "paper", "person", "organization", "dataset", "competition", "edition")
# the fields a name comes from, best first (a tie in score goes to the earlier field)
FIELD_ORDER = ("label", "name", "acronym", "alias", "title", "arXiv ID", "DOI")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_FIELD_RANK = {field: rank for rank, field in enumerate(FIELD_ORDER)}
EXACT, PERSON, WORDS, PREFIX, WORD_PREFIXES, INSIDE, TYPO = 100, 90, 80, 70, 60, 50, 40
# what each score means, in words (`kg search` prints it)
HOW = {EXACT: "exactly", PERSON: "as a name with initials", WORDS: "every word",
       PREFIX: "the beginning", WORD_PREFIXES: "word beginnings", INSIDE: "inside",
       TYPO: "allowing a typo"}


class AmbiguousName(LookupError):
    """A text names several things equally well; ``candidates`` are the tied hits."""

    def __init__(self, text: str, candidates: list["Hit"]):
        names = "; ".join(f"{hit.label} <{hit.iri}>" for hit in candidates[:8])
        super().__init__(f"{text!r} names several things: {names}; give one of them exactly")
        self.candidates = candidates


@dataclass(frozen=True)
class Hit:
    """A thing found: its ``iri``, ``kind``, ``label``, the ``name`` and ``field`` that
    matched, the ``score`` (100 exact ... 40 one typo) and its number of ``links``."""
    iri: str
    kind: str
    label: str
    name: str
    field: str
    score: int
    links: int


def normalize(text: str) -> str:
    """``text`` in lower case without accents, punctuation or repeated spaces.

    >>> normalize("  Łukasz  KAISER, Jr.") , normalize("ResNet-152")
    ('lukasz kaiser jr', 'resnet 152')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
        text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return " ".join(_NOT_WORD.split(text.lower())).strip()


def _readings(text: str) -> list[str]:
    """The normalized ways to read ``text``: as typed, and "family, given" turned around."""
    readings = [normalize(text)]
    if text.count(",") == 1:
        family, given = text.split(",")
        readings.append(normalize(f"{given} {family}"))
    return [r for r in readings if r]


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1:] == b[start + 1:] or (
            a[start + 2:] == b[start + 2:] and a[start:start + 2] == b[start:start + 2][::-1])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return shorter[start:] == longer[start + 1:]


def _in_order(query: list[str], key: list[str]) -> bool:
    """Whether the ``query`` words appear in ``key`` in order, a letter standing for a word
    it begins (G. E. Hinton, Geoffrey Hinton), the last words being the same."""
    if not query or query[-1] != key[-1]:
        return False
    position = 0
    for word in query:
        while position < len(key) and not (
                key[position] == word or (len(word) == 1 and key[position][0] == word)
                or (len(key[position]) == 1 and word[0] == key[position])):
            position += 1
        if position == len(key):
            return False
        position += 1
    return True


def score(query: str, key: str) -> int:
    """How well normalized ``query`` matches normalized ``key``: 0 (not at all) to 100.

    >>> score("geoffrey hinton", "geoffrey e hinton"), score("hintn", "geoffrey e hinton")
    (90, 40)
    """
    if not query or not key:
        return 0
    if query == key or query.replace(" ", "") == key.replace(" ", ""):
        return EXACT
    words, key_words = query.split(), key.split()
    if len(words) > 1 and _in_order(words, key_words):
        return PERSON
    if all(word in key_words for word in words):
        return WORDS
    if key.startswith(query):
        return PREFIX
    if all(any(k.startswith(word) for k in key_words) for word in words):
        return WORD_PREFIXES
    if len(query) >= 3 and query in key:
        return INSIDE
    if all(word in key_words or (len(word) >= 4 and any(_one_edit(word, k) for k in key_words))
           for word in words) or (len(query) >= 4 and _one_edit(query, key)):
        return TYPO
    return 0


@dataclass(frozen=True)
class _Name:
    iri: str
    kind: str
    field: str
    name: str
    key: str
    links: int


class NameIndex:
    """The names of every thing of a graph, to search with :meth:`search`."""

    def __init__(self, rows: list[dict]):
        """``rows``: dicts of thing, kind, field, name (strings) and links (an int), as the
        named query ``names`` gives them."""
        self.labels: dict[str, str] = {}
        names, seen = [], set()
        for row in sorted(rows, key=lambda r: (r["thing"], _FIELD_RANK[r["field"]], r["name"])):
            if row["field"] in ("label", "name", "title"):
                self.labels.setdefault(row["thing"], row["name"])
            entry = _Name(row["thing"], row["kind"], row["field"], row["name"],
                          normalize(row["name"]), int(row["links"]))
            if entry.key and (entry.iri, entry.key) not in seen:
                seen.add((entry.iri, entry.key))
                names.append(entry)
        for entry in names:  # a thing with no label, name or title: its first name
            self.labels.setdefault(entry.iri, entry.name)
        self.names = names

    @classmethod
    def from_store(cls, store, *, things=None) -> "NameIndex":
        """The index of a pyoxigraph ``store`` (through the named query ``names``), of the
        IRIs in ``things`` only if given."""
        from pyoxigraph import NamedNode

        from .query import bind_as_values, named_query, run_query
        text = named_query("names").text
        if things is not None:
            text = bind_as_values(text, {"thing": [NamedNode(iri) for iri in sorted(things)]})
        return cls.from_result(run_query(store, text))

    @classmethod
    def from_result(cls, result) -> "NameIndex":
        """The index from a QueryResult of the named query ``names`` (run anywhere)."""
        return cls([{key: term.value for key, term in row.items()} for row in result.rows])

    def search(self, text: str, *, kinds: tuple[str, ...] = (), limit: int = 10) -> list[Hit]:
        """The things ``text`` names, best first (one hit a thing); only ``kinds`` if given."""
        best: dict[str, tuple] = {}
        for reading in _readings(text):
            for entry in self.names:
                if kinds and entry.kind not in kinds:
                    continue
                points = score(reading, entry.key)
                if not points:
                    continue
                rank = (-points, _FIELD_RANK[entry.field], -entry.links,
                        self.labels[entry.iri].casefold(), entry.iri)
                if entry.iri not in best or rank < best[entry.iri][0]:
                    best[entry.iri] = (rank, entry)
        ranked = sorted(best.values(), key=lambda pair: pair[0])[:limit]
        return [Hit(e.iri, e.kind, self.labels[e.iri], e.name, e.field,
                    -rank[0], e.links) for rank, e in ranked]

    def resolve(self, text: str, *, kinds: tuple[str, ...] = ()) -> Hit:
        """The one thing ``text`` names; LookupError if none, AmbiguousName if several tie."""
        hits = self.search(text, kinds=kinds, limit=20)
        if not hits:
            wanted = " or ".join(kinds) if kinds else "thing"
            raise LookupError(f"no {wanted} is named {text!r}")
        tied = [hit for hit in hits if hit.score == hits[0].score]
        if len(tied) > 1 and (hits[0].score < EXACT or tied[1].field == tied[0].field):
            raise AmbiguousName(text, tied)
        return hits[0]


def finder(store=None, *, endpoint: str | None = None, page: int = 500):
    """A resolver ``find(text, kinds) -> Hit`` over a pyoxigraph ``store`` or a SPARQL
    ``endpoint`` (read ``page`` rows at a time, as endpoints cap results).

    A text spelt exactly as the name of one thing of ``kinds`` (case included) is that thing,
    found by an index lookup; any other text goes to the index of all the names of things of
    ``kinds``, read once, when first needed."""
    from pyoxigraph import Literal

    from .query import QueryResult, bind_as_values, named_query, run_query, run_remote
    indexes: dict[tuple, NameIndex] = {}

    def read(values: dict) -> QueryResult:
        text = bind_as_values(named_query("names").text, values)
        if not endpoint:
            return run_query(store, text)
        result = QueryResult("select")
        while True:
            part = run_remote(endpoint, f"{text}\nORDER BY ?thing ?field ?name LIMIT {page} "
                                        f"OFFSET {len(result.rows)}")
            result.rows += part.rows
            if len(part.rows) < page:
                return result

    def find(text: str, kinds: tuple[str, ...] = ()) -> Hit:
        # (the kind is checked here: bound in the query, it makes Oxigraph list every
        # thing of the kind before it looks the name up)
        exact = NameIndex.from_result(read({"name": [Literal(text, language="en"),
                                                     Literal(text)]}))
        if len({name.iri for name in exact.names if not kinds or name.kind in kinds}) == 1:
            return exact.resolve(text, kinds=kinds)
        if kinds not in indexes:
            indexes[kinds] = NameIndex.from_result(read({"kind": kinds[0]} if len(kinds) == 1
                                                        else {}))
        return indexes[kinds].resolve(text, kinds=kinds)

    return find
