"""Pictures made from the graph, as SVG whose text stays text: the ILSVRC top-5 error by year,
and the activation functions plotted from the formulas the graph holds.

Formulas are read by a small, safe evaluator (``ast``: arithmetic, comparisons, ``max``,
``min``, ``exp``), one case a line, as in ``f(x) = x when x >= 0`` / ``0.01 * x when x < 0``.

>>> f = formula_function("relu(x) = max(x, 0)")
>>> f(-2.0), f(3.0)
(0.0, 3.0)
>>> g = formula_function("elu(x) = x when x >= 0\\n   exp(x) - 1 when x < 0")
>>> round(g(-1.0), 4)
-0.6321
"""

import ast
import io
import math
import re

from .query import named_query, run_query

__all__ = ["formula_function", "ilsvrc_chart", "activation_chart", "charts_of", "PARAMETER_VALUES"]

MAX_CURVES = 12
# Values for the learned parameters some formulas name (PReLU's a: its paper's initial value).
PARAMETER_VALUES = {"a": 0.25}
_ALLOWED_CALLS = {"max": max, "min": min, "exp": math.exp}
_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div,
                  ast.Pow, ast.USub, ast.UAdd, ast.Call, ast.Name, ast.Load, ast.Constant,
                  ast.Compare, ast.GtE, ast.Gt, ast.LtE, ast.Lt, ast.Eq)


def _compile(expression: str):
    tree = ast.parse(expression.strip(), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValueError(f"unsupported in a formula: {ast.dump(node)[:40]}")
        if isinstance(node, ast.Call) and not (
                isinstance(node.func, ast.Name) and node.func.id in _ALLOWED_CALLS):
            raise ValueError("only max, min and exp may be called in a formula")
        if isinstance(node, ast.Name) and node.id not in ("x", *PARAMETER_VALUES, *_ALLOWED_CALLS):
            raise ValueError(f"unknown name {node.id!r} in a formula")
    return compile(tree, "<formula>", "eval")


def formula_function(formula: str):
    """A Python function of x for a formula in the glossary's notation (see module doc)."""
    cases = []
    for number, line in enumerate(formula.strip().splitlines()):
        line = re.sub(r"\(\s*[a-z]+ is [^)]*\)", "", line)  # a note such as "(a is learned)"
        if number == 0:
            _name, _, line = line.partition("=")
        expression, _, condition = line.partition(" when ")
        cases.append((_compile(expression), _compile(condition) if condition.strip() else None))

    def function(x: float) -> float:
        names = {"x": x, **PARAMETER_VALUES, **_ALLOWED_CALLS, "__builtins__": {}}
        for expression, condition in cases:
            if condition is None or eval(condition, names):  # noqa: S307 (checked by _compile)
                return float(eval(expression, names))  # noqa: S307
        raise ValueError(f"no case of the formula holds for x = {x}")

    return function


def _svg(figure) -> str:
    """The figure as SVG text, with text as text and no date or random ids."""
    import matplotlib.pyplot as plt
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "DLKG"})
    plt.close(figure)
    return buffer.getvalue()


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "dlkg",
                                "font.family": "DejaVu Sans", "font.size": 10})
    import matplotlib.pyplot as plt
    return plt


def ilsvrc_chart(rows: list[dict]) -> str:
    """SVG of top-5 error by year, the glossary's and the winners', from ilsvrc-results rows."""
    figure, axes = _pyplot().subplots(figsize=(10, 5.4))
    series = {"glossary claim": ("The glossary's table", "o", "#d4ac0d"),
              "winner": ("Winning entry (official result, or the winner's paper)", "s", "#2f7ed8")}
    winners = {}  # one winner a year: the official figure when there is one
    for row in rows:
        if row.get("rank") == "1" and row["origin"] in ("official result", "paper claim"):
            if row["year"] not in winners or row["origin"] == "official result":
                winners[row["year"]] = row
    points = {"winner": [winners[year] for year in sorted(winners)],
              "glossary claim": sorted((row for row in rows if row["origin"] == "glossary claim"),
                                       key=lambda row: (row["year"], -float(row["top5_error"])))}
    for key, (label, marker, colour) in series.items():
        xs = [int(r["year"]) + (0.08 if key == "glossary claim" else -0.08) for r in points[key]]
        ys = [float(r["top5_error"]) for r in points[key]]
        line = axes.plot(xs, ys, marker=marker, linestyle="-" if key == "winner" else "none",
                         color=colour, label=label)[0]
        line.set_gid(f"series-{key.replace(' ', '-')}")
        seen_in_year: dict[str, int] = {}
        for x, y, row in zip(xs, ys, points[key]):
            name = (row.get("team") or row.get("entry") or row.get("model") or "").split(" (")[0]
            name = name if len(name) <= 22 else name[:21] + "\u2026"
            stacked = seen_in_year.get(row["year"], 0)
            seen_in_year[row["year"]] = stacked + 1
            if key == "winner":
                offset, align = (-8, 8), "right"
            else:
                offset, align = (8, -4 - 11 * stacked), "left"
            text = axes.annotate(f"{row['top5_error']}% {name}", (x, y), textcoords="offset points",
                                 xytext=offset, fontsize=7.5, color=colour, ha=align)
            text.set_gid(f"point-{key.replace(' ', '-')}-{row['year']}-{stacked}")
    axes.set_xlabel("ILSVRC edition")
    axes.set_ylabel("top-5 error (%)")
    axes.set_title("ILSVRC image classification: top-5 error by year")
    axes.set_xticks(range(2010, 2018))
    axes.set_xlim(2009.3, 2017.8)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper right", fontsize=8)
    figure.tight_layout()
    return _svg(figure)


def activation_chart(functions: list[dict]) -> str:
    """SVG of each activation function (dicts: function, formula, acronym) on [-3, 3]."""
    figure, axes = _pyplot().subplots(figsize=(8, 4.6))
    xs = [i / 50 for i in range(-150, 151)]
    for row in sorted(functions, key=lambda r: r["function"]):
        function = formula_function(row["formula"])
        name = row.get("acronym") or row["function"]
        line = axes.plot(xs, [function(x) for x in xs], label=name)[0]
        line.set_gid(f"function-{re.sub(r'[^a-z0-9]+', '-', row['function'].lower())}")
    axes.axhline(0, color="#999", linewidth=0.6)
    axes.axvline(0, color="#999", linewidth=0.6)
    axes.set_ylim(-1.5, 3.0)
    axes.set_xlabel("x")
    axes.set_ylabel("f(x)")
    axes.set_title("Activation functions, plotted from the formulas in the graph" + (
        " (PReLU with a = 0.25)" if any("a *" in r["formula"] for r in functions) else ""))
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    return _svg(figure)


def charts_of(store) -> dict[str, str]:
    """The charts of the graph in ``store``: {file name: SVG}, for the charts it has data for."""
    def rows(name: str) -> list[dict]:
        result = run_query(store, named_query(name).text)
        return [{k: v.value for k, v in row.items()} for row in result.rows]

    charts = {}
    results = rows("ilsvrc-results")
    if results:
        charts["ilsvrc-top5.svg"] = ilsvrc_chart(results)
    functions = {r["function"]: r for r in rows("activation-functions")
                 if r.get("formula") and _plottable(r["formula"])}
    if functions:  # one picture holds a dozen curves: the first by name past that
        chosen = [functions[name] for name in sorted(functions)[:MAX_CURVES]]
        charts["activation-functions.svg"] = activation_chart(chosen)
    return charts


def _plottable(formula: str) -> bool:
    """True when ``formula`` is in the notation :func:`formula_function` reads."""
    try:
        formula_function(formula)(0.5)
    except (ValueError, SyntaxError, ArithmeticError, TypeError):
        return False
    return True
