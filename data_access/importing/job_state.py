"""The working state of one import, shared by its stages (load.py runs them chunk by chunk): the
file's headers, the chunk being checked as parsed rows, what the rows refer to, what was written, and
the problems found, listed with a cap per check."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection

from data_access.config import CLI_OPERATOR
from data_access.importing import ranges
from data_access.importing.daily_months import DailyState
from data_access.importing.keys import SeenKeys
from data_access.importing.problems import ERROR, WARNING, Problem
from data_access.importing.reading import RawTable
from data_access.orgs import OrgIndex
from data_access.scope import Scope
from vocab.kinds import Kind

MAX_PROBLEMS_PER_CHECK = 1000
# Key parts a kind's checks derive rather than read (antrian: the day a ticket was taken), as a row's key names them.
_DERIVED_KEY = {"day": "TANGGAL AMBIL"}


class JobState:
    """One import's state. The stages (cells, checks, resolve, loaders) read and change it; `add` and
    `add_file` collect the problems, `refuse` the values no further check should compare."""

    def __init__(self, kind: Kind, file_name: str, conn: Connection, context: dict | None = None, *,
                 scope: Scope | None = None, user: str = CLI_OPERATOR, mode: str = "append",
                 skip_warned_rows: bool = False):
        self.kind, self.file_name, self.conn = kind, file_name, conn
        self.context = context or {}  # year / period the analyst gave
        self.scope, self.user, self.mode, self.skip_warned_rows = scope or Scope.full(user), user, mode, skip_warned_rows
        self.raw: RawTable | None = None  # the chunk being worked on
        self.problems: list[Problem] = []
        self.header_of: dict[str, str] = {}  # field -> the file's own header
        self.df = pd.DataFrame()
        self.raw_values = pd.DataFrame()
        self.org: OrgIndex | None = None
        self.new_agencies: dict[tuple[int, str], str] = {}  # (region, key) -> display name
        self.duplicates_skipped = 0
        self.result = None  # load.ImportResult, made with the batch row
        self.replaced_employees: list[int] = []
        self.warned_skipped = 0  # rows left out on the analyst's choice (not duplicates)
        self.changed_skipped = 0  # append: key already stored with different content
        self.rows_in_file = 0
        self.chunk_start = 0  # index in problems where the current chunk's problems begin
        self.blocking_warnings = False  # a checked row was warned (not a changed stored row)
        self.unknown_columns: list[str] = []
        self.context_values: dict[str, object] = {}
        self.shown: dict[tuple, int] = {}  # problems listed per check, over all chunks
        self.hidden: dict[tuple, int] = {}
        self.seen = SeenKeys()
        self.years: set[int] = set()
        self.periods: set[str] = set()
        self.date_years: dict[str, set[int]] = {}
        self.file_nips: set[str] = set()  # pegawai replace: the snapshot's staff
        self.file_agencies: set[int] = set()
        self.daily = DailyState()
        self.batch_id: int | None = None
        self.inserted = 0
        self.sheet, self.ignored_sheets = None, []
        self.bounds: dict[str, ranges.Bound] | None = None  # the plausible ranges, on the import's day
        self.refused: dict[str, pd.Series] = {}  # field -> this chunk's rows whose value was refused
        self.loading: tuple[int, int] | None = None  # first and last line of the chunk being written

    # problems ---------------------------------------------------------------------------------
    @property
    def errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def chunk_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems[self.chunk_start:])

    def warned_rows(self) -> set[int]:
        """Lines of this chunk with a warning from the checks."""
        return {p.line for p in self.problems[self.chunk_start:] if p.severity == WARNING and p.line is not None}

    def _row_key(self, row: pd.Series) -> str | None:
        parts = []
        for f in self.kind.key or ("agency",):
            label = self.header_of.get(f) or _DERIVED_KEY.get(f)
            if label and f in row.index:
                value = row[f]
                if isinstance(value, pd.Timestamp):
                    value = value.strftime("%d/%m/%Y")
                if value is not None and not (not isinstance(value, str) and pd.isna(value)):
                    parts.append(f"{label} {value}")
        return ", ".join(parts) or None

    def add(self, severity: str, mask: pd.Series, field_name: str | None,
            message: str | pd.Series, values: pd.Series | None = None) -> None:
        """One problem per row where mask is true; message may differ per row (a Series). At most
        MAX_PROBLEMS_PER_CHECK rows of one check are listed over the whole file; the rest are counted."""
        rows = self.df[as_mask(mask).to_numpy()]
        if rows.empty:
            return
        check = (severity, field_name, message if isinstance(message, str) else None)
        room = max(MAX_PROBLEMS_PER_CHECK - self.shown.get(check, 0), 0)
        self.shown[check] = self.shown.get(check, 0) + min(room, len(rows))
        if len(rows) > room:
            self.hidden[check] = self.hidden.get(check, 0) + len(rows) - room
        if values is None and field_name in self.raw_values:
            values = self.raw_values[field_name]
        for idx, row in rows.head(room).iterrows():
            value = values.loc[idx] if values is not None else None
            value = None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            text = message if isinstance(message, str) else str(message.loc[idx])
            file_label = self.file_name
            if self.raw.row_sheet is not None:
                file_label = f"{self.file_name} (lembar {self.raw.row_sheet.iloc[idx]})"
            self.problems.append(Problem(
                severity, file_label, int(row["_line"]), self.header_of.get(field_name, field_name),
                value, self._row_key(row), text))

    def add_file(self, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(ERROR, self.file_name, None, column, None, None, message))

    def add_hidden(self) -> None:
        """After the last chunk: one line per check for the rows past MAX_PROBLEMS_PER_CHECK."""
        for (severity, field_name, _), hidden in self.hidden.items():
            self.problems.append(Problem(severity, self.file_name, None, self.header_of.get(field_name),
                                         None, None, f"… dan {hidden} baris lain dengan masalah yang sama."))

    def refuse(self, field_name: str, rows: pd.Series) -> None:
        """Remember rows whose value in this field is refused: the kind's own checks do not compare it
        further (a refused birth date is not also said to disagree with the NIP)."""
        rows = as_mask(rows)
        self.refused[field_name] = self.refused[field_name] | rows if field_name in self.refused else rows

    def refused_rows(self, field_name: str) -> pd.Series:
        """Rows of this chunk whose value in this field a check refused (unreadable or implausible)."""
        if field_name not in self.refused:
            return pd.Series(False, index=self.df.index)
        return self.refused[field_name].reindex(self.df.index, fill_value=False)

    def usable(self, field_name: str) -> pd.Series:
        """Rows of this chunk with a value in this field that no check refused."""
        return as_mask(self.df[field_name].notna()) & ~self.refused_rows(field_name)


def as_mask(series: pd.Series) -> pd.Series:
    """A plain boolean mask: comparisons with missing values count as false."""
    if series.dtype == bool:
        return series.copy()
    if isinstance(series.dtype, pd.BooleanDtype):  # the usual case, read without a Python object per row
        return pd.Series(series.to_numpy(dtype=bool, na_value=False), index=series.index, name=series.name)
    return series.astype(object).fillna(False).astype(bool)
