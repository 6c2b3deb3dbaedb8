"""The field reference of ``data/README.md``, generated from the one schema (:mod:`kg.schema`).

``python -m kg.reference`` rewrites the part of ``data/README.md`` between the two marker
lines; a test fails when the committed file and the schema drift apart.

>>> "`terms`" in field_reference()
True
"""

from pathlib import Path

from .namespaces import short_iri
from .schema import SECTIONS, FieldSpec

__all__ = ["field_reference", "update_readme", "BEGIN", "END"]

BEGIN = "<!-- field reference: generated from kg/schema.py by `python -m kg.reference` -->"
END = "<!-- end of the field reference -->"

_TYPES = {"str": "one line of text", "text": "text", "int": "whole number", "year": "year",
          "number": "number", "bool": "true or false", "url": "URL", "date": "date YYYY-MM-DD",
          "ref": "id", "source": "URL or source/paper id", "choice": "one of",
          "wikidata": "Wikidata id", "sourcemap": "mapping: field -> sources",
          "idmap": "mapping: field -> ids"}


def _kind(field: FieldSpec) -> str:
    kind = _TYPES[field.type]
    if field.type == "ref":
        kind = "id of " + " or ".join(SECTIONS[t].kind for t in field.targets)
    if field.type == "choice":
        kind = "one of " + ", ".join(field.choices)
    if field.many:
        kind = f"list of ({kind})"
    return kind


def field_reference() -> str:
    """The Markdown of every section and field: type, required, RDF property, meaning."""
    lines = []
    for name, section in SECTIONS.items():
        classes = ", ".join(short_iri(str(c)) for c in section.classes)
        lines += ["", f"### `{name}`: {section.doc}", "",
                  f"Each entry is `https://w3id.org/dlkg/id/{section.kind}/<id>`, a {classes}.",
                  "", "| field | type | required | written as | meaning |",
                  "|---|---|---|---|---|",
                  "| `id` | a-z, 0-9, `-`, `.` | yes | the IRI | unique across data/ |"]
        for field_name, field in section.fields.items():
            written = ", ".join(short_iri(str(p)) for p in field.predicates) or "(see below)"
            lines.append(f"| `{field_name}` | {_kind(field)} | "
                         f"{'yes' if field.required else ''} | {written} | {field.doc} |")
    return "\n".join(lines) + "\n"


def update_readme(path: Path) -> bool:
    """Rewrite the generated part of ``path``; return True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    new = text[:start] + "\n" + field_reference() + "\n" + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    readme = Path("data/README.md")
    print(f"{readme}: {'updated' if update_readme(readme) else 'up to date'}")
