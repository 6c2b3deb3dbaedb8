"""Stage 6: the interactive HTML view of a network (``exports/graph.html``).

:func:`render_html` lays a network of :mod:`kg.network` out with networkx, hands nodes,
edges and options to pyvis, and returns one self-contained page: vis-network and every
style are inlined, nothing is fetched, and all text from the data reaches the page as JSON
that the page's script puts into the DOM as text, never as markup.
"""

import json
from pathlib import Path

from .network import KINDS
from .resources import asset_path

__all__ = ["render_html"]


def layout(graph) -> dict:
    """Positions of the nodes: networkx's spring layout of the terms (and of everything when
    there are no terms), then each other node on a small circle around its first neighbour
    that has a place (vis-network's physics then settles them in the page)."""
    import math

    import networkx as nx

    undirected = nx.Graph(graph)
    skeleton = sorted(n for n, kind in graph.nodes(data="kind") if kind == "term") \
        or sorted(graph)
    core = nx.Graph()  # built in sorted order: a subgraph view iterates a set (hash order)
    core.add_nodes_from(skeleton)
    core.add_edges_from(sorted(edge for edge in undirected.subgraph(skeleton).edges()))
    positions = {node: tuple(float(v) for v in xy) for node, xy in nx.spring_layout(
        core, seed=7, k=2.2 / max(1, len(core)) ** 0.5, iterations=80,
        method="force").items()} if len(core) else {}
    placed = 0
    for node in sorted(undirected, key=lambda n: (-undirected.degree(n), n)):
        if node in positions:
            continue
        anchor = next((n for n in sorted(undirected[node]) if n in positions), None)
        cx, cy = positions[anchor] if anchor is not None else (0.0, 0.0)
        angle, radius = placed * 2.399963, 0.06 + 0.01 * (placed % 7)  # golden angle
        positions[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        placed += 1
    return positions


def _safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render_html(graph, *, title: str = "DLKG: the deep-learning knowledge graph") -> str:
    """The HTML page of ``graph`` (a network of :mod:`kg.network`), as a string."""
    import networkx as nx
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from pyvis.network import Network

    positions = layout(graph)
    scale = 120 * max(1, len(graph)) ** 0.5
    degrees = dict(graph.degree())
    network = Network(directed=True)
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):  # node order is not always sorted
        _type, colour, shape, legend = KINDS[data["kind"]]
        x, y = positions[node]
        nodes.append({
            "id": node, "label": _short(data["label"]), "kind": data["kind"],
            "color": colour, "shape": shape,
            "size": round(10 + 4 * min(degrees[node], 25) ** 0.5 * 2, 1),
            "x": round(float(x) * scale, 1), "y": round(float(y) * scale, 1),
            "title": f"{data['label']} ({legend})",
        })
    network.add_nodes([n["id"] for n in nodes], **{
        key: [n[key] for n in nodes] for key in ("label", "color", "shape", "size", "x", "y",
                                                 "title")})
    network.edges = [
        {"from": u, "to": v, "label": data["label"], "arrows": "to"}
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"]))
    ]
    network.set_options(json.dumps(_OPTIONS))
    vis_nodes, vis_edges, _heading, _height, _width, options = network.get_network_data()
    for vis_node, node in zip(vis_nodes, nodes):
        vis_node["kind"] = node["kind"]
    details = {node: data["details"] | {"label": data["label"]}
               for node, data in graph.nodes(data=True)}
    environment = Environment(loader=FileSystemLoader(asset_path("graph.html.jinja").parent),
                              autoescape=select_autoescape(["html", "jinja"]))
    template = environment.get_template("graph.html.jinja")
    vis_dir = Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return template.render(
        title=title,
        vis_js=_inline_script((vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=(vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        app_js=_inline_script(asset_path("graph.js").read_text(encoding="utf-8")),
        app_css=asset_path("graph.css").read_text(encoding="utf-8"),
        nodes_json=_safe_json(vis_nodes), edges_json=_safe_json(vis_edges),
        details_json=_safe_json(details),
        kinds_json=_safe_json({k: {"color": c, "shape": s, "label": lab}
                               for k, (_t, c, s, lab) in KINDS.items()}),
        options_json=_safe_json(options if isinstance(options, dict) else json.loads(options)),
        node_count=len(vis_nodes), edge_count=len(vis_edges),
    )


def _inline_script(code: str) -> str:
    """Script text that cannot close its <script> element early."""
    return code.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


_OPTIONS = {
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120,
                             "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 150, "fit": True},
    },
    "edges": {"smooth": False, "font": {"size": 9, "align": "middle", "color": "#555"},
              "color": {"color": "#b0b7c3", "highlight": "#333"}, "width": 1},
    "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                    "keyboard": False},
}
