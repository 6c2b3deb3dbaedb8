"""The HTML pages of ``kg serve``: the query editor, a page per thing, the search page.

Every value reaches the page through jinja2's autoescape or as JSON that cannot close its
``<script>`` element."""

import json
import re

from .prefixes import PREFIXES, RESOURCE_BASE, short_iri
from .resources import render_template, script_json

__all__ = ["home_page", "resource_page", "search_page", "href", "RESOURCE_QUERY"]


# What the graph says about ?thing and what says something of it, with labels where known.
RESOURCE_QUERY = """SELECT ?direction ?p ?p_label ?o ?o_label ?title WHERE {
  OPTIONAL { ?thing skos:prefLabel|foaf:name|dcterms:title|rdfs:label ?title }
  { ?thing ?p ?o BIND("out" AS ?direction) } UNION { ?o ?p ?thing BIND("in" AS ?direction) }
  OPTIONAL { ?p rdfs:label ?p_label FILTER(LANG(?p_label) IN ("en", "")) }
  OPTIONAL { ?o skos:prefLabel|foaf:name|dcterms:title|rdfs:label ?o_label }
} ORDER BY ?direction ?p_label ?p ?o_label ?o"""


def href(iri: str) -> str | None:
    """Where a link to ``iri`` goes: our resource page, or the IRI itself if http(s)."""
    if iri.startswith(RESOURCE_BASE):
        return "/id/" + iri[len(RESOURCE_BASE):]
    return iri if iri.startswith(("http://", "https://")) else None



def _humane(iri: str) -> str:
    """A property with no label, by its local name in words ("prefLabel" -> "pref label")."""
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("_", " ").lower() or iri


def resource_page(iri: str, results_json: bytes) -> str | None:
    """An HTML page of what the graph says about ``iri`` (and what points to it), titled by
    its label, properties by their labels; None when the graph says nothing of it."""
    rows, seen, title = {"out": [], "in": []}, set(), None
    for binding in json.loads(results_json)["results"]["bindings"]:
        value = {key: cell["value"] for key, cell in binding.items()}
        title = title or value.get("title")
        key = (value["direction"], value["p"], value["o"])
        if key in seen:  # one row a link, though the other thing has several labels
            continue
        seen.add(key)
        is_iri = binding["o"]["type"] == "uri"
        shown = value.get("o_label") or (short_iri(value["o"]) if is_iri else value["o"])
        rows[value["direction"]].append((
            value.get("p_label") or _humane(value["p"]), short_iri(value["p"]),
            href(value["o"]) if is_iri else None, shown))
    for direction in rows:
        rows[direction].sort(key=lambda row: (row[0].casefold(), row[3].casefold()))
    if not rows["out"] and not rows["in"]:
        return None
    return render_template("resource.html.jinja", iri=iri, title=title or short_iri(iri),
                     rows=rows["out"], incoming=rows["in"])


def home_page(queries, initial: str = "") -> str:
    """The query editor (YASGUI): the named queries as tabs, those with parameters in a form,
    ``initial`` (a query sent to GET /sparql by a browser) in a first tab."""
    examples = {q.name: {"question": q.question, "text": q.text} for q in queries
                if not q.params and q.name != "names"}
    params = {q.name: [p.__dict__ for p in q.params.values()] for q in queries if q.params}
    return render_template("query.html.jinja", param_queries=[q for q in queries if q.params],
                           examples_json=script_json(examples), params_json=script_json(params),
                           prefixes_json=script_json(PREFIXES),
                           initial_json=script_json(initial))


def search_page(text: str, hits) -> str:
    """The search page: a form, and the hits as links to their pages."""
    return render_template("search.html.jinja", text=text, hits=[
        (hit.kind, hit.label, href(hit.iri), hit.field, hit.name) for hit in hits])
