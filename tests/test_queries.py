"""The named queries: each answers its question on the shipped data, in every format."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from kg.query import (ParamError, QueryError, bind_as_values, bind_params, format_result,
                      named_queries, named_query, open_store, run_query)
from kg.search import finder

from .conftest import run_kg

@pytest.fixture(scope="module")
def store():
    return open_store()


def rows(store, name, **params):
    """The rows of a named query as dicts of plain strings; ``params`` as `kg query` takes
    them (a name of a thing is found by the matcher)."""
    query = named_query(name)
    result = run_query(store, query.text, bind_params(query, params, finder(store)))
    return [{k: v.value for k, v in row.items()} for row in result.rows]


def test_library_has_at_least_fifteen_queries_each_with_a_question():
    queries = named_queries()
    assert len(queries) >= 15
    for query in queries:
        assert query.question.endswith("?") or query.question.endswith(")."), query.name
        assert query.text.startswith("# question:"), query.name
    names = {q.name for q in queries}
    assert {"ilsvrc-results", "activation-functions", "papers-by-author", "coauthors",
            "generative-models", "timeline", "datasets", "lineage", "disagreements",
            "describe", "search"} <= names


def test_ilsvrc_results_holds_the_glossary_table_and_the_primary_figures(store):
    found = rows(store, "ilsvrc-results")
    glossary = {(r["year"], r["model"], r["top5_error"], r.get("layers"))
                for r in found if r["origin"] == "glossary claim"}
    assert glossary == {
        ("2012", "AlexNet", "17", "8"), ("2013", "ZFNet", "17", "8"), ("2014", "VGG", "8.43", "19"),
        ("2014", "GoogLeNet", "7.89", "22"), ("2015", "Inception v3", "5.6", None),
        ("2015", "residual network", "4.49", "152")}
    official_2012 = [r for r in found if r["origin"] == "official result" and r["year"] == "2012"
                     and r.get("rank") == "1"]
    assert [(r["entry"], r["top5_error"]) for r in official_2012] == [("SuperVision", "15.315")]
    assert all(r["source"].startswith("http") for r in found)


def test_ilsvrc_winners_per_year_with_their_sources(store):
    winners = {(r["year"], r.get("team") or r.get("entry"), r["top5_error"], r["origin"])
               for r in rows(store, "ilsvrc-winners")}
    assert ("2012", "SuperVision", "15.315", "official result") in winners
    assert ("2014", "GoogLeNet", "6.67", "paper claim") in winners
    assert ("2010", "NEC-UIUC", "28.2", "paper claim") in winners
    assert {r[0] for r in winners} >= {"2010", "2012", "2013", "2014", "2015", "2017"}


def test_ilsvrc_queries_hold_ilsvrc_editions_only(store):
    """A top-5 figure of another competition's edition is not an ILSVRC result."""
    from pyoxigraph import Store

    from kg.prefixes import PREFIXES
    other = Store()
    other.extend(store.quads_for_pattern(None, None, None))
    other.update("""
        INSERT { result:copied ?p ?o ; dlkg:edition edition:other-2012 .
                 edition:other-2012 ?ep ?eo ; schema:superEvent competition:other . }
        WHERE { result:ilsvrc-2012-alexnet-glossary ?p ?o FILTER(?p != dlkg:edition)
                edition:ilsvrc-2012 ?ep ?eo FILTER(?ep != schema:superEvent) }""",
                 prefixes=PREFIXES)
    for name in ("ilsvrc-results", "ilsvrc-winners"):
        text = named_query(name).text
        assert len(run_query(other, text).rows) == len(run_query(store, text).rows), name
    assert bool(other.query("ASK { result:copied dlkg:edition edition:other-2012 }",
                            prefixes=PREFIXES))


def test_activation_functions_with_formulas_and_papers(store):
    by_name = {r["function"]: r for r in rows(store, "activation-functions")}
    assert set(by_name) >= {"rectified linear unit", "leaky rectified linear unit",
                            "parametric rectified linear unit", "exponential linear unit",
                            "logistic sigmoid", "hyperbolic tangent", "Gaussian error linear unit"}
    assert by_name["rectified linear unit"]["formula"] == "relu(x) = max(x, 0)"
    assert {r["first_author"] for r in rows(store, "activation-functions")
            if r["function"] == "rectified linear unit"} == {"Vinod Nair", "Kunihiko Fukushima"}
    assert by_name["exponential linear unit"]["first_author"] == "Djork-Arné Clevert"
    assert by_name["parametric rectified linear unit"]["paper"].startswith("Delving Deep")


def test_papers_by_author(store):
    found = {(r["year"], r["position"], r["title"])
             for r in rows(store, "papers-by-author", author="Kaiming He")}
    assert ("2016", "1", "Deep Residual Learning for Image Recognition") in found
    assert ("2017", "1", "Mask R-CNN") in found and len(found) >= 6
    graves = {r["title"]: r["position"] for r in rows(store, "papers-by-author", author="Alex Graves")}
    assert graves["Neural Turing Machines"] == "1"
    assert graves["Playing Atari with Deep Reinforcement Learning"] == "4"


def test_coauthors(store):
    found = {r["coauthor"]: int(r["papers_together"])
             for r in rows(store, "coauthors", author="Kaiming He")}
    assert {"Xiangyu Zhang": 2, "Shaoqing Ren": 3, "Jian Sun": 3}.items() <= found.items()
    assert found["Ross Girshick"] >= 4


def test_generative_models_follow_is_a_chains(store):
    models = {r["model"] for r in rows(store, "generative-models")}
    assert {"generative adversarial network", "variational autoencoder",
            "adversarial autoencoder", "Deep AutoRegressive Network",
            "Deep Recurrent Attentive Writer"} <= models
    assert "AlexNet" not in models


def test_timeline_is_ordered_by_year(store):
    found = rows(store, "timeline")
    years = [int(r["year"]) for r in found]
    assert years == sorted(years)
    assert (found[0]["year"], found[0]["term"]) == ("1951", "stochastic gradient descent")
    assert {"term": "residual network", "year": "2015"}.items() <= next(
        r for r in found if r["term"] == "residual network").items()


def test_datasets_with_counts(store):
    by_name = {r["dataset"]: r for r in rows(store, "datasets")}
    assert by_name["CIFAR-10"]["examples"] == "60000"
    assert by_name["CIFAR-10"]["train"] == "50000" and by_name["CIFAR-10"]["test"] == "10000"
    assert by_name["MNIST"]["train"] == "60000"
    assert by_name["CIFAR-100"]["classes"] == "100"


def test_lineage(store):
    pairs = {(r["term"], r["ancestor"], r.get("direct_link")) for r in rows(store, "lineage")}
    assert ("Adam", "AdaGrad", "successor of") in pairs
    # the glossary's "NRAM is a successor of NTM" is its claim, not a curated link
    assert ("Neural Random-Access Machine", "Neural Turing Machine", "successor of") not in pairs
    assert ("leaky rectified linear unit", "rectified linear unit", "variant of") in pairs
    assert ("exponential linear unit", "rectified linear unit", "variant of") in pairs


def test_disagreements_put_the_glossary_beside_the_primary_sources(store):
    found = rows(store, "disagreements")
    alexnet = {(r["other_value"], r["other_origin"]) for r in found if r["model"] == "AlexNet"}
    assert ("15.315", "official result") in alexnet
    resnet = {(r["glossary_value"], r["other_value"]) for r in found
              if r["model"] == "residual network"}
    assert ("4.49", "3.57") in resnet
    assert all(r["glossary_value"] != r["other_value"] for r in found)


def test_describe_one_term(store):
    found = rows(store, "describe", thing="relu")
    properties = {r["property"] for r in found}
    assert {"formula", "contrasts with", "introduced in"} <= properties
    assert any(r.get("value_label") == "hyperbolic tangent" for r in found)


def test_search_labels_aliases_and_definitions(store):
    found = {(r["label"], r["matched_in"]) for r in rows(store, "search", text="Gradient")}
    assert ("stochastic gradient descent", "label") in found
    assert ("long short-term memory", "definition") in found


@pytest.mark.parametrize("name, check", [
    ("components", lambda r: {"model": "AlexNet", "uses": "dropout"} in r),
    ("organizations", lambda r: {"organization": "Microsoft Research", "relation": "developed",
                                 "thing": "residual network"} in r),
    ("papers", lambda r: any(x["title"] == "Neural Turing Machines" and x["authors"] == "3"
                             for x in r)),
    ("prolific-authors", lambda r: r[0]["author"] == "Geoffrey E. Hinton"
     and int(r[0]["papers"]) >= 10),
    ("glossary-notes", lambda r: len(r) == 30),
    ("graph-statistics", lambda r: {"kind": "editions", "count": "8"} in r),
    ("terms-by-category", lambda r: any(x["category"] == "Activation function"
                                        and int(x["terms"]) >= 6 for x in r)),
    ("names", lambda r: {"thing": "https://w3id.org/dlkg/id/paper/he2016deep", "kind": "paper",
                         "field": "arXiv ID", "name": "1512.03385"} in
     [{k: v for k, v in x.items() if k != "links"} for x in r]),
])
def test_other_named_queries(store, name, check):
    assert check(rows(store, name))


def test_every_named_query_is_tested_here():
    tested = {
        "ilsvrc-results", "ilsvrc-winners", "activation-functions", "papers-by-author",
        "coauthors", "generative-models", "timeline", "datasets", "lineage", "disagreements",
        "describe", "search", "components", "organizations", "papers", "prolific-authors",
        "glossary-notes", "graph-statistics", "terms-by-category", "provenance", "best-figures",
        "builds-on", "papers-introducing-most", "glossary-entries", "names"}
    assert {q.name for q in named_queries()} == tested


def test_parameters_are_bound_as_literals_not_pasted(store):
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #'
    assert rows(store, "search", text=hostile) == []
    with pytest.raises(ParamError):  # a name that finds no person
        rows(store, "papers-by-author", author=hostile)
    text = bind_as_values("SELECT * WHERE { ?s ?p ?author }", {"author": hostile})
    assert '\\"' in text
    with pytest.raises(QueryError):
        run_query(store, "SELECT * WHERE { ?s ?p ?o }", {"nosuch": "x"})


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_output_formats(store, fmt):
    result = run_query(store, named_query("datasets").text)
    text = format_result(result, fmt)
    if fmt == "csv":
        table = list(csv.DictReader(io.StringIO(text)))
        assert {r["dataset"]: r["examples"] for r in table}["CIFAR-10"] == "60000"
    elif fmt == "tsv":
        assert text.splitlines()[0].split("\t")[0] == "?dataset"
        assert len(text.splitlines()) == len(result.rows) + 1
    elif fmt == "json":
        bindings = json.loads(text)["results"]["bindings"]
        assert len(bindings) == len(result.rows) >= 20
    elif fmt == "xml":
        root = ET.fromstring(text)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert len(root.findall(f"{ns}results/{ns}result")) == len(result.rows)
    else:
        assert text.splitlines()[0].split()[0] == "dataset" and text.endswith(f"({len(result.rows)} rows)")


def test_cli_runs_named_file_stdin_and_inline_queries(tmp_path):
    named = run_kg("query", "graph-statistics", "--format", "csv")
    assert named.returncode == 0 and "editions,8" in named.stdout
    path = tmp_path / "q.rq"
    path.write_text("ASK { <https://w3id.org/dlkg/id/term/relu> ?p ?o }")
    assert run_kg("query", path).stdout.strip() == "yes"
    stdin = run_kg("query", "-", "--format", "json", input_text="ASK { ?s ?p 42 }")
    assert json.loads(stdin.stdout) == {"head": {}, "boolean": False}
    inline = run_kg("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . "
                    "FILTER(?s = <https://w3id.org/dlkg/id/term/gpu>) }", "--format", "ntriples")
    assert inline.returncode == 0
    assert "<https://w3id.org/dlkg/id/term/gpu>" in inline.stdout.splitlines()[0]
    params = run_kg("query", "coauthors", "--param", "author=Kaiming He", "--format", "csv")
    assert params.stdout.splitlines()[0] == "coauthor,papers_together"
    assert len(params.stdout.splitlines()) >= 4


def test_cli_list_and_errors():
    listing = run_kg("query", "--list")
    assert listing.returncode == 0
    named = [line for line in listing.stdout.splitlines() if not line.startswith(" ")]
    assert len(named) == len(named_queries())
    assert "papers-by-author" in listing.stdout and "--param author=... (person)" in \
        listing.stdout and "e.g. Alex Graves" in listing.stdout
    bad = run_kg("query", "SELECT ?x WHERE { ?x ?y }")
    assert bad.returncode == 3 and "Traceback" not in bad.stderr
    assert "line 1, column 26" in bad.stderr and bad.stderr.splitlines()[-1].endswith("^")
    assert bad.stderr.splitlines()[-1].index("^") == bad.stderr.splitlines()[-2].index("|") \
        + 1 + 26
    unknown = run_kg("query", "no-such-query")
    assert unknown.returncode == 2 and "the named queries: " in unknown.stderr


def test_prefixes_are_declared_for_every_query_and_a_query_s_own_win():
    result = run_kg("query", "SELECT ?t WHERE { ?t a dlkg:ActivationFunction }", "--format",
                    "csv")
    assert result.returncode == 0, result.stderr
    assert "https://w3id.org/dlkg/id/term/relu" in result.stdout
    own = run_kg("query", "PREFIX dlkg: <urn:other#> SELECT ?t WHERE { ?t a dlkg:ActivationFunction }",
                 "--format", "csv")
    assert own.returncode == 0 and own.stdout.splitlines() == ["t"]


@pytest.mark.parametrize("text, words", [
    ("SELECT ?t WHERE { ?t a foo:Bar }", "unknown prefix foo"),
    ("SELEC ?x WHERE { ?x ?y ?z }", "begins with SELECT, CONSTRUCT, ASK or DESCRIBE"),
    ("DELETE WHERE { ?s ?p ?o }", "updates are refused"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
])
def test_a_query_error_says_what_is_wrong_first(text, words):
    result = run_kg("query", text)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert words in result.stderr.splitlines()[0]


def test_provenance_says_on_whose_word_each_link_rests(store):
    found = rows(store, "provenance", thing="ReLU")
    introduced = {(r["other"], r["origin"]) for r in found if r["link"] == "introduced in"}
    assert ("Rectified Linear Units Improve Restricted Boltzmann Machines",
            "curated claim") in introduced  # two honest answers: Nair & Hinton, Fukushima
    assert len({paper for paper, _origin in introduced}) == 2
    assert all(r.get("source") for r in found if r["origin"] != "no source recorded")
    figures = rows(store, "provenance", thing="alexnet")
    assert {"glossary claim", "official result", "paper claim"} <= {r["origin"] for r in figures}
    # one row a claim and source: a claim's other end is one thing (its dataset, model or
    # itself), never every label of the graph
    pairs = [(r.get("claim"), r.get("source"), r["link"]) for r in figures]
    assert len(pairs) == len(set(pairs)) and len(figures) < 40
    paper = {(r["link"], r["direction"], r["other"]) for r in
             rows(store, "provenance", thing="Attention Is All You Need")}
    assert ("introduced in", "from", "Transformer") in paper  # links to the thing count too
    ghost = [r for r in rows(store, "provenance", thing="relu") if "claim" not in r]
    assert all(r["origin"] == "no source recorded" for r in ghost)
    nram = {(r["link"], r["other"], r["origin"]) for r in rows(store, "provenance", thing="NRAM")}
    assert ("successor of", "Neural Turing Machine", "glossary claim") in nram


def test_best_figures_per_benchmark_over_the_years(store):
    found = rows(store, "best-figures")
    wmt = [r for r in found if r["benchmark"].startswith("WMT 2014 English-German")]
    assert any(r["best"] == "28.4" and r["model"] == "Transformer" for r in wmt)
    ilsvrc = {(r["year"], r["best"]) for r in found
              if r["measure"] == "top-5 error rate" and "ILSVRC" in r["benchmark"]}
    assert ("2012", "15.315") in ilsvrc or ("2012", "15.3") in ilsvrc
    # the best up to each year: a weaker figure of a later year does not replace it
    top1 = {r["year"]: (r["best"], r["model"], r["since"]) for r in found
            if r["measure"] == "top-1 accuracy" and r["benchmark"].startswith("ILSVRC")}
    assert top1["2017"] == ("79", "Xception", "2016")
    series: dict = {}
    for r in sorted(found, key=lambda r: int(r["year"])):
        series.setdefault((r["benchmark"], r["measure"]), []).append(float(r["best"]))
    for key, values in series.items():
        assert values in (sorted(values), sorted(values, reverse=True)), key


def test_what_a_term_builds_on_transitively(store):
    found = {r["builds_on"]: int(r["steps"]) for r in rows(store, "builds-on", term="AdamW")}
    assert found["Adam"] == 1
    assert found["stochastic gradient descent"] == 2


def test_papers_that_introduced_the_most_terms(store):
    found = rows(store, "papers-introducing-most")
    assert all(int(r["terms"]) >= 2 for r in found)
    assert [int(r["terms"]) for r in found] == sorted((int(r["terms"]) for r in found),
                                                      reverse=True)
    assert any(r["paper"].startswith("Delving Deep into Rectifiers") for r in found)


def test_the_glossarys_own_entries(store):
    found = {r["entry"]: r for r in rows(store, "glossary-entries")}
    assert len(found) == 30
    assert "AlexNet" in found and "Transformer" not in found


def test_rdflib_s_engine_gives_the_same_rows(store):
    """An independent SPARQL engine (rdflib's) on the exported Turtle gives the same rows as
    Oxigraph, duplicates included, for every named query but `names` (minutes in rdflib)."""
    import os
    import resource

    import rdflib

    from kg.pipeline import load_graph
    graph = load_graph()
    examples = {"author": "Geoffrey Hinton", "term": "ReLU", "thing": "ReLU",
                "text": "residual"}
    # a query that rdflib joins as a cross product fails here instead of filling the machine
    used = int(open("/proc/self/statm").read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limits = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (used + 4 * 2**30, limits[1]))
    try:
        answers = {}
        for query in named_queries():
            if query.name != "names":
                values = bind_params(query, {p: examples[p] for p in query.params},
                                     finder(store))
                bindings = {rdflib.Variable(name): rdflib.Literal(value)
                            if isinstance(value, str) else rdflib.URIRef(value.value)
                            for name, value in values.items()}
                answers[query.name] = (values, graph.query(query.text, initBindings=bindings))
                list(answers[query.name][1])
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)
    for name, (values, answer) in answers.items():
        query = named_query(name)
        theirs = sorted(tuple("" if row[v] is None else str(row[v]) for v in answer.vars)
                        for row in answer)
        result = run_query(store, query.text, values)
        ours = sorted(tuple(row[v].value if v in row else "" for v in result.variables)
                      for row in result.rows)
        assert theirs == ours, query.name
