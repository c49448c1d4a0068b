"""The engine: one per database URL, SQLite in WAL mode with a busy timeout."""
from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from data_access.arrow_read import close_all
from data_access.config import database_url

SQLITE_BUSY_TIMEOUT_MS = 30_000

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


def get_engine(url: str | None = None) -> Engine:
    """The shared engine for a URL (default: DATABASE_URL or the default SQLite file)."""
    resolved = database_url(url)
    with _lock:
        if resolved not in _engines:
            _engines[resolved] = _create(resolved)
        return _engines[resolved]


def dispose_all() -> None:
    """Close every pooled connection and forget the engines (tests that drop databases use this)."""
    close_all()
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
