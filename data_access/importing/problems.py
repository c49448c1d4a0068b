"""Problems found in an extract: each names the file, line, column, value and the row's key; the
refusal of a file whose rows were checked (ImportRejected), or that cannot be read as a table at all
(ReadError)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "galat"  # blocks the import
WARNING = "peringatan"  # blocks unless the analyst chooses to skip the warned rows


@dataclass(frozen=True)
class Problem:
    severity: str
    file: str
    line: int | None
    column: str | None
    value: str | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"baris {self.line}")
        if self.column:
            where.append(f"kolom {self.column}")
        text = ", ".join(where) + ": "
        if self.value not in (None, ""):
            text += f"nilai '{self.value}' "
        text += self.message
        if self.key:
            text += f" [{self.key}]"
        return f"{self.severity.upper()}: {text}"


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problem list as a table an analyst can download."""
    columns = {"severity": "Jenis", "file": "Berkas", "line": "Baris", "column": "Kolom",
               "value": "Nilai", "key": "Kunci baris", "message": "Masalah"}
    frame = pd.DataFrame([asdict(p) for p in problems], columns=list(columns))
    return frame.rename(columns=columns)


class ImportRejected(Exception):
    """The file was not imported; nothing was written. `problems` says why, all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.severity == ERROR for p in problems)
        warnings = sum(p.severity == WARNING for p in problems)
        super().__init__(
            f"Impor dibatalkan, basis data tidak berubah: {errors} galat, {warnings} peringatan."
        )


class ReadError(ValueError):
    """The file cannot be read as a table (message in Indonesian)."""
