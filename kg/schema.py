"""What an entry of each section of ``data/`` may hold: fields, their types, references.

The loader checks every entry against these specs; ``data/README.md`` documents them for
people.  A field type is one of:

``str``        one line of text          ``text``      free text (may span lines)
``int``        a non-negative integer    ``year``      a year, 1800 to next year
``percent``    a number from 0 to 100    ``url``       an absolute http(s) URL
``ref``        the id of an entry in one of ``targets``
``source``     a URL, or the id of an entry in ``sources`` or ``papers``
``choice``     one of ``choices``       ``date``      a date, YYYY-MM-DD
``wikidata``   a Wikidata item id, Q followed by digits
``list`` of any of the above (``many=True``).

>>> SECTIONS["terms"].fields["variant_of"].targets
('terms',)
"""

from dataclasses import dataclass, field

__all__ = ["FieldSpec", "SectionSpec", "SECTIONS", "TERM_CATEGORIES", "ID_PATTERN"]

ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"

TERM_CATEGORIES = (
    "architecture",
    "model-family",
    "activation-function",
    "optimization-algorithm",
    "regularization",
    "normalization",
    "mechanism",
    "learning-paradigm",
    "hardware",
    "model",
    "loss-function",
    "initialization",
    "training-technique",
    "concept",
)


@dataclass(frozen=True)
class FieldSpec:
    """One field: its ``type`` (see the module doc), whether it is a list, and so on."""

    type: str
    many: bool = False
    required: bool = False
    targets: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """One section of a data file: ``kind`` names its IRIs (``.../id/<kind>/<id>``)."""

    kind: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)


def _refs(*targets: str, many: bool = True, required: bool = False) -> FieldSpec:
    return FieldSpec("ref", many=many, required=required, targets=targets)


_TEXT = FieldSpec("text")
_STR = FieldSpec("str")
_STRS = FieldSpec("str", many=True)
_URL = FieldSpec("url")
_URLS = FieldSpec("url", many=True)
_INT = FieldSpec("int")
_LABEL = FieldSpec("str", required=True)
# Links to the same thing elsewhere; each verified, with where it was read.
_LINKS = {
    "wikidata": FieldSpec("wikidata"),
    "wikipedia": _URL,
    "link_sources": _URLS,
    "link_note": _TEXT,
}

SECTIONS: dict[str, SectionSpec] = {
    "description": SectionSpec(
        "catalog",
        {"title": _LABEL, "description": _TEXT, "license": FieldSpec("url", required=True),
         "created": FieldSpec("date", required=True),
         "publisher": _refs("organizations", many=False), "homepage": _URL,
         "example_resources": _refs("terms", "papers", "people", "organizations", "datasets",
                                    "competitions", "editions", "results")},
    ),
    "sources": SectionSpec(
        "source",
        {"title": _LABEL, "url": FieldSpec("url", required=True), "note": _TEXT,
         "retrieved": _STR},
    ),
    "terms": SectionSpec(
        "term",
        {
            "label": _LABEL,
            "acronyms": _STRS,
            "aliases": _STRS,
            "category": FieldSpec("choice", required=True, choices=TERM_CATEGORIES),
            "definition": _TEXT,
            "definition_sources": FieldSpec("source", many=True),
            "glossary_text": _TEXT,
            "formula": _TEXT,
            "year": FieldSpec("year"),
            "broader": _refs("terms"),
            "variant_of": _refs("terms"),
            "successor_of": _refs("terms"),
            "uses": _refs("terms"),
            "contrasts_with": _refs("terms"),
            "introduced_in": _refs("papers"),
            "evaluated_on": _refs("datasets"),
            "developed_by": _refs("organizations"),
            "layers": _INT,
            "see_also": _URLS,
            "note": _TEXT,
            "claim_sources": FieldSpec("sourcemap"),
            "glossary_claims": FieldSpec("idmap"),
            **_LINKS,
        },
    ),
    "papers": SectionSpec(
        "paper",
        {
            "title": _LABEL,
            "authors": _refs("people", required=True),
            "year": FieldSpec("year", required=True),
            "venue": _STR,
            "arxiv": _STR,
            "doi": _STR,
            "url": _URL,
            "type": FieldSpec("choice", choices=("paper", "technical-report", "corpus")),
            "sources": FieldSpec("source", many=True, required=True),
            "note": _TEXT,
        },
    ),
    "people": SectionSpec(
        "person",
        {"name": _LABEL, "affiliations": _refs("organizations"),
         "sources": FieldSpec("source", many=True), **_LINKS},
    ),
    "organizations": SectionSpec(
        "organization",
        {"name": _LABEL, "url": _URL, "sources": FieldSpec("source", many=True), **_LINKS},
    ),
    "datasets": SectionSpec(
        "dataset",
        {
            "label": _LABEL,
            "acronyms": _STRS,
            "aliases": _STRS,
            "description": _TEXT,
            "glossary_text": _TEXT,
            "example_count": _INT,
            "class_count": _INT,
            "train_count": _INT,
            "validation_count": _INT,
            "test_count": _INT,
            "example_size": _STR,
            "modality": FieldSpec(
                "choice", choices=("image", "speech", "text", "handwriting", "video", "game",
                                   "graph", "multimodal")),
            "year": FieldSpec("year"),
            "creators": _refs("people"),
            "publisher": _refs("organizations", many=False),
            "introduced_in": _refs("papers"),
            "based_on": _refs("datasets", "terms"),
            "url": _URL,
            "sources": FieldSpec("source", many=True, required=True),
            "note": _TEXT,
            **_LINKS,
        },
    ),
    "competitions": SectionSpec(
        "competition",
        {
            "label": _LABEL,
            "acronyms": _STRS,
            "aliases": _STRS,
            "description": _TEXT,
            "glossary_text": _TEXT,
            "dataset": _refs("datasets", many=False),
            "organizers": _refs("organizations"),
            "url": _URL,
            "introduced_in": _refs("papers"),
            "sources": FieldSpec("source", many=True, required=True),
            "note": _TEXT,
            **_LINKS,
        },
    ),
    "editions": SectionSpec(
        "edition",
        {
            "competition": _refs("competitions", many=False, required=True),
            "year": FieldSpec("year", required=True),
            "label": _STR,
            "url": _URL,
            "dataset": _refs("datasets", many=False),
            "sources": FieldSpec("source", many=True, required=True),
            "note": _TEXT,
        },
    ),
    "measures": SectionSpec(
        "measure",
        {"label": _LABEL, "unit": FieldSpec("choice", required=True,
                                            choices=("percent", "score", "count")),
         "lower_is_better": FieldSpec("bool"), "description": _TEXT,
         "sources": FieldSpec("source", many=True)},
    ),
    "results": SectionSpec(
        "result",
        {
            "edition": _refs("editions", many=False),
            "entry": _STR,
            "team": _STR,
            "model": _refs("terms", many=False),
            "metric": _refs("measures", many=False, required=True),
            "value": FieldSpec("number", required=True),
            "dataset": _refs("datasets", many=False),
            "location": _STR,
            "secondary_source": FieldSpec("bool"),
            "split": FieldSpec("choice", required=True,
                               choices=("test", "test-dev", "validation", "train", "unstated")),
            "rank": _INT,
            "layers": _INT,
            "paper": _refs("papers", many=False),
            "claimed_by": FieldSpec("choice", required=True,
                                    choices=("glossary", "official", "paper")),
            "source": FieldSpec("source", required=True),
            "note": _TEXT,
        },
    ),
}
