"""Stage 7: ``kg serve``, a read-only SPARQL 1.1 Protocol endpoint and the HTML pages.

A Starlette app over pyoxigraph.  Queries run in a pool of worker processes, each holding the
graph, so a query past the time limit is stopped (its worker replaced) and blocks no other.
Routes: ``/sparql`` (GET or POST; a browser's GET gets the editor; updates get 403), ``/``
(the query editor, YASGUI bundled in the package), ``/graph`` (the network view),
``/id/<kind>/<id>`` and ``/ontology`` (HTML or RDF, by ``Accept``), ``/search?q=`` (the
matcher of :mod:`kg.search`), ``/bind/<query>?param=...`` (a named query with its
parameters bound), ``/update`` (403).  One log line a request goes to standard error.
"""

import json
import socket
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .prefixes import RESOURCE_BASE
from .pages import RESOURCE_QUERY, home_page, resource_page, search_page
from .query import UPDATE_REFUSED, bind_as_values, named_queries
from .resources import DEFAULT_EXPORTS, asset_path, ontology_path
from .sparql_guard import uses_service

__all__ = ["ServerSettings", "create_app", "serve", "bind_socket"]

# Accept header media types -> the formats the workers write, for SELECT/ASK and for graphs
_SELECT_TYPES = {"application/sparql-results+json": "json", "application/json": "json",
                 "application/sparql-results+xml": "xml", "application/xml": "xml",
                 "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                "text/plain": "ntriples", "application/rdf+xml": "rdfxml"}


@dataclass(frozen=True)
class ServerSettings:
    """What ``kg serve`` serves and its limits (seconds, rows, bytes, worker processes)."""
    graph_file: Path = DEFAULT_EXPORTS / "dlkg.nt"
    html_file: Path = DEFAULT_EXPORTS / "graph.html"
    timeout: float = 10.0
    max_results: int = 100_000
    max_body: int = 1_000_000
    workers: int = 2
    base_iri: str = RESOURCE_BASE


def _negotiate(accept: str, offered: dict[str, str], default: str) -> str | None:
    """The format of ``offered`` that the Accept header prefers; None when none fits."""
    if not accept.strip():
        return offered[default]
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        choices.append((-quality, position, media.lower()))
    for negative_quality, _position, media in sorted(choices):
        if negative_quality == 0:
            continue
        if media in offered:
            return offered[media]
        if media in ("*/*", "application/*", "text/*"):
            return offered[default]
    return None


_MEDIA_OF = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
             "turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
             "rdfxml": "application/rdf+xml"}


def create_app(settings: ServerSettings = ServerSettings(), *, on_ready=None):
    """The Starlette app serving ``settings``; ``on_ready()`` runs once the workers are up."""
    import contextlib

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route
    from pyoxigraph import NamedNode

    from .workers import WorkerPool
    pool = WorkerPool(settings)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def read_body(request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > settings.max_body):
            return None
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body:
                return None
        return bytes(body)

    async def sparql(request: Request) -> Response:
        params = urllib.parse.parse_qs(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            body = await read_body(request)
            if body is None:
                return error(413, f"request body larger than {settings.max_body} bytes")
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return error(403, UPDATE_REFUSED)
            if content_type not in ("application/x-www-form-urlencoded",
                                    "application/sparql-query"):
                return error(415, "POST a query as application/x-www-form-urlencoded "
                             "or application/sparql-query")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the request body is not UTF-8")
            if content_type == "application/sparql-query":
                params.setdefault("query", []).append(text)
            else:
                for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
        if "update" in params:
            return error(403, UPDATE_REFUSED)
        queries = params.get("query", [])
        accept = request.headers.get("accept", "")
        if request.method == "GET" and _negotiate(accept, {"text/html": "html", **_SELECT_TYPES},
                                                  "application/json") == "html":
            return HTMLResponse(home_page(named_queries(), queries[0] if queries else ""))
        if len(queries) != 1 or not queries[0].strip():
            return error(400, "give exactly one non-empty 'query' parameter")
        query = queries[0]
        if uses_service(query):
            return error(403, "SERVICE (federated query) is not allowed on this endpoint")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return error(400, "default-graph-uri and named-graph-uri are not supported: "
                         "the endpoint serves one graph")
        select_format = _negotiate(accept, _SELECT_TYPES, "application/sparql-results+json")
        graph_format = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
        if select_format is None and graph_format is None:
            return error(406, "acceptable: " + ", ".join([*_SELECT_TYPES, *_GRAPH_TYPES]))
        try:
            kind, fmt, body = await pool.run(query, select_format or "json",
                                             graph_format or "turtle")
        except TimeoutError:
            return error(503, f"the query ran past the time limit of {settings.timeout:g} s "
                         "and was stopped")
        if kind == "error":
            return error(fmt, body)
        if (kind == "select" and select_format is None) or (
                kind == "graph" and graph_format is None):
            return error(406, "the result's kind cannot be written in an accepted format")
        return Response(body, media_type=_MEDIA_OF[fmt], headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return HTMLResponse(home_page(named_queries()))

    async def graph_view(request: Request) -> Response:
        if not settings.html_file.is_file():
            return error(404, "no graph view: run `kg build` first")
        return HTMLResponse(settings.html_file.read_text(encoding="utf-8"))

    async def ontology(request: Request) -> Response:
        wants = _negotiate(request.headers.get("accept", ""), {
            "text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle"},
            "text/turtle")
        if wants is None:
            return error(406, "acceptable: text/html, text/turtle")
        if wants == "turtle":
            return Response(ontology_path().read_bytes(), media_type="text/turtle; charset=utf-8",
                            headers={"Vary": "Accept"})
        built = settings.html_file.parent / "ontology.html"
        if built.is_file():
            return HTMLResponse(built.read_text(encoding="utf-8"), headers={"Vary": "Accept"})
        from pyoxigraph import Store

        from .ontology_docs import render_ontology_html
        return HTMLResponse(render_ontology_html(Store()), headers={"Vary": "Accept"})

    async def resource(request: Request) -> Response:
        iri = settings.base_iri + request.path_params["path"]
        try:  # pyoxigraph checks the IRI (no spaces, brackets, quotes or control characters)
            node = NamedNode(iri)
        except ValueError:
            return error(400, "not an IRI of this graph")
        wants = _negotiate(request.headers.get("accept", ""), {
            "text/html": "html", "application/xhtml+xml": "html", **_GRAPH_TYPES}, "text/html")
        if request.query_params.get("format") in ("turtle", "ntriples", "rdfxml"):
            wants = request.query_params["format"]
        if wants is None:
            return error(406, "acceptable: text/html, text/turtle, application/n-triples")
        if wants == "html":
            kind, fmt, body = await pool.run(
                bind_as_values(RESOURCE_QUERY, {"thing": node}), "json", "turtle")
            if kind == "error":
                return error(fmt, body)
            page = resource_page(iri, body)
            if page is None:
                return error(404, f"nothing is known about <{iri}>")
            return HTMLResponse(page)
        kind, fmt, body = await pool.run(
            "CONSTRUCT { <" + iri + "> ?p ?o . ?s ?q <" + iri + "> } WHERE { { <" + iri
            + "> ?p ?o } UNION { ?s ?q <" + iri + "> } }", "json", wants)
        if kind == "error":
            return error(fmt, body)
        if not body.strip():
            return error(404, f"nothing is known about <{iri}>")
        return Response(body, media_type=_MEDIA_OF[fmt], headers={"Vary": "Accept"})

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            await pool.stop()

    assets = {"yasgui.min.js": "yasgui/yasgui.min.js", "yasgui.min.css": "yasgui/yasgui.min.css",
              "query.js": "query.js"}

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return error(404, "no such file")
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return Response(asset_path(assets[name]).read_bytes(), media_type=media,
                        headers={"Cache-Control": "max-age=3600"})

    index: list = []

    async def name_index():
        """The matcher's index of the served graph (read once, through a worker)."""
        if not index:
            from .query import named_query
            from .search import NameIndex
            # (the server's own query: not held to --max-results, which is for clients)
            kind, _fmt, body = await pool.run(named_query("names").text, "json", "turtle",
                                              limit=10_000_000)
            if kind == "error":
                raise RuntimeError(f"the names of the graph could not be read: {body}")
            rows = [{key: cell["value"] for key, cell in binding.items()}
                    for binding in json.loads(body)["results"]["bindings"]]
            index.append(NameIndex(rows))
        return index[0]

    async def search(request: Request) -> Response:
        text = request.query_params.get("q", "")
        hits = (await name_index()).search(text) if text.strip() else []
        if _negotiate(request.headers.get("accept", ""), {"text/html": "html",
                                                          "application/json": "json"},
                      "application/json") == "json":
            return Response(json.dumps([hit.__dict__ for hit in hits], ensure_ascii=False),
                            media_type="application/json")
        return HTMLResponse(search_page(text, hits))

    async def bind(request: Request) -> Response:
        from .query import QueryError, bind_as_values, bind_params, named_query
        try:
            query = named_query(request.path_params["name"])
            found = await name_index()
            values = bind_params(query, dict(request.query_params),
                                 lambda text, kinds: found.resolve(text, kinds=kinds))
            return PlainTextResponse(bind_as_values(query.text, values))
        except QueryError as problem:
            return error(400, str(problem))

    async def update(request: Request) -> Response:
        return error(403, UPDATE_REFUSED)

    async def log_request(request: Request, call_next) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        print(f"{request.method} {request.url.path}{'?' if request.url.query else ''}"
              f"{request.url.query[:200]} {response.status_code} "
              f"{(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr, flush=True)
        return response

    app = Starlette(lifespan=lifespan, middleware=[
        Middleware(BaseHTTPMiddleware, dispatch=log_request)], routes=[
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/graph", graph_view, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/id/{path:path}", resource, methods=["GET"]),
        Route("/assets/{name}", asset, methods=["GET"]),
        Route("/search", search, methods=["GET"]),
        Route("/bind/{name}", bind, methods=["GET"]),
        Route("/update", update, methods=["GET", "POST"]),
        Route("/sparql/update", update, methods=["GET", "POST"]),
    ])
    app.state.pool = pool
    return app


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``; OSError when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(settings: ServerSettings, sock: socket.socket) -> None:
    """Serve on the bound ``sock`` until interrupted, printing the URL once the workers are
    ready and a line a request on standard error."""
    import uvicorn
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host

    def announce() -> None:
        print(f"DLKG SPARQL endpoint ready at http://{shown}:{port}/sparql (query editor "
              f"http://{shown}:{port}/ , graph view http://{shown}:{port}/graph)", flush=True)

    app = create_app(settings, on_ready=announce)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
