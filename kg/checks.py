"""The checks across entries: links name entries of the right sections, results stay
within their measure's range, is-a, variant and successor links form no cycle.

>>> find_cycles({"a": {"broader": ["b"]}, "b": {"broader": ["a"]}})
[('b', 'broader', 'a')]
"""

import re

from .errors import Problem
from .schema import SECTIONS, URL_PATTERN

__all__ = ["check_references", "check_maximums", "find_cycles", "CYCLE_FIELDS"]

CYCLE_FIELDS = ("broader", "variant_of", "successor_of")
_URL_RE = re.compile(URL_PATTERN)
# The sections that the ids of each kind of link (other than ``ref``) may name.
_LINK_TARGETS = {"source": ("sources", "papers"), "sourcemap": ("sources", "papers"),
                 "idmap": tuple(SECTIONS)}


def check_references(to_check, sections: dict[str, str], rejected: set[str]) -> list[Problem]:
    """Problems of the entries ``to_check``: each link names an entry of a section it may
    name (``sections`` maps every id to its section); links to ``rejected`` ids are skipped."""
    problems = []
    for entry in to_check:
        spec = SECTIONS[entry.section]
        for name, value in entry.fields.items():
            kind = spec.fields[name].type
            targets = spec.fields[name].targets if kind == "ref" else _LINK_TARGETS.get(kind)
            if targets is None:
                continue
            if isinstance(value, dict):
                value = [item for items in value.values() for item in items]
            for target_id in value if isinstance(value, list) else [value]:
                if (kind != "ref" and _URL_RE.match(target_id)) or target_id in rejected:
                    continue
                section = sections.get(target_id)
                line = entry.field_lines.get(name, entry.line)
                if section is None or section not in targets:
                    wanted = " or ".join(f"a {SECTIONS[t].kind}" for t in targets)
                    what = (f"no entry; expected the id of {wanted}" if section is None
                            else f"a {SECTIONS[section].kind}, not {wanted}")
                    problems.append(Problem(entry.file, line, entry.id, name,
                                            f"'{target_id}' is {what}"))
                elif target_id == entry.id and name != "based_on":
                    problems.append(Problem(entry.file, line, entry.id, name,
                                            "an entry cannot refer to itself"))
    return problems


def check_maximums(entries: dict) -> list[Problem]:
    """A result's value may not exceed its measure's ``maximum`` (100 for a share in %)."""
    problems = []
    for entry in entries.values():
        if entry.section != "results":
            continue
        measure = entries[entry.fields["metric"]].fields
        value = entry.fields["value"]
        if "maximum" in measure and float(value) > float(measure["maximum"]):
            what = "percentage" if measure["unit"] == "percent" else "value"
            problems.append(Problem(entry.file, entry.field_lines["value"], entry.id, "value",
                                    f"impossible {what} {value} (the measure "
                                    f"'{entry.fields['metric']}' goes up to {measure['maximum']})"))
    return problems


def find_cycles(links: dict[str, dict]) -> list[tuple[str, str, str]]:
    """For each of ``CYCLE_FIELDS``, one link (id, field, target) that closes a cycle of
    such links, if any (``links`` maps ids to their fields); networkx finds the cycle."""
    import networkx as nx
    found = []
    for name in CYCLE_FIELDS:
        graph = nx.DiGraph((node, child) for node, fields in links.items()
                           for child in fields.get(name, ()) if child in links)
        if not nx.is_directed_acyclic_graph(graph):  # (linear time: the usual case is acyclic)
            node, child = nx.find_cycle(graph)[-1][:2]
            found.append((node, name, child))
    return found
