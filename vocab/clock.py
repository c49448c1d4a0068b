"""The one clock of the product, in WIB (the extracts' time zone)."""
from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

# Every time in the extracts is WIB; the database stores naive WIB wall-clock times.
WIB = ZoneInfo("Asia/Jakarta")

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
