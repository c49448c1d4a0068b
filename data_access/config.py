"""Settings read from the environment: which database, where files go."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DASBOR_DATA_DIR", ROOT / "data"))
DEFAULT_SQLITE_PATH = DATA_DIR / "dasbor.sqlite"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_SQLITE_PATH}"

# The operator the command-line tools act as when no --user is given.
CLI_OPERATOR = "cli"


def database_url(explicit: str | None = None) -> str:
    """The database to use: an explicit URL, else DATABASE_URL, else the default SQLite file."""
    url = explicit or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; accept the common postgres:// spelling too.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def read_database_url() -> str:
    """The database the pages read what they show from: DATABASE_READ_URL (a read-only replica, or a
    read-only role on the same server), else the database itself. Every write (sign-in and sessions,
    users, changes of settings, imports and their checks, the audit log) goes to database_url()."""
    url = os.environ.get("DATABASE_READ_URL")
    return database_url(url) if url else database_url()


def is_default_database(url: str) -> bool:
    """True when the URL is the app's own default SQLite file (the only one demo data may fill unasked)."""
    return url == DEFAULT_DATABASE_URL and not os.environ.get("DATABASE_URL")


