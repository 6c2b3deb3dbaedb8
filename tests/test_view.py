"""The HTML graph view in a real browser (Debian's Chromium via Playwright), offline."""


import pytest

from kg.network import KINDS, focus_store, project
from kg.view import render_html

from .browser import offline_page, open_view
from .conftest import EXPORTS, run_kg

GRAPH_HTML = EXPORTS / "graph.html"
RELU = "https://w3id.org/dlkg/id/term/relu"


@pytest.fixture(scope="module")
def projection(built):
    return project(built[1])


def test_projection_has_every_kind_and_typed_edges(projection):
    kinds = {data["kind"] for _n, data in projection.nodes(data=True)}
    assert kinds == set(KINDS)
    labels = {data["label"] for _u, _v, data in projection.edges(data=True)}
    assert {"is a", "variant of", "successor of", "uses", "introduced in", "author",
            "evaluated on", "edition of"} <= labels
    assert projection.has_edge(RELU, "https://w3id.org/dlkg/id/term/activation-function")


def search(page, text: str) -> None:
    """Type ``text`` in the view's search box and press Enter."""
    page.fill("#search", text)
    page.press("#search", "Enter")


def test_page_opens_offline_with_no_request_and_no_console_error(projection):
    with offline_page() as (page, requests, console):
        open_view(page, GRAPH_HTML)
        assert requests == []
        assert [m for m in console if m[0] in ("error", "pageerror", "warning")] == []
        counts = page.evaluate("[window.dlkgNetwork.body.data.nodes.length,"
                               " window.dlkgNetwork.body.data.edges.length]")
        assert counts == [projection.number_of_nodes(), projection.number_of_edges()]
        assert page.evaluate("window.dlkgNetwork.physics.options.enabled") is False
        legend = page.inner_text("#legend")
        kinds = [data["kind"] for _node, data in projection.nodes(data=True)]
        assert f"Term ({kinds.count('term')})" in legend
        assert f"Paper ({kinds.count('paper')})" in legend and kinds.count("paper") >= 43


def test_search_focuses_the_node_and_opens_its_panel():
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        search(page, "ReLU")
        page.wait_for_selector("#panel:not([hidden])")
        assert page.evaluate("window.dlkgNetwork.getSelectedNodes()") == [RELU]
        panel = page.inner_text("#panel")
        assert "rectified linear unit" in panel
        assert "max(x, 0)" in panel
        search(page, "Alex Graves")
        page.wait_for_function("window.dlkgNetwork.getSelectedNodes()[0].endsWith('alex-graves')")
        search(page, "no such thing at all")
        assert page.inner_text("#search-status") == "No node matches."


def test_clicking_a_node_shows_its_definition_and_sources():
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        node = "https://w3id.org/dlkg/id/term/resnet"
        page.evaluate(f"() => {{ window.dlkgNetwork.focus('{node}', {{scale: 1.5}}); }}")
        point = page.evaluate(
            f"(() => {{ const p = window.dlkgNetwork.getPositions(['{node}'])['{node}'];"
            f" const d = window.dlkgNetwork.canvasToDOM(p);"
            f" const r = document.getElementById('graph').getBoundingClientRect();"
            f" return [d.x + r.left, d.y + r.top]; }})()")
        page.mouse.click(point[0], point[1])
        page.wait_for_selector("#panel:not([hidden])")
        panel = page.inner_text("#panel")
        assert "identity shortcut connections" in panel          # the definition
        assert "Deep Residual Learning for Image Recognition" in panel  # the paper
        assert "https://doi.org/10.1109/CVPR.2016.90" in panel.split("SOURCES")[1].split()
        assert "A Microsoft Research model" in panel              # the glossary's words
        hrefs = page.eval_on_selector_all("#panel a", "links => links.map(a => a.href)")
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)


def test_kind_filter_hides_and_shows(projection):
    people = sum(1 for _n, d in projection.nodes(data=True) if d["kind"] == "person")
    hidden_kinds = "window.dlkgNetwork.body.data.nodes.get({filter: n => n.hidden}).map(n => n.kind)"
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        assert "term" not in set(page.evaluate(hidden_kinds))  # the first screen: terms
        page.check('input[data-kind="person"]')
        assert "person" not in set(page.evaluate(hidden_kinds))
        page.uncheck('input[data-kind="person"]')
        hidden = page.evaluate(hidden_kinds)
        assert hidden.count("person") == people
        page.uncheck('input[data-kind="term"]')
        assert "term" in set(page.evaluate(hidden_kinds))


def test_clicking_highlights_the_neighbourhood():
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        search(page, "ELU")
        page.wait_for_selector("#panel:not([hidden])")
        colours = page.evaluate(
            "(() => { const d = window.dlkgNetwork.body.data.nodes;"
            " return [d.get('https://w3id.org/dlkg/id/term/relu').color,"
            " d.get('https://w3id.org/dlkg/id/person/alex-graves').color]; })()")
        assert colours[0] != "#e3e6ea" and colours[1] == "#e3e6ea"


HOSTILE = [
    "<script>window.__xss = 1</script>",
    "<img src=x onerror=\"window.__xss = 2\">",
    "\"><svg onload=\"window.__xss = 3\">",
    "</script><script>window.__xss = 4</script>",
    "javascript:window.__xss = 5",
]


def test_markup_and_script_in_the_data_show_as_text_and_run_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    label = HOSTILE[1] + " label"
    (data / "evil.yaml").write_text(
        "terms:\n"
        "- id: evil\n"
        f"  label: '{label}'\n"
        f"  aliases: ['{HOSTILE[2]}']\n"
        "  category: concept\n"
        f"  definition: '{HOSTILE[0]} {HOSTILE[3]}'\n"
        f"  formula: '{HOSTILE[4]}'\n"
        "  see_also: ['https://example.org/?q=%3Cscript%3Ewindow.__xss=6%3C/script%3E']\n"
        "- id: other\n"
        "  label: other\n"
        "  category: concept\n"
        "  uses: [evil]\n", encoding="utf-8")
    result = run_kg("build", "--data", data, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    with offline_page() as (page, requests, console):
        open_view(page, tmp_path / "out" / "graph.html")
        search(page, "onerror")
        page.wait_for_selector("#panel:not([hidden])")
        panel = page.inner_text("#panel")
        assert label in panel and HOSTILE[0] in panel and HOSTILE[4] in panel
        assert page.evaluate("window.__xss") is None
        assert page.eval_on_selector_all("#panel script, #panel img, #panel svg",
                                         "nodes => nodes.length") == 0
        assert requests == []
        assert not [m for m in console if m[0] == "pageerror"]


def test_focus_view_draws_one_neighbourhood(tmp_path, projection):
    out = tmp_path / "relu.html"
    result = run_kg("view", "--focus", "ReLU", "--depth", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    expected = {RELU} | set(projection.successors(RELU)) | set(projection.predecessors(RELU))
    with offline_page() as (page, _requests, _console):
        open_view(page, out)
        ids = page.evaluate("window.dlkgNetwork.body.data.nodes.getIds()")
        assert set(ids) == expected
    missing = run_kg("view", "--focus", "no such term", "--out", out)
    assert missing.returncode == 2 and "no thing is named" in missing.stderr


def test_page_inlines_everything():
    page = GRAPH_HTML.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page
    assert "connect-src 'none'" in page


def neighbourhood(graph, focus: str, depth: int):
    """The subgraph within ``depth`` links of ``focus`` (a node IRI), either way: what a
    focus view drawn from the store must show."""
    import networkx as nx
    undirected = graph.to_undirected(as_view=True)
    nodes = nx.single_source_shortest_path_length(undirected, focus, cutoff=depth)
    part = nx.MultiDiGraph()  # in sorted order (a subgraph view would iterate a set)
    part.add_nodes_from((node, graph.nodes[node]) for node in sorted(nodes))
    part.add_edges_from((u, v, key, data) for u, v, key, data in
                        graph.edges(keys=True, data=True) if u in nodes and v in nodes)
    return part


@pytest.mark.parametrize("focus, depth, node", [
    ("ReLU", 1, "term/relu"), ("relu", 2, "term/relu"), ("Alex Graves", 1, "person/alex-graves"),
    ("alex graves", 1, "person/alex-graves"), ("AlexNet", 2, "term/alexnet"),
    ("imagenet", 3, "dataset/imagenet"), ("LSTM", 0, "term/lstm"),
    ("https://w3id.org/dlkg/id/term/gan", 1, "term/gan")])
def test_a_focus_view_from_the_store_is_the_neighbourhood_in_the_whole(knowledge, projection,
                                                                        focus, depth, node):
    """``kg view --focus`` finds the node as `kg search` does (an IRI or id first), reads only
    the neighbourhood from the store (large graphs), and draws the same page as the
    neighbourhood cut out of the whole projection."""
    network = focus_store(knowledge.store, focus, depth)
    assert network.graph["focus"] == "https://w3id.org/dlkg/id/" + node
    whole = neighbourhood(projection, network.graph["focus"], depth)
    assert set(network) == set(whole)
    assert render_html(network) == render_html(whole)


# Each visible node's label box on the screen, in CSS pixels: [id, kind, left, top, width,
# height] (vis-network draws on a canvas; its label module knows each box's size).
_LABEL_BOXES = """() => {
  const network = window.dlkgNetwork, scale = network.getScale();
  return network.body.nodeIndices.map(id => {
    const node = network.body.nodes[id], size = node.labelModule.size;
    const centre = network.canvasToDOM({x: node.x, y: node.y});
    return [id, node.options.kind, centre.x - size.width * scale / 2,
            centre.y - size.height * scale / 2, size.width * scale, size.height * scale];
  });
}"""


def test_the_first_screen_shows_every_term_readable_and_no_person(projection):
    terms = {n for n, kind in projection.nodes(data="kind") if kind == "term"}
    with offline_page(viewport=(1400, 900)) as (page, requests, _console):
        started = page.evaluate("performance.now()")
        open_view(page, GRAPH_HTML)
        drawn = page.evaluate("performance.now()") - started
        boxes = page.evaluate(_LABEL_BOXES)
        canvas = page.eval_on_selector("#graph", "e => e.getBoundingClientRect().toJSON()")
        font = page.evaluate("window.dlkgNetwork.getScale() * "
                             "window.dlkgNetwork.body.nodes[arguments[0]].options.font.size"
                             .replace("arguments[0]", repr(sorted(terms)[0])))
        assert requests == []
    assert {box[0] for box in boxes} == terms, "the first screen is the terms, and only them"
    assert drawn < 1000, f"first draw took {drawn:.0f} ms"
    assert font >= 11, f"labels are {font:.1f} px high"
    for _id, _kind, left, top, width, height in boxes:  # relative to the canvas
        assert 0 <= left and left + width <= canvas["width"], _id
        assert 0 <= top and top + height <= canvas["height"], _id
    overlap = 0.0
    ordered = sorted(boxes, key=lambda box: box[2])
    for i, (_a, _k, left, top, width, height) in enumerate(ordered):
        for _b, _l, left2, top2, width2, height2 in ordered[i + 1:]:
            if left2 > left + width:
                break
            dx = min(left + width, left2 + width2) - max(left, left2)
            dy = min(top + height, top2 + height2) - max(top, top2)
            overlap += max(dx, 0) * max(dy, 0)
    area = sum(box[4] * box[5] for box in boxes)
    assert overlap < 0.05 * area, f"label boxes overlap {overlap / area:.1%} of their area"


def test_a_selected_term_shows_its_papers_and_people():
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        page.evaluate("window.dlkgNetwork.selectNodes(['%s'])" % RELU)
        page.fill("#search", "ReLU")
        page.press("#search", "Enter")
        page.wait_for_selector("#panel:not([hidden])")
        shown = page.evaluate("window.dlkgNetwork.body.nodeIndices")
    assert any("/paper/" in node for node in shown)


def test_the_search_box_gives_the_first_hits_kg_search_gives(knowledge):
    from kg.search import NameIndex

    from .test_search import FIRST_HITS
    index = NameIndex.from_store(knowledge.graph.store)
    texts = [text for text, _first in FIRST_HITS] + ["adam", "lstm", "dropot", "He", "imagenet",
                                                     "ilsvrc 2012", "Kaiming He", "attention",
                                                     "hin\u20d7ton", "Ge\u034foffrey Hinton"]
    with offline_page() as (page, requests, console):
        open_view(page, GRAPH_HTML)
        for text in texts:
            in_page = page.evaluate("text => window.dlkgSearch(text).slice(0, 3)", text)
            assert in_page == [hit.iri for hit in index.search(text, limit=3)], text
        search(page, "G. E. Hinton")
        page.wait_for_function("window.dlkgNetwork.getSelectedNodes()[0].endsWith('hinton')")
        assert "Jacob Hilton" not in page.inner_text("#search-status")
    assert requests == [] and console == []


def test_the_path_between_two_nodes_and_the_neighbourhood_depth():
    with offline_page() as (page, _requests, _console):
        open_view(page, GRAPH_HTML)
        search(page, "Geoffrey Hinton")
        page.wait_for_function("window.dlkgNetwork.getSelectedNodes().length === 1")
        page.fill("#path-to", "relu")
        page.click("#path-form button")
        steps = page.locator("#path-result li").all_inner_texts()
        assert steps[0] == "Geoffrey E. Hinton" and steps[-1] == "rectified linear unit"
        assert len(steps) == 3  # Hinton wrote the paper that introduced ReLU
        page.click("[data-view=graph]")
        search(page, "ReLU")
        page.wait_for_selector("#panel:not([hidden])")
        near = page.evaluate("window.DLKG.nodes.length") - page.evaluate(
            "window.dlkgNetwork.body.data.nodes.get({filter: n => n.color === '#e3e6ea'}).length")
        page.select_option("#depth", "2")
        farther = page.evaluate("window.DLKG.nodes.length") - page.evaluate(
            "window.dlkgNetwork.body.data.nodes.get({filter: n => n.color === '#e3e6ea'}).length")
        assert farther > near > 1


def test_the_timeline_shows_terms_by_year_and_ilsvrc_figures_side_by_side():
    with offline_page() as (page, _requests, console):
        open_view(page, GRAPH_HTML)
        page.click("[data-view=timeline]")
        assert page.is_visible("#timeline")
        rows = {row.split("\t")[0]: row for row in
                page.locator("#timeline-terms tr").all_inner_texts()}
        assert "residual network" in rows["2015"] and "long short-term memory" in rows["1997"]
        figures = {row.split("\t")[0]: row.split("\t") for row in
                   page.locator("#timeline-figures tr").all_inner_texts()}
        glossary, official, papers = figures["2015"][1:4]
        assert "4.49 %" in glossary and "3.567 %" in official and "3.57 %" in papers
        page.locator("#timeline-terms button", has_text="residual network").click()
        assert not page.is_visible("#timeline")
        assert page.evaluate("window.dlkgNetwork.getSelectedNodes()") == [
            "https://w3id.org/dlkg/id/term/resnet"]
    assert [c for c in console if c[0] in ("error", "pageerror")] == []
