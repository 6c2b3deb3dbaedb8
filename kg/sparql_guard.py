"""Checks of SPARQL text before the endpoint runs it: no SERVICE; and a tokenizer that hides
strings, IRIs and comments (for the prefix and parameter helpers of :mod:`kg.query`).

pyoxigraph would follow a ``SERVICE <url>`` clause over HTTP, so the endpoint refuses any
query with a SERVICE pattern.  Text alone cannot tell ``<`` as "less than" from the start of
an IRI (``FILTER(1<2)SERVICE#>`` hides a SERVICE from a tokenizer), so a query that holds the
word at all is parsed by rdflib's SPARQL parser and refused if the parse has a SERVICE
pattern, or if it cannot be parsed.

>>> uses_service('SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }')
True
>>> uses_service('SELECT ?service WHERE { ?service a "SERVICE" } # SERVICE')
False
>>> uses_service('SELECT * WHERE { FILTER(1<2)SERVICE#>\\n<http://x/> { ?s ?p ?o } }')
True
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


def strip_literals(query: str) -> str:
    """``query`` with strings, IRIs and comments replaced by as many spaces (so that an
    offset in the result is the same offset in ``query``)."""
    return _TOKENS.sub(lambda match: " " * len(match.group()), query)


def uses_service(query: str) -> bool:
    """True when ``query`` has a SERVICE pattern, or holds the word and cannot be parsed."""
    if "service" not in query.lower():
        return False
    from rdflib.plugins.sparql.parser import parseQuery
    try:
        tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - not parsed: cannot be shown to be free of SERVICE
        return True
    return "ServiceGraphPattern" in repr(tree)
