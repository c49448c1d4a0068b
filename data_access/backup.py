"""Backups of the whole database and their restore: SQLite through its online backup API (a consistent
copy while the app reads and writes), PostgreSQL through pg_dump (custom format) and pg_restore's script
run by psql in one transaction. Both are audited; a restore replaces everything, so stop the app first
(docs/operations.md)."""
from __future__ import annotations

import shutil
from contextlib import closing, suppress
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from data_access import audit
from data_access.authz import require_admin
from data_access.config import CLI_OPERATOR, database_url
from data_access.db import dispose_all, get_engine
from data_access.partitions import TABLE as DAILY_TABLE


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


def _restore_postgres(libpq: str, source: Path) -> None:
    """pg_restore's script (--clean: drop what the backup holds, then create and fill it) run by psql in
    one transaction that is committed only when the whole script ran and pg_restore ended well (psql
    stops at the first error; a connection closed without COMMIT changes nothing). daily_entry is dropped
    first, with its monthly partitions: pg_restore's clean step would drop each partition's key and
    indexes one by one, which PostgreSQL refuses while they belong to the parent's."""
    for tool in ("pg_restore", "psql"):
        if shutil.which(tool) is None:
            raise BackupError(f"Perintah {tool} tidak ditemukan; pasang klien PostgreSQL (postgresql-client).")
    listed = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True)
    if listed.returncode != 0:
        raise BackupError(f"pg_restore gagal: {listed.stderr.strip()}")
    first = "".join(f"DROP TABLE IF EXISTS {_quoted(schema)}.{name};\n" for schema, name in _daily_tables(listed.stdout))
    with tempfile.TemporaryFile() as script_err, tempfile.TemporaryFile() as psql_out:
        psql = subprocess.Popen(["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", f"--dbname={libpq}"],
                                stdin=subprocess.PIPE, stdout=psql_out, stderr=subprocess.STDOUT)
        script = subprocess.Popen(["pg_restore", "--clean", "--if-exists", "--no-owner", "--file=-", str(source)],
                                  stdout=subprocess.PIPE, stderr=script_err)
        try:
            psql.stdin.write(f"BEGIN;\n{first}".encode())
            shutil.copyfileobj(script.stdout, psql.stdin, 1 << 20)
            if script.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:  # psql stopped at an error: its transaction is rolled back
            pass
        finally:
            if script.poll() is None:  # psql stopped reading: the rest of the script is not wanted
                script.kill()
            with suppress(BrokenPipeError):
                psql.stdin.close()
        made, ran = script.wait(), psql.wait()
        if ran != 0:
            psql_out.seek(0)
            raise BackupError(f"psql gagal: {psql_out.read().decode(errors='replace').strip()}")
        if made != 0:
            script_err.seek(0)
            raise BackupError(f"pg_restore gagal: {script_err.read().decode(errors='replace').strip()}")


def _daily_tables(toc: str) -> list[tuple[str, str]]:
    """(schema, table) of each daily_entry the backup holds, from `pg_restore --list` (lines such as
    "223; 1259 16399 TABLE public daily_entry postgres"): dropped first, whether partitioned or not."""
    found = []
    for line in toc.splitlines():
        parts = line.split()
        if not line.startswith(";") and len(parts) >= 6 and parts[3] == "TABLE" and parts[5] == DAILY_TABLE \
                and parts[4] not in ("DATA", "ATTACH"):
            found.append((parts[4], parts[5]))
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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
        _restore_postgres(libpq, source)
    dispose_all()
    audit.record_now(get_engine(url), user, "restore", True, file=str(source))
