"""Settings read from the environment: which database, where files go, the time zone."""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DASBOR_DATA_DIR", ROOT / "data"))
DEFAULT_SQLITE_PATH = DATA_DIR / "dasbor.sqlite"
DEFAULT_DATABASE_URL = f"sqlite:///{DEFAULT_SQLITE_PATH}"

# Every time in the extracts is WIB; the database stores naive WIB wall-clock times.
WIB = ZoneInfo("Asia/Jakarta")

# The operator the command-line tools act as when no --user is given.
CLI_OPERATOR = "cli"


def database_url(explicit: str | None = None) -> str:
    """The database to use: an explicit URL, else DATABASE_URL, else the default SQLite file."""
    url = explicit or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; accept the common postgres:// spelling too.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def is_default_database(url: str) -> bool:
    """True when the URL is the app's own default SQLite file (the only one demo data may fill unasked)."""
    return url == DEFAULT_DATABASE_URL and not os.environ.get("DATABASE_URL")


# The one clock of the product: every "now" and "today" (open requests, pacing, the roll of the current
# period, exports' time stamps) comes from now_wib(). Setting DASBOR_NOW (ISO date or date-time, WIB)
# freezes it, for the demo, the report, the pages and the tests alike.
CLOCK_ENV = "DASBOR_NOW"


def now_wib() -> datetime:
    """Current WIB wall-clock time, naive, as stored in the database (DASBOR_NOW when set)."""
    frozen = os.environ.get(CLOCK_ENV, "").strip()
    if frozen:
        try:
            value = datetime.fromisoformat(frozen)
        except ValueError:
            raise ValueError(f"{CLOCK_ENV} harus tanggal atau tanggal-waktu ISO (mis. 2027-01-04T09:30), "
                             f"bukan {frozen!r}") from None
        return value.replace(tzinfo=None, microsecond=0) if value.tzinfo is None else \
            value.astimezone(WIB).replace(tzinfo=None, microsecond=0)
    return datetime.now(WIB).replace(tzinfo=None, microsecond=0)


def today_wib() -> date:
    """Today in WIB, from the one clock."""
    return now_wib().date()
