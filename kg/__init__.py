"""DLKG, the deep-learning knowledge graph: load, build, validate, query, export, view, serve.

The public API is small; everything is imported on first use, so ``import kg`` is cheap.

>>> import kg
>>> graph = kg.load_graph()      # exports/dlkg.ttl as an rdflib.Graph
>>> len(graph) > 1000
True
"""

__all__ = ["load_graph", "load_data", "build_triples", "run_build", "DataError", "__version__"]


def __getattr__(name: str):
    """Import the public names lazily, on first use."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dlkg")
        except PackageNotFoundError:
            return "0+unknown"
    if name in ("load_graph", "run_build"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "load_data":
        from .load import load_data

        return load_data
    if name == "build_triples":
        from .build import build_triples

        return build_triples
    if name == "DataError":
        from .errors import DataError

        return DataError
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
