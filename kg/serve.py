"""Stage 7: ``kg serve``, a read-only SPARQL 1.1 Protocol endpoint and the HTML pages.

A Starlette app over pyoxigraph.  Queries run in a pool of worker processes, each holding the
graph, so a query past the time limit is stopped (its worker replaced) and blocks no other.
Routes: ``/sparql`` (GET or POST; updates get 403), ``/`` (a page to type queries in),
``/graph`` (the network view), ``/id/<kind>/<id>`` (HTML or RDF, by ``Accept``), ``/ontology``.
"""

import asyncio
import itertools
import json
import multiprocessing
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .namespaces import PREFIXES, RESOURCE_BASE
from .query import QueryResult, named_queries, open_store, serialize_results
from .resources import DEFAULT_EXPORTS, asset_path, ontology_path
from .sparql_guard import uses_service

__all__ = ["ServerSettings", "create_app", "serve"]

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


def _worker_main(connection, graph_file: str, max_results: int) -> None:
    """Run in a worker process: load the graph, then answer queries from ``connection``."""
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize
    store = open_store(graph_file)
    result_formats = {"json": QueryResultsFormat.JSON, "xml": QueryResultsFormat.XML,
                      "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}
    rdf_formats = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES,
                   "rdfxml": RdfFormat.RDF_XML}
    connection.send(("ready", None, None))
    while True:
        try:
            query, select_format, graph_format = connection.recv()
        except EOFError:
            return
        try:
            answer = store.query(query)
            if isinstance(answer, QueryBoolean):
                reply = ("select", select_format,
                         answer.serialize(format=result_formats[select_format]))
            elif isinstance(answer, QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [{v: solution[v] for v in variables if solution[v] is not None}
                        for solution in itertools.islice(answer, max_results + 1)]
                if len(rows) > max_results:
                    raise _TooLarge()
                result = QueryResult("select", variables=variables, rows=rows)
                reply = ("select", select_format,
                         serialize_results(result, result_formats[select_format]))
            else:
                triples = list(itertools.islice(answer, max_results + 1))
                if len(triples) > max_results:
                    raise _TooLarge()
                reply = ("graph", graph_format,
                         serialize(sorted(triples, key=str), format=rdf_formats[graph_format],
                                   prefixes=PREFIXES if graph_format == "turtle" else None))
        except _TooLarge:
            reply = ("error", 400, f"the result has more than {max_results} rows or triples; "
                     "narrow the query or add LIMIT")
        except SyntaxError as error:
            reply = ("error", 400, f"SPARQL syntax error: {error}")
        except Exception as error:  # an evaluation error of the engine: the client's query
            reply = ("error", 400, f"query failed: {error}")
        connection.send(reply)


class _TooLarge(Exception):
    pass


class _Worker:
    def __init__(self, settings: ServerSettings):
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, daemon=True,
                                       args=(child, str(settings.graph_file), settings.max_results))
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.connection.poll(timeout):
            raise RuntimeError("a query worker did not start")
        self.connection.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """Worker processes that run queries; a query past ``timeout`` ends its worker."""
    def __init__(self, settings: ServerSettings):
        self.settings = settings
        self.idle: asyncio.Queue = asyncio.Queue()
        self.workers: list[_Worker] = []

    async def start(self) -> None:
        for _ in range(self.settings.workers):
            await self._add_worker()

    async def _add_worker(self) -> None:
        worker = _Worker(self.settings)
        await asyncio.get_running_loop().run_in_executor(None, worker.wait_ready, 120)
        self.workers.append(worker)
        self.idle.put_nowait(worker)

    async def stop(self) -> None:
        for worker in self.workers:
            worker.stop()

    async def run(self, query: str, select_format: str, graph_format: str):
        """Return (kind, format or status, body) for ``query``, or raise TimeoutError."""
        loop = asyncio.get_running_loop()
        worker = await self.idle.get()
        try:
            worker.connection.send((query, select_format, graph_format))
            if not await loop.run_in_executor(None, worker.connection.poll, self.settings.timeout):
                raise TimeoutError
            reply = worker.connection.recv()
        except BaseException:
            self.workers.remove(worker)
            worker.stop()
            await self._add_worker()
            raise
        self.idle.put_nowait(worker)
        return reply


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
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route
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
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return error(400, "the form is not UTF-8")
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    return error(400, "the query is not UTF-8")
            elif content_type == "application/sparql-update":
                return error(403, "this endpoint is read-only: SPARQL Update is refused")
            else:
                return error(415, "POST a query as application/x-www-form-urlencoded "
                             "or application/sparql-query")
        if "update" in params:
            return error(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return error(400, "give exactly one non-empty 'query' parameter")
        query = queries[0]
        if uses_service(query):
            return error(403, "SERVICE (federated query) is not allowed on this endpoint")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return error(400, "default-graph-uri and named-graph-uri are not supported: "
                         "the endpoint serves one graph")
        accept = request.headers.get("accept", "")
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
        return HTMLResponse(_home_page(named_queries()))

    async def graph_view(request: Request) -> Response:
        if not settings.html_file.is_file():
            return error(404, "no graph view: run `kg build` first")
        return HTMLResponse(settings.html_file.read_text(encoding="utf-8"))

    async def ontology(request: Request) -> Response:
        return Response(ontology_path().read_bytes(), media_type="text/turtle; charset=utf-8")

    async def resource(request: Request) -> Response:
        iri = settings.base_iri + request.path_params["path"]
        if any(c in iri for c in "<>\"{}|\\^` \n"):
            return error(400, "not an IRI of this graph")
        wants = _negotiate(request.headers.get("accept", ""), {
            "text/html": "html", "application/xhtml+xml": "html", **_GRAPH_TYPES}, "text/html")
        if wants is None:
            return error(406, "acceptable: text/html, text/turtle, application/n-triples")
        if wants == "html":
            query = ("SELECT ?p ?o ?label WHERE { <" + iri + "> ?p ?o . OPTIONAL { ?o "
                     "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?p ?o")
            kind, fmt, body = await pool.run(query, "json", "turtle")
            if kind == "error":
                return error(fmt, body)
            page = _resource_page(iri, body)
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

    app = Starlette(lifespan=lifespan, routes=[
        Route("/", home, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/graph", graph_view, methods=["GET"]),
        Route("/ontology", ontology, methods=["GET"]),
        Route("/id/{path:path}", resource, methods=["GET"]),
    ])
    app.state.pool = pool
    return app


def _template(name: str, **values) -> str:
    """A page of ``view_assets/``, every value escaped (jinja2 autoescape)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    environment = Environment(loader=FileSystemLoader(asset_path(name).parent),
                              autoescape=select_autoescape(["html", "jinja"]))
    return environment.get_template(name).render(**values)


def _resource_page(iri: str, results_json: bytes) -> str | None:
    """An HTML page listing what the graph says about ``iri``; None when it says nothing."""
    rows = []
    for binding in json.loads(results_json)["results"]["bindings"]:
        obj, href = binding["o"], None
        shown = binding.get("label", {}).get("value") or obj["value"]
        if obj["type"] == "uri":
            target = obj["value"]
            local = target.startswith(RESOURCE_BASE)
            href = "/id/" + target[len(RESOURCE_BASE):] if local else target
            href = href if href.startswith(("/", "http://", "https://")) else None
        rows.append((binding["p"]["value"], href, shown))
    return _template("resource.html.jinja", iri=iri, rows=rows) if rows else None


def _home_page(queries) -> str:
    """The page to type queries in; the named queries are offered as examples."""
    shown = [q for q in queries if not q.params]
    examples = json.dumps({q.name: q.text for q in shown}).replace("<", "\\u003c").replace(
        ">", "\\u003e").replace("&", "\\u0026")
    return _template("query.html.jinja", queries=shown, examples_json=examples)


def serve(settings: ServerSettings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted, printing the URL once the workers are ready."""
    import uvicorn
    shown = f"[{host}]" if ":" in host else host

    def announce() -> None:
        print(f"DLKG SPARQL endpoint ready at http://{shown}:{port}/sparql (query page "
              f"http://{shown}:{port}/ , graph view http://{shown}:{port}/graph)", flush=True)

    app = create_app(settings, on_ready=announce)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
