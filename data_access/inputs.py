"""Everything the metrics need for one year (or one period of it), read once within a viewer's scope."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import reads
from data_access.settings import load_settings
from data_access.scope import Scope
from metrics import appraisal, service
from metrics.catalogue import Metric, Targets


# The frames, each read on first use: a page reads only what it shows (the adoption page never reads
# service requests), and the report, which uses them all, reads each once.
FRAMES = ("agencies", "units", "roster", "appraisals", "org_ratings", "trainings", "leadership", "requests",
          "standards", "skm", "daily_month", "skp", "holiday_corrections")
# Frames with one row per employee fact, narrowed with the roster by `for_staff`.
PER_EMPLOYEE = ("appraisals", "trainings", "leadership", "daily_month", "skp")


class MetricInputs:
    """Frames in the shapes the metrics package documents (attributes named as in FRAMES), read within a
    viewer's scope on first use and then kept; `as_of` bounds open requests and pacing. One object may
    be shared between sessions (ui.data caches it): treat the frames as read-only."""

    def __init__(self, *, year: int, period: str | None, start: date, end: date, as_of: date,
                 settings: dict[str, Any], months: list[int], loaders: dict[str, Callable[[], pd.DataFrame]]):
        if set(loaders) != set(FRAMES):
            raise ValueError(f"loaders must cover exactly {FRAMES}")
        self.year, self.period, self.start, self.end, self.as_of = year, period, start, end, as_of
        self.settings, self.months = settings, months
        self._loaders = loaders
        self._lock = threading.RLock()  # re-entrant: a narrowed frame reads the roster first
        self._derived: dict = {}

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Called only while `name` is not yet an attribute: load it once, then it is a plain attribute.
        loaders = self.__dict__.get("_loaders")
        if loaders is None or name not in loaders:
            raise AttributeError(name)
        with self._lock:
            if name not in self.__dict__:
                self.__dict__[name] = loaders[name]()
        return self.__dict__[name]

    def derived(self, key, compute: Callable[[], Any]) -> Any:
        """A value computed from these inputs once and kept with them (e.g. the adoption window, which
        several views of one page need). Treat it as read-only, like the frames."""
        if key not in self._derived:
            value = compute()
            with self._lock:
                self._derived.setdefault(key, value)
        return self._derived[key]

    def loaded(self) -> set[str]:
        """The frames read so far."""
        return {name for name in FRAMES if name in self.__dict__}

    # The settings as the metrics take them: the one path from a stored setting into a computation.
    @property
    def distribution_rules(self) -> dict:
        return appraisal.rules_from_table(self.settings["distribution_rules"])

    @property
    def ikm_bands(self) -> tuple:
        return service.bands_from_table(self.settings["ikm_bands"])

    @property
    def targets(self) -> Targets:
        return Targets(self.settings["metric_targets"])

    def metric(self, metric_id: str, agency_id: int | None = None) -> Metric:
        """The catalogue entry with the target in force for this year (and agency, when given)."""
        return self.targets.metric(metric_id, self.year, agency_id)

    def for_staff(self, statuses=(), jabatan_types=()) -> "MetricInputs":
        """The same inputs for part of the staff (employment status, jabatan type; empty = all): the
        roster and every per-employee frame keep only those employees; service data is not per employee.
        Frames still come from (and are read once by) this object."""
        if not statuses and not jabatan_types:
            return self

        def roster() -> pd.DataFrame:
            kept = self.roster
            if statuses:
                kept = kept[kept["status"].isin(list(statuses))]
            if jabatan_types:
                kept = kept[kept["jabatan_type"].isin(list(jabatan_types))]
            return kept

        narrowed: MetricInputs

        def of(name: str) -> Callable[[], pd.DataFrame]:
            return lambda: (frame := getattr(self, name))[frame["employee_id"].isin(narrowed.roster["employee_id"])]

        loaders = {name: (lambda n=name: getattr(self, n)) for name in FRAMES}
        loaders |= {"roster": roster} | {name: of(name) for name in PER_EMPLOYEE}
        narrowed = MetricInputs(year=self.year, period=self.period, start=self.start, end=self.end,
                                as_of=self.as_of, settings=self.settings, months=self.months, loaders=loaders)
        return narrowed


def load_inputs(engine: Engine, scope: Scope, year: int, start: date, end: date, months: list[int],
                period: str | None = None, today: date | None = None) -> MetricInputs:
    """The metrics' inputs for [start, end] (a year or a period of it), each filtered by scope and read
    from the database on first use."""
    today = today or date.today()
    with engine.connect() as conn:
        settings = load_settings(conn)
    begin = datetime.combine(start, datetime.min.time())
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time())
    loaders = {
        "agencies": lambda: reads.agencies(engine, scope),
        "units": lambda: reads.units(engine, scope),
        "roster": lambda: reads.roster(engine, scope, on=min(end, today)),  # the roll as the window ends
        "appraisals": lambda: reads.appraisals(engine, scope, year),
        "org_ratings": lambda: reads.org_ratings(engine, scope, year),
        "trainings": lambda: reads.trainings(engine, scope, start, end),
        "leadership": lambda: reads.leadership_trainings(engine, scope),
        "requests": lambda: reads.service_requests(engine, scope, begin, finish),
        "standards": lambda: reads.service_standards(engine),
        "skm": lambda: reads.skm_responses(engine, scope, start, end),
        "daily_month": lambda: reads.daily_months(engine, scope, months[0], months[-1]),
        "skp": lambda: reads.skps(engine, scope),
        "holiday_corrections": lambda: reads.holiday_corrections(engine),
    }
    return MetricInputs(year=year, period=period, start=start, end=end, as_of=min(end, today),
                        settings=settings, months=months, loaders=loaders)
