"""Where things are: the package's own files (read with ``importlib.resources``, so they
are found in a wheel as in a checkout) and the default folders of a project.

Cheap to import: no third-party module.

>>> ontology_path().name, shapes_path().name
('dlkg.ttl', 'shapes.ttl')
"""

from importlib.resources import files
from pathlib import Path

__all__ = ["DEFAULT_DATA", "DEFAULT_EXPORTS", "ontology_path", "shapes_path", "queries_dir",
           "asset_path"]

# A project's folders, relative to where ``kg`` runs (the README runs it from the project).
DEFAULT_DATA = Path("data")
DEFAULT_EXPORTS = Path("exports")


def _package_file(*parts: str) -> Path:
    return Path(str(files("kg").joinpath(*parts)))


def ontology_path() -> Path:
    """The OWL ontology, ``kg/ontology/dlkg.ttl``."""
    return _package_file("ontology", "dlkg.ttl")


def shapes_path() -> Path:
    """The SHACL shapes, ``kg/ontology/shapes.ttl`` (generated from :mod:`kg.schema`)."""
    return _package_file("ontology", "shapes.ttl")


def queries_dir() -> Path:
    """The folder of the named SPARQL queries (``*.rq``)."""
    return _package_file("queries")


def asset_path(name: str) -> Path:
    """A file of the HTML views (script, style, templates)."""
    return _package_file("view_assets", name)
