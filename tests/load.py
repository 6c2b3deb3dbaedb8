"""A bounded load test of `kg serve` on loopback: concurrent clients run the named queries.

Run it by hand to reproduce the figures in the README:
    python -m tests.load --clients 8 --requests 800
"""

import argparse
import concurrent.futures
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request

from kg.query import bind_as_values, bind_params, named_queries
from kg.search import finder

PARAMS = {"author": "Alex Graves", "term": "ReLU", "text": "network", "thing": "ReLU"}


def run_load(base: str, *, clients: int = 8, requests: int = 400,
             max_seconds: float = 120.0) -> dict:
    """Send ``requests`` queries (the named queries in turn) from ``clients`` threads to
    ``base``/sparql, stopping at ``max_seconds``; return counts, throughput and latencies."""
    find = finder(endpoint=base + "/sparql")
    queries = [bind_as_values(q.text, bind_params(q, {p: PARAMS[p] for p in q.params}, find))
               for q in named_queries()]
    deadline = time.monotonic() + max_seconds

    def one(index: int):
        if time.monotonic() > deadline:
            return None
        body = urllib.parse.urlencode({"query": queries[index % len(queries)]}).encode()
        request = urllib.request.Request(base + "/sparql", data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        outcomes = [o for o in pool.map(one, range(requests)) if o is not None]
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for _status, latency in outcomes)
    errors = sum(1 for status, _latency in outcomes if status != 200)

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {"requests": len(outcomes), "errors": errors, "clients": clients,
            "seconds": round(elapsed, 2),
            "throughput_per_s": round(len(outcomes) / elapsed, 1),
            "p50_ms": round(percentile(0.50), 1), "p99_ms": round(percentile(0.99), 1),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1)}


def main() -> None:
    from .servers import kg_server

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with kg_server("--workers", str(args.workers)) as base:
        print(run_load(base, clients=args.clients, requests=args.requests))


if __name__ == "__main__":
    main()
