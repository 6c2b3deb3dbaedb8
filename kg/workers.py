"""The query workers of ``kg serve``: processes that each hold the graph in a pyoxigraph store
and answer queries, so that a query past the time limit is stopped (its worker replaced)
without blocking any other.  Every query gets the graph's prefixes predeclared."""

import asyncio
import itertools
import multiprocessing

from .prefixes import PREFIXES
from .query import (UPDATE_REFUSED, QueryResult, explain_syntax_error, is_update, open_store,
                    serialize_results)

__all__ = ["WorkerPool"]


def _worker_main(connection, graph_file: str, max_results: int) -> None:
    """Run in a worker process: load the graph, then answer queries from ``connection``."""
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize
    store = open_store(graph_file)
    rdf_formats = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES,
                   "rdfxml": RdfFormat.RDF_XML}
    connection.send(("ready", None, None))
    while True:
        try:
            query, select_format, graph_format, limit = connection.recv()
        except EOFError:
            return
        limit = max_results if limit is None else limit
        try:
            answer = store.query(query, prefixes=PREFIXES)
            if isinstance(answer, QueryBoolean):
                reply = ("select", select_format,
                         answer.serialize(format=QueryResultsFormat.from_extension(select_format)))
            elif isinstance(answer, QuerySolutions):
                variables = [v.value for v in answer.variables]
                rows = [{v: solution[v] for v in variables if solution[v] is not None}
                        for solution in itertools.islice(answer, limit + 1)]
                if len(rows) > limit:
                    raise _TooLarge()
                result = QueryResult("select", variables=variables, rows=rows)
                reply = ("select", select_format,
                         serialize_results(
                             result, QueryResultsFormat.from_extension(select_format)))
            else:
                triples = list(itertools.islice(answer, limit + 1))
                if len(triples) > limit:
                    raise _TooLarge()
                reply = ("graph", graph_format,
                         serialize(sorted(triples, key=str), format=rdf_formats[graph_format],
                                   prefixes=PREFIXES if graph_format == "turtle" else None))
        except _TooLarge:
            reply = ("error", 400, f"the result has more than {limit} rows or triples; "
                     "narrow the query or add LIMIT")
        except SyntaxError as error:
            reply = ("error", 403, UPDATE_REFUSED) if is_update(query) else \
                ("error", 400, explain_syntax_error(query, str(error)))
        except Exception as error:  # an evaluation error of the engine: the client's query
            reply = ("error", 400, f"query failed: {error}")
        connection.send(reply)


class _TooLarge(Exception):
    pass


class _Worker:
    def __init__(self, settings):
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
    def __init__(self, settings):
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

    async def run(self, query: str, select_format: str, graph_format: str, *,
                  limit: int | None = None):
        """Return (kind, format or status, body) for ``query``, or raise TimeoutError; a
        result past ``limit`` rows (default: the server's --max-results) is an error."""
        loop = asyncio.get_running_loop()
        worker = await self.idle.get()
        try:
            worker.connection.send((query, select_format, graph_format, limit))
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
