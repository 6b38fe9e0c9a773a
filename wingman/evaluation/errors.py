"""Errors raised when the input to an evaluation cannot be used."""

from __future__ import annotations


class EvaluationInputError(ValueError):
    """The data or the settings given to an evaluation cannot be used.

    ``column`` names the column at fault, if any. ``row`` is the position of the offending
    data row counting from 0 (the command-line tool turns this into a file line number).
    ``detail`` is the plain-language reason.
    """

    def __init__(self, detail: str, *, column: str | None = None, row: int | None = None):
        self.detail = detail
        self.column = column
        self.row = row
        super().__init__(self.describe())

    def describe(self, *, line_offset: int | None = None) -> str:
        """Return a one-line message.

        With ``line_offset`` set (2 for a CSV file with a header line), the row is given as a
        file line number; otherwise it is given as a data row counted from 1.
        """
        parts = []
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.row is not None:
            if line_offset is None:
                parts.append(f"data row {self.row + 1}")
            else:
                parts.append(f"line {self.row + line_offset}")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.detail}" if prefix else self.detail
