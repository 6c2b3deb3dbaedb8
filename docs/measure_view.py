"""Measure how soon graph pages draw in the browser the tests use (Debian's Chromium,
1400x900, every request blocked): for each page, the seconds from `goto` until the layout is
set and the canvas drawn, the page's own clock then, its node count, and any request or
console error.

Run from the project folder: ``python -m docs.measure_view exports/graph.html [more.html ...]``
"""

import sys
import time
from pathlib import Path

from tests.browser import offline_page


def measure(path: Path) -> str:
    with offline_page() as (page, requests, console):
        started = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.dlkgState && window.dlkgState.stabilized")
        page.wait_for_function("() => { const c = document.querySelector('#graph canvas');"
                               " return c && c.width > 0; }")
        drawn = time.perf_counter() - started
        clock = page.evaluate("() => Math.round(performance.now())")
        nodes = page.evaluate("window.DLKG.nodes.length")
        errors = [c for c in console if c[0] in ("error", "pageerror")]
    return (f"{path}: drawn {drawn:.2f} s after goto (page clock {clock} ms), {nodes} nodes, "
            f"{len(requests)} requests, {len(errors)} console errors")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(measure(Path(argument)))
