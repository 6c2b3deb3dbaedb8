"""Where things are: the package's own files (read with ``importlib.resources``, so they
are found in a wheel as in a checkout), the default folders of a project, and how a file
is written (atomically) or a page filled (escaped).

Cheap to import: no third-party module.

>>> ontology_path().name, shapes_path().name
('dlkg.ttl', 'shapes.ttl')
"""

import json
import os
import stat
import tempfile
from importlib.resources import files
from pathlib import Path

__all__ = ["DEFAULT_DATA", "DEFAULT_EXPORTS", "ontology_path", "shapes_path", "queries_dir",
           "asset_path", "render_template", "script_json", "write_bytes_atomically",
           "write_text_atomically", "package_version"]

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


def render_template(name: str, **values) -> str:
    """The jinja2 template ``name`` of ``view_assets/`` filled with ``values``, each escaped
    (autoescape)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    environment = Environment(loader=FileSystemLoader(asset_path(name).parent),
                              autoescape=select_autoescape(["html", "jinja"]))
    return environment.get_template(name).render(**values)


def script_json(value) -> str:
    """JSON that can sit inside a <script> element: no '<', '>', '&' or line separators.

    >>> print(script_json({"a": "</script>"}))
    {"a":"\\u003c/script\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never half;
    the file keeps its mode (a new one is made readable by all, 0o644)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`write_bytes_atomically`)."""
    write_bytes_atomically(path, text.encode("utf-8"))


def package_version() -> str:
    """The installed package's version (what ``kg --version`` and the graph's description
    state); "0+unknown" when the package is not installed."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("dlkg")
    except PackageNotFoundError:
        return "0+unknown"
