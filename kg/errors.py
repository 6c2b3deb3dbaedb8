"""The one error type a user of DLKG sees for bad input, and how it prints."""

from dataclasses import dataclass

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where it is (file, line, entry, field) and what."""
    file: str
    line: int | None
    entry: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = []
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        context = (", ".join(parts) + ": ") if parts else ""
        return f"{where}: {context}{self.message}"


class DataError(Exception):
    """Raised when ``data/`` cannot be turned into a graph; holds every :class:`Problem`."""
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
