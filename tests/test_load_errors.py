"""The loader's errors: one test per kind of bad input, each naming file, line, entry, field."""

import textwrap

import pytest

from kg.errors import DataError
from kg.load import load_data

from .conftest import run_kg

GOOD = """\
terms:
- id: relu
  label: rectified linear unit
  category: activation-function
  year: 2010
"""

CASES = {
    # name: (YAML text, expected line, expected entry, expected field, words in the message)
    "yaml-syntax": ("terms:\n- id: relu\n  label: [unclosed\n", 4, None, None, "YAML syntax"),
    "unknown-field": (GOOD + "  colour: blue\n", 6, "relu", "colour", "unknown field"),
    "wrong-type-list": (GOOD + "  aliases: rectifier\n", 6, "relu", "aliases", "expected a list"),
    "wrong-type-number": (GOOD.replace("year: 2010", "year: twenty"), 5, "relu", "year",
                          "whole number"),
    "impossible-year": (GOOD.replace("2010", "3010"), 5, "relu", "year", "impossible year"),
    "missing-required": ("terms:\n- id: relu\n  category: concept\n", 2, "relu", "label",
                         "missing required"),
    "bad-choice": (GOOD.replace("activation-function", "gadget"), 4, "relu", "category",
                   "not one of"),
    "dangling-reference": (GOOD + "  variant_of: [nosuchterm]\n", 6, "relu", "variant_of",
                           "'nosuchterm' is no entry"),
    "bad-id": (GOOD.replace("id: relu", "id: ReLU!"), 2, None, "id", "an id is"),
    "anchor": ("terms:\n- &a\n  id: relu\n  label: x\n  category: concept\n- *a\n", 2, None,
               None, "anchors and aliases are not allowed"),
    "alias": ("terms:\n- id: relu\n  label: x\n  category: concept\n- *a\n", 5, None,
              None, "anchors and aliases are not allowed"),
    "too-deep": ("terms:\n- id: relu\n  label: " + "[" * 50 + "]" * 50 + "\n", 3, None, None,
                 "nested more than"),
    "control-character": (GOOD.replace("label: rectified linear unit", 'label: "a\\x07b"'), 3,
                          "relu", "label", "control character U+0007"),
    "two-documents": (GOOD + "---\n" + GOOD, 6, None, None, "one YAML document"),
    "duplicate-key": (GOOD + "  year: 2011\n", 6, "relu", "year", "key given twice"),
    "unknown-section": ("gadgets:\n- id: x\n", 1, None, None, "unknown section"),
    "not-a-mapping": ("- just\n- a list\n", 1, None, None, "must be a mapping"),
    "empty-file": ("", None, None, None, "file is empty"),
    "url-field": (GOOD + "  see_also: [javascript:alert(1)]\n", 6, "relu", "see_also",
                  "http(s) URL"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_bad_input_is_reported_with_its_place(tmp_path, name):
    text, line, entry, field, words = CASES[name]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file == str(path)
    assert problem.line == line
    assert problem.entry == entry
    assert problem.field == field
    assert words in problem.message
    assert str(path) in str(problem)


def test_impossible_percentage(tmp_path):
    (tmp_path / "r.yaml").write_text(textwrap.dedent("""\
        measures:
        - id: top-5-error
          label: top-5 error rate
          unit: percent
          maximum: 100
        results:
        - id: r1
          metric: top-5-error
          value: 117.5
          split: test
          claimed_by: glossary
          source: https://example.org/
        """))
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.entry, problem.field) == (9, "r1", "value")
    assert "impossible percentage 117.5" in problem.message


def test_duplicate_id_across_files_names_both_places(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text("\n" + GOOD)
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file == str(tmp_path / "b.yaml")
    assert (problem.line, problem.entry, problem.field) == (3, "relu", "id")
    assert f"first defined at {tmp_path / 'a.yaml'}:2" in problem.message


def test_reference_to_the_wrong_kind(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD + "  introduced_in: [relu]\n")
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    assert "'relu' is a term, not a paper" in caught.value.problems[0].message


def test_cycle_in_broader_is_refused(tmp_path):
    (tmp_path / "a.yaml").write_text(textwrap.dedent("""\
        terms:
        - id: a
          label: A
          category: concept
          broader: [b]
        - id: b
          label: B
          category: concept
          broader: [a]
        """))
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    assert any("cycle" in p.message and p.field == "broader" for p in caught.value.problems)


def test_binary_and_non_utf8_files(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"terms:\n- id: x\x00\n")
    (tmp_path / "b.yaml").write_bytes(b"terms:\n- id: \xff\xfe\n")
    with pytest.raises(DataError) as caught:
        load_data(tmp_path)
    messages = sorted(p.message for p in caught.value.problems)
    assert any("NUL" in m for m in messages) and any("UTF-8" in m for m in messages)


def test_bom_is_accepted(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert "relu" in load_data(tmp_path).entries


def test_cli_reports_bad_data_without_traceback_and_keeps_exports(tmp_path, data_copy):
    out = tmp_path / "exports"
    first = run_kg("build", "--data", data_copy, "--out", out, "--no-html")
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    terms = data_copy / "terms.yaml"
    text = terms.read_text()
    year = text.index("\n  year: ") + 1
    entry = text[:year].rsplit("\n- id: ", 1)[1].split("\n", 1)[0]
    terms.write_text(text[:year] + "  year: 1066" + text[text.index("\n", year):])
    second = run_kg("build", "--data", data_copy, "--out", out, "--no-html")
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert "terms.yaml:" in second.stderr and f"entry '{entry}', field 'year'" in second.stderr
    assert "impossible year 1066" in second.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_cli_validate_exit_codes(tmp_path, data_copy):
    assert run_kg("validate", "--data", data_copy).returncode == 0
    (data_copy / "broken.yaml").write_text("terms: [\n")
    result = run_kg("validate", "--data", data_copy)
    assert result.returncode == 1 and "YAML syntax" in result.stderr
    assert run_kg("validate", "--no-such-option").returncode == 2


def test_shape_violation_is_reported_with_the_entry(tmp_path):
    """A SHACL violation of the graph is reported as the file, line, entry and field that
    the broken triple came from (the loader checks the same schema, so it is broken here
    in the store, after the build)."""
    from pyoxigraph import Literal, NamedNode, Quad

    from kg.pipeline import KnowledgeGraph, _problem

    (tmp_path / "a.yaml").write_text(textwrap.dedent("""\
        terms:
        - id: alexnet
          label: AlexNet
          category: architecture
          layers: 8
        """))
    knowledge = KnowledgeGraph.from_data(tmp_path)
    alexnet = NamedNode("https://w3id.org/dlkg/id/term/alexnet")
    layers = NamedNode("https://w3id.org/dlkg/ontology#layerCount")
    knowledge.store.add(Quad(alexnet, layers, Literal("0", datatype=NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))))
    problems = [str(_problem(v, knowledge.graph.data)) for v in knowledge.validate()]
    assert any("a.yaml:5: entry 'alexnet', field 'layers'" in p for p in problems), problems
    assert knowledge.validate(engine="pyshacl") == knowledge.validate()
