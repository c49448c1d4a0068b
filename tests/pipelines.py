"""The inputs the pipeline tests read: a whole province's view of one period, on a fixed clock."""
from __future__ import annotations

from datetime import datetime

from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import Scope
from vocab.periods import month_keys, period_bounds

NOW = datetime(2026, 11, 28, 10)


def province_inputs(url: str, year: int, period: str | None = None, now: datetime = NOW):
    """MetricInputs of the whole province (full scope) for a year or one of its periods."""
    start, end = period_bounds(year, period)
    return load_inputs(get_engine(url), Scope.full("uji"), year, start, end, month_keys(year, period),
                       period=period, now=now)
