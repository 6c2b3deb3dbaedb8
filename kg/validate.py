"""Stage 3: check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

pySHACL does the checking (it needs an rdflib graph, so the triples are handed over as
N-Triples).  Each violation is reported with the entry it concerns, so a user can find the
YAML that caused it.
"""

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize

from .paths import SHAPES_FILE

__all__ = ["Violation", "validate_triples"]



@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node it is about, the path, and the shape's message."""

    focus: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"<{self.focus}>{path}: {self.message}"


def validate_triples(triples: list[Triple], *, shapes: Path = SHAPES_FILE) -> list[Violation]:
    """Return the SHACL violations of ``triples`` (an empty list when the graph conforms)."""
    import pyshacl
    import rdflib

    data_graph = rdflib.Graph()
    data_graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    shapes_graph = rdflib.Graph()
    shapes_graph.parse(shapes, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", advanced=False
    )
    if conforms:
        return []
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        violations.append(Violation(str(focus), str(path) if path else None, str(message)))
    return sorted(violations, key=lambda v: (v.focus, v.path or "", v.message))
