"""The quality of the sources in data/: no web proxies, no truncated URLs, https where the
site serves it, a source for every person, and a source beside every Wikidata identifier.
The check runs on the shipped data and is shown to fail on planted bad sources."""

import re
import textwrap

import pytest

from kg.load import load_data
from kg.schema import SECTIONS

from .conftest import DATA, TEST_DATA

# Services that show another site's page under their own URL: never a source.
PROXY = re.compile(r"[?&](url|u|q)=https?%3A|[?&](url|u)=https?:|/https?:/|hatenablog-parts|"
                   r"php-?proxy|proxysite|croxyproxy|rp\.liu233w|translate\.goog|webcache\.",
                   re.IGNORECASE)
TRUNCATED = re.compile(r"(\.\.\.|\u2026|%E2%80%A6)$", re.IGNORECASE)
# Sites that serve https: an http:// URL to them is a slip.
HTTPS_SITES = ("arxiv.org", "doi.org", "proceedings.neurips.cc", "papers.nips.cc",
               "proceedings.mlr.press", "openaccess.thecvf.com", "image-net.org",
               "www.image-net.org", "github.com", "openreview.net", "aclanthology.org",
               "jmlr.org", "link.springer.com", "www.nature.com", "ieeexplore.ieee.org",
               "dl.acm.org", "en.wikipedia.org", "www.wikidata.org")


def _urls(entry):
    """(field, URL) of every URL an entry holds."""
    spec = SECTIONS[entry.section].fields
    for name, value in entry.fields.items():
        kind = spec[name].type
        values = [v for vs in value.values() for v in vs] if isinstance(value, dict) else (
            value if isinstance(value, list) else [value])
        if kind in ("url", "source", "sourcemap"):
            yield from ((name, v) for v in values if isinstance(v, str) and "://" in v)


def source_problems(folder):
    """One line per problem with the sources of the data in ``folder``."""
    data = load_data(folder)
    problems = []
    for entry in data.entries.values():
        where = f"{entry.file}:{entry.line} {entry.id}"
        for name, url in _urls(entry):
            host = url.split("/")[2].lower()
            if PROXY.search(url):
                problems.append(f"{where} {name}: a web proxy, not a source: {url}")
            if TRUNCATED.search(url):
                problems.append(f"{where} {name}: a truncated URL: {url}")
            if url.startswith("http://") and host in HTTPS_SITES:
                problems.append(f"{where} {name}: {host} serves https: {url}")
        if entry.section == "people" and not entry.fields.get("sources"):
            problems.append(f"{where}: a person without a source")
        if "wikidata" in entry.fields and not entry.fields.get("link_sources"):
            problems.append(f"{where}: a Wikidata id without the source that ties it")
    return problems


def test_the_shipped_sources_are_clean():
    assert source_problems(DATA) == []


@pytest.mark.parametrize("bad, words", [
    ("https://hatenablog-parts.com/embed?url=https%3A%2F%2Farxiv.org%2Fabs%2F1502.03167",
     "a web proxy"),
    ("https://example.org/fetch?url=https://arxiv.org/abs/1502.03167", "a web proxy"),
    ("https://studylib.net/doc/123/deep-residual-learning...", "a truncated URL"),
    ("http://arxiv.org/abs/1512.03385", "serves https"),
])
def test_planted_bad_sources_are_found(tmp_path, bad, words):
    text = (TEST_DATA / "mini" / "glossary.yaml").read_text()
    (tmp_path / "glossary.yaml").write_text(text.replace(
        "sources: [https://example.org/icml2010]", f"sources: [{bad}]"))
    problems = source_problems(tmp_path)
    assert len(problems) == 1 and words in problems[0] and "nair2010rectified" in problems[0]


def test_a_person_without_a_source_is_refused(tmp_path):
    (tmp_path / "p.yaml").write_text(textwrap.dedent("""\
        people:
        - id: ada-lovelace
          name: Ada Lovelace
        """))
    with pytest.raises(Exception, match="'sources': missing required field"):
        source_problems(tmp_path)
