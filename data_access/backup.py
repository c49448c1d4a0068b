"""Backups of the whole database and their restore: SQLite through its online backup API (a consistent
copy while the app reads and writes), PostgreSQL through pg_dump/pg_restore (custom format). Both are
audited; a restore replaces everything, so stop the app first (docs/operations.md)."""
from __future__ import annotations

import shutil
from contextlib import closing
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from data_access import audit
from data_access.authz import require_admin
from data_access.config import CLI_OPERATOR, database_url
from data_access.db import dispose_all, get_engine


class BackupError(RuntimeError):
    """A backup or restore that cannot be done (message in Indonesian); nothing was changed."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def _libpq(url: str) -> tuple[str, str | None]:
    """The URL as pg_dump/pg_restore take it (no SQLAlchemy driver), and the schema named by a
    search_path option, if any (then only that schema is dumped)."""
    parsed = make_url(url)
    options = parsed.query.get("options", "")
    schema = None
    for part in (options if isinstance(options, str) else " ".join(options)).split():
        if part.startswith("-csearch_path="):
            schema = part.split("=", 1)[1].split(",")[0]
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False), schema


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Perintah {command[0]} tidak ditemukan; pasang klien PostgreSQL (postgresql-client).")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {done.stderr.strip()}")


def _require_admin(engine: Engine, user: str) -> None:
    with engine.connect() as conn:
        require_admin(conn, user)


def backup(url: str | None, file: str | Path, user: str = CLI_OPERATOR) -> Path:
    """Write a full copy of the database to `file` (SQLite: a database file; PostgreSQL: pg_dump custom
    format) and audit it. Administrators and the shell operator only."""
    url = database_url(url)
    engine = get_engine(url)
    _require_admin(engine, user)
    target = Path(file)
    # Recorded first, so the copy holds its own record (a restore keeps the trace of the backup).
    audit.record_now(engine, user, "backup", True, file=str(target))
    try:
        _copy_out(url, target)
    except Exception as exc:
        audit.record_now(engine, user, "backup", False, file=str(target), error=str(exc)[:500])
        raise
    return target


def _copy_out(url: str, target: Path) -> None:
    source = _sqlite_path(url)
    if source is not None:
        if target.exists():
            target.unlink()  # the backup API writes pages into whatever file it is given
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        return
    libpq, schema = _libpq(url)
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *(["--schema", schema] if schema else []),
          f"--dbname={libpq}"])


def restore(url: str | None, file: str | Path, user: str = CLI_OPERATOR) -> None:
    """Replace the database with a backup made by `backup` (all or nothing), then audit the restore in
    the restored database. Stop the app first: open sessions would keep reading the old data."""
    url = database_url(url)
    _require_admin(get_engine(url), user)
    source = Path(file)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ada.")
    target = _sqlite_path(url)
    if target is not None:
        try:
            with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as check:
                tables = {n for (n,) in check.execute("select name from sqlite_master where type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} bukan berkas cadangan SQLite: {exc}") from exc
        if not {"alembic_version", "audit_log"} <= tables:
            raise BackupError(f"{source} bukan cadangan dasbor ini (tabelnya tidak dikenal); tidak ada yang diubah.")
        dispose_all()  # no pooled connection may hold the old file
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)  # one step: the target is replaced whole or not at all
    else:
        libpq, _ = _libpq(url)
        dispose_all()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              f"--dbname={libpq}", str(source)])
    dispose_all()
    audit.record_now(get_engine(url), user, "restore", True, file=str(source))
