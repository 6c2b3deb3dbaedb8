"""Cross-site scripting: a corpus of payloads in every text field that reaches the HTML
view, opened in a real browser, must run nothing and make no link that is not http(s)."""

import yaml

from .browser import offline_page, open_view
from .conftest import TEST_DATA, run_kg

PAYLOADS = [line for line in (TEST_DATA / "xss-payloads.txt").read_text().splitlines() if line]
URL_PAYLOADS = ["https://example.org/?q=%3Cscript%3Ewindow.__xss=1%3C/script%3E",
                "https://example.org/#javascript:window.__xss=1",
                "http://example.org/x?a=1&b=javascript:alert(1)"]


def hostile_data() -> dict:
    """One entry of every kind per payload, the payload in every text field it has."""
    sections = {k: [] for k in ("sources", "people", "organizations", "papers", "terms",
                                "datasets", "competitions", "editions", "measures", "results")}
    sections["measures"].append({"id": "top-5-error", "label": "top-5 error rate",
                                 "unit": "percent"})
    for i, text in enumerate(PAYLOADS):
        one_line = text.replace("\n", " ")
        url = URL_PAYLOADS[i % len(URL_PAYLOADS)]
        sections["sources"].append({"id": f"s{i}", "title": one_line, "url": url, "note": text})
        sections["people"].append({"id": f"person{i}", "name": one_line,
                                   "sources": ["https://example.org/person"]})
        sections["organizations"].append({"id": f"org{i}", "name": one_line, "url": url})
        sections["papers"].append({"id": f"paper{i}", "title": one_line, "authors": [f"person{i}"],
                                   "year": 2015, "venue": one_line, "url": url,
                                   "sources": [url, f"s{i}"], "note": text})
        sections["terms"].append({
            "id": f"t{i}", "label": one_line, "acronyms": [one_line + "A"],
            "aliases": [one_line + " alias"], "category": "architecture", "definition": text,
            "definition_sources": [url], "glossary_text": text, "formula": text,
            "introduced_in": [f"paper{i}"], "developed_by": [f"org{i}"], "see_also": [url],
            "evaluated_on": [f"d{i}"], "wikipedia": url, "link_note": text,
            "link_sources": [url]})
        sections["datasets"].append({"id": f"d{i}", "label": one_line + " data",
                                     "description": text, "glossary_text": text,
                                     "example_size": one_line, "url": url, "sources": [url],
                                     "note": text})
        sections["competitions"].append({"id": f"c{i}", "label": one_line + " challenge",
                                         "description": text, "dataset": f"d{i}",
                                         "sources": [url]})
        sections["editions"].append({"id": f"e{i}", "competition": f"c{i}", "year": 2015,
                                     "label": one_line + " 2015", "url": url, "sources": [url]})
        sections["results"].append({"id": f"r{i}", "edition": f"e{i}", "entry": one_line,
                                    "team": one_line, "model": f"t{i}", "metric": "top-5-error",
                                    "value": 5.5, "split": "test", "rank": 1,
                                    "paper": f"paper{i}", "claimed_by": "paper",
                                    "source": url, "note": text})
    sections["sources"].append({"id": "glossary", "title": "glossary",
                                "url": "https://example.org/glossary"})
    return sections


def test_no_payload_runs_in_any_field(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "hostile.yaml").write_text(yaml.safe_dump(hostile_data(), allow_unicode=True),
                                       encoding="utf-8")
    built = run_kg("build", "--data", data, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    with offline_page() as (page, requests, console):
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        open_view(page, tmp_path / "out" / "graph.html")
        ids = page.evaluate("window.dlkgNetwork.body.data.nodes.getIds()")
        assert len(ids) == 8 * len(PAYLOADS)  # every entry but the sources (not drawn)
        shown = 0
        for node in ids:
            page.evaluate("id => { window.dlkgNetwork.emit('click', {nodes: [id], edges: [], "
                          "event: {}, pointer: {}}); }", node)
            panel = page.eval_on_selector("#panel", "p => ({hidden: p.hidden, "
                                          "tags: [...p.querySelectorAll('*')].map(e => "
                                          "e.tagName.toLowerCase()), "
                                          "hrefs: [...p.querySelectorAll('a')].map(a => "
                                          "a.getAttribute('href'))})")
            assert not panel["hidden"]
            assert set(panel["tags"]) <= {"h2", "h3", "span", "div", "p", "pre", "ul", "li",
                                          "a", "blockquote", "button"}, panel["tags"]
            assert all(h.startswith(("http://", "https://")) for h in panel["hrefs"]), panel
            shown += 1
        page.fill("#search", PAYLOADS[0])
        page.press("#search", "Enter")
        assert PAYLOADS[0] in page.inner_text("#panel")
        # hover one node to draw its tooltip; it must hold text only
        node = "https://w3id.org/dlkg/id/term/t2"
        page.evaluate(f"() => {{ window.dlkgNetwork.focus('{node}', {{scale: 1.5}}); }}")
        x, y = page.evaluate(
            f"(() => {{ const p = window.dlkgNetwork.getPositions(['{node}'])['{node}'];"
            " const d = window.dlkgNetwork.canvasToDOM(p);"
            " const r = document.getElementById('graph').getBoundingClientRect();"
            " return [d.x + r.left, d.y + r.top]; })()")
        page.mouse.move(x, y)
        page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
        assert page.eval_on_selector(".vis-tooltip", "t => t.querySelectorAll('img,svg,script')"
                                     ".length") == 0
        assert "onerror" in page.inner_text(".vis-tooltip")
        assert page.evaluate("window.__xss") is None
        assert dialogs == [] and requests == []
        assert not [m for m in console if m[0] == "pageerror"]
    print(f"{len(PAYLOADS)} payloads in {shown} nodes' panels: none ran")


def test_javascript_urls_are_refused_at_load(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text(yaml.safe_dump({"terms": [{
        "id": "x", "label": "x", "category": "concept",
        "see_also": ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]}]}))
    result = run_kg("validate", "--data", data)
    assert result.returncode == 1 and "expected an http(s) URL" in result.stderr
