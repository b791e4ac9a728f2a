"""What every step reports: a :class:`Problem` names its line, column and value.

Reading raises :class:`ImportFileError` when the file as a whole is unusable; planning collects
the problems of every row into the report instead of stopping at the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from catalog.exceptions import CatalogError


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file (or worth a warning); ``message`` is an ``N_`` msgid."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def text(self) -> str:
        """The message in English with its parameters filled in."""
        return self.message % dict(self.params) if self.params else self.message

    def english(self) -> str:
        """One line for the command line: where, what was written, and why it is wrong."""
        where = [f"line {self.line}"] if self.line else []
        where += [self.column] if self.column else []
        shown = f" “{self.value}”" if self.value else ""
        prefix = ", ".join(where) + shown
        return f"{prefix}: {self.text()}" if prefix else self.text()


class ImportFileError(CatalogError):
    """The file as a whole cannot be read as a product sheet (or photos archive)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.english() for p in problems))
        self.problems = problems


def refuse(message: str, **params: object) -> ImportFileError:
    """The error for a whole file refused for one reason (``message`` is an ``N_`` msgid)."""
    return ImportFileError([Problem(message, params)])
