"""Debian's Chromium driven by Playwright, with every network request blocked."""

import contextlib
import shutil

import pytest

from .conftest import IN_CI

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
INSTALL = "apt-get install chromium && pip install playwright"


def chromium_path() -> str:
    """Debian's Chromium; in CI a missing browser fails, elsewhere it skips saying how."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        message = f"Chromium and Playwright are needed for the browser tests: {INSTALL}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextlib.contextmanager
def offline_page(viewport=(1400, 900), *, allow: str = "file:"):
    """A page in headless Chromium whose every request outside ``allow`` (a URL prefix; by
    default file://) is aborted and recorded.

    Yields (page, requests, console): the URLs requested outside ``allow``, and the console
    messages and page errors as (type, text)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0],
                                                    "height": viewport[1]})
            page = context.new_page()
            requests, console = [], []

            def route(route_request):
                url = route_request.request.url
                if url.startswith(allow):
                    route_request.continue_()
                else:
                    requests.append(url)
                    route_request.abort()

            page.route("**/*", route)
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: console.append(("pageerror", str(error))))
            yield page, requests, console
        finally:
            browser.close()


def open_view(page, path, *, timeout_ms: int = 60_000) -> None:
    """Open the graph view at ``path`` and wait until its layout has settled."""
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.dlkgState && window.dlkgState.stabilized",
                           timeout=timeout_ms)
