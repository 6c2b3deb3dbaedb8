"""``kg new``: add an entry skeleton to a data folder, a paper filled from arXiv's API.

The entry is appended as YAML text to the file of its section (comments and layout of the
file are kept), and the whole folder is loaded and checked before any file is replaced.

>>> arxiv_paper(Path("tests/fixtures/arxiv-1706.03762.xml").read_bytes())["authors"][6]
'Lukasz Kaiser'
"""

import re
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import yaml

from .errors import DataError
from .load import load_data
from .schema import ID_PATTERN, TERM_CATEGORIES
from .resources import write_text_atomically
from .search import normalize

__all__ = ["NEW_KINDS", "CurationError", "new_entry", "arxiv_paper", "ARXIV_API"]

NEW_KINDS = ("term", "paper", "person")
ARXIV_API = "https://export.arxiv.org/api/query?id_list={}"
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?"
_ATOM = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_FILES = {"term": ("terms.yaml", "terms"), "paper": ("papers.yaml", "papers"),
          "person": ("people.yaml", "people")}


class CurationError(Exception):
    """`kg new` cannot add the entry; ``status`` is the exit code (2 usage, 1 data, 4 I/O)."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def slug(text: str) -> str:
    """An id made of ``text``: its words as the matcher normalizes them, joined by hyphens
    ("Łukasz K." -> "lukasz-k")."""
    return normalize(text).replace(" ", "-")


def arxiv_paper(atom: bytes) -> dict:
    """The paper of an arXiv API answer ``atom``: arxiv (id without version), title, authors
    (names in order), published (the first version's date), doi, journal_ref, url."""
    try:
        entry = ElementTree.fromstring(atom).find("atom:entry", _ATOM)
    except ElementTree.ParseError as error:
        raise CurationError(f"arXiv's answer is not Atom XML: {error}", 4) from None
    identifier = entry.findtext("atom:id", "", _ATOM) if entry is not None else ""
    if entry is None or "/api/errors" in identifier or not entry.findtext("atom:title", "", _ATOM):
        raise CurationError("arXiv's answer holds no paper (is the arXiv ID right?)", 1)
    return {
        "arxiv": re.sub(r"v\d+$", "", identifier.rsplit("/abs/", 1)[-1]),
        "title": " ".join(entry.findtext("atom:title", "", _ATOM).split()),
        "authors": [" ".join(a.findtext("atom:name", "", _ATOM).split())
                    for a in entry.findall("atom:author", _ATOM)],
        "published": entry.findtext("atom:published", "", _ATOM)[:10],
        "doi": entry.findtext("arxiv:doi", "", _ATOM).strip(),
        "journal_ref": " ".join(entry.findtext("arxiv:journal_ref", "", _ATOM).split()),
    }


def _fetch_arxiv(arxiv_id: str) -> bytes:
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(ARXIV_API.format(arxiv_id), timeout=20) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as error:
        raise CurationError(f"cannot reach arXiv's API ({getattr(error, 'reason', error)});"
                            " offline, give the paper by hand: kg new paper ID --label TITLE "
                            "--author PERSON_ID ... --year YEAR --source URL",
                            4) from None


def new_entry(kind: str, entry_id: str | None, data: Path, *, label: str | None = None,
              category: str | None = None, sources: tuple[str, ...] = (),
              authors: tuple[str, ...] = (), year: int | None = None,
              arxiv_id: str | None = None, arxiv_response: Path | None = None) -> str:
    """Append a ``kind`` entry (term, paper or person) to ``data``; return what was done and
    what to fill in.  A paper with ``arxiv_id`` is read from arXiv's API, or from the file
    ``arxiv_response``; its authors are matched to people of ``data`` or added."""
    data = Path(data)
    try:
        existing = load_data(data)
    except DataError as error:
        raise CurationError(f"{data} does not load yet; fix it first ({error.problems[0]})", 1)
    entries: dict[str, list[dict]] = {"terms": [], "papers": [], "people": []}
    todo: list[str] = []
    if kind == "paper" and arxiv_id:
        if not re.fullmatch(_ARXIV_ID, arxiv_id):
            raise CurationError(f"{arxiv_id!r} is not an arXiv ID (e.g. 1706.03762 or "
                                "cs/9901001)")
        atom = arxiv_response.read_bytes() if arxiv_response else _fetch_arxiv(arxiv_id)
        paper = arxiv_paper(atom)
        if paper["arxiv"] != re.sub(r"v\d+$", "", arxiv_id):
            raise CurationError(f"arXiv's answer is about {paper['arxiv']}, not {arxiv_id}", 1)
        _paper_from_arxiv(paper, entry_id, existing, entries, todo)
    elif kind == "term":
        if category not in TERM_CATEGORIES:
            raise CurationError(f"a term needs --category, one of: {', '.join(TERM_CATEGORIES)}")
        entries["terms"].append({"id": entry_id, "label": label or entry_id.replace("-", " "),
                                 "category": category})
        todo.append("definition and definition_sources; acronyms, aliases, year, broader, "
                    "introduced_in (see data/README.md)")
    else:
        missing = [option for option, value in (("--source", sources),
                                                ("--label", label or kind == "person")) +
                   ((("--author", authors), ("--year", year)) if kind == "paper" else ())
                   if not value]
        if missing:
            raise CurationError(f"a {kind} without --arxiv needs {', '.join(missing)}")
        if kind == "person":
            name = label or " ".join(w.capitalize() for w in entry_id.split("-"))
            entries["people"].append({"id": entry_id, "name": name, "sources": list(sources)})
            todo.append(f"name (as printed; now {name!r})")
            todo.append("affiliations, wikidata")
        else:
            entries["papers"].append({"id": entry_id, "title": label, "authors": list(authors),
                                      "year": year, "sources": list(sources)})
            todo.append("venue, doi or arxiv, url")
    added = [e["id"] for section in entries.values() for e in section]
    for new_id in added:
        if not new_id or not re.fullmatch(ID_PATTERN, new_id):
            raise CurationError(f"{new_id!r} is not an id: lower case letters, digits, hyphens")
        if new_id in existing.entries:
            where = existing.entries[new_id]
            raise CurationError(f"{new_id!r} is already in {where.file}:{where.line}", 1)
    _append_checked(data, entries)
    files = sorted({_FILES[k][0] for k, (_f, s) in _FILES.items() if entries[s]})
    return (f"added {', '.join(added)} to {', '.join(str(data / f) for f in files)}\n"
            f"fill in: {'; '.join(todo)}\nthen run `kg validate` and `kg build`")


def _paper_from_arxiv(paper: dict, entry_id, existing, entries, todo) -> None:
    """Put the paper of ``paper`` (arxiv_paper's dict) and its new authors into ``entries``."""
    for entry in existing.section("papers"):
        if entry.fields.get("arxiv") == paper["arxiv"]:
            raise CurationError(f"arXiv {paper['arxiv']} is already {entry.id!r} "
                                f"({entry.file}:{entry.line})", 1)
    source = f"https://arxiv.org/abs/{paper['arxiv']}"
    people = {slug(e.fields["name"]): e.id for e in existing.section("people")}
    people |= {e.id: e.id for e in existing.section("people")}
    author_ids = []
    for position, name in enumerate(paper["authors"], 1):
        if not slug(name):  # a name in no Latin letters: an id to be chosen by the curator
            found = f"{slug(paper['arxiv'])}-author-{position}"
            entries["people"].append({"id": found, "name": name, "sources": [source]})
            todo.append(f"the id of {name!r} (now {found})")
            author_ids.append(found)
            continue
        words = slug(name).split("-")
        # "Aidan N. Gomez" is aidan-gomez in the data: ids leave middle initials out
        candidates = [slug(name), "-".join([words[0], words[-1]])]
        found = next((people[c] for c in candidates if c in people), None)
        if found is None:
            found = candidates[1] if len(words) > 2 and len(words[1]) == 1 else candidates[0]
            entries["people"].append({"id": found, "name": name, "sources": [source]})
            people[found] = found
        author_ids.append(found)
    year = int(paper["published"][:4])
    first_word = next((w for w in slug(paper["title"]).split("-")
                       if w not in ("a", "an", "the", "on", "of")), "paper")
    entry = {"id": entry_id or f"{author_ids[0].split('-')[-1]}{year}{first_word}",
             "title": paper["title"], "authors": author_ids, "year": year,
             "arxiv": paper["arxiv"], "url": source}
    if paper["doi"]:
        entry["doi"] = paper["doi"]
    entry["sources"] = [source]
    entry["note"] = (f"Filled by `kg new paper --arxiv` from arXiv's API: first version "
                     f"published {paper['published']}"
                     + (f"; journal reference: {paper['journal_ref']}" if paper["journal_ref"]
                        else "") + ".")
    entries["papers"].append(entry)
    matched = len(author_ids) - len(entries["people"])
    venue = "see the journal reference in the note" if paper["journal_ref"] else \
        "arXiv has no journal reference"
    todo.append(f"venue ({venue}); {matched} author(s) matched people already in the data, "
                f"{len(entries['people'])} added: check them, and add their affiliations")


def _append_checked(data: Path, entries: dict[str, list[dict]]) -> None:
    """Append ``entries`` to the files of their sections, after loading the folder with them
    added in a scratch copy; a file is replaced only when the whole folder loads."""
    import shutil
    texts = {}
    for kind, (file_name, section) in _FILES.items():
        if not entries[section]:
            continue
        path = data / file_name
        old = path.read_text(encoding="utf-8") if path.exists() else f"{section}:\n"
        if path.exists() and not re.search(rf"(?m)^{section}:\s*$", old):
            raise CurationError(f"{path} has no '{section}:' list to append to", 1)
        dumped = yaml.safe_dump(entries[section], sort_keys=False, allow_unicode=True, width=96)
        texts[path] = old.rstrip("\n") + "\n" + dumped
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data, copy)
        for path, text in texts.items():
            (copy / path.relative_to(data)).write_text(text, encoding="utf-8")
        try:
            load_data(copy)
        except DataError as error:
            raise CurationError("the new entry would not load: " + "; ".join(
                str(p).replace(str(copy), str(data)) for p in error.problems[:5]), 1) from None
    for path, text in texts.items():
        write_text_atomically(path, text)
