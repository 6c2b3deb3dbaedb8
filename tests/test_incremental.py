"""The incremental build: what it reuses gives the same bytes as building from scratch, and
problems it meets are reported exactly as a cold build reports them."""

from pathlib import Path

import pytest

from kg.bench import generate_data
from kg.errors import DataError
from kg.incremental import build_graph


@pytest.fixture()
def generated(tmp_path) -> Path:
    """About 10,000 generated triples in five files (a head and four of units)."""
    folder = tmp_path / "data"
    generate_data(folder, 10_000, units_per_file=50)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cold(folder: Path):
    return build_graph(folder, cache=None)


def test_a_second_build_reuses_every_file(generated, tmp_path):
    first = build_graph(generated, cache=tmp_path / "cache")
    second = build_graph(generated, cache=tmp_path / "cache")
    assert first.files_built == len(list(generated.glob("*.yaml"))) > 2
    assert second.files_built == 0
    assert second.ntriples == first.ntriples and second.turtle == first.turtle


def test_a_rebuild_after_one_edit_makes_one_file_and_equals_a_cold_build(generated, tmp_path):
    first = build_graph(generated, cache=tmp_path / "cache")
    edit(generated / "0002-units.yaml", "label: Term 60\n", "label: Term sixty\n")
    warm = build_graph(generated, cache=tmp_path / "cache")
    assert warm.files_built == 1
    assert warm.built_by == "patch"  # the last output patched, not joined again
    assert warm.ntriples != first.ntriples
    assert b'"Term sixty"@en' in warm.ntriples
    scratch = cold(generated)
    assert warm.ntriples == scratch.ntriples
    assert warm.turtle == scratch.turtle


@pytest.mark.parametrize("name, change, way", [
    ("a link to another term",
     lambda folder: edit(folder / "0002-units.yaml", "  broader:\n  - term-34\n",
                         "  broader:\n  - term-2\n"), "patch"),
    ("a term's category, which is its class",
     lambda folder: edit(folder / "0002-units.yaml", "  category: regularization\n",
                         "  category: activation-function\n"), "warm"),
    ("two files at once",
     lambda folder: (edit(folder / "0001-units.yaml", "label: Term 3\n", "label: Three\n"),
                     edit(folder / "0003-units.yaml", "label: Term 101\n", "label: 101\n")),
     "patch"),
    ("an entry renamed (its summary is another id's)",
     lambda folder: edit(folder / "0004-units.yaml", "- id: result-168\n",
                         "- id: result-168b\n"), "warm"),
])
def test_every_kind_of_edit_gives_the_bytes_of_a_cold_build(generated, tmp_path, name, change,
                                                             way):
    build_graph(generated, cache=tmp_path / "cache")
    change(generated)
    warm = build_graph(generated, cache=tmp_path / "cache")
    assert warm.built_by == way, name
    scratch = cold(generated)
    assert (warm.ntriples, warm.turtle, warm.triple_count, warm.counts) == (
        scratch.ntriples, scratch.turtle, scratch.triple_count, scratch.counts)
    again = build_graph(generated, cache=tmp_path / "cache")  # and what it kept is sound
    assert again.built_by == "patch" and again.files_built == 0
    assert again.ntriples == scratch.ntriples and again.turtle == scratch.turtle


def test_files_that_used_a_changed_summary_are_made_again(generated, tmp_path):
    """A result's label holds its edition's year: the results' files depend on the head."""
    build_graph(generated, cache=tmp_path / "cache")
    edit(generated / "000-head.yaml", "year: 2010\n", "year: 2009\n")
    warm = build_graph(generated, cache=tmp_path / "cache")
    assert warm.files_built > 1
    assert warm.ntriples == cold(generated).ntriples


def problems(folder: Path, cache):
    with pytest.raises(DataError) as error:
        build_graph(folder, cache=cache)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize("name, change", [
    ("a reference to a removed entry",
     lambda folder: edit(folder / "000-head.yaml", "- id: dataset-0\n", "- id: dataset-zero\n")),
    ("a duplicate id in another file",
     lambda folder: (folder / "0009-extra.yaml").write_text(
         "terms:\n- id: term-3\n  label: Again\n  category: concept\n", encoding="utf-8")),
    ("a cycle across files",
     lambda folder: (folder / "0009-extra.yaml").write_text(
         "terms:\n- id: loop-a\n  label: A\n  category: concept\n  broader: [loop-b]\n"
         "- id: loop-b\n  label: B\n  category: concept\n  broader: [loop-a]\n",
         encoding="utf-8")),
    ("a cycle made by editing two files",
     lambda folder: (edit(folder / "0002-units.yaml", "  broader:\n  - term-34\n",
                          "  broader:\n  - term-34\n  - term-5\n"),
                     edit(folder / "0001-units.yaml", "- id: term-5\n",
                          "- id: term-5\n  broader: [term-60]\n"))),
    ("an invalid year in an edited entry",
     lambda folder: edit(folder / "0002-units.yaml", "  year: 2012\n", "  year: 1012\n")),
    ("an id given twice in one file, the same entry both times (the patch's own check)",
     lambda folder: edit(folder / "0002-units.yaml", "people:\n",
                         "people:\n- id: person-50-0\n  name: Author 50 0\n  affiliations:\n"
                         "  - org-0\n")),
    ("an id given twice in a new file (the full path's own check)",
     lambda folder: (folder / "0009-extra.yaml").write_text(
         "terms:\n- id: twice\n  label: Twice\n  category: concept\n"
         "- id: twice\n  label: Twice\n  category: concept\n", encoding="utf-8")),
    ("a YAML error",
     lambda folder: edit(folder / "0003-units.yaml", "- id: term-101\n", "- id: [term-101\n")),
])
def test_a_problem_on_the_warm_path_is_reported_like_a_cold_build(generated, tmp_path,
                                                                    name, change):
    build_graph(generated, cache=tmp_path / "cache")
    change(generated)
    warm = problems(generated, tmp_path / "cache")
    assert warm, name
    assert warm == problems(generated, None)
    assert all(":" in problem for problem in warm)  # file:line ...


@pytest.mark.parametrize("damaged", ["build/*.pickle", "last/*/*"])
def test_a_damaged_cache_entry_is_not_used(generated, tmp_path, damaged):
    build_graph(generated, cache=tmp_path / "cache")
    for kept in (tmp_path / "cache").glob(damaged):
        kept.write_bytes(b"not a pickle")
    edit(generated / "0002-units.yaml", "label: Term 60\n", "label: Term sixty\n")
    again = build_graph(generated, cache=tmp_path / "cache")
    assert again.ntriples == cold(generated).ntriples


def test_the_shipped_data_builds_the_same_warm_and_cold(tmp_path):
    from kg.paths import DEFAULT_DATA

    first = build_graph(DEFAULT_DATA, cache=tmp_path / "cache")
    second = build_graph(DEFAULT_DATA, cache=tmp_path / "cache")
    assert second.files_built == 0
    assert first.ntriples == second.ntriples == cold(DEFAULT_DATA).ntriples


def test_results_no_build_used_for_two_weeks_are_deleted(generated, tmp_path):
    import os
    import time

    build_graph(generated, cache=tmp_path / "cache")
    kept = sorted((tmp_path / "cache" / "build").glob("*.pickle"))
    old = time.time() - 15 * 86400
    for path in kept:
        os.utime(path, (old, old))
    edit(generated / "0002-units.yaml", "label: Term 60\n", "label: Term sixty\n")
    build_graph(generated, cache=tmp_path / "cache")  # one result replaced, the rest used
    after = sorted((tmp_path / "cache" / "build").glob("*.pickle"))
    assert len(after) == len(kept)  # the old result of the edited file is gone
    assert all(path.stat().st_mtime > old + 86400 for path in after)


def test_an_export_edited_in_place_is_not_copied_into_the_next_build(generated, tmp_path,
                                                                      monkeypatch):
    """The exports are hard links to the cache's copy of the output, which the next build
    patches: a copy changed since (even at the same size) must not be used."""
    from kg.pipeline import run_build

    monkeypatch.setenv("DLKG_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    run_build(generated, out, html=False, formats=["turtle", "ntriples"])
    exported = out / "dlkg.nt"
    assert exported.stat().st_nlink == 2  # linked to the cache's copy, not a second copy
    assert exported.stat().st_mode & 0o777 == 0o644  # as every export is written
    text = exported.read_bytes()
    with open(exported, "r+b") as file:  # an editor that writes in place, same size
        file.write(text.replace(b"Term 3", b"Term X", 1))
    edit(generated / "0002-units.yaml", "label: Term 60\n", "label: Term sixty\n")
    run_build(generated, out, html=False, formats=["turtle", "ntriples"])
    assert exported.read_bytes() == cold(generated).ntriples
    assert b"Term X" not in exported.read_bytes()


def test_a_new_package_version_is_stated_after_a_rebuild(tmp_path, monkeypatch):
    """The description states the package's version: a cached build must not keep the old."""
    import kg.build
    from kg.paths import DEFAULT_DATA

    build_graph(DEFAULT_DATA, cache=tmp_path / "cache")
    monkeypatch.setattr(kg.build, "package_release", lambda: "99.0.0")
    again = build_graph(DEFAULT_DATA, cache=tmp_path / "cache")
    assert b'"99.0.0"' in again.ntriples
    assert again.ntriples == cold(DEFAULT_DATA).ntriples


def test_a_built_graph_does_not_change_when_an_export_is_edited_later(generated, tmp_path,
                                                                       monkeypatch):
    """The graph's bytes are its own, not views of the files the exports link to."""
    from kg.pipeline import run_build

    monkeypatch.setenv("DLKG_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    run_build(generated, out, html=False, formats=["turtle", "ntriples"])
    expected = cold(generated)
    for edit_export in (lambda: (out / "dlkg.nt").write_bytes(b""),  # truncated in place
                        lambda: (out / "dlkg.ttl").open("r+b").write(b"XXXX")):
        graph = build_graph(generated, cache=tmp_path / "cache")  # nothing changed
        edit_export()
        assert graph.ntriples == expected.ntriples and graph.turtle == expected.turtle
        run_build(generated, out, html=False, formats=["turtle", "ntriples"])
