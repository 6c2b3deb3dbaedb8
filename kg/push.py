"""``kg push``: put the built graph into any SPARQL 1.1 Graph Store Protocol endpoint.

The graph is sent with one HTTP ``PUT`` (replacing the target graph) as N-Triples, which
every store reads: Oxigraph (``/store``), Fuseki (``/dataset/data``), GraphDB, Virtuoso...
"""

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

__all__ = ["PushError", "push_graph"]


class PushError(Exception):
    """The graph could not be read or the store refused it; ``usage`` when the command line
    is wrong (a malformed URL)."""

    def __init__(self, message: str, *, usage: bool = False):
        super().__init__(message)
        self.usage = usage


def push_graph(path: Path, endpoint: str, *, graph_iri: str | None = None,
               timeout: float = 300.0) -> int:
    """PUT ``path``'s triples into ``graph_iri`` (None: the default graph); return their number."""
    from pyoxigraph import RdfFormat, parse, serialize
    path = Path(path)
    if not path.is_file():
        raise PushError(f"no graph at {path}; run `kg build` first")
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"--endpoint {endpoint!r} is not an http:// or https:// URL", usage=True)
    rdf_format = RdfFormat.N_TRIPLES if path.suffix == ".nt" else RdfFormat.TURTLE
    triples = [quad.triple for quad in parse(path=str(path), format=rdf_format)]
    body = serialize(triples, format=RdfFormat.N_TRIPLES)
    query = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    url = endpoint + ("&" if "?" in endpoint else "?") + query
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip()[:300]
        raise PushError(f"{endpoint} answered {error.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        raise PushError(f"cannot reach {endpoint}: {getattr(error, 'reason', error)}") from None
    return len(triples)
