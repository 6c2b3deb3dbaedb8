"""The endpoint's query editor (YASGUI, bundled) in Chromium with every outside request blocked."""

import pytest

from .browser import offline_page
from .servers import kg_server

ROWS = ".tabPanel.active .yasr table.dataTable tbody tr"


@pytest.fixture(scope="module")
def server():
    with kg_server() as base:
        yield base


def test_the_editor_runs_a_parameterised_query_and_follows_an_iri(server):
    with offline_page(allow=server + "/") as (page, outside, console):
        page.goto(server + "/")
        page.wait_for_selector(".tabsList [role=tab]")
        names = page.locator(".tabsList [role=tab] > span").all_inner_texts()
        assert "ilsvrc-results" in names and "activation-functions" in names
        # a named query with a parameter, the name found as `kg search` finds it
        page.select_option("#param-query", "coauthors")
        page.fill("#param-fields input[name=author]", "geoffrey hinton")
        page.click("#params button[type=submit]")
        page.wait_for_selector(ROWS, timeout=20_000)
        table = page.locator(".tabPanel.active .yasr table.dataTable").inner_text()
        assert "Alex Krizhevsky" in table and "Vinod Nair" in table
        # a query of one's own, with a prefix not declared: IRIs link to resource pages
        page.evaluate("() => window.yasgui.addTab(true, {name: 'mine'}).getYasqe().setValue("
                      "'SELECT ?term WHERE { ?term a dlkg:ActivationFunction } ORDER BY ?term')")
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(ROWS, timeout=20_000)
        link = page.locator(".tabPanel.active .yasr a.iri[href='/id/term/relu']")
        assert link.count() == 1
        assert page.locator(".tabPanel.active .yasr_downloadIcon").count() == 1
        page.goto(server + link.get_attribute("href"))
        assert page.title().startswith("rectified linear unit")
    assert outside == [], outside
    assert [c for c in console if c[0] in ("error", "pageerror")] == []


def test_the_editor_shows_a_syntax_error_plainly(server):
    with offline_page(allow=server + "/") as (page, outside, console):
        page.goto(server + "/")
        page.wait_for_selector(".tabsList [role=tab]")
        page.evaluate("() => window.yasgui.addTab(true, {name: 'bad'}).getYasqe().setValue("
                      "'SELECT ?t WHERE { ?t a foo:Bar }')")
        page.click(".tabPanel.active .yasqe_queryButton")
        page.wait_for_selector(".tabPanel.active .yasr .errorResult", timeout=20_000)
        assert "unknown prefix foo" in page.locator(".tabPanel.active .yasr").inner_text()
    assert outside == []
