"""Property-based bad input for the loader (Hypothesis): thousands of malformed and hostile
YAML documents, each refused with a clear message that names its place, and nothing lost."""

import subprocess
import sys
import textwrap

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import DataError
from kg.load import load_data
from kg.schema import SECTIONS

from .conftest import ROOT, run_kg

VALID_TERM = {"id": "relu", "label": "rectified linear unit", "category": "activation-function",
              "year": 2010, "aliases": ["rectifier"], "broader": ["activation-function"]}
OTHER_TERM = {"id": "activation-function", "label": "activation function",
              "category": "concept"}

# Text that is hard on parsers and on people: controls, tabs, BOMs, bidi marks, emoji,
# combining marks, lone quotes, YAML indicators.
awkward_text = st.text(
    alphabet=st.sampled_from(list("abc xyz:#-[]{}&*!|>'\"%@`,?\t\n\r\ufeff\u202e\u0301\u00e9"
                                  "\U0001f600\u2028\u0000\\")), max_size=40)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), awkward_text)
yaml_values = st.recursive(
    scalars, lambda children: st.one_of(st.lists(children, max_size=4),
                                        st.dictionaries(awkward_text, children, max_size=4)),
    max_leaves=12)
field_names = st.sampled_from(sorted({f for s in SECTIONS.values() for f in s.fields}
                                     | {"id", "colour", "Label", "<<", ""}))
section_names = st.sampled_from(sorted(SECTIONS) + ["term", "gadgets"])


def refused_properly(tmp_path, text_or_bytes, name="bad.yaml"):
    """Load one file; if refused, every problem names the file, and a line where the
    problem is inside the file. Returns the problems (empty when the data was valid)."""
    path = tmp_path / name
    if isinstance(text_or_bytes, bytes):
        path.write_bytes(text_or_bytes)
    else:
        path.write_text(text_or_bytes, encoding="utf-8", errors="surrogatepass")
    try:
        load_data(tmp_path)
    except DataError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == str(path)
            assert problem.message.strip()
            whole_file = ("file is empty", "not UTF-8", "no *.yaml", "YAML error")
            if not problem.message.startswith(whole_file):
                assert problem.line is not None and problem.line >= 1, problem
            assert str(problem).startswith(str(path))
        return error.problems
    finally:
        path.unlink()
    return []


common = settings(max_examples=600, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])


@common
@given(document=yaml_values)
def test_arbitrary_yaml_documents(tmp_path, document):
    text = yaml.safe_dump(document, allow_unicode=True)
    refused_properly(tmp_path, text)


@common
@given(section=section_names, field=field_names, value=yaml_values)
def test_one_field_of_an_entry_set_to_anything(tmp_path, section, field, value):
    entry = dict(VALID_TERM, **{field: value})
    document = {section: [entry, OTHER_TERM]}
    problems = refused_properly(tmp_path, yaml.safe_dump(document, allow_unicode=True))
    for problem in problems:
        if problem.entry is not None:
            assert problem.entry in ("relu", "activation-function", str(value))


@common
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes(tmp_path, raw):
    refused_properly(tmp_path, raw)


@common
@given(text=st.text(max_size=200))
def test_arbitrary_text(tmp_path, text):
    refused_properly(tmp_path, text)


@common
@given(prefix=st.sampled_from(["\ufeff", "", "\t", "%YAML 1.1\n---\n", "--- !!map\n"]),
       indent=st.sampled_from(["  ", "\t", " ", "    "]),
       reference=st.sampled_from(["activation-function", "nosuch", "relu", "RELU", ""]),
       year=st.sampled_from(["2010", "1066", "20100", "'2010'", "2010.5", "0x7da", "~"]))
def test_mutated_valid_entries(tmp_path, prefix, indent, reference, year):
    text = (f"{prefix}terms:\n- id: relu\n{indent}label: ReLU\n{indent}category: concept\n"
            f"{indent}year: {year}\n{indent}variant_of: [{reference}]\n"
            "- id: activation-function\n  label: activation function\n  category: concept\n")
    problems = refused_properly(tmp_path, text)
    if (prefix != "\t" and indent == "  " and year in ("2010", "0x7da")
            and reference == "activation-function"):
        assert problems == []


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"terms": [OTHER_TERM]}))
    problems = refused_properly(tmp_path, yaml.safe_dump({"terms": [OTHER_TERM]}), "b.yaml")
    assert [p.field for p in problems] == ["id"] and "duplicate id" in problems[0].message


def test_a_bad_entry_gives_one_error_not_a_cascade(tmp_path):
    text = textwrap.dedent("""\
        terms:
        - id: evil
          label: x
          category: gadget
        - id: user
          label: y
          category: concept
          uses: [evil]
        """)
    problems = refused_properly(tmp_path, text)
    assert [(p.entry, p.field) for p in problems] == [("evil", "category")]


HOSTILE_FILES = {
    "billion-laughs.yaml": "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
              for p, c in zip("abcdefgh", "bcdefghi"))
    + "terms:\n- id: x\n  label: y\n  category: concept\n  aliases: *i\n",
    "deep-flow.yaml": "terms:\n- id: x\n  label: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "deep-block.yaml": "terms:\n" + "".join("  " * i + "- \n" for i in range(3000)),
    "huge-string.yaml": "terms:\n- id: x\n  label: " + "x" * 5_000_000 + "\n  category: concept\n",
    "many-keys.yaml": "terms:\n- id: x\n" + "".join(f"  k{i}: {i}\n" for i in range(50_000)),
}


def test_hostile_files_are_refused_within_bounded_memory_and_time(tmp_path):
    """Each file is loaded in a child process limited to 1 GiB of memory and 60 s."""
    for name, text in HOSTILE_FILES.items():
        folder = tmp_path / name.replace(".yaml", "")
        folder.mkdir()
        (folder / name).write_text(text)
        code = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({2**30}, {2**30}))\n"
                "from kg.cli import main; raise SystemExit(main(['validate', '--data', "
                f"{str(folder)!r}]))")
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 1, (name, result.returncode, result.stderr[-500:])
        assert "Traceback" not in result.stderr and name in result.stderr, name


def test_the_cli_refuses_generated_bad_data_and_keeps_the_exports(tmp_path):
    """End to end through `kg build`: exit 1, one clear line per problem, no traceback,
    previous exports byte-identical. A sample of the generated kinds of bad input."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "ok.yaml").write_text(yaml.safe_dump({"terms": [OTHER_TERM]}))
    out = tmp_path / "out"
    assert run_kg("build", "--data", data, "--out", out, "--no-html").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    samples = [b"\x00\x01\x02", b"terms: [", "terms:\n- id: x\n  label: \ufeff\n".encode(),
               b"terms:\n- id: x\n\tlabel: tab\n", b"- a\n- b\n",
               yaml.safe_dump({"terms": [dict(VALID_TERM, year="soon")]}).encode(),
               yaml.safe_dump({"terms": [dict(VALID_TERM, broader=["nosuch"])]}).encode(),
               HOSTILE_FILES["billion-laughs.yaml"].encode(),
               HOSTILE_FILES["deep-flow.yaml"].encode()]
    for raw in samples:
        (data / "bad.yaml").write_bytes(raw)
        result = run_kg("build", "--data", data, "--out", out, "--no-html")
        assert result.returncode == 1, raw[:40]
        assert "Traceback" not in result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert lines and all("bad.yaml" in line for line in lines), result.stderr
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
