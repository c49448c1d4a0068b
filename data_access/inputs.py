"""Everything the metrics need for one year (or one period of it), read once within a viewer's scope."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from vocab import codes, curve
from vocab import ikm
from data_access import reads
from vocab.clock import now_wib
from data_access.settings import load_settings
from data_access.scope import Scope
from vocab.catalogue import Metric, Targets
from vocab.periods import period_bounds


# The frames, each read on first use: a page reads only what it shows (the adoption page never reads
# service requests), and the report, which uses them all, reads each once.
# `daily_end` is not a frame but one province-wide fact: the last day with e-Kinerja data in the span
# (a date, or None), the same for every viewer whatever their scope. `daily_month_ytd` is the monthly
# e-Kinerja summary from January of the year to the span's last month: the history that "never active"
# and "stopped reporting" are judged on (for the whole year it is `daily_month` itself);
# `daily_month_before` the same summary of the December before that January, read only while a January
# settles (metrics.adoption.settling: who reported in December has not stopped yet). `activities`
# are the mentoring activities of the span and of ACTIVITY_MARGIN before and after it (those outside
# the span are not shown: they only keep a unit with an activity of its own in the weeks compared out of
# a comparison); `activity_weeks` the weekly e-Kinerja sums around them (ACTIVITY_MARGIN before the
# span's first and after its last day) of the staff placed in the activities' agencies, or in any agency
# of the same name, in those weeks (the comparison units come from these); `activity_data_end`, like
# `daily_end`, the province's last day with e-Kinerja data up to ACTIVITY_MARGIN after the span (the
# weeks after an activity late in a past quarter lie in the next one).
FRAMES = ("agencies", "units", "roster", "appraisals", "org_ratings", "trainings", "leadership", "requests",
          "standards", "skm", "queue", "adkar", "activities", "activity_weeks", "activity_data_end", "daily_month", "daily_month_ytd",
          "daily_month_before", "skp", "holiday_corrections", "daily_end")
# Frames with one row per employee fact, narrowed with the roster by `for_staff`. Not `activity_weeks`:
# an activity's sides are the roll of its own day (roster_at), which holds staff gone by the span's end;
# the rows of staff on no side are not counted.
PER_EMPLOYEE = ("appraisals", "trainings", "leadership", "daily_month", "daily_month_ytd", "daily_month_before", "skp")
# The threads `MetricInputs.prefetch` reads in: the database drivers read outside Python's lock, so two
# reads (or a read and the computation that waits for another frame) run at once on two cores.
_READERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="inputs-read")


ACTIVITY_MARGIN = timedelta(weeks=codes.MENTORING_WINDOW_WEEKS + 1)


def _activity_agencies(activities: pd.DataFrame, agencies: pd.DataFrame) -> list[int]:
    """The agencies of the activities and every agency in `agencies` of the same name."""
    names = set(agencies.loc[agencies["agency_id"].isin(activities["agency_id"]), "agency"])
    return sorted({int(a) for a in activities["agency_id"]}
                  | {int(a) for a in agencies.loc[agencies["agency"].isin(names), "agency_id"]})


def _month(day: date) -> int:
    return day.year * 100 + day.month


def measured_at(end: date, now: datetime) -> datetime:
    """When open requests of a span ending on `end` are measured: the end of its last day, or now while
    the span is running (domain.md §4). Never the day after: that day is not part of the period."""
    return min(datetime.combine(end, time(23, 59, 59)), now)


class MetricInputs:
    """Frames in the shapes the metrics package documents (attributes named as in FRAMES), read within a
    viewer's scope on first use and then kept. `now` is the one clock (vocab.clock.now_wib);
    `as_of` = min(end, today) is the day the span is measured to (pacing, the roll of the current
    period), `measured_at` the moment open requests are measured. One object may be shared between
    sessions (ui.data caches it): treat the frames as read-only."""

    def __init__(self, *, year: int, period: str | None, start: date, end: date, now: datetime,
                 settings: dict[str, Any], months: list[int], loaders: dict[str, Callable[[], pd.DataFrame]],
                 roster_on: Callable[[date], pd.DataFrame] | None = None):
        if set(loaders) != set(FRAMES):
            raise ValueError(f"loaders must cover exactly {FRAMES}")
        self.year, self.period, self.start, self.end = year, period, start, end
        self.now = now
        self.as_of = min(end, now.date())
        self.measured_at = measured_at(end, now)
        self.settings, self.months = settings, months
        self._loaders = loaders
        self._roster_on = roster_on
        self._lock = threading.Lock()  # for derived values
        # One lock per frame, so that two frames are read at once (prefetch); re-entrant: a narrowed
        # frame reads the roster first (frames wait only on frames read before them: no cycle).
        self._locks = {name: threading.RLock() for name in loaders}
        self._derived: dict = {}

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Called only while `name` is not yet an attribute: load it once, then it is a plain attribute.
        loaders = self.__dict__.get("_loaders")
        if loaders is None or name not in loaders:
            raise AttributeError(name)
        with self._locks[name]:
            if name not in self.__dict__:
                self.__dict__[name] = loaders[name]()
        return self.__dict__[name]

    def prefetch(self, names: Iterable[str]) -> None:
        """Start reading these frames in the background, in this order (the largest first reads best);
        a frame asked for before its read ends waits for it, one whose read failed is read again (and
        fails) where it is asked for."""
        for name in names:
            if name not in self.__dict__:
                _READERS.submit(getattr, self, name)

    def derived(self, key, compute: Callable[[], Any]) -> Any:
        """A value computed from these inputs once and kept with them (e.g. the adoption window, which
        several views of one page need). Treat it as read-only, like the frames."""
        if key not in self._derived:
            value = compute()
            with self._lock:
                self._derived.setdefault(key, value)
        return self._derived[key]

    def roster_at(self, day: date) -> pd.DataFrame:
        """The roll on `day` (placed where each was that day), in the same scope and staff filter as
        `roster`, which is the roll on `as_of`."""
        if day == self.as_of or self._roster_on is None:
            return self.roster
        return self.derived(("roster_at", day), lambda: self._roster_on(day))

    def appraisal_roster(self, period: str | None, year: int | None = None) -> pd.DataFrame:
        """Whom an appraisal period (of this year, or of `year`) rates: the roll on that period's last
        day (today while it runs), not the roll of the span shown (a joiner of November is not unrated
        in the third quarter)."""
        if period is None:
            return self.roster
        return self.roster_at(min(period_bounds(year or self.year, period)[1], self.now.date()))

    def loaded(self) -> set[str]:
        """The frames read so far."""
        return {name for name in FRAMES if name in self.__dict__}

    # The settings as the metrics take them: the one path from a stored setting into a computation.
    @property
    def distribution_rules(self) -> dict:
        return curve.rules_from_table(self.settings["distribution_rules"])

    @property
    def ikm_bands(self) -> tuple:
        return ikm.bands_from_table(self.settings["ikm_bands"])

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

        def staff(kept: pd.DataFrame) -> pd.DataFrame:
            if statuses:
                kept = kept[kept["status"].isin(list(statuses))]
            if jabatan_types:
                kept = kept[kept["jabatan_type"].isin(list(jabatan_types))]
            return kept

        def roster() -> pd.DataFrame:
            return staff(self.roster)

        narrowed: MetricInputs

        def of(name: str) -> Callable[[], pd.DataFrame]:
            return lambda: (frame := getattr(self, name))[frame["employee_id"].isin(narrowed.roster["employee_id"])]

        def appraisals() -> pd.DataFrame:
            # Each appraisal period rates the roll of its own last day: keep whoever the staff filter
            # admits on that roll, also those who left (or changed status) before the span's end.
            frame = self.appraisals
            kept = set(narrowed.roster["employee_id"])
            for year, period in frame[["year", "period"]].drop_duplicates().itertuples(index=False):
                if int(year) == self.year:
                    kept |= set(narrowed.appraisal_roster(period)["employee_id"])
            return frame[frame["employee_id"].isin(kept)]

        loaders = {name: (lambda n=name: getattr(self, n)) for name in FRAMES}
        loaders |= {"roster": roster} | {name: of(name) for name in PER_EMPLOYEE} | {"appraisals": appraisals}
        narrowed = MetricInputs(year=self.year, period=self.period, start=self.start, end=self.end,
                                now=self.now, settings=self.settings, months=self.months, loaders=loaders,
                                roster_on=lambda day: staff(self.roster_at(day)))
        return narrowed


def _once(read: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """`read` called at most once, also by two threads at the same moment (prefetch): the second waits
    for the first's frame."""
    lock, kept = threading.Lock(), []

    def frame() -> pd.DataFrame:
        with lock:
            if not kept:
                kept.append(read())
        return kept[0]
    return frame


def load_inputs(engine: Engine, scope: Scope, year: int, start: date, end: date, months: list[int],
                period: str | None = None, now: datetime | None = None) -> MetricInputs:
    """The metrics' inputs for [start, end] (a year or a period of it), each filtered by scope and read
    from the database on first use; `now` defaults to the one clock (now_wib)."""
    now = now or now_wib()
    today = now.date()
    january = year * 100 + 1

    @_once
    def ytd() -> pd.DataFrame:  # read once, shared by daily_month when the span starts in January
        return reads.daily_months(engine, scope, january, months[-1])

    @_once
    def activities() -> pd.DataFrame:  # read once, also to know whose weeks `activity_weeks` reads
        return reads.mentoring_activities(engine, scope, start - ACTIVITY_MARGIN, end + ACTIVITY_MARGIN)

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
        "queue": lambda: reads.queue_tickets(engine, scope, start, end),
        "adkar": lambda: reads.adkar_responses(engine, scope, start, end),
        "activities": activities,
        "activity_weeks": lambda: reads.daily_weeks(engine, scope, start - ACTIVITY_MARGIN, end + ACTIVITY_MARGIN,
                                                    _activity_agencies(activities(), reads.agencies(engine, scope))),
        "activity_data_end": lambda: reads.daily_data_end(
            engine, _month(start - ACTIVITY_MARGIN), _month(end + ACTIVITY_MARGIN), min(end + ACTIVITY_MARGIN, today)),
        "daily_month": lambda: (ytd() if months[0] == january else
                                reads.daily_months(engine, scope, months[0], months[-1])),
        "daily_month_ytd": lambda: ytd(),
        "daily_month_before": lambda: reads.daily_months(engine, scope, (year - 1) * 100 + 12, (year - 1) * 100 + 12),
        "skp": lambda: reads.skps(engine, scope),
        "holiday_corrections": lambda: reads.holiday_corrections(engine),
        # Province-wide, whatever the scope: the span is measured to the same day for every viewer.
        "daily_end": lambda: reads.daily_data_end(engine, months[0], months[-1], min(end, today)),
    }
    return MetricInputs(year=year, period=period, start=start, end=end, now=now,
                        settings=settings, months=months, loaders=loaders,
                        roster_on=lambda day: reads.roster(engine, scope, on=day))
