"""Import one extract: map headers, parse, validate, resolve, then load whole in one transaction.

Every problem is collected before anything is written; if any blocks, the transaction is rolled back
and the database is exactly as before. The demo generator and the command line call the same
`import_table`.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, delete, func, insert, literal, select, true
from sqlalchemy.exc import DBAPIError, IntegrityError

from data_access import audit, placements
from vocab import codes
from data_access.config import CLI_OPERATOR, now_wib
from data_access.importing import parse, ranges, schemas
from vocab.kinds import KINDS, STANDARD_LIMIT_MAX, Kind, header_key, header_map
from data_access.importing.problems import ERROR, WARNING, ImportRejected, Problem
from data_access.importing.reading import CHUNK_ROWS, RawTable, ReadError, iter_table
from data_access.models import (
    Agency,
    Appraisal,
    DailyEntry,
    DailyMonth,
    Employee,
    ImportBatch,
    OrgRating,
    ServiceRequest,
    ServiceStandard,
    SkmResponse,
    Skp,
    Training,
    Unit,
)
from data_access.orgs import OrgIndex, display_name
from data_access.importing.replace import deactivate_absent, employee_snapshot, key_table, replace_facts
from data_access.schema import ensure_schema
from data_access.scope import Scope
from data_access.settings import load_settings

EPOCH = pd.Timestamp("1970-01-01")
MAX_PROBLEMS_PER_CHECK = 1000
MODES = ("append", "replace")


@dataclass
class ImportResult:
    kind: str
    file_name: str
    batch_id: int | None
    rows_in_file: int
    rows_inserted: int = 0
    rows_skipped: int = 0  # key already stored with the same content, or an identical row earlier in the file
    rows_changed: int = 0  # append mode: key already stored with different content (skipped, with a warning)
    dry_run: bool = False  # validated and loaded, then rolled back: nothing was written
    duplicate_file: bool = False
    year: int | None = None
    period: str | None = None
    created_agencies: list[str] = field(default_factory=list)
    created_units: int = 0
    skipped_warned_rows: int = 0
    rows_replaced: int = 0  # replace mode: stored rows of the file's period and agencies taken out
    employees_updated: int = 0  # replace mode, pegawai
    employees_deactivated: int = 0  # replace mode, pegawai: absent from the snapshot
    ignored_sheets: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """What happened, in the words of the people who import: an import has a number ("nomor
        impor", as in the audit log and the Riwayat impor tab), a kind has its label."""
        kind = KINDS[self.kind].label if self.kind in KINDS else self.kind
        if self.duplicate_file:
            return (f"{self.file_name}: berkas ini sudah pernah diimpor (nomor impor {self.batch_id}); "
                    "tidak ada yang berubah.")
        if self.dry_run:
            text = (f"{self.file_name}: {kind} siap diimpor (pemeriksaan, belum disimpan): "
                    f"{self.rows_inserted} baris baru, {self.rows_skipped} dilewati (sudah ada atau ganda)")
        else:
            text = (f"{self.file_name}: {kind} diimpor dengan nomor impor {self.batch_id}: "
                    f"{self.rows_inserted} baris baru, {self.rows_skipped} dilewati (sudah ada atau ganda)")
        if self.rows_changed:
            text += (f", {self.rows_changed} dilewati karena kuncinya sudah tersimpan dengan isi berbeda "
                     "(lihat peringatan)")
        if self.skipped_warned_rows:
            text += f", {self.skipped_warned_rows} baris berperingatan dilewati"
        if self.rows_replaced:
            text += f"; {self.rows_replaced} baris lama pada periode dan OPD yang sama diganti"
        if self.employees_updated or self.employees_deactivated:
            text += (f"; {self.employees_updated} pegawai diperbarui, {self.employees_deactivated} pegawai "
                     "yang tidak ada lagi di berkas dinonaktifkan")
        if self.ignored_sheets:
            text += f"; lembar diabaikan (susunan kolom lain): {', '.join(self.ignored_sheets)}"
        if self.created_agencies:
            shown = ", ".join(self.created_agencies[:5])
            more = f" dan {len(self.created_agencies) - 5} lainnya" if len(self.created_agencies) > 5 else ""
            text += f"; {len(self.created_agencies)} OPD baru: {shown}{more}; unit kerja baru: {self.created_units}"
        return text + "."


# --- entry points -------------------------------------------------------------------------------
def detect_kind(raw: RawTable) -> str | None:
    """The kind whose required headers are all present, preferring the best-covered one."""
    present = {header_key(h) for h in raw.frame.columns}
    best, best_score = None, 0.0
    for kind in KINDS.values():
        mapping = header_map(kind)
        fields_present = {mapping[h] for h in present if h in mapping}
        # TAHUN and PERIODE may come from the title block or the analyst instead of a column.
        if not set(kind.required_fields) - {"year", "period"} <= fields_present:
            continue
        score = len(fields_present) / len(kind.columns) + len(fields_present) / 100
        if score > best_score:
            best, best_score = kind.name, score
    return best


def file_digest(data: bytes | None, path: str | Path | None, sheet: str | None) -> str:
    """The content hash of a file (read in blocks when on disk), with the chosen sheet."""
    digest = hashlib.sha256()
    if data is not None:
        digest.update(data)
    else:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                digest.update(block)
    if sheet:
        digest.update(f"\x00{sheet}".encode())
    return digest.hexdigest()


def import_file(engine: Engine, path: str | Path, kind: str | None = None, *, user: str = CLI_OPERATOR,
                mode: str = "append", skip_warned_rows: bool = False, file_name: str | None = None,
                data: bytes | None = None, sheet: str | None = None,
                scope: Scope | None = None, year: int | None = None, period: str | None = None,
                dry_run: bool = False, chunk_rows: int = CHUNK_ROWS,
                effective_date: date | None = None) -> ImportResult:
    """Read a CSV/XLSX extract (`data`, else the file at `path`, streamed) and import it chunk by
    chunk (see import_table). A refused import (not a dry run) is audited as failed, in a transaction
    of its own: the import's own one was rolled back."""
    try:
        try:
            return _import_file(engine, path, kind, user=user, mode=mode, skip_warned_rows=skip_warned_rows,
                                file_name=file_name, data=data, sheet=sheet, scope=scope, year=year,
                                period=period, dry_run=dry_run, chunk_rows=chunk_rows,
                                effective_date=effective_date)
        except FileNotFoundError as exc:
            raise ReadError(f"{file_name or Path(path).name}: berkas tidak ditemukan.") from exc
        except (OSError, UnicodeError) as exc:  # the file went away or changed while it was read
            raise ReadError(f"{file_name or Path(path).name}: berkas tidak dapat dibaca sampai selesai "
                            f"({type(exc).__name__}); tidak ada yang disimpan. Periksa berkasnya lalu ulangi.") from exc
    except (ReadError, ImportRejected) as exc:
        if not dry_run:
            problems = getattr(exc, "problems", None)
            audit.record_after_failure(engine, user, "import", kind=kind, file=file_name or Path(path).name,
                                       mode=mode, problems=len(problems) if problems else 1)
        raise


def _import_file(engine: Engine, path: str | Path, kind: str | None, *, user: str, mode: str,
                 skip_warned_rows: bool, file_name: str | None, data: bytes | None, sheet: str | None,
                 scope: Scope | None, year: int | None, period: str | None, dry_run: bool, chunk_rows: int,
                 effective_date: date | None) -> ImportResult:
    file_name = file_name or Path(path).name
    kind_spec = KINDS[kind] if kind else None
    chunks = iter(iter_table(data, file_name, sheet=sheet, kind=kind_spec,
                             path=path if data is None else None, chunk_rows=chunk_rows))
    first = next(chunks)
    if kind is None:
        kind = detect_kind(first)
        if kind is None:
            raise ImportRejected([Problem(
                ERROR, file_name, None, None, None, None,
                "jenis data tidak dikenali dari judul kolomnya; pilih jenisnya (--kind).")])
    digest = file_digest(data, path, sheet)
    return import_table(engine, kind, chain([first], chunks), file_name, digest, user=user, mode=mode,
                        skip_warned_rows=skip_warned_rows, scope=scope, year=year, period=period,
                        dry_run=dry_run, effective_date=effective_date)


def import_frame(engine: Engine, kind: str, frame: pd.DataFrame, file_name: str, *,
                 user: str = CLI_OPERATOR, chunk_rows: int = CHUNK_ROWS) -> ImportResult:
    """Import a frame in a template layout (the demo generator's path into import_table)."""
    frame = frame.reset_index(drop=True)
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())

    def chunks():
        for start in range(0, max(len(frame), 1), chunk_rows):
            part = frame.iloc[start:start + chunk_rows].reset_index(drop=True)
            yield RawTable(frame=part, lines=pd.Series(np.arange(start + 2, start + 2 + len(part)), dtype="int64"))

    return import_table(engine, kind, chunks(), file_name, digest.hexdigest(), user=user)


def import_table(engine: Engine, kind_name: str, raw: RawTable | Iterable[RawTable], file_name: str,
                 digest: str, *, user: str = CLI_OPERATOR, mode: str = "append",
                 skip_warned_rows: bool = False, scope: Scope | None = None,
                 year: int | None = None, period: str | None = None, dry_run: bool = False,
                 effective_date: date | None = None) -> ImportResult:
    """Validate every row, then load the file whole in one transaction, as `user` within `scope`
    (default: the operator's full scope); raises ImportRejected, with nothing written, on any
    blocking problem.

    `raw` is the table, or its chunks in order (iter_table): each chunk is checked, and loaded inside
    the one transaction while no blocking problem has been found; checking goes on to the last chunk,
    so every problem is reported, and any blocking problem rolls the whole transaction back.

    `dry_run` runs exactly the same path (checks, resolution and the load itself, so the counts and
    the warnings are the real ones) and then rolls the transaction back: nothing is written. The
    upload page validates this way before it offers to commit.

    `effective_date` (pegawai): the day the snapshot's transfers and leavers take effect in the staff
    history (data_access.placements); default the day of the import."""
    if mode not in MODES:
        raise ValueError(f"mode impor tidak dikenal: {mode}")
    chunks = [raw] if isinstance(raw, RawTable) else raw
    ensure_schema(engine)
    options = dict(user=user, mode=mode, skip_warned_rows=skip_warned_rows, scope=scope, year=year,
                   period=period, effective_date=effective_date)
    if not dry_run:
        with engine.begin() as conn:
            return _import_in(conn, kind_name, chunks, file_name, digest, **options)
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            result = _import_in(conn, kind_name, chunks, file_name, digest, **options)
        finally:
            transaction.rollback()
    result.dry_run = True
    if not result.duplicate_file:
        result.batch_id = None
    return result


def _import_in(conn: Connection, kind_name: str, chunks: Iterable[RawTable], file_name: str, digest: str, *,
               user: str, mode: str, skip_warned_rows: bool, scope: Scope | None,
               year: int | None, period: str | None, effective_date: date | None = None) -> ImportResult:
    """The whole import inside the caller's transaction (committed or, for a dry run, rolled back)."""
    kind = KINDS[kind_name]
    previous = conn.execute(
        select(ImportBatch.id).where(ImportBatch.kind == kind.name,
                                     ImportBatch.content_hash == digest,
                                     ImportBatch.status == "committed")
    ).scalar()
    if previous is not None:
        rows = sum(len(chunk.frame) for chunk in chunks)
        return ImportResult(kind.name, file_name, previous, rows, duplicate_file=True, rows_skipped=rows)
    job = _Job(kind, file_name, conn, context={"year": year, "period": period, "mode": mode,
                                               "effective_date": effective_date},
               scope=scope or Scope.full(user), user=user, mode=mode, skip_warned_rows=skip_warned_rows)
    try:
        for chunk in chunks:
            job.take(chunk, digest)
        result = job.finish()
    except IntegrityError:  # a safety net: the checks should have named the row
        # The database's own detail names the key's value (a NIP on PostgreSQL) and its constraint: it is
        # not shown, nor chained into a traceback.
        raise ImportRejected([duplicate_key_problem(kind, file_name, job.loading)]) from None
    except DBAPIError as exc:  # a value the checks let through and the database refused
        # The driver's error carries the statement and its parameters (NIPs, names): neither is shown,
        # nor chained into a traceback; the error's class and SQLSTATE tell an operator which it was.
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "sqlite_errorname", None)
        detail = f"{type(exc.orig).__name__}{f' {code}' if code else ''}"
        raise ImportRejected([Problem(
            ERROR, file_name, None, None, None, None,
            f"basis data menolak menyimpan isi berkas ini ({detail}); tidak ada yang disimpan. Laporkan kepada "
            "administrator beserta nama berkasnya.")]) from None
    audit.record(conn, user, "import", batch=result.batch_id, kind=kind.name, file=file_name,
                 rows=result.rows_inserted)
    return result


def duplicate_key_problem(kind: Kind, file_name: str, lines: tuple[int, int] | None) -> Problem:
    """The refusal for a key the database found stored already (an IntegrityError while loading): the
    kind, and the lines being written when the loader knows them (the chunk), never the database's text."""
    line = lines[0] if lines and lines[0] == lines[1] else None
    where = f" (di antara baris {lines[0]} dan {lines[1]})" if lines and line is None else ""
    return Problem(ERROR, file_name, line, None, None, None,
                   f"data jenis '{kind.label}'{where} bertabrakan dengan data yang sudah tersimpan (kunci ganda), "
                   "mungkin disimpan impor lain pada saat yang sama; tidak ada yang disimpan. Coba impor ulang "
                   "berkas ini; bila terulang, laporkan kepada administrator beserta nama berkasnya.")


# --- the work of one import ---------------------------------------------------------------------
class _Job:
    """One import: the file's header facts, then chunk after chunk checked (`take`) and, while nothing
    blocks, loaded; `finish` raises on any blocking problem or completes the batch."""

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
        self.result: ImportResult | None = None
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
        self.seen = _SeenKeys()
        self.years: set[int] = set()
        self.periods: set[str] = set()
        self.date_years: dict[str, set[int]] = {}
        self.file_nips: set[str] = set()  # pegawai replace: the snapshot's staff
        self.file_agencies: set[int] = set()
        self.daily = _DailyState()
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
            if f in self.header_of and f in row.index:
                value = row[f]
                if isinstance(value, pd.Timestamp):
                    value = value.strftime("%d/%m/%Y")
                if value is not None and not (not isinstance(value, str) and pd.isna(value)):
                    parts.append(f"{self.header_of[f]} {value}")
        return ", ".join(parts) or None

    def add(self, severity: str, mask: pd.Series, field_name: str | None,
            message: str | pd.Series, values: pd.Series | None = None) -> None:
        """One problem per row where mask is true; message may differ per row (a Series). At most
        MAX_PROBLEMS_PER_CHECK rows of one check are listed over the whole file; the rest are counted."""
        rows = self.df[_mask(mask).to_numpy()]
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

    # the file, chunk by chunk -------------------------------------------------------------------
    def take(self, chunk: RawTable, digest: str) -> None:
        """Check one chunk; load it while nothing blocks (then only check, to report everything)."""
        first = self.raw is None
        self.raw = chunk
        self.rows_in_file += len(chunk.frame)
        if first:
            self.sheet, self.ignored_sheets = chunk.sheet, list(chunk.ignored_sheets)
            self.headers()
        self.chunk_start = len(self.problems)
        if any(p.line is None and p.severity == ERROR for p in self.problems) or chunk.frame.empty:
            return  # a file-level error (a missing column …): the rows cannot be read as this kind
        self.unknown_columns += [h for h in chunk.frame.columns
                                 if header_key(h) not in header_map(self.kind) and h not in self.unknown_columns]
        self.prepare()
        self.resolve()
        self.in_file_duplicates()
        self.check_scope()
        warned = self.warned_rows()
        if warned and not self.skip_warned_rows:
            self.blocking_warnings = True
        if self.errors or self.blocking_warnings:
            return  # nothing will be committed: keep checking, stop writing
        if warned:
            self.df = self.df[~self.df["_line"].isin(warned)]
            self.warned_skipped += len(warned)
        self.load(digest)

    def finish(self) -> ImportResult:
        """After the last chunk: refuse the file on any blocking problem, else complete the batch."""
        if self.rows_in_file == 0 and not self.errors:
            self.add_file("tidak ada baris data di bawah judul kolom.")
        for (severity, field_name, _), hidden in self.hidden.items():
            self.problems.append(Problem(severity, self.file_name, None, self.header_of.get(field_name),
                                         None, None, f"… dan {hidden} baris lain dengan masalah yang sama."))
        if self.errors or self.blocking_warnings:
            raise ImportRejected(self.problems)
        result = self.result
        if self.mode == "replace" and self.kind.name == "pegawai":
            result.employees_deactivated = deactivate_absent(self, self.batch_id)
        if self.kind.name == "pegawai":
            _sync_placements(self)
        if self.kind.name == "progres_harian":
            finish_daily(self)
        year, period = _batch_period(self.years, self.periods, self.date_years)
        result.year, result.period = year, period
        result.rows_in_file = self.rows_in_file
        result.rows_inserted = self.inserted
        result.rows_changed = self.changed_skipped
        result.skipped_warned_rows = self.warned_skipped
        result.rows_skipped = (self.rows_in_file - self.inserted - self.warned_skipped
                               - result.employees_updated - self.changed_skipped)
        result.notes = [p for p in self.problems if p.severity == WARNING]
        self.conn.execute(
            ImportBatch.__table__.update().where(ImportBatch.id == self.batch_id).values(
                year=year, period=period, rows_in_file=self.rows_in_file,
                rows_inserted=result.rows_inserted, rows_skipped=result.rows_skipped,
                summary=json.dumps({"created_agencies": result.created_agencies,
                                    "created_units": result.created_units,
                                    "unknown_columns": self.unknown_columns,
                                    "rows_changed": result.rows_changed,
                                    "sheets": self.sheet, "ignored_sheets": self.ignored_sheets},
                                   ensure_ascii=False))
        )
        return result

    # stage 1: headers and cells ---------------------------------------------------------------
    def headers(self) -> None:
        """Match the file's headers to the kind's columns (once per file) and report missing ones."""
        kind, frame = self.kind, self.raw.frame
        mapping = header_map(kind)
        by_key: dict[str, str] = {}
        for header in frame.columns:
            by_key.setdefault(header_key(header), header)
        for col in kind.columns:
            for name in (col.header, *col.aliases):
                if header_key(name) in by_key:
                    self.header_of[col.field] = by_key[header_key(name)]
                    break
        self._period_from_context()
        for header in self.raw.duplicate_headers:
            if header_key(header) in mapping:
                self.add_file(f"judul kolom '{header}' muncul lebih dari sekali; hapus salah satunya.", header)
        for col in kind.columns:
            if col.required and col.field not in self.header_of:
                self.add_file(f"kolom wajib '{col.header}' tidak ada di berkas "
                              f"(nama lain yang diterima: {', '.join(col.aliases) or '-'}).", col.header)
        for group in kind.one_of:
            if not any(f in self.header_of for f in group):
                names = " atau ".join(kind.col(f).header for f in group)
                self.add_file(f"salah satu kolom {names} harus ada.")

    def prepare(self) -> None:
        """Parse the chunk's cells and run the declared rules and the kind's own checks."""
        kind, frame = self.kind, self.raw.frame
        for header, value in self.context_values.items():  # TAHUN/PERIODE from the title or the analyst
            frame[header] = value
        self.raw_values = pd.DataFrame({f: frame[h] for f, h in self.header_of.items()}, index=frame.index)
        df = pd.DataFrame({"_line": self.raw.lines.to_numpy()}, index=frame.index)
        self.df = df
        parsed, failures = {}, {}
        for f, h in self.header_of.items():
            parsed[f], failures[f] = parse.parse_column(frame[h], kind.col(f).type)
        # Every cell is parsed before any problem is written, so each problem can name its row's key.
        self.df = pd.concat([df, pd.DataFrame(parsed, index=frame.index)], axis=1)
        self.refused = {}
        self._text_checks(frame)
        for f, bad in failures.items():
            if bad.any():
                col = kind.col(f)
                self.add(ERROR, bad, f, _enum_message(col) if col.type.startswith("enum:")
                         else _TYPE_MESSAGES.get(col.type, "tidak dikenali"))
                self._refuse(f, bad)
        # The declared rules (kinds.py) run as pandera schemas: required cells on the cells as read,
        # allowed values and plausible ranges on the parsed values.
        present = set(self.header_of)
        for f, message, rows in schemas.failures(schemas.required_schema(kind, present), self.raw_values):
            self.add(ERROR, rows, f, message)
        if self.bounds is None:  # the settings' ends, read once per import
            self.bounds = ranges.bounds(kind, load_settings(self.conn), now_wib().date())
        for f, message, rows in schemas.failures(schemas.value_schema(kind, present, self.bounds), self.df):
            self.add(ERROR, rows, f, message)
            self._refuse(f, rows)
        CHECKS.get(kind.name, lambda job: None)(self)

    def _text_checks(self, frame: pd.DataFrame) -> None:
        """Text no database may keep, in any column: a NUL character (PostgreSQL refuses it, SQLite would
        keep it) is an error; text that reads like UTF-8 decoded as Windows-1252 ('ZoÃ« Ã‘uÃ±ez', a file
        converted twice) is a warning that shows the text as it was meant."""
        by_header = {h: f for f, h in self.header_of.items()}
        for header in frame.columns:
            if frame[header].dtype != object and not isinstance(frame[header].dtype, pd.StringDtype):
                continue
            text = frame[header].astype("string")
            field_name = by_header.get(header, header)
            nul = _mask(text.str.contains("\x00", regex=False))
            if nul.any():
                self.add(ERROR, nul, field_name, "teks berisi karakter NUL (kode 0), yang tidak dapat disimpan; "
                         "hapus karakter itu dari sel (biasanya sisa salinan dari sistem lain).",
                         values=text.str.replace("\x00", "\\x00", regex=False))
                self._refuse(field_name, nul)
            suspect = _mask(text.str.contains(_MOJIBAKE, regex=True))
            if suspect.any():
                meant = text[suspect].map(_unmangled)
                found = meant.notna()
                if found.any():
                    rows = pd.Series(False, index=frame.index)
                    rows[found[found].index] = True
                    self.add(WARNING, rows, field_name, "teks tampak rusak pengodeannya (UTF-8 yang terbaca sebagai "
                             "Windows-1252); mungkin maksudnya '" + meant.reindex(frame.index).fillna("") + "'. "
                             "Simpan ulang berkas sumber sebagai CSV UTF-8, atau perbaiki sel ini.", values=text)

    def _refuse(self, field_name: str, rows: pd.Series) -> None:
        """Remember rows whose value in this field is refused: the kind's own checks do not compare it
        further (a refused birth date is not also said to disagree with the NIP)."""
        rows = _mask(rows)
        self.refused[field_name] = self.refused[field_name] | rows if field_name in self.refused else rows

    def refused_rows(self, field_name: str) -> pd.Series:
        """Rows of this chunk whose value in this field a check refused (unreadable or implausible)."""
        if field_name not in self.refused:
            return pd.Series(False, index=self.df.index)
        return self.refused[field_name].reindex(self.df.index, fill_value=False)

    def usable(self, field_name: str) -> pd.Series:
        """Rows of this chunk with a value in this field that no check refused."""
        return _mask(self.df[field_name].notna()) & ~self.refused_rows(field_name)

    def _period_from_context(self) -> None:
        """TAHUN and PERIODE, when the file has no such columns, come from the title block above the
        header (BKN e-Kinerja exports), else from what the analyst said (--year/--period)."""
        fields = {c.field for c in self.kind.columns}
        if not {"year", "period"} <= fields:
            return
        # The export's own time ("Waktu unduh: 28-11-2026 …") is not the period of its data.
        title = " ".join(t for t in self.raw.title if not _EXPORT_TIME.search(t))
        found = {"year": self.context.get("year") or _year_in(title),
                 "period": self.context.get("period") or _period_in(title)}
        for field_name, value in found.items():
            if field_name in self.header_of or value is None:
                continue
            header = self.kind.col(field_name).header
            self.context_values[header] = str(value)  # parsed like any cell, so a bad value is still named
            self.header_of[field_name] = header

    # Names in a key compare after resolution: "Dinkes" and "Dinas Kesehatan" are one agency.
    _RESOLVED_KEY = {"agency": "agency_id", "unit": "unit_id", "region": "region_id"}

    def in_file_duplicates(self) -> None:
        """Identical rows are skipped (counted); rows sharing a key with different content are errors,
        within the chunk and against every earlier chunk. A missing key part is a value of its own
        (two agency-level ratings share unit 'none')."""
        if not self.kind.key or self.df.empty:
            return
        key = [self._RESOLVED_KEY.get(f, f) if self._RESOLVED_KEY.get(f) in self.df else f
               for f in self.kind.key]
        key = [f for f in key if f in self.df.columns]
        data_cols = [c for c in self.df.columns if c != "_line"]
        if "employee_id" in self.df:  # the NIP and the employee's agency and unit follow from the id
            data_cols = [c for c in data_cols if c != "nip" and not c.startswith("emp_")]
            key = ["employee_id" if f == "nip" else f for f in key]
        exact = self.df.duplicated(subset=data_cols, keep="first")
        row_hash = _hash(self.df, data_cols)
        key_hash = _hash(self.df, key)
        earlier, same = self.seen.lookup(key_hash, row_hash)
        exact |= same  # the same row in an earlier chunk
        self.duplicates_skipped += int(exact.sum())
        keep = ~exact.to_numpy()
        self.df, self.raw_values = self.df[keep], self.raw_values[keep]
        row_hash, key_hash, earlier = row_hash[keep], key_hash[keep], earlier[keep]
        column = next(f for f in self.kind.key if f in self.header_of)
        before = pd.Series(earlier > 0, index=self.df.index)
        if before.any():
            self.add(ERROR, before, column, "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di "
                     "baris " + pd.Series(earlier, index=self.df.index).astype(str) + ").")
        conflict = self.df.duplicated(subset=key, keep=False) & ~before
        if conflict.any():
            first_line = self.df[conflict].groupby(key, dropna=False)["_line"].transform("min")
            message = ("kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris "
                       + first_line.astype(str) + ").")
            self.add(ERROR, conflict, column, message.reindex(self.df.index))
        self.seen.add(key_hash, row_hash, self.df["_line"].to_numpy())

    # stage 2: what the rows refer to ---------------------------------------------------------
    def resolve(self) -> None:
        if self.chunk_errors:
            return
        if self.org is None:
            self.org = OrgIndex.load(self.conn)
        if "region" in self.df:
            self.df["region_id"] = self._map(self.df["region"], self.org.region_id, "Int64")
            unknown = self.df["region"].notna() & self.df["region_id"].isna()
            if unknown.any():
                self.add(ERROR, unknown, "region",
                         "bukan Provinsi Lampung atau salah satu dari 15 kabupaten/kota Lampung.")
        # Rows keyed by NIP belong to the employee's agency; their OPD/UNIT columns are only context.
        if "agency" in self.df and ("nip" not in self.df or self.kind.name == "pegawai"):
            self._resolve_agencies()
        if "nip" in self.df and self.kind.name != "pegawai":
            self._resolve_employees()
        RESOLVERS.get(self.kind.name, lambda job: None)(self)

    @staticmethod
    def _map(series: pd.Series, func_, dtype: str) -> pd.Series:
        lookup = {v: func_(v) for v in series.dropna().unique()}
        return series.map(lookup).astype(dtype)

    def _resolve_agencies(self) -> None:
        org = self.org
        region = self.df["region_id"] if "region_id" in self.df else pd.Series(pd.NA, index=self.df.index,
                                                                                 dtype="Int64")
        # A name that states its region ("… Kabupaten Pesawaran") supplies or must agree with the column.
        named = self._map(self.df["agency"], org.region_in_name, "Int64")
        clash = _mask(named.notna() & region.notna() & (named != region))
        if clash.any():
            self.add(ERROR, clash, "agency",
                     "nama OPD menyebut daerah lain daripada kolom KABUPATEN/KOTA; perbaiki salah satunya.")
        region = region.fillna(named)
        self.df["region_id"] = region
        # Plain Python keys: pd.NA inside a tuple cannot be compared.
        keys = [(None if pd.isna(a) else a, None if pd.isna(r) else int(r))
                for a, r in zip(self.df["agency"], region)]
        agency_ids: dict[tuple[str, int | None], int | None] = {}
        messages: dict[tuple[str, int | None], str] = {}
        snapshot = self.kind.name == "pegawai" and self.context.get("mode") == "replace"
        for name, rid_value in dict.fromkeys(k for k in keys if k[0] is not None):
            found = org.find_agencies(name, rid_value)
            if len(found) == 1 and snapshot and org.is_merged(name, rid_value):
                messages[(name, rid_value)] = (
                    f"OPD ini sudah digabung ke {org.agency_label(found[0])}, jadi berkas ini bukan potret lengkap "
                    "OPD penerusnya (pegawainya yang tidak ada di berkas akan dinonaktifkan). Impor dengan mode "
                    "append, atau unggah potret terbaru OPD penerus.")
            elif len(found) == 1:
                agency_ids[(name, rid_value)] = found[0]
            elif len(found) > 1:
                listed = ", ".join(org.region_names[org.agency_region[a]] for a in found)
                messages[(name, rid_value)] = (f"OPD dengan nama ini ada di {len(found)} daerah ({listed}); "
                                               "isi kolom KABUPATEN/KOTA agar jelas OPD yang dimaksud.")
            elif self.kind.name == "pegawai":
                if rid_value is None:
                    messages[(name, rid_value)] = ("OPD belum dikenal; untuk membuatnya isi kolom KABUPATEN/KOTA "
                                                   "agar jelas milik pemerintah daerah mana.")
                else:
                    self.new_agencies.setdefault((rid_value, org.agency_key(name)), org.agency_display(name))
            else:
                where = f" di {org.region_names[rid_value]}" if rid_value is not None else ""
                messages[(name, rid_value)] = (f"OPD tidak dikenal{where}. Impor data pegawai OPD ini lebih "
                                               "dahulu, atau tambahkan nama lainnya di pengaturan alias.")
        self.df["agency_id"] = pd.array([agency_ids.get(k) for k in keys], dtype="Int64")
        for k, message in messages.items():
            self.add(ERROR, pd.Series([kk == k for kk in keys], index=self.df.index) & ~clash, "agency", message)

    def _resolve_employees(self) -> None:
        codes_, nips = pd.factorize(self.df["nip"])  # each NIP looked up and mapped once
        rows = []
        for chunk in _chunks(list(nips), 5000):
            rows += self.conn.execute(
                select(Employee.nip, Employee.id, Employee.agency_id, Employee.unit_id, Employee.region_id)
                .where(Employee.nip.in_(chunk))
            ).all()
        found = pd.DataFrame(rows, columns=["nip", "employee_id", "emp_agency_id", "emp_unit_id",
                                            "emp_region_id"]).set_index("nip").reindex(pd.Index(nips, dtype=object))
        for name in found.columns:
            values = pd.array(found[name].to_numpy(dtype="float64"), dtype="Int64").take(codes_, allow_fill=True)
            self.df[name] = pd.Series(values, index=self.df.index)
        unknown = self.df["nip"].notna() & self.df["employee_id"].isna()
        if unknown.any():
            self.add(ERROR, unknown, "nip", "NIP tidak ada di data pegawai; impor data pegawai lebih dahulu.")

    def check_scope(self) -> None:
        """Every row must belong to a region, agency or unit the importing user may see."""
        scope, user = self.scope, self.user
        if self.chunk_errors or scope.everything or self.df.empty:
            return
        df, none = self.df, pd.Series(pd.NA, index=self.df.index, dtype="Int64")
        if "employee_id" in df:
            region, agency, unit = df["emp_region_id"], df["emp_agency_id"], df["emp_unit_id"]
        else:
            agency = df["agency_id"] if "agency_id" in df else none
            region = agency.map(pd.Series(self.org.agency_region)).astype("Int64")
            if "region_id" in df:
                region = region.fillna(df["region_id"])
            unit = df["unit_id"] if "unit_id" in df else none
        inside = (_mask(region.isin(scope.regions)) | _mask(agency.isin(scope.agencies))
                  | _mask(unit.isin(scope.units)))
        if not inside.all():
            self.add(ERROR, ~inside, "agency" if "agency" in self.header_of else "nip",
                     f"di luar cakupan pengguna '{user}': hanya data daerah/OPD/unit cakupannya yang boleh "
                     "diimpor.")

    # stage 3: write ---------------------------------------------------------------------------
    def load(self, digest: str) -> None:
        """Write this chunk inside the import's transaction (the batch row comes with the first)."""
        df = self.df
        if "year" in df:
            self.years |= {int(y) for y in df["year"].dropna().unique()}
        if "period" in df:
            self.periods |= set(df["period"].dropna().unique().tolist())
        for col in _DATE_COLUMNS:
            if col in df:
                self.date_years.setdefault(col, set()).update(int(y) for y in df[col].dt.year.dropna().unique())
        if self.batch_id is None:
            self.batch_id = self.conn.execute(insert(ImportBatch).values(
                kind=self.kind.name, file_name=self.file_name, content_hash=digest, user_name=self.user,
                created_at=now_wib(), mode=self.mode, rows_in_file=0,
            ).returning(ImportBatch.id)).scalar_one()
            self.result = ImportResult(self.kind.name, self.file_name, self.batch_id, 0)
            self.result.ignored_sheets = list(self.ignored_sheets)
        self._create_orgs(self.batch_id, self.result)
        if not len(df):
            return
        self.loading = (int(df["_line"].min()), int(df["_line"].max())) if "_line" in df else None
        if self.mode == "replace" and self.kind.name != "pegawai":
            self.result.rows_replaced += replace_facts(self, self.batch_id)
        inserted = LOADERS[self.kind.name](self, self.batch_id)
        self.loading = None
        if inserted and self.kind.name in _ATTRIBUTED:  # facts of transferred staff go where they were then
            placements.reattribute(self.conn, df["employee_id"].dropna().unique().tolist(),
                                   [_ATTRIBUTED[self.kind.name]])
        self.inserted += inserted

    def _create_orgs(self, batch_id: int, result: ImportResult) -> None:
        """Agencies and units this chunk names that do not exist yet (pegawai): inserted in bulk, then
        every row gets its ids."""
        org, conn = self.org, self.conn
        if self.new_agencies:
            created = sorted(self.new_agencies.items())
            conn.execute(insert(Agency), [
                {"region_id": rid, "name": name, "name_key": key, "active": True, "created_batch_id": batch_id}
                for (rid, key), name in created])
            ids = dict(((r, k), a) for a, r, k in conn.execute(
                select(Agency.id, Agency.region_id, Agency.name_key).where(Agency.created_batch_id == batch_id)))
            for (rid, key), name in created:
                aid = ids[(rid, key)]
                org.agencies[(rid, key)] = aid
                org.agency_names[aid] = name
                org.agency_region[aid] = rid
                result.created_agencies.append(f"{name} ({org.region_names[rid]})")
            self.new_agencies = {}
            pairs = self.df[["agency", "region_id"]].drop_duplicates()
            found = {(a, r): org.agencies.get((int(r), org.agency_key(a))) if not pd.isna(r) else None
                     for a, r in pairs.itertuples(index=False)}
            filled = pd.array([found[(a, r)] for a, r in zip(self.df["agency"], self.df["region_id"])],
                              dtype="Int64")
            self.df["agency_id"] = self.df["agency_id"].fillna(pd.Series(filled, index=self.df.index))
        if self.kind.name != "pegawai":
            return
        pairs = self.df[["agency_id", "unit"]].drop_duplicates()
        keys = {(aid, unit): (int(aid), codes.name_key(unit)) for aid, unit in pairs.itertuples(index=False)}
        new = {k: unit for (aid, unit), k in keys.items() if k not in org.units}
        if new:
            conn.execute(insert(Unit), [
                {"agency_id": aid, "name": display_name(unit), "name_key": key, "active": True,
                 "created_batch_id": batch_id} for (aid, key), unit in sorted(new.items())])
            for uid, aid, key in conn.execute(select(Unit.id, Unit.agency_id, Unit.name_key)
                                              .where(Unit.created_batch_id == batch_id)):
                org.units[(aid, key)] = uid
            result.created_units += len(new)
        self.df["unit_id"] = pd.array([org.units[keys[(a, u)]] for a, u in zip(self.df["agency_id"], self.df["unit"])],
                                      dtype="Int64")


_DATE_COLUMNS = ("day", "survey_date", "start_date", "received_at", "period_start")


_TYPE_MESSAGES = {
    "nip": "bukan NIP/NI PPPK 18 digit (NIP yang diubah spreadsheet menjadi angka seperti 1,98609E+17 "
           "sudah kehilangan digit; ekspor ulang kolom NIP sebagai teks).",
    "int": "bukan bilangan bulat.",
    "number": "bukan angka (gunakan koma desimal, misalnya 12,5).",
    "date": "bukan tanggal yang dikenali (contoh: 17/08/2025 atau 17 Agustus 2025).",
    "datetime": "bukan tanggal/waktu yang dikenali (contoh: 17/08/2025 14.30).",
}


# A letter of Latin-1 (Â-ß) followed by what a UTF-8 continuation byte is in Windows-1252: how an
# accented letter written in UTF-8 reads when decoded as Windows-1252 ('ë' -> 'Ã«').
_MOJIBAKE = "[\u00c2-\u00df][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"


def _unmangled(text: str) -> str | None:
    """The text as it was meant, when it is UTF-8 read as Windows-1252 (else None)."""
    try:
        meant = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return meant if meant != text else None


def _enum_message(col) -> str:
    return f"tidak dikenali untuk {col.header}. Isian yang diterima: {col.help}"


_EXPORT_TIME = re.compile(r"unduh|cetak|diekspor|waktu|tanggal|jam", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"\b(20\d{2})\b")
_TITLE_PERIOD = re.compile(r"\b(TRIWULAN\s+(?:IV|III|II|I|[1-4])|TW\s*(?:IV|III|II|I|[1-4])|TAHUNAN|"
                           + "|".join(codes.MONTH_NAMES) + r")\b", re.IGNORECASE)


def _year_in(title: str) -> int | None:
    match = _TITLE_YEAR.search(title)
    return int(match.group(1)) if match else None


def _period_in(title: str) -> str | None:
    match = _TITLE_PERIOD.search(title)
    return parse.ENUMS["period"](match.group(1)) if match else None


def _mask(series: pd.Series) -> pd.Series:
    """A plain boolean mask: comparisons with missing values count as false."""
    return series.astype(object).fillna(False).astype(bool)


def _hash(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One 64-bit hash per row of these columns (equal rows, equal hashes)."""
    return pd.util.hash_pandas_object(df[columns], index=False).to_numpy()


def _push_run(runs: list, run, size, merge) -> None:
    """Append `run`, then merge the last two runs while the older is at most twice the newer's size
    (as a binary counter carries): each run stays at least twice the next, so over n rows added in
    chunks a row is merged about log2(chunks) times, not once per later chunk."""
    runs.append(run)
    while len(runs) > 1 and size(runs[-2]) <= 2 * size(runs[-1]):
        newer = runs.pop()
        runs.append(merge(runs.pop(), newer))


class _SeenKeys:
    """The keys of the chunks checked so far, as sorted 64-bit hashes with each key's first line and
    the hash of its first row (24 bytes a row, not the rows): enough to find a key, or the very same
    row, again in a later chunk.

    Kept as a few sorted runs, oldest first (_push_run): merging everything into one array with each
    chunk cost a quarter of an 11-million-row import (113 chunks)."""

    def __init__(self):
        self.runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (keys, lines, rows)

    def lookup(self, key_hash: np.ndarray, row_hash: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the line where its key first appeared in an earlier chunk (0: it did not), and
        whether that earlier row was the very same row."""
        line = np.zeros(len(key_hash), dtype="int64")
        same = np.zeros(len(key_hash), dtype=bool)
        if not self.runs:
            return line, same
        # Searched in key order, each search starts where the last ended: far fewer cache misses.
        order = np.argsort(key_hash)
        wanted, wanted_rows = key_hash[order], row_hash[order]
        for keys, lines, rows in self.runs:  # oldest first: the first run holding a key has its first line
            pos = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
            found = (keys[pos] == wanted) & (line[order] == 0)
            line[order[found]] = lines[pos[found]]
            same[order[found]] = rows[pos[found]] == wanted_rows[found]
        return line, same

    def add(self, key_hash: np.ndarray, row_hash: np.ndarray, lines: np.ndarray) -> None:
        if not len(key_hash):
            return
        order = np.argsort(key_hash, kind="stable")
        _push_run(self.runs, self._first((key_hash[order], lines[order], row_hash[order])),
                  size=lambda run: len(run[0]), merge=self._merge)

    @classmethod
    def _merge(cls, older, newer):
        # Two sorted runs, the older first: the stable sort merges them in one pass.
        merged = [np.concatenate([a, b]) for a, b in zip(older, newer)]
        order = np.argsort(merged[0], kind="stable")
        return cls._first(tuple(m[order] for m in merged))

    @staticmethod
    def _first(run: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The run with each key once, at its first (earliest) row."""
        keys = run[0]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        return tuple(part[first] for part in run)


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _batch_period(years: set, periods: set, date_years: dict[str, set]) -> tuple[int | None, str | None]:
    """The batch's year (and period) when the whole file has only one."""
    if len(years) == 1:
        return int(next(iter(years))), (next(iter(periods)) if len(periods) == 1 else None)
    for col in _DATE_COLUMNS:
        if len(date_years.get(col, ())) == 1:
            return int(next(iter(date_years[col]))), None
    return None, None


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values (None for missing; date columns as date)."""
    out = frame.astype(object).where(frame.notna(), None)
    return out.to_dict("records")


def _as_date(series: pd.Series) -> pd.Series:
    return series.dt.date.astype(object).where(series.notna(), None)


_FROM_FILE = {"agency_id": "agency", "unit_id": "unit", "region_id": "region"}


def _compared_columns(job: _Job, frame: pd.DataFrame, key: list[str]) -> dict[str, str]:
    """Stored columns whose value comes from a column of this file -> that column's own header.
    Facts keyed by NIP take their agency and unit from the employee, not from the file."""
    out = {}
    for name in frame.columns:
        if name in key or name == "batch_id":
            continue
        field_name = _FROM_FILE.get(name, name)
        if name in _FROM_FILE and "employee_id" in frame.columns:
            continue
        if field_name in job.header_of:
            out[name] = field_name
    return out


def _plain(value):
    """A stored or parsed value in one comparable form (None for missing)."""
    if value is None:
        return None
    if isinstance(value, (str, bool, date)) and not isinstance(value, pd.Timestamp):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return int(number) if number.is_integer() else round(number, 6)
    return value


def _shown(value) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, datetime):
        return value.strftime("'%d/%m/%Y %H.%M'")
    if isinstance(value, date):
        return value.strftime("'%d/%m/%Y'")
    return f"'{value}'"


def _insert_new(job: _Job, table, frame: pd.DataFrame, key: list[str], where) -> int:
    """Insert the rows whose key is not stored yet (missing key parts compare as None). A row whose
    key is stored with other content is skipped too, but named in a warning with the columns that
    differ, and counted apart (append mode; *replace* is the way to change stored rows)."""
    compared = _compared_columns(job, frame, key)
    stored = {}
    for row in job.conn.execute(select(*(getattr(table, c) for c in key + list(compared))).where(where)):
        values = tuple(_plain(v) for v in row)
        stored[values[:len(key)]] = values[len(key):]
    if stored:
        parts = [frame[k].astype(object).where(frame[k].notna(), None).tolist() for k in key]
        keys = [tuple(_plain(v) for v in k) for k in zip(*parts)]
        present = pd.Series([k in stored for k in keys], index=frame.index)
        _warn_changed(job, frame[present.to_numpy()], [k for k in keys if k in stored], stored, compared)
        frame = frame[~present.to_numpy()]
    if frame.empty:
        return 0
    job.conn.execute(insert(table), _records(frame))
    return len(frame)


def _warn_changed(job: _Job, frame: pd.DataFrame, keys: list[tuple], stored: dict, compared: dict) -> None:
    if frame.empty or not compared:
        return
    columns = list(compared)
    values = frame[columns].astype(object).where(frame[columns].notna(), None)
    first_field: dict = {}
    messages: dict = {}
    for idx, row_key, row in zip(frame.index, keys, values.itertuples(index=False, name=None)):
        old = stored[row_key]
        differ = [(c, _plain(new), o) for c, new, o in zip(columns, row, old) if _plain(new) != o]
        if not differ:
            continue
        first_field[idx] = compared[differ[0][0]]
        listed = "; ".join(f"{job.header_of[compared[c]]} (berkas {_shown(n)}, tersimpan {_shown(o)})"
                           for c, n, o in differ)
        messages[idx] = ("berbeda dengan data yang sudah tersimpan dengan kunci yang sama: " + listed
                         + ". Baris ini dilewati dan data tersimpan tidak diubah; gunakan mode ganti "
                         "(replace) untuk menggantinya.")
    if not messages:
        return
    job.changed_skipped += len(messages)
    message = pd.Series(messages)
    fields = pd.Series(first_field)
    for field_name in dict.fromkeys(fields):
        rows = fields.index[fields == field_name]
        mask = pd.Series(job.df.index.isin(rows), index=job.df.index)
        job.add(WARNING, mask, field_name, message.reindex(job.df.index))


# --- per kind: checks, resolution and loading --------------------------------------------------
def _check_pegawai(job: _Job) -> None:
    df = job.df
    if "status" not in df:
        df["status"] = pd.NA
    month = df["nip"].str.slice(12, 14)
    nip_pppk = _mask(pd.to_numeric(month, errors="coerce").between(21, 29))
    df["status"] = df["status"].fillna(nip_pppk.map({True: codes.STATUS_PPPK, False: codes.STATUS_PNS}))
    _nip_checks(job)
    if "gelar_depan" in df or "gelar_belakang" in df:
        front = df.get("gelar_depan", pd.Series(pd.NA, index=df.index)).fillna("")
        back = df.get("gelar_belakang", pd.Series(pd.NA, index=df.index)).fillna("")
        name = (front + " " + df["name"].fillna("")).str.strip()
        df["name"] = name.where(back == "", name + ", " + back)
    if "jabatan_type" in df:
        eselon = df.get("eselon", pd.Series(pd.NA, index=df.index, dtype="string"))
        lookup = {(t, e): _jabatan_type(t, e) for t, e in set(zip(df["jabatan_type"], eselon))}
        mapped = pd.Series([lookup[(t, e)] for t, e in zip(df["jabatan_type"], eselon)], index=df.index,
                           dtype="string")
        bad = df["jabatan_type"].notna() & mapped.isna()
        if bad.any():
            job.add(ERROR, bad, "jabatan_type",
                    "jenis jabatan tidak dikenali (JPT, Administrator, Pengawas, Fungsional, Pelaksana).")
        df["jabatan_type"] = mapped


def _jabatan_type(text, eselon) -> str | None:
    if text is None or pd.isna(text):
        return None
    t = codes.norm_text(text)
    for name in codes.JABATAN_TYPES:
        if t == name.upper():
            return name
    if "PIMPINAN TINGGI" in t or t.startswith("JPT"):
        return "JPT"
    if "ADMINISTRATOR" in t:
        return "Administrator"
    if "PENGAWAS" in t:
        return "Pengawas"
    if "FUNGSIONAL UMUM" in t or "PELAKSANA" in t:
        return "Pelaksana"
    if "FUNGSIONAL" in t:
        return "Fungsional"
    if "STRUKTURAL" in t and eselon is not None and not pd.isna(eselon):
        level = codes.norm_text(eselon).replace("ESELON", "").strip().split(".")[0]
        return {"I": "JPT", "II": "JPT", "III": "Administrator", "IV": "Pengawas", "V": "Pengawas"}.get(level)
    return None


def _nip_checks(job: _Job) -> None:
    """NIP structure against the row's own birth date, sex and status: warnings, not errors."""
    df = job.df
    nip = df["nip"].fillna("")
    valid = df["nip"].notna()
    born = pd.to_datetime(nip.str.slice(0, 8), format="%Y%m%d", errors="coerce")
    month = pd.to_numeric(nip.str.slice(12, 14), errors="coerce")
    is_pppk = _mask(month.between(21, 29))
    structure_ok = born.notna() & (_mask(month.between(1, 12)) | is_pppk)
    bad_structure = valid & ~structure_ok
    if bad_structure.any():
        job.add(WARNING, bad_structure, "nip", "tidak mengikuti susunan NIP (tanggal lahir 8 digit, "
                "lalu TMT CPNS YYYYMM atau tahun pengangkatan PPPK).")
    if "birth_date" in df:
        differ = valid & structure_ok & job.usable("birth_date") & _mask(born != df["birth_date"])
        if differ.any():
            job.add(WARNING, differ, "birth_date", "tidak sama dengan tanggal lahir di dalam NIP.")
    if "sex" in df:
        digit = nip.str.slice(14, 15).map({"1": codes.SEX_MALE, "2": codes.SEX_FEMALE})
        differ = valid & structure_ok & df["sex"].notna() & _mask(digit != df["sex"])
        if differ.any():
            job.add(WARNING, differ, "sex", "tidak sama dengan kode jenis kelamin di dalam NIP.")
    if "status" in job.header_of:
        pns_row = _mask(df["status"] == codes.STATUS_PNS)
        differ = valid & structure_ok & ((pns_row & is_pppk) | (~pns_row & df["status"].notna() & ~is_pppk))
        if differ.any():
            job.add(WARNING, differ, "status", "tidak sesuai dengan NIP (NIP PNS atau NI PPPK).")


def _check_penilaian(job: _Job) -> None:
    df = job.df
    hasil, perilaku = df["rating_hasil"], df["rating_perilaku"]
    one_missing = hasil.isna() ^ perilaku.isna()
    if one_missing.any():
        job.add(ERROR, one_missing & hasil.isna(), "rating_hasil", "kosong padahal rating perilaku diisi.")
        job.add(ERROR, one_missing & perilaku.isna(), "rating_perilaku", "kosong padahal rating hasil diisi.")
    expected = pd.Series([codes.PREDIKAT_MATRIX.get((h, p)) for h, p in zip(hasil, perilaku)],
                         index=df.index, dtype="string")
    if "predikat" in df:
        disagree = df["predikat"].notna() & expected.notna() & _mask(df["predikat"] != expected)
        if disagree.any():
            job.add(ERROR, disagree, "predikat",
                    "tidak sesuai matriks predikat (PermenPANRB 6/2022): rating hasil dan perilaku kerja "
                    "baris ini menghasilkan '" + expected.fillna("") + "'.")
        rated_without = df["predikat"].notna() & hasil.isna() & perilaku.isna()
        if rated_without.any():
            job.add(ERROR, rated_without, "predikat", "diisi padahal rating hasil dan perilaku kerja kosong.")
    df["predikat"] = expected


def _check_layanan(job: _Job) -> None:
    df = job.df
    if "finished_at" not in df:
        return
    bad = job.usable("finished_at") & job.usable("received_at") & _mask(df["finished_at"] < df["received_at"])
    if bad.any():
        job.add(ERROR, bad, "finished_at", "lebih awal daripada WAKTU MASUK.")


def _check_pelatihan(job: _Job) -> None:
    df = job.df
    jp = df["jp"] if "jp" in df else pd.Series(pd.NA, index=df.index)
    minutes = df["minutes"] if "minutes" in df else pd.Series(pd.NA, index=df.index)
    neither = jp.isna() & minutes.isna() & ~job.refused_rows("jp") & ~job.refused_rows("minutes")
    if neither.any():
        job.add(ERROR, neither, "jp" if "jp" in job.header_of else "minutes", "JP atau DURASI MENIT wajib diisi.")
    if "end_date" in df:
        bad = job.usable("end_date") & job.usable("start_date") & _mask(df["end_date"] < df["start_date"])
        if bad.any():
            job.add(ERROR, bad, "end_date", "lebih awal daripada TANGGAL MULAI.")


def _check_standar(job: _Job) -> None:
    """BATAS WAKTU is at most a year in its own unit (kinds.STANDARD_LIMIT_MAX)."""
    df = job.df
    most = df["limit_unit"].map(STANDARD_LIMIT_MAX).astype("Float64")
    over = job.usable("limit_value") & _mask(df["limit_value"] > most)
    if over.any():
        message = ("lebih dari setahun untuk satuan " + df["limit_unit"].fillna("").astype(str) + ": paling besar "
                   + most.map(lambda v: f"{int(v):,}".replace(",", "."), na_action="ignore").astype(str) + ".")
        job.add(ERROR, over, "limit_value", message)


CHECKS = {
    "standar_layanan": _check_standar,
    "pegawai": _check_pegawai,
    "penilaian": _check_penilaian,
    "layanan": _check_layanan,
    "pelatihan": _check_pelatihan,
}


def _resolve_units(job: _Job) -> None:
    """Optional UNIT KERJA on predikat_organisasi must name a unit of the resolved agency."""
    df = job.df
    if "unit" not in df:
        df["unit_id"] = pd.array([None] * len(df), dtype="Int64")
        return
    ids = [job.org.unit_id(int(a), u) if not pd.isna(a) and isinstance(u, str) else None
           for a, u in zip(df["agency_id"], df["unit"])]
    df["unit_id"] = pd.array(ids, dtype="Int64")
    unknown = df["unit"].notna() & df["agency_id"].notna() & df["unit_id"].isna()
    if unknown.any():
        job.add(ERROR, unknown, "unit", "unit kerja tidak dikenal di OPD ini.")


RESOLVERS = {"predikat_organisasi": _resolve_units}


def _load_pegawai(job: _Job, batch_id: int) -> int:
    df = job.df
    region_of_agency = pd.Series(job.org.agency_region)
    frame = pd.DataFrame({
        "nip": df["nip"],
        "name": df["name"],
        "sex": df.get("sex"),
        "birth_date": _as_date(df["birth_date"]) if "birth_date" in df else None,
        "status": df["status"],
        "golongan": df.get("golongan"),
        "jabatan_type": df.get("jabatan_type"),
        "jabatan_name": df.get("jabatan_name"),
        "region_id": df["agency_id"].map(region_of_agency).astype("Int64"),
        "agency_id": df["agency_id"],
        "unit_id": df["unit_id"],
        "active": True,
        "batch_id": batch_id,
    })
    if job.mode == "replace":
        job.result.employees_updated += employee_snapshot(job, batch_id, frame)  # the snapshot has updated the stored staff: only new ones remain
        existing = {n for (n,) in job.conn.execute(select(Employee.nip))}
        frame = frame[~frame["nip"].isin(existing)]
    return _insert_new(job, Employee, frame, ["nip"], true())


def _sync_placements(job: _Job) -> None:
    """After the last pegawai chunk (and a snapshot's deactivations): the staff history follows the
    staff table from the effective date, and the moved staff's facts are filed where they were then."""
    try:
        effective = job.context.get("effective_date")
        moved = placements.sync(job.conn, effective or now_wib().date(), job.batch_id, joiners_from=effective)
    except placements.PlacementError as exc:
        raise ImportRejected([Problem(ERROR, job.file_name, None, None, None, None, str(exc))]) from exc
    placements.reattribute(job.conn, moved)


def _fact_base(df: pd.DataFrame, batch_id: int) -> dict:
    return {"employee_id": df["employee_id"], "agency_id": df["emp_agency_id"], "unit_id": df["emp_unit_id"],
            "batch_id": batch_id}


def _load_skp(job: _Job, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "status": df["status"],
        "is_acting": (df["is_acting"].fillna(0) != 0) if "is_acting" in df else False,
        "period_start": _as_date(df["period_start"]) if "period_start" in df else None,
        "period_end": _as_date(df["period_end"]) if "period_end" in df else None,
        "jabatan": df.get("jabatan"),
    })
    # The chunk's staff as a temporary table: an IN list of 100.000 ids is more parameters than
    # PostgreSQL takes in one statement (65.535).
    staff = key_table(job.conn, "_skp_staff", sorted(int(e) for e in frame["employee_id"].dropna().unique()))
    return _insert_new(job, Skp, frame, ["employee_id", "period_start", "is_acting"], Skp.employee_id.in_(staff))


def _load_penilaian(job: _Job, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "year": df["year"], "period": df["period"],
        "rating_hasil": df["rating_hasil"], "rating_perilaku": df["rating_perilaku"],
        "predikat": df["predikat"],
    })
    years = [int(y) for y in frame["year"].unique()]
    return _insert_new(job, Appraisal, frame, ["employee_id", "year", "period"], Appraisal.year.in_(years))


def _load_org_rating(job: _Job, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "agency_id": df["agency_id"], "unit_id": df["unit_id"], "year": df["year"],
        "period": df["period"], "predikat": df["predikat"], "batch_id": batch_id,
    })
    years = [int(y) for y in frame["year"].unique()]
    return _insert_new(job, OrgRating, frame, ["agency_id", "unit_id", "year", "period"], OrgRating.year.in_(years))


def _load_pelatihan(job: _Job, batch_id: int) -> int:
    df = job.df
    route = df["route"]
    is_leadership = route.isin(codes.LEADERSHIP_TRAININGS)
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "name": df["name"],
        "route": route.where(~is_leadership, "klasikal"),
        "category": route.where(is_leadership),
        "start_date": _as_date(df["start_date"]),
        "end_date": _as_date(df["end_date"]) if "end_date" in df else None,
        "jp": df["jp"] if "jp" in df else None,
        "minutes": df["minutes"].round().astype("Int64") if "minutes" in df else None,
    })
    return _insert_new(job, Training, frame, ["employee_id", "name", "start_date"],
                       and_(Training.start_date >= df["start_date"].min().date(),
                            Training.start_date <= df["start_date"].max().date()))


def _agency_region(job: _Job) -> pd.Series:
    return job.df["agency_id"].map(pd.Series(job.org.agency_region)).astype("Int64")


def _load_layanan(job: _Job, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "number": df["number"], "region_id": _agency_region(job), "agency_id": df["agency_id"],
        "service_type": df["service_type"], "received_at": df["received_at"],
        "finished_at": df["finished_at"] if "finished_at" in df else None,
        "status": df.get("status"), "channel": df.get("channel"), "batch_id": batch_id,
    })
    agencies = [int(a) for a in frame["agency_id"].unique()]
    return _insert_new(job, ServiceRequest, frame, ["number", "agency_id"], ServiceRequest.agency_id.in_(agencies))


def _load_standar(job: _Job, batch_id: int) -> int:
    df = job.df
    agency_id = df["agency_id"] if "agency_id" in df else pd.Series(pd.NA, index=df.index, dtype="Int64")
    region_id = df["region_id"] if "region_id" in df else pd.Series(pd.NA, index=df.index, dtype="Int64")
    region_id = region_id.fillna(agency_id.map(pd.Series(job.org.agency_region)).astype("Int64"))
    frame = pd.DataFrame({
        "service_type": df["service_type"], "limit_value": df["limit_value"], "limit_unit": df["limit_unit"],
        "region_id": region_id, "agency_id": agency_id, "batch_id": batch_id,
    })
    return _insert_new(job, ServiceStandard, frame, ["service_type", "region_id", "agency_id"], true())


def _load_skm(job: _Job, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "region_id": _agency_region(job), "agency_id": df["agency_id"],
        "survey_date": _as_date(df["survey_date"]), "service_type": df.get("service_type"),
        **{f"u{i}": df[f"u{i}"] for i in range(1, 10)}, "batch_id": batch_id,
    })
    job.conn.execute(insert(SkmResponse), _records(frame))
    return len(frame)


class _DailyState:
    """What the Progres Harian chunks of one import leave for its end: the staff and days touched, and
    the monthly summary of the rows inserted (exact as long as nothing was stored for them before)."""

    def __init__(self):
        self.employees: set[int] = set()
        self.day_min: int | None = None
        self.day_max: int | None = None
        # Monthly sums of the rows inserted so far, in a few folded parts (_push_run): folding every
        # chunk into one frame re-grouped the whole summary per chunk.
        self.sum_parts: list[pd.DataFrame] = []
        self.only_new = True  # every row checked was inserted, none met a stored row

    def add_sums(self, sums: pd.DataFrame) -> None:
        _push_run(self.sum_parts, sums, size=len, merge=lambda older, newer: _fold(pd.concat([older, newer])))

    def sums(self) -> pd.DataFrame | None:
        """One row per employee and month, or None when no sums were gathered."""
        if not self.sum_parts:
            return None
        return self.sum_parts[0] if len(self.sum_parts) == 1 else _fold(pd.concat(self.sum_parts))


def _load_progres(job: _Job, batch_id: int) -> int:
    df = job.df
    minute = pd.Timedelta(minutes=1)
    frame = pd.DataFrame({
        "employee_id": df["employee_id"].astype("int64"),
        "day": ((df["day"] - EPOCH) // pd.Timedelta(days=1)).astype("int64"),
        "status": _codes_of(df["status"], codes.DAILY_STATUS_CODES),
        "input_min": ((df["input_at"] - EPOCH) // minute).astype("int64"),
        "approved_min": ((df["approved_at"] - EPOCH) // minute).astype("Int64")
        if "approved_at" in df else pd.array([None] * len(df), dtype="Int64"),
        "batch_id": batch_id,
    }).sort_values(["employee_id", "day"])
    state = job.daily
    employees = frame["employee_id"].unique()
    state.employees.update(employees.tolist())
    first, last = int(frame["day"].min()), int(frame["day"].max())
    state.day_min = first if state.day_min is None else min(state.day_min, first)
    state.day_max = last if state.day_max is None else max(state.day_max, last)
    stored = _stored_before(job.conn, batch_id, employees.tolist(), first, last)
    inserted = bulk_insert_ignore(job.conn, DailyEntry.__table__, frame,
                                  changed=_warn_changed_daily(job, frame) if stored else None)
    if stored or inserted != len(frame):
        state.only_new = False
    elif state.only_new:
        state.add_sums(_month_sums(frame))
    return inserted


def _codes_of(series: pd.Series, codes_by_value: dict) -> np.ndarray:
    """The integer code of each (parsed, never missing) value: each distinct value looked up once."""
    positions, values = pd.factorize(series)
    return np.array([codes_by_value[v] for v in values], dtype="int64")[positions]


def _stored_before(conn: Connection, batch_id: int, employee_ids: list[int], first: int, last: int) -> bool:
    """Whether any daily entry of another batch is stored for these staff between these days."""
    e = DailyEntry
    touched = _touched_table(conn, employee_ids)
    return conn.execute(select(e.employee_id).where(e.employee_id.in_(touched), e.day.between(first, last),
                                                    e.batch_id != batch_id).limit(1)).first() is not None


def _month_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """DailyMonth's sums of these rows per employee and month (see refresh_daily_months)."""
    day = frame["day"].to_numpy()
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    active = frame["status"].to_numpy() >= codes.DAILY_ACTIVE_MIN_CODE
    lag = frame["input_min"].to_numpy() // 1440 - day
    approval = (frame["approved_min"] - frame["input_min"]).astype("Float64").to_numpy(dtype="float64",
                                                                                        na_value=np.nan)
    return pd.DataFrame({
        "employee_id": frame["employee_id"].to_numpy(),
        "month": (months // 12 + 1970) * 100 + months % 12 + 1,
        "days_entered": 1,
        "days_active": active.astype("int64"),
        "days_approved": (frame["status"].to_numpy() == codes.DAILY_STATUS_CODES["Approved"]).astype("int64"),
        "days_on_time": (active & (lag <= 0)).astype("int64"),
        "days_within_7": (active & (lag <= 7)).astype("int64"),
        "approval_minutes_sum": approval,
        "first_active_day": np.where(active, day, np.nan),
        "last_active_day": np.where(active, day, np.nan),
    }).pipe(_fold)


def _fold(sums: pd.DataFrame) -> pd.DataFrame:
    return sums.groupby(["employee_id", "month"], sort=False).agg(_MONTH_AGG).reset_index()


_MONTH_AGG = {"days_entered": "sum", "days_active": "sum", "days_approved": "sum", "days_on_time": "sum",
              "days_within_7": "sum", "approval_minutes_sum": "sum", "first_active_day": "min",
              "last_active_day": "max"}


def finish_daily(job: _Job) -> None:
    """Rebuild the monthly summary of the staff and months the import touched, once, at its end: from
    the sums gathered chunk by chunk when nothing was stored for those staff in those months before,
    else from the stored rows (refresh_daily_months)."""
    state, conn = job.daily, job.conn
    touched = sorted(state.employees | set(job.replaced_employees))
    if not touched:
        return
    months = _month_bounds(state.day_min, state.day_max)
    sums = state.sums() if state.only_new else None
    fast = (sums is not None and not job.replaced_employees
            and not _stored_before(conn, job.batch_id, touched, months[0][1], months[-1][2]))
    if not fast:
        refresh_daily_months(conn, state.day_min, state.day_max, employee_ids=touched)
        return
    sums["approval_minutes_sum"] = sums["approval_minutes_sum"].round().astype("int64")
    for name in ("first_active_day", "last_active_day"):
        sums[name] = sums[name].astype("Int64")
    where = select(Employee.id, Employee.agency_id, Employee.unit_id).where(Employee.id.in_(_touched_table(conn, touched)))
    staff = pd.DataFrame(conn.execute(where).all(), columns=["employee_id", "agency_id", "unit_id"])
    sums = sums.merge(staff, on="employee_id", how="inner")
    conn.execute(delete(DailyMonth).where(DailyMonth.month.in_([m for m, _, _ in months]),
                                          DailyMonth.employee_id.in_(_touched_table(conn, touched))))
    columns = ["employee_id", "month", "agency_id", "unit_id", *_MONTH_AGG]
    if conn.dialect.name == "sqlite":
        sqlite_insert(conn.connection.driver_connection.cursor(), "INSERT", "daily_month", sums[columns])
    else:
        conn.execute(insert(DailyMonth), [dict(zip(columns, r)) for r in _tuples(sums[columns])])
    placements.reattribute(conn, touched, [DailyMonth])  # months of transferred staff go where they were


def _tuples(frame: pd.DataFrame):
    """Rows as tuples of plain Python values (None for missing), built column by column and handed
    out one by one (never a second list of every row)."""
    columns = []
    for name in frame.columns:
        col = frame[name]
        columns.append(col.astype(object).where(col.notna(), None).tolist() if col.isna().any()
                       else col.tolist())
    return zip(*columns)


# Rows per INSERT statement on SQLite: one statement binding many rows costs SQLite about half the
# CPU of executemany's one statement per row (docs/decisions/daily-entries-storage.md).
_SQLITE_ROWS_PER_STATEMENT = 1000


def sqlite_insert(cur, verb: str, table: str, frame: pd.DataFrame) -> int:
    """`verb` ("INSERT", "INSERT OR IGNORE") the frame's rows into `table` with multi-row VALUES
    statements; the values are bound as one flat list of plain Python values (None for missing),
    built column by column without a tuple per row. Returns the rows inserted."""
    n, width = frame.shape
    if not n:
        return 0
    cells = np.empty((n, width), dtype=object)
    for i, name in enumerate(frame.columns):
        col = frame[name]
        missing = col.isna().to_numpy()
        if missing.any():
            cells[:, i] = col.to_numpy(dtype=object, na_value=None)
        else:
            cells[:, i] = col.to_numpy()  # numpy integers become Python ints in an object array
    flat = cells.ravel().tolist()
    del cells
    per = max(1, min(_SQLITE_ROWS_PER_STATEMENT, 32766 // width))
    head = f"{verb} INTO {table} ({', '.join(frame.columns)}) VALUES "
    row = "(" + ", ".join("?" * width) + ")"
    full = head + ", ".join([row] * per)
    inserted = 0
    for start in range(0, n, per):
        rows = min(per, n - start)
        cur.execute(full if rows == per else head + ", ".join([row] * rows),
                    flat[start * width:(start + rows) * width])
        inserted += cur.rowcount
    return inserted


def _warn_changed_daily(job: _Job, frame: pd.DataFrame):
    """The changed-content check of daily entries, set-based: given the stored rows that share a key
    with the file but differ in status or time (found by the database in one join), name them in a
    warning and count them apart (INSERT OR IGNORE / ON CONFLICT DO NOTHING skips them)."""
    def warn(changed: list[tuple]) -> None:
        if not changed:
            return
        columns = ["status", "input_min", "approved_min"]
        found = pd.DataFrame(changed, columns=["employee_id", "day", *[c + "_stored" for c in columns]])
        rows = frame[["employee_id", "day", *columns]].reset_index().merge(found, on=["employee_id", "day"])
        both = rows.set_index("index")
        label = {code: name for name, code in codes.DAILY_STATUS_CODES.items()}
        minute = pd.Timedelta(minutes=1)

        def readable(status: pd.Series, input_min: pd.Series, approved_min: pd.Series) -> pd.DataFrame:
            return pd.DataFrame({
                "status": status.map(label),
                "input_min": EPOCH + input_min.astype("float64") * minute,
                "approved_min": EPOCH + approved_min.astype("float64") * minute,
            }, index=both.index)

        new = readable(both["status"], both["input_min"], both["approved_min"])
        old = readable(both["status_stored"], both["input_min_stored"], both["approved_min_stored"])
        compared = {c: f for c, f in (("status", "status"), ("input_min", "input_at"),
                                      ("approved_min", "approved_at")) if f in job.header_of}
        keys = list(zip(both["employee_id"].tolist(), both["day"].tolist()))
        values = old[list(compared)].astype(object).where(old[list(compared)].notna(), None)
        stored_by_key = {k: tuple(_plain(v) for v in row)
                         for k, row in zip(keys, values.itertuples(index=False, name=None))}
        _warn_changed(job, new, keys, stored_by_key, compared)

    return warn


# Kinds whose rows are filed under the employee's placement at their date (data_access.placements).
_ATTRIBUTED = {"skp": Skp, "penilaian": Appraisal, "pelatihan": Training}

LOADERS = {
    "pegawai": _load_pegawai,
    "skp": _load_skp,
    "penilaian": _load_penilaian,
    "predikat_organisasi": _load_org_rating,
    "pelatihan": _load_pelatihan,
    "layanan": _load_layanan,
    "standar_layanan": _load_standar,
    "skm": _load_skm,
    "progres_harian": _load_progres,
}


# --- daily entries: fast insert and the monthly summary -----------------------------------------
def bulk_insert_ignore(conn: Connection, table, frame: pd.DataFrame, changed=None) -> int:
    """Insert integer rows fast, skipping keys already stored; returns rows inserted.

    SQLite: one executemany of INSERT OR IGNORE. PostgreSQL: COPY into a temporary table, then
    INSERT … SELECT … ON CONFLICT DO NOTHING. With `changed` (a function), the rows are first put in
    a temporary table and the database joins them to the stored rows on the primary key: `changed`
    receives the stored rows whose key is in the file but whose other columns differ (the file's key,
    then the stored values), before the insert skips them.
    """
    if frame.empty:
        return 0
    cols = list(frame.columns)
    raw = conn.connection.driver_connection
    names = ", ".join(cols)
    key = [c.name for c in table.primary_key.columns]
    other = [c for c in cols if c not in key and c != "batch_id"]
    differs = " OR ".join(f"d.{c} IS DISTINCT FROM t.{c}" if conn.dialect.name != "sqlite" else f"d.{c} IS NOT t.{c}"
                          for c in other)
    find_changed = (f"SELECT {', '.join('t.' + k for k in key)}, {', '.join('d.' + c for c in other)} "
                    f"FROM _load_{table.name} t JOIN {table.name} d ON "
                    + " AND ".join(f"d.{k} = t.{k}" for k in key) + f" WHERE {differs}")
    if conn.dialect.name == "sqlite":
        cur = raw.cursor()
        if changed is None:
            return sqlite_insert(cur, "INSERT OR IGNORE", table.name, frame)
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _load_{table.name} AS SELECT {names} FROM {table.name} WHERE 0")
        cur.execute(f"DELETE FROM _load_{table.name}")
        sqlite_insert(cur, "INSERT", f"_load_{table.name}", frame)
        changed(cur.execute(find_changed).fetchall())
        cur.execute(f"INSERT OR IGNORE INTO {table.name} ({names}) SELECT {names} FROM _load_{table.name}")
        inserted = cur.rowcount
        cur.execute(f"DELETE FROM _load_{table.name}")
        return inserted
    with raw.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _load_{table.name} (LIKE {table.name}) ON COMMIT DROP")
        cur.execute(f"TRUNCATE _load_{table.name}")
        with cur.copy(f"COPY _load_{table.name} ({names}) FROM STDIN") as copy:
            for row in _tuples(frame):
                copy.write_row(row)
        if changed is not None:
            cur.execute(find_changed)
            changed(cur.fetchall())
        cur.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM _load_{table.name} "
                    "ON CONFLICT DO NOTHING")
        return cur.rowcount


def _month_bounds(day_min: int, day_max: int) -> list[tuple[int, int, int]]:
    """(yyyymm, first day, last day) of every month touched by the day range (days since epoch)."""
    start = (EPOCH + pd.Timedelta(days=day_min)).to_period("M")
    end = (EPOCH + pd.Timedelta(days=day_max)).to_period("M")
    out = []
    for p in pd.period_range(start, end, freq="M"):
        first = (p.start_time.normalize() - EPOCH).days
        last = (p.end_time.normalize() - EPOCH).days
        out.append((p.year * 100 + p.month, first, last))
    return out


def _touched_table(conn: Connection, employee_ids: list[int]):
    """A temporary table of employee ids, so the summary query seeks them on the primary key
    (employee_id, day) instead of scanning every entry once per month."""
    return key_table(conn, "_touched", [int(e) for e in employee_ids])


def refresh_daily_months(conn: Connection, day_min: int, day_max: int, employee_ids: list[int]) -> None:
    """Rebuild DailyMonth for the given employees in the months the day range touches.

    Runs inside the caller's transaction (import or rollback), so a summary never disagrees with
    its raw rows.
    """
    e = DailyEntry
    active = case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, 1), else_=0)
    lag_days = e.input_min // 1440 - e.day
    touched = _touched_table(conn, employee_ids)
    for month, first, last in _month_bounds(day_min, day_max):
        in_month = and_(e.day >= first, e.day <= last)
        conn.execute(delete(DailyMonth).where(DailyMonth.month == month,
                                              DailyMonth.employee_id.in_(touched)))
        summary = (
            select(
                e.employee_id,
                literal(month),
                Employee.agency_id,
                Employee.unit_id,
                func.count(),
                func.sum(active),
                func.sum(case((e.status == codes.DAILY_STATUS_CODES["Approved"], 1), else_=0)),
                func.sum(case((and_(e.status >= codes.DAILY_ACTIVE_MIN_CODE, lag_days <= 0), 1), else_=0)),
                func.sum(case((and_(e.status >= codes.DAILY_ACTIVE_MIN_CODE, lag_days <= 7), 1), else_=0)),
                func.coalesce(func.sum(e.approved_min - e.input_min), 0),
                func.min(case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, e.day), else_=None)),
                func.max(case((e.status >= codes.DAILY_ACTIVE_MIN_CODE, e.day), else_=None)),
            )
            .join(Employee, Employee.id == e.employee_id)
            .where(in_month, e.employee_id.in_(touched))
            .group_by(e.employee_id, Employee.agency_id, Employee.unit_id)
        )
        conn.execute(insert(DailyMonth).from_select(
            ["employee_id", "month", "agency_id", "unit_id", "days_entered", "days_active", "days_approved",
             "days_on_time", "days_within_7", "approval_minutes_sum", "first_active_day", "last_active_day"],
            summary,
        ))
    placements.reattribute(conn, employee_ids, [DailyMonth])
