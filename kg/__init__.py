"""DLKG, the deep-learning knowledge graph: load, build, validate, query, export, view, serve.

The public API is small; each name is imported on first use, so ``import kg`` is cheap.

>>> import kg
>>> knowledge = kg.KnowledgeGraph.from_data("data")
>>> knowledge.graph.triple_count > 1000
True
"""

__all__ = ["KnowledgeGraph", "load_data", "build_graph", "run_build", "load_graph",
           "DataError", "__version__"]

_WHERE = {"KnowledgeGraph": "pipeline", "run_build": "pipeline", "load_graph": "pipeline",
          "load_data": "load", "build_graph": "build", "DataError": "errors"}


def __getattr__(name: str):
    """Import the public names on first use."""
    if name == "__version__":
        from .resources import package_version
        return package_version()
    if name in _WHERE:
        from importlib import import_module
        return getattr(import_module(f"kg.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
