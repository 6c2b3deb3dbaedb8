"""Where the project's folders and files are (cheap to import: no third-party modules)."""

from pathlib import Path

__all__ = ["PROJECT_ROOT", "DEFAULT_DATA", "DEFAULT_EXPORTS", "ONTOLOGY_FILE", "SHAPES_FILE",
           "QUERIES_DIR", "DEFAULT_GRAPH_FILE"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT / "data"
DEFAULT_EXPORTS = PROJECT_ROOT / "exports"
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "dlkg.ttl"
SHAPES_FILE = PROJECT_ROOT / "ontology" / "shapes.ttl"
QUERIES_DIR = Path(__file__).resolve().parent / "queries"
DEFAULT_GRAPH_FILE = DEFAULT_EXPORTS / "dlkg.nt"
