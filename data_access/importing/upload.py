"""What the upload page may do, checked here and not only on the page: who may upload, how big a file
may be, a validation that writes nothing (the import's own path, rolled back), the commit, the batch
history and rollback.

Only analysts and administrators may upload or roll back; every function that reads a file or
writes checks the user's role in the database first.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, select

from data_access import audit
from vocab.kinds import KINDS
from data_access.importing.cells import refused_headers
from data_access.importing.load import ImportResult, detect_kind, import_file
from data_access.importing.problems import ERROR, WARNING, ImportRejected, Problem, ReadError
from data_access.importing.reading import iter_table, sheet_names
from data_access.importing.rollback import RollbackResult, batches_in_scope, rollback_batch, rows_outside_scope
from data_access.models import AppUser
from data_access.schema import ensure_schema
from data_access.scope import scope_for_user
from data_access.settings import load_settings

UPLOAD_ROLES = ("analis", "admin")
UPLOAD_TYPES = ("csv", "xlsx")  # the file uploader's `type` and the check below
PREVIEW_ROWS = 10


class NotAllowed(PermissionError):
    """The user may not upload or roll back (message in Indonesian)."""


def may_upload(role: str) -> bool:
    return role in UPLOAD_ROLES


def require_uploader(engine: Engine, username: str) -> str:
    """The user's role, if an active analyst or administrator; else NotAllowed."""
    with engine.connect() as conn:
        role = conn.execute(select(AppUser.role).where(AppUser.username == username,
                                                       AppUser.active.is_(True))).scalar()
    if role is None or not may_upload(role):
        raise NotAllowed(f"Pengguna '{username}' tidak berhak mengunggah atau membatalkan data: hanya analis "
                         "data dan administrator.")
    return role


def max_upload_mb(engine: Engine) -> int:
    """The upload limit in megabytes (setting `max_upload_mb`)."""
    ensure_schema(engine)
    with engine.connect() as conn:
        return int(load_settings(conn)["max_upload_mb"])


def check_size(file_name: str, size: int, limit_mb: int) -> None:
    """Refuse a file larger than the limit before anything reads it."""
    if size > limit_mb * 1024 * 1024:
        raise ReadError(f"{file_name}: berkas berukuran {size / 1024 / 1024:.1f} MB melebihi batas unggahan "
                        f"{limit_mb} MB. Pecah berkas menjadi beberapa bagian (misalnya per OPD atau per bulan), "
                        "atau minta administrator menaikkan batasnya.")


def check_type(file_name: str) -> None:
    """Refuse a file whose name does not end in an accepted type, before anything reads it (the page's
    uploader filters too; this holds for any caller)."""
    if file_name.rsplit(".", 1)[-1].lower() not in UPLOAD_TYPES or "." not in file_name:
        raise ReadError(f"{file_name}: jenis berkas tidak diterima; unggah CSV atau XLSX "
                        f"({', '.join('.' + t for t in UPLOAD_TYPES)}).")


def _file_problem(file_name: str, exc: Exception) -> Problem:
    text = str(exc)
    if text.startswith(f"{file_name}: "):
        text = text[len(file_name) + 2:]
    return Problem(ERROR, file_name, None, None, None, None, text)


@dataclass
class Inspection:
    """A first look at an uploaded file: its sheets, the kind its headers suggest, the first rows."""

    file_name: str
    size: int
    sheets: list[str] = field(default_factory=list)
    sheet_used: str | None = None
    detected_kind: str | None = None
    rows: int = 0
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    problem: Problem | None = None  # the file cannot be read (or is too big): nothing else is filled


def inspect_file(engine: Engine, username: str, data: bytes, file_name: str,
                 sheet: str | None = None) -> Inspection:
    require_uploader(engine, username)
    found = Inspection(file_name, len(data))
    try:
        check_type(file_name)
        check_size(file_name, len(data), max_upload_mb(engine))
        found.sheets = sheet_names(data)
        chunks = iter_table(data, file_name, sheet=sheet)
        raw = next(chunks)  # the first chunk shows the file; the rest are only counted
        found.rows = len(raw.frame) + sum(len(chunk.frame) for chunk in chunks)
    except ReadError as exc:
        found.problem = _file_problem(file_name, exc)
        return found
    found.sheet_used = raw.sheet
    found.detected_kind = detect_kind(raw)
    preview = raw.frame.head(PREVIEW_ROWS)
    # Cells as the file has them (text), with the line number an analyst finds in the file.
    preview = preview.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))
    preview.insert(0, "Baris", raw.lines.head(PREVIEW_ROWS).to_numpy())
    found.preview = preview
    return found


def shown_preview(found: Inspection, kind: str | None) -> tuple[pd.DataFrame, list[str]]:
    """The preview the page shows for the chosen (or detected) kind, and the columns left out of it: a
    column the kind refuses (survei_adkar: NIP, name) is never shown, as the survey is anonymous."""
    spec = KINDS.get(kind or found.detected_kind or "")
    hidden = refused_headers(spec, found.preview.columns) if spec else []
    return found.preview.drop(columns=hidden), hidden


@dataclass
class Validation:
    """The outcome of a dry run: every problem, and what a commit would do (None when it cannot)."""

    file_name: str
    kind: str
    problems: list[Problem]
    result: ImportResult | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def blocked_by_warnings(self) -> bool:
        """Only warnings stand in the way: skipping the warned rows would let the file in."""
        return self.result is None and not self.errors and bool(self.warnings)

    @property
    def can_commit(self) -> bool:
        return self.result is not None and not self.result.duplicate_file


@dataclass(frozen=True)
class UploadRequest:
    """What the analyst chose for one file (kind, mode, sheet, year, period, skip warned rows)."""

    kind: str
    mode: str = "append"
    sheet: str | None = None
    year: int | None = None
    period: str | None = None
    skip_warned_rows: bool = False


def _run(engine: Engine, username: str, data: bytes, file_name: str, request: UploadRequest,
         dry_run: bool) -> ImportResult:
    require_uploader(engine, username)
    if request.kind not in KINDS:
        raise ValueError(f"jenis data tidak dikenal: {request.kind}")
    check_type(file_name)
    check_size(file_name, len(data), max_upload_mb(engine))
    with engine.connect() as conn:
        scope = scope_for_user(conn, username)
    return import_file(engine, file_name, request.kind, user=username, mode=request.mode,
                       skip_warned_rows=request.skip_warned_rows, file_name=file_name, data=data,
                       sheet=request.sheet, scope=scope, year=request.year, period=request.period,
                       dry_run=dry_run)


def validate_upload(engine: Engine, username: str, data: bytes, file_name: str,
                    request: UploadRequest) -> Validation:
    """Run the import exactly as a commit would, then roll it back: nothing is written."""
    try:
        result = _run(engine, username, data, file_name, request, dry_run=True)
    except ReadError as exc:
        return Validation(file_name, request.kind, [_file_problem(file_name, exc)])
    except ImportRejected as exc:
        return Validation(file_name, request.kind, list(exc.problems))
    return Validation(file_name, request.kind, list(result.notes), result)


def commit_upload(engine: Engine, username: str, data: bytes, file_name: str,
                  request: UploadRequest) -> ImportResult:
    """Import the file for real (one transaction); raises ImportRejected/ReadError, nothing written."""
    return _run(engine, username, data, file_name, request, dry_run=False)


def batch_history(engine: Engine, username: str) -> pd.DataFrame:
    """The batches this analyst or administrator may see, newest first (rollback.batches_in_scope):
    all of them with a grant of the whole province; otherwise those whose stored rows all lie inside
    the user's scope, and the user's own uploads."""
    require_uploader(engine, username)
    with engine.connect() as conn:
        scope = scope_for_user(conn, username)
    return batches_in_scope(engine, scope, username)


def rollback_upload(engine: Engine, username: str, batch_id: int) -> RollbackResult:
    """Undo a batch as this user (analysts and administrators only), when every row of the batch lies
    inside the user's scope: nobody undoes another region's data."""
    require_uploader(engine, username)
    with engine.connect() as conn:
        scope = scope_for_user(conn, username)
    outside = rows_outside_scope(engine, batch_id, scope)
    if outside:
        audit.record_after_failure(engine, username, "rollback", batch=batch_id,
                                   reason=f"{outside} baris di luar cakupan")
        raise NotAllowed(f"Impor nomor {batch_id} memuat {outside} baris di luar cakupan data Anda; impor ini hanya "
                         "dapat dibatalkan oleh analis atau administrator yang cakupannya meliputi semua barisnya.")
    return rollback_batch(engine, batch_id, user=username)
