"""What the completeness view (metrics.completeness) measures each agency against: province-wide
facts with no personal data in them, read once per year and period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, func, select

from data_access import reads
from data_access.models import AdkarResponse, Appraisal, OrgRating, QueueTicket, ServiceRequest, SkmResponse, Training


@dataclass(frozen=True)
class References:
    """appraisal_periods / org_periods: the periods of the year for which any agency delivered
    appraisals / organisation ratings (a period nobody delivered is not yet due); last_dates: the
    province's newest date per dated kind within the span (None = nobody delivered); offices: agencies
    that serve the public (any request or SKM response, any year), of whom layanan and skm are expected;
    queue_offices: those that run a queue at their counter (any queue ticket, any year), of whom
    antrian is expected."""

    appraisal_periods: tuple[str, ...]
    org_periods: tuple[str, ...]
    last_dates: dict[str, date | None]
    service_offices: frozenset[int]
    skm_offices: frozenset[int]
    queue_offices: frozenset[int] = frozenset()


def _day(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def references(engine: Engine, year: int, start: date, end: date) -> References:
    """The province-wide facts for `year` and the span [start, end] (whole province, whatever the
    viewer's scope: only period codes, dates and which agencies are service offices)."""
    until = datetime.combine(end + timedelta(days=1), datetime.min.time())
    since = datetime.combine(start, datetime.min.time())
    with engine.connect() as conn:
        appraisal_periods = tuple(sorted(conn.execute(select(Appraisal.period).distinct().where(
            Appraisal.year == year, Appraisal.predikat.is_not(None))).scalars()))
        org_periods = tuple(sorted(conn.execute(select(OrgRating.period).distinct().where(
            OrgRating.year == year)).scalars()))
        last_dates = {
            "pelatihan": conn.execute(select(func.max(Training.start_date)).where(
                Training.start_date >= start, Training.start_date <= end)).scalar(),
            "layanan": conn.execute(select(func.max(ServiceRequest.received_at)).where(
                ServiceRequest.received_at >= since, ServiceRequest.received_at < until)).scalar(),
            "antrian": conn.execute(select(func.max(QueueTicket.day)).where(
                QueueTicket.day >= start, QueueTicket.day <= end)).scalar(),
            "skm": conn.execute(select(func.max(SkmResponse.survey_date)).where(
                SkmResponse.survey_date >= start, SkmResponse.survey_date <= end)).scalar(),
            "survei_adkar": conn.execute(select(func.max(AdkarResponse.survey_date)).where(
                AdkarResponse.survey_date >= start, AdkarResponse.survey_date <= end)).scalar(),
            "progres_harian": reads.daily_data_end(engine, start.year * 100 + start.month,
                                                   end.year * 100 + end.month, end),
        }
        service_offices = frozenset(conn.execute(select(ServiceRequest.agency_id).distinct()).scalars())
        skm_offices = frozenset(conn.execute(select(SkmResponse.agency_id).distinct()).scalars()) | service_offices
        queue_offices = frozenset(conn.execute(select(QueueTicket.agency_id).distinct()).scalars())
    return References(appraisal_periods, org_periods, {k: _day(v) for k, v in last_dates.items()},
                      service_offices, skm_offices, queue_offices)
