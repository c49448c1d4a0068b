"""Scoped reads the pages and the report command use. Every function takes the viewer's Scope and
filters in SQL; nothing outside the scope leaves the database."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, case, func, or_, select

from data_access.models import (
    AdkarResponse,
    Agency,
    Appraisal,
    DailyEntry,
    DailyMonth,
    Employee,
    EmployeePlacement,
    HolidayCorrection,
    ImportBatch,
    MentoringActivity,
    OrgChange,
    OrgRating,
    QueueTicket,
    Region,
    ServiceRequest,
    ServiceStandard,
    SkmResponse,
    Skp,
    Training,
    Unit,
)
from data_access.arrow_read import read_frame
from vocab.clock import now_wib
from data_access.placements import covering
from data_access.privacy import mask_nip, name_policy
from data_access.scope import Scope
from data_access.settings import load_settings, settings_version
from vocab import codes
from vocab.kinds import ADKAR_FIELDS
from vocab.settings import year_range

_EPOCH = date(1970, 1, 1)  # daily_month stores days as days since this date


def _frame(engine: Engine, stmt) -> pd.DataFrame:
    # Columns straight from the database (data_access.arrow_read): the frame read_sql would build.
    return read_frame(engine, stmt)


def regions(engine: Engine, scope: Scope) -> pd.DataFrame:
    """Regions holding at least one agency the viewer may see: region_id, region_code, region."""
    stmt = (
        select(Region.id.label("region_id"), Region.code.label("region_code"), Region.name.label("region"))
        .join(Agency, Agency.region_id == Region.id)
        .where(scope.container_clause(Agency.region_id, Agency.id))
        .distinct()
        .order_by(Region.code)
    )
    return _frame(engine, stmt)


def agencies(engine: Engine, scope: Scope, region_ids: list[int] | None = None) -> pd.DataFrame:
    """Agencies in scope: agency_id, agency, region_id, region_code, region."""
    # An agency merged into another is history: its rows are filed under its successor.
    where = [scope.container_clause(Agency.region_id, Agency.id), Agency.successor_id.is_(None)]
    if region_ids:
        where.append(Agency.region_id.in_(region_ids))
    stmt = (
        select(Agency.id.label("agency_id"), Agency.name.label("agency"),
               Region.id.label("region_id"), Region.code.label("region_code"), Region.name.label("region"))
        .join(Region, Region.id == Agency.region_id)
        .where(*where)
        .order_by(Region.code, Agency.name)
    )
    return _frame(engine, stmt)


def units(engine: Engine, scope: Scope) -> pd.DataFrame:
    """Units in scope: unit_id, unit, agency_id."""
    stmt = (
        select(Unit.id.label("unit_id"), Unit.name.label("unit"), Unit.agency_id)
        .join(Agency, Agency.id == Unit.agency_id)
        .where(scope.clause(Agency.region_id, Unit.agency_id, Unit.id))
        .order_by(Unit.agency_id, Unit.name)
    )
    return _frame(engine, stmt)


def headcount(engine: Engine, scope: Scope, region_ids: list[int] | None = None,
              agency_ids: list[int] | None = None, level: str = "agency") -> pd.DataFrame:
    """Active employees per agency (or unit): region_code, region, agency_id, agency, [unit_id, unit],
    headcount; ordered by region code, agency name (, unit name)."""
    where = [Employee.active.is_(True), scope.clause(Employee.region_id, Employee.agency_id, Employee.unit_id)]
    if region_ids:
        where.append(Employee.region_id.in_(region_ids))
    if agency_ids:
        where.append(Employee.agency_id.in_(agency_ids))
    cols = [Region.code.label("region_code"), Region.name.label("region"),
            Agency.id.label("agency_id"), Agency.name.label("agency")]
    order = [Region.code, Agency.name]
    if level == "unit":
        cols += [Unit.id.label("unit_id"), Unit.name.label("unit")]
        order.append(Unit.name)
    stmt = (
        select(*cols, func.count(Employee.id).label("headcount"))
        .select_from(Employee)
        .join(Agency, Agency.id == Employee.agency_id)
        .join(Region, Region.id == Employee.region_id)
        .where(*where)
        .group_by(*cols)
        .order_by(*order)
    )
    if level == "unit":
        stmt = stmt.join(Unit, Unit.id == Employee.unit_id)
    return _frame(engine, stmt)


def data_years(engine: Engine, scope: Scope, today: date | None = None) -> list[int]:
    """Years that have appraisal data in scope or import batches, newest first; only plausible years
    (setting `plausible_years` on `today`, default now): a stored year outside them (written before the
    import checked years) is left out, so no page or report turns it into an impossible date."""
    with engine.connect() as conn:
        first, last = year_range(load_settings(conn), today or now_wib().date())
        years = {y for (y,) in conn.execute(
            select(Appraisal.year).where(scope.clause(None, Appraisal.agency_id, Appraisal.unit_id),
                                         Appraisal.year.between(first, last)).distinct())}
        years |= {y for (y,) in conn.execute(
            select(ImportBatch.year).where(and_(ImportBatch.year.between(first, last),
                                                ImportBatch.status == "committed")).distinct())}
    return sorted(years, reverse=True)


def data_version(engine: Engine) -> tuple:
    """Changes whenever data or a setting changes, for page caches: the newest committed batch id, how
    many batches are committed, the newest organisation change (which restates history) and the newest
    saved setting (data_access.settings.settings_version)."""
    with engine.connect() as conn:
        batches = tuple(conn.execute(
            select(func.max(ImportBatch.id), func.count()).where(ImportBatch.status == "committed")
        ).one())
        return (*batches, conn.execute(select(func.max(OrgChange.id))).scalar(), settings_version(conn))


def freshness(engine: Engine) -> pd.DataFrame:
    """Per kind of data, the last committed import: kind, last_import (WIB), batches, rows."""
    stmt = (
        select(ImportBatch.kind.label("kind"), func.max(ImportBatch.created_at).label("last_import"),
               func.count().label("batches"), func.sum(ImportBatch.rows_inserted).label("rows"))
        .where(ImportBatch.status == "committed")
        .group_by(ImportBatch.kind)
        .order_by(ImportBatch.kind)
    )
    return _frame(engine, stmt)


# --- inputs of the metrics package (each scoped in SQL) -------------------------------------
def roster(engine: Engine, scope: Scope, agency_ids: list[int] | None = None, on: date | None = None) -> pd.DataFrame:
    """Active employees in scope, for computations: employee_id, status, jabatan_type, jabatan_name,
    region_id, agency_id, unit_id. No names or NIPs: a list for people to read is staff_list().
    With `on`, the staff on the roll that day, each where they were placed then (leavers before
    they left, transferred staff in their old agency), from data_access.placements."""
    if on is not None:
        p = EmployeePlacement
        where = [covering(on), scope.clause(Agency.region_id, p.agency_id, p.unit_id)]
        if agency_ids:
            where.append(p.agency_id.in_(agency_ids))
        return _frame(engine, select(
            Employee.id.label("employee_id"), Employee.status, Employee.jabatan_type, Employee.jabatan_name,
            Agency.region_id, p.agency_id, p.unit_id)
            .join(Employee, Employee.id == p.employee_id).join(Agency, Agency.id == p.agency_id).where(*where))
    where = [Employee.active.is_(True), scope.clause(Employee.region_id, Employee.agency_id, Employee.unit_id)]
    if agency_ids:
        where.append(Employee.agency_id.in_(agency_ids))
    stmt = select(Employee.id.label("employee_id"), Employee.status,
                  Employee.jabatan_type, Employee.jabatan_name, Employee.region_id, Employee.agency_id,
                  Employee.unit_id).where(*where)
    return _frame(engine, stmt)


STAFF_COLUMNS = ["employee_id", "name", "nip", "status", "golongan", "jabatan_name", "region", "agency",
                 "unit"]


def staff_list(engine: Engine, scope: Scope, role: str, agency_ids: list[int] | None = None,
               unit_ids: list[int] | None = None, employee_ids: list[int] | None = None) -> pd.DataFrame:
    """Active staff in scope for a viewer of `role`, named and with NIPs only as data_access.privacy
    allows: columns STAFF_COLUMNS, `name` None where names are not shown, `nip` masked unless the
    viewer may see it whole. Where the viewer may see no named list (a leader while the setting
    `leaders_see_names` is off) nothing is read and the frame is empty. Ordered by agency, unit, name."""
    with engine.connect() as conn:
        policy = name_policy(role, load_settings(conn)["leaders_see_names"])
    if not policy.list_allowed:
        return pd.DataFrame(columns=STAFF_COLUMNS)
    where = [Employee.active.is_(True), scope.clause(Employee.region_id, Employee.agency_id, Employee.unit_id)]
    if agency_ids:
        where.append(Employee.agency_id.in_(agency_ids))
    if unit_ids:
        where.append(Employee.unit_id.in_(unit_ids))
    if employee_ids:
        where.append(Employee.id.in_(employee_ids))
    stmt = (
        select(Employee.id.label("employee_id"), Employee.name, Employee.nip, Employee.status, Employee.golongan,
               Employee.jabatan_name, Region.name.label("region"), Agency.name.label("agency"),
               Unit.name.label("unit"))
        .join(Region, Region.id == Employee.region_id)
        .join(Agency, Agency.id == Employee.agency_id)
        .join(Unit, Unit.id == Employee.unit_id)
        .where(*where)
        .order_by(Region.code, Agency.name, Unit.name, Employee.name)
    )
    frame = _frame(engine, stmt)
    if not policy.names:
        frame["name"] = None
    if not policy.full_nip:
        frame["nip"] = frame["nip"].map(mask_nip)
    return frame.reindex(columns=STAFF_COLUMNS)


def appraisals(engine: Engine, scope: Scope, year: int) -> pd.DataFrame:
    """Appraisals of a year in scope: employee_id, agency_id, unit_id, year, period, rating_hasil,
    rating_perilaku, predikat (None = belum dinilai)."""
    a = Appraisal
    stmt = select(a.employee_id, a.agency_id, a.unit_id, a.year, a.period, a.rating_hasil, a.rating_perilaku,
                  a.predikat).where(a.year == year, scope.clause(None, a.agency_id, a.unit_id))
    return _frame(engine, stmt)


def org_ratings(engine: Engine, scope: Scope, year: int) -> pd.DataFrame:
    """Organisation ratings of a year in scope: agency_id, unit_id (None = the agency), year, period,
    predikat."""
    o = OrgRating
    stmt = select(o.agency_id, o.unit_id, o.year, o.period, o.predikat).where(
        o.year == year, scope.clause(None, o.agency_id, o.unit_id))
    return _frame(engine, stmt)


def trainings(engine: Engine, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """Trainings starting in [start, end] in scope: employee_id, agency_id, unit_id, route, category,
    start_date, jp, minutes."""
    t = Training
    stmt = select(t.employee_id, t.agency_id, t.unit_id, t.route, t.category, t.start_date, t.jp,
                  t.minutes).where(t.start_date >= start, t.start_date <= end,
                                   scope.clause(None, t.agency_id, t.unit_id))
    return _frame(engine, stmt)


def leadership_trainings(engine: Engine, scope: Scope) -> pd.DataFrame:
    """Every leadership training ever attended in scope: employee_id, category, start_date."""
    t = Training
    stmt = select(t.employee_id, t.category, t.start_date).where(
        t.category.is_not(None), scope.clause(None, t.agency_id, t.unit_id))
    return _frame(engine, stmt)


def service_requests(engine: Engine, scope: Scope, start: datetime, end: datetime) -> pd.DataFrame:
    """Requests received in [start, end) in scope: request_id, number, region_id, agency_id,
    service_type, received_at, finished_at."""
    r = ServiceRequest
    stmt = select(r.id.label("request_id"), r.number, r.region_id, r.agency_id, r.service_type, r.received_at,
                  r.finished_at).where(r.received_at >= start, r.received_at < end,
                                       scope.clause(r.region_id, r.agency_id))
    return _frame(engine, stmt)


def queue_tickets(engine: Engine, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """Queue tickets taken on the days [start, end] in scope (a ticket belongs to the day it was
    taken): region_id, agency_id, day, service_type, channel, taken_at, called_at, ended_at."""
    q = QueueTicket
    stmt = select(q.region_id, q.agency_id, q.day, q.service_type, q.channel, q.taken_at, q.called_at,
                  q.ended_at).where(q.day >= start, q.day <= end, scope.clause(q.region_id, q.agency_id))
    return _frame(engine, stmt)


def service_standards(engine: Engine) -> pd.DataFrame:
    """Every service standard (reference data, not personal): service_type, limit_value, limit_unit,
    region_id, agency_id."""
    s = ServiceStandard
    return _frame(engine, select(s.service_type, s.limit_value, s.limit_unit, s.region_id, s.agency_id))


# Who sees which leaders' targets (the Pengaturan and Data Pribadi pages say it in these words).
TARGETS_SEEN = ("Target indikator per OPD hanya tampil bagi pengguna yang cakupannya memuat OPD itu (kepala OPD "
                "melihat target OPD-nya sendiri), target yang berlaku untuk semua OPD tampil bagi setiap pengguna, "
                "dan administrator melihat semuanya.")


def metric_targets(engine: Engine, scope: Scope) -> list[dict]:
    """The rows of the setting `metric_targets` this scope may see: those for every agency (no
    agency_id), and those of agencies in the scope (granted ones, those of a granted region, and the
    agencies of granted units, whose figures they apply to); every row for the full scope. The
    targets of other agencies are not the reader's to see."""
    with engine.connect() as conn:
        rows = load_settings(conn)["metric_targets"]
    if scope.everything:
        return rows
    own = scope.agencies | scope.unit_agencies
    return [r for r in rows if r.get("agency_id") is None or int(r["agency_id"]) in own]


def skm_responses(engine: Engine, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """SKM respondents in [start, end] in scope: region_id, agency_id, survey_date, service_type, u1..u9."""
    s = SkmResponse
    stmt = select(s.region_id, s.agency_id, s.survey_date, s.service_type,
                  *[getattr(s, f"u{i}") for i in range(1, 10)]).where(
        s.survey_date >= start, s.survey_date <= end, scope.clause(s.region_id, s.agency_id))
    return _frame(engine, stmt)


def adkar_responses(engine: Engine, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """ADKAR pulse-survey respondents who answered in [start, end] in scope: region_id, agency_id,
    unit_id, survey_date and the five scores (never the free text: it is not shown per person)."""
    a = AdkarResponse
    stmt = select(a.region_id, a.agency_id, a.unit_id, a.survey_date, *[getattr(a, f) for f in ADKAR_FIELDS]).where(
        a.survey_date >= start, a.survey_date <= end, scope.clause(a.region_id, a.agency_id, a.unit_id))
    return _frame(engine, stmt)


def mentoring_activities(engine: Engine, scope: Scope, start: date, end: date) -> pd.DataFrame:
    """Mentoring and socialisation activities held in [start, end] in scope: activity_id, region_id,
    agency_id, unit_id (missing = every unit of the agency), activity_date, activity_type, participants,
    facilitator."""
    m = MentoringActivity
    stmt = select(m.id.label("activity_id"), m.region_id, m.agency_id, m.unit_id, m.activity_date,
                  m.activity_type, m.participants, m.facilitator).where(
        m.activity_date >= start, m.activity_date <= end, scope.clause(m.region_id, m.agency_id, m.unit_id)
    ).order_by(m.activity_date, m.id)
    return _frame(engine, stmt)


def daily_weeks(engine: Engine, scope: Scope, first: date, last: date, agency_ids: list[int]) -> pd.DataFrame:
    """Per employee and week (Monday to Sunday) between `first` and `last`, of the staff placed in
    these agencies (in scope) at some day of those weeks, DailyMonth's sums over the week's raw entries:
    employee_id, week (the Monday's days since 1970-01-01), days_active, days_on_time, days_within_7,
    days_approved, approval_minutes_sum. For the weeks around a mentoring activity
    (metrics/pipeline/mentoring.py), whose sides are the roll of the activity's day: staff who moved or
    left since still have their weeks. Nothing is read without an agency."""
    e, p = DailyEntry, EmployeePlacement
    if not agency_ids:
        return pd.DataFrame(columns=["employee_id", "week", "days_active", "days_on_time", "days_within_7",
                                     "days_approved", "approval_minutes_sum"])
    active = e.status >= codes.DAILY_ACTIVE_MIN_CODE
    approved = e.status == codes.DAILY_STATUS_CODES["Approved"]
    week = (e.day + 3) // 7 * 7 - 3  # 1970-01-01 was a Thursday: its week's Monday is day -3
    staff = select(p.employee_id).where(p.agency_id.in_(sorted(agency_ids)),
                                        or_(p.valid_from.is_(None), p.valid_from <= last),
                                        or_(p.valid_to.is_(None), p.valid_to > first),
                                        scope.clause(None, p.agency_id, p.unit_id))
    stmt = (select(e.employee_id, week.label("week"),
                   func.sum(case((active, 1), else_=0)).label("days_active"),
                   func.sum(case((and_(active, e.input_min < (e.day + 1) * 1440), 1), else_=0)).label("days_on_time"),
                   func.sum(case((and_(active, e.input_min < (e.day + 8) * 1440), 1), else_=0)).label("days_within_7"),
                   func.sum(case((approved, 1), else_=0)).label("days_approved"),
                   func.sum(case((e.approved_min.is_not(None), e.approved_min - e.input_min), else_=0))
                   .label("approval_minutes_sum"))
            .where(e.day >= (first - _EPOCH).days, e.day <= (last - _EPOCH).days, e.employee_id.in_(staff))
            .group_by(e.employee_id, week))
    return _frame(engine, stmt)


def daily_months(engine: Engine, scope: Scope, first_month: int, last_month: int) -> pd.DataFrame:
    """The per-employee monthly e-Kinerja summary (never the raw entries) in scope."""
    m = DailyMonth
    stmt = select(m.employee_id, m.month, m.agency_id, m.unit_id, m.days_entered, m.days_draft, m.days_active,
                  m.days_approved, m.days_on_time, m.days_within_7, m.approval_minutes_sum,
                  m.first_active_day, m.last_active_day).where(
        m.month >= first_month, m.month <= last_month, scope.clause(None, m.agency_id, m.unit_id))
    return _frame(engine, stmt)


def daily_data_end(engine: Engine, first_month: int, last_month: int, until: date) -> date | None:
    """The province's last day with e-Kinerja activity in the months [first_month, last_month], not
    after `until`; None when nobody reported. Whole province, whatever the viewer's scope: only a date."""
    m = DailyMonth
    with engine.connect() as conn:
        last = conn.execute(select(func.max(m.last_active_day)).where(
            m.month >= first_month, m.month <= last_month, m.last_active_day <= (until - _EPOCH).days)).scalar()
    return None if last is None else _EPOCH + timedelta(days=int(last))


def skps(engine: Engine, scope: Scope) -> pd.DataFrame:
    """SKPs in scope: employee_id, status, is_acting, period_start, period_end."""
    s = Skp
    stmt = select(s.employee_id, s.status, s.is_acting, s.period_start, s.period_end).where(
        scope.clause(None, s.agency_id, s.unit_id))
    return _frame(engine, stmt)


def holiday_corrections(engine: Engine) -> pd.DataFrame:
    """The administrator's holiday corrections: day, is_holiday, region_id."""
    h = HolidayCorrection
    return _frame(engine, select(h.day, h.is_holiday, h.region_id))
