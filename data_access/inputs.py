"""Everything the metrics need for one year (or one period of it), read once within a viewer's scope."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from data_access import reads
from data_access.settings import load_settings
from data_access.scope import Scope
from metrics import appraisal, service
from metrics.catalogue import Metric, Targets


@dataclass
class MetricInputs:
    """Frames in the shapes the metrics package documents; `as_of` bounds open requests and pacing."""

    year: int
    period: str | None
    start: date
    end: date
    as_of: date
    settings: dict[str, Any]
    agencies: pd.DataFrame
    units: pd.DataFrame
    roster: pd.DataFrame
    appraisals: pd.DataFrame
    org_ratings: pd.DataFrame
    trainings: pd.DataFrame
    leadership: pd.DataFrame
    requests: pd.DataFrame
    standards: pd.DataFrame
    skm: pd.DataFrame
    daily_month: pd.DataFrame
    skp: pd.DataFrame
    holiday_corrections: pd.DataFrame
    months: list[int] = field(default_factory=list)

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
        roster and every per-employee frame keep only those employees; service data is not per employee."""
        if not statuses and not jabatan_types:
            return self
        roster = self.roster
        if statuses:
            roster = roster[roster["status"].isin(list(statuses))]
        if jabatan_types:
            roster = roster[roster["jabatan_type"].isin(list(jabatan_types))]
        keep = roster["employee_id"]

        def of(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["employee_id"].isin(keep)]

        return replace(self, roster=roster, appraisals=of(self.appraisals), trainings=of(self.trainings),
                       leadership=of(self.leadership), daily_month=of(self.daily_month), skp=of(self.skp))


def load_inputs(engine: Engine, scope: Scope, year: int, start: date, end: date, months: list[int],
                period: str | None = None, today: date | None = None) -> MetricInputs:
    """Read the metrics' inputs for [start, end] (a year or a period of it), each filtered by scope."""
    today = today or date.today()
    with engine.connect() as conn:
        settings = load_settings(conn)
    return MetricInputs(
        year=year, period=period, start=start, end=end, as_of=min(end, today), settings=settings,
        agencies=reads.agencies(engine, scope),
        units=reads.units(engine, scope),
        roster=reads.roster(engine, scope),
        appraisals=reads.appraisals(engine, scope, year),
        org_ratings=reads.org_ratings(engine, scope, year),
        trainings=reads.trainings(engine, scope, start, end),
        leadership=reads.leadership_trainings(engine, scope),
        requests=reads.service_requests(engine, scope, datetime.combine(start, datetime.min.time()),
                                        datetime.combine(end + timedelta(days=1), datetime.min.time())),
        standards=reads.service_standards(engine),
        skm=reads.skm_responses(engine, scope, start, end),
        daily_month=reads.daily_months(engine, scope, months[0], months[-1]),
        skp=reads.skps(engine, scope),
        holiday_corrections=reads.holiday_corrections(engine),
        months=months,
    )
