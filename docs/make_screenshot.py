"""Make the README's pictures of the graph view with the browser the tests use:
docs/graph.png, what a newcomer sees on opening exports/graph.html (1400x900),
docs/graph-selected.png, the same page with ResNet selected, and docs/timeline.png, its
Timeline tab.

Run from the project folder: ``python -m docs.make_screenshot`` (needs Debian's chromium).
"""

from pathlib import Path

from tests.browser import offline_page, open_view

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with offline_page(viewport=(1400, 900)) as (page, requests, _console):
        open_view(page, ROOT / "exports" / "graph.html")
        page.wait_for_timeout(500)
        page.screenshot(path=str(ROOT / "docs" / "graph.png"))
        page.fill("#search", "ResNet")
        page.press("#search", "Enter")
        page.wait_for_selector("#panel:not([hidden])")
        page.wait_for_timeout(800)
        page.screenshot(path=str(ROOT / "docs" / "graph-selected.png"))
        page.click("[data-view=timeline]")
        page.evaluate("() => { const t = document.getElementById('timeline'); "
                      "t.scrollTop = document.getElementById('timeline-figures').offsetTop - 80; }")
        page.wait_for_timeout(300)
        page.screenshot(path=str(ROOT / "docs" / "timeline.png"))
        assert requests == [], requests
    print("wrote docs/graph.png, docs/graph-selected.png and docs/timeline.png")


if __name__ == "__main__":
    main()
