"""A static check of SPARQL text before the endpoint runs it: no SERVICE.

pyoxigraph would follow a ``SERVICE <url>`` clause over HTTP, so the endpoint refuses any
query that holds the SERVICE keyword outside strings, IRIs and comments.

>>> uses_service('SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }')
True
>>> uses_service('SELECT ?service WHERE { ?service a "SERVICE" } # SERVICE')
False
"""

import re

__all__ = ["strip_literals", "uses_service"]

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)


def strip_literals(query: str) -> str:
    """``query`` with strings, IRIs and comments replaced by spaces."""
    return _TOKENS.sub(" ", query)


def uses_service(query: str) -> bool:
    """True when ``query`` holds a SERVICE clause."""
    return bool(_SERVICE.search(strip_literals(query)))
