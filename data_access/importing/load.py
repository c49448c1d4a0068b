"""Import one extract: map headers, parse, validate, resolve, then load whole in one transaction.

Every problem is collected before anything is written; if any blocks, the transaction is rolled back
and the database is exactly as before. The demo generator and the command line call the same
`import_table`. This module is the job: the entry points and the run of the stages over the file's
chunks (_Job); the stages live beside it: cells.py (headers and cells), checks.py (keys repeated in
the file, each kind's rules), resolve.py (names and NIPs to ids, scope), loaders.py (writing each
kind), daily_months.py (the monthly summary of daily entries); job_state.py holds what they share.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from data_access import audit, placements
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.importing.cells import match_headers, prepare
from data_access.importing.checks import check_kind, in_file_duplicates
from data_access.importing.daily_months import finish_daily
from data_access.importing.job_state import JobState
from data_access.importing.loaders import ATTRIBUTED, LOADERS, sync_placements
from data_access.importing.prefetch import prefetched
from data_access.importing.problems import ERROR, WARNING, ImportRejected, Problem, ReadError
from data_access.importing.reading import CHUNK_ROWS, RawTable, iter_table
from data_access.importing.replace import deactivate_absent, replace_facts
from data_access.importing.resolve import check_scope, create_orgs, resolve
from data_access.models import ImportBatch
from data_access.schema import ensure_schema
from data_access.scope import Scope
from vocab.kinds import KINDS, Kind, header_key, header_map

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
    chunks = prefetched(iter_table(data, file_name, sheet=sheet, kind=kind_spec,
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
class _Job(JobState):
    """One import: the file's header facts, then chunk after chunk checked (`take`) and, while nothing
    blocks, loaded; `finish` raises on any blocking problem or completes the batch."""

    def take(self, chunk: RawTable, digest: str) -> None:
        """Check one chunk; load it while nothing blocks (then only check, to report everything)."""
        first = self.raw is None
        self.raw = chunk
        self.rows_in_file += len(chunk.frame)
        if first:
            self.sheet, self.ignored_sheets = chunk.sheet, list(chunk.ignored_sheets)
            match_headers(self)
        self.chunk_start = len(self.problems)
        if any(p.line is None and p.severity == ERROR for p in self.problems) or chunk.frame.empty:
            return  # a file-level error (a missing column …): the rows cannot be read as this kind
        self.unknown_columns += [h for h in chunk.frame.columns
                                 if header_key(h) not in header_map(self.kind) and h not in self.unknown_columns]
        prepare(self)
        check_kind(self)
        resolve(self)
        in_file_duplicates(self)
        check_scope(self)
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
        self.add_hidden()
        if self.errors or self.blocking_warnings:
            raise ImportRejected(self.problems)
        result = self.result
        if self.mode == "replace" and self.kind.name == "pegawai":
            result.employees_deactivated = deactivate_absent(self, self.batch_id)
        if self.kind.name == "pegawai":
            sync_placements(self)
        if self.kind.name == "progres_harian":
            finish_daily(self.conn, self.daily, self.batch_id, self.replaced_employees)
        year, period = _batch_period(self.years, self.periods, self.date_years)
        result.year, result.period = year, period
        result.rows_in_file = self.rows_in_file
        result.rows_inserted = self.inserted
        result.rows_changed = self.changed_skipped
        result.skipped_warned_rows = self.warned_skipped
        result.rows_skipped = (self.rows_in_file - self.inserted - self.warned_skipped
                               - result.employees_updated - self.changed_skipped)
        result.notes = [p for p in self.problems if p.severity == WARNING]
        self._complete_batch(result)
        return result

    def _complete_batch(self, result: ImportResult) -> None:
        """The batch row gets the file's counts, year and period, and what the import created or met."""
        self.conn.execute(
            ImportBatch.__table__.update().where(ImportBatch.id == self.batch_id).values(
                year=result.year, period=result.period, rows_in_file=self.rows_in_file,
                rows_inserted=result.rows_inserted, rows_skipped=result.rows_skipped,
                summary=json.dumps({"created_agencies": result.created_agencies,
                                    "created_units": result.created_units,
                                    "unknown_columns": self.unknown_columns,
                                    "rows_changed": result.rows_changed,
                                    "sheets": self.sheet, "ignored_sheets": self.ignored_sheets},
                                   ensure_ascii=False))
        )

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
        create_orgs(self)
        if not len(df):
            return
        self.loading = (int(df["_line"].min()), int(df["_line"].max())) if "_line" in df else None
        if self.mode == "replace" and self.kind.name != "pegawai":
            self.result.rows_replaced += replace_facts(self, self.batch_id)
        inserted = LOADERS[self.kind.name](self, self.batch_id)
        self.loading = None
        if inserted and self.kind.name in ATTRIBUTED:  # facts of transferred staff go where they were then
            placements.reattribute(self.conn, df["employee_id"].dropna().unique().tolist(),
                                   [ATTRIBUTED[self.kind.name]])
        self.inserted += inserted


_DATE_COLUMNS = ("day", "survey_date", "start_date", "received_at", "period_start")


def _batch_period(years: set, periods: set, date_years: dict[str, set]) -> tuple[int | None, str | None]:
    """The batch's year (and period) when the whole file has only one."""
    if len(years) == 1:
        return int(next(iter(years))), (next(iter(periods)) if len(periods) == 1 else None)
    for col in _DATE_COLUMNS:
        if len(date_years.get(col, ())) == 1:
            return int(next(iter(date_years[col]))), None
    return None, None
