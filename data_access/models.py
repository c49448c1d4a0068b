"""The schema: SQLAlchemy 2 typed models for the whole domain.

Every fact row carries the import batch that brought it (`batch_id`), and the agency and unit the
employee belonged to when the fact happened, so a later transfer does not rewrite history.
Times are naive WIB wall-clock times. Daily e-Kinerja entries are integer-coded (see
docs/decisions/daily-entries-storage.md) and summarised per employee and month in the same transaction.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _batch_fk() -> Mapped[int]:
    # Indexed: a rollback deletes by batch, and the batch history checks each batch's rows against a scope.
    return mapped_column(ForeignKey("import_batch.id"), nullable=False, index=True)


# --- organisation -------------------------------------------------------------------------------
class Region(Base):
    """The province and its 15 kabupaten/kota (Kemendagri codes)."""

    __tablename__ = "region"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))  # provinsi / kabupaten / kota
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))


class Agency(Base):
    """An OPD of one regional government; created by employee imports."""

    __tablename__ = "agency"
    __table_args__ = (UniqueConstraint("region_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # normalised name used to resolve
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    created_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class AgencyAlias(Base):
    """Known alternative names (Dinkes, Disdukcapil…) of an agency name; region-free reference data."""

    __tablename__ = "agency_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    alias_key: Mapped[str] = mapped_column(String(200), unique=True)
    canonical_name: Mapped[str] = mapped_column(String(200))


class Unit(Base):
    """A work unit (unit kerja / UNOR) inside an agency; may nest."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("agency_id", "name_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


# --- people -------------------------------------------------------------------------------------
class Employee(Base):
    """An ASN (PNS, PPPK or PPPK paruh waktu) as of the latest employee snapshot."""

    __tablename__ = "employee"
    __table_args__ = (
        Index("ix_employee_scope", "region_id", "agency_id", "unit_id", "active"),
        Index("ix_employee_agency_active", "agency_id", "active"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    golongan: Mapped[str | None] = mapped_column(String(10))
    jabatan_type: Mapped[str | None] = mapped_column(String(20))
    jabatan_name: Mapped[str | None] = mapped_column(String(200))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    batch_id: Mapped[int] = _batch_fk()


class Skp(Base):
    """An employee's SKP (e-Kinerja Laporan SKP)."""

    __tablename__ = "skp"
    __table_args__ = (UniqueConstraint("employee_id", "period_start", "is_acting"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    status: Mapped[str] = mapped_column(String(40))
    is_acting: Mapped[bool] = mapped_column(Boolean, default=False)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    jabatan: Mapped[str | None] = mapped_column(String(200))
    batch_id: Mapped[int] = _batch_fk()


class Appraisal(Base):
    """An employee's appraisal (penilaian) in one period; predikat follows the matrix."""

    __tablename__ = "appraisal"
    __table_args__ = (
        UniqueConstraint("employee_id", "year", "period"),
        Index("ix_appraisal_agency_period", "agency_id", "year", "period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    period: Mapped[str] = mapped_column(String(8))
    rating_hasil: Mapped[str | None] = mapped_column(String(20))
    rating_perilaku: Mapped[str | None] = mapped_column(String(20))
    predikat: Mapped[str | None] = mapped_column(String(20))  # null = belum dinilai
    batch_id: Mapped[int] = _batch_fk()


class OrgRating(Base):
    """Predikat kinerja organisasi of an agency (unit_id null) or one of its units, per period."""

    __tablename__ = "org_rating"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(SmallInteger)
    period: Mapped[str] = mapped_column(String(8))
    predikat: Mapped[str] = mapped_column(String(20))
    batch_id: Mapped[int] = _batch_fk()


# One rating per agency-or-unit and period (a NULL unit would not collide in a plain unique key).
Index(
    "uq_org_rating_key",
    OrgRating.agency_id,
    func.coalesce(OrgRating.unit_id, 0),
    OrgRating.year,
    OrgRating.period,
    unique=True,
)


class Training(Base):
    """A competency-development activity attended (pelatihan)."""

    __tablename__ = "training"
    __table_args__ = (
        UniqueConstraint("employee_id", "name", "start_date"),
        Index("ix_training_agency_start", "agency_id", "start_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(300))
    route: Mapped[str] = mapped_column(String(20))  # klasikal / nonklasikal / pendidikan
    category: Mapped[str | None] = mapped_column(String(20))  # PKN I, PKA, Latsar… when given
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    jp: Mapped[float | None] = mapped_column(Float)
    minutes: Mapped[int | None] = mapped_column(Integer)  # when the file gave minutes, not JP
    batch_id: Mapped[int] = _batch_fk()


# --- services -----------------------------------------------------------------------------------
class ServiceStandard(Base):
    """Maximum processing time of a service (maklumat); null agency/region = every office."""

    __tablename__ = "service_standard"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_type: Mapped[str] = mapped_column(String(100))
    limit_value: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(16))  # jam / hari kerja / hari kalender
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    batch_id: Mapped[int] = _batch_fk()


class ServiceRequest(Base):
    """A citizen's request at an office (layanan); finished_at null while open."""

    __tablename__ = "service_request"
    __table_args__ = (
        UniqueConstraint("agency_id", "number"),
        Index("ix_service_request_agency_received", "agency_id", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    service_type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(40))
    batch_id: Mapped[int] = _batch_fk()


class QueueTicket(Base):
    """One ticket of the queue at an office's counter (antrian). `day` is the date the ticket was taken
    (a ticket served after midnight stays on it); the waiting time is taken_at -> called_at; ended_at
    null = not served (tidak dilayani); called_at null = never called."""

    __tablename__ = "queue_ticket"
    __table_args__ = (UniqueConstraint("agency_id", "day", "ticket"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket: Mapped[str] = mapped_column(String(40))
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    day: Mapped[date] = mapped_column(Date)
    service_type: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))  # vocab.codes.QUEUE_CHANNELS
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    called_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    counter: Mapped[str | None] = mapped_column(String(40))
    batch_id: Mapped[int] = _batch_fk()


class SkmResponse(Base):
    """One SKM respondent's answers (1–4) to the nine elements of PermenPANRB 14/2017."""

    __tablename__ = "skm_response"
    __table_args__ = (Index("ix_skm_response_agency_date", "agency_id", "survey_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    survey_date: Mapped[date] = mapped_column(Date)
    service_type: Mapped[str | None] = mapped_column(String(100))
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    batch_id: Mapped[int] = _batch_fk()


class AdkarResponse(Base):
    """One anonymous respondent of an ADKAR pulse survey (kind survei_adkar): the unit they work in,
    the day they answered and their five scores (1–5, ADKAR order); no NIP, no name. `suggestion` is
    their free text, kept for the agency and never shown per person."""

    __tablename__ = "adkar_response"
    __table_args__ = (Index("ix_adkar_response_agency_date", "agency_id", "survey_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    survey_date: Mapped[date] = mapped_column(Date)
    awareness: Mapped[int] = mapped_column(SmallInteger)
    desire: Mapped[int] = mapped_column(SmallInteger)
    knowledge: Mapped[int] = mapped_column(SmallInteger)
    ability: Mapped[int] = mapped_column(SmallInteger)
    reinforcement: Mapped[int] = mapped_column(SmallInteger)
    suggestion: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int] = _batch_fk()


class MentoringActivity(Base):
    """One mentoring or socialisation activity (kind kegiatan_pendampingan): the day, the agency and
    the unit it was for (unit_id null = every unit of the agency), its type (codes.MENTORING_TYPES),
    how many took part and who facilitated it."""

    __tablename__ = "mentoring_activity"
    __table_args__ = (Index("ix_mentoring_activity_agency_date", "agency_id", "activity_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    activity_date: Mapped[date] = mapped_column(Date)
    activity_type: Mapped[str] = mapped_column(String(40))
    participants: Mapped[int] = mapped_column(Integer)
    facilitator: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int] = _batch_fk()


# --- e-Kinerja daily entries --------------------------------------------------------------------
class DailyEntry(Base):
    """One Progres Harian entry, integer-coded: ~24 million rows a year at province scale.

    `day` is days since 1970-01-01; `input_min`/`approved_min` are minutes since 1970-01-01 WIB;
    `status` uses codes.DAILY_STATUS_CODES. One secondary index, (batch_id, employee_id): a rollback
    and the batch history's scope check find a batch's rows and their staff without scanning the table
    (rows of one import arrive with one batch id and sorted by employee, so the index grows at its end).
    Pages read DailyMonth instead.
    """

    __tablename__ = "daily_entry"
    # SQLite keeps the rows in the primary-key b-tree itself (WITHOUT ROWID, migration 0005_imports): one
    # b-tree less to write per row.
    __table_args__ = (Index("ix_daily_entry_batch", "batch_id", "employee_id"), {"sqlite_with_rowid": False})
    employee_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[int] = mapped_column(SmallInteger)
    input_min: Mapped[int] = mapped_column(Integer)
    approved_min: Mapped[int | None] = mapped_column(Integer)
    batch_id: Mapped[int] = mapped_column(Integer)


class DailyMonth(Base):
    """Per employee and month summary of DailyEntry, rebuilt in the import/rollback transaction."""

    __tablename__ = "daily_month"
    __table_args__ = (Index("ix_daily_month_agency_month", "agency_id", "month"),)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)  # yyyymm
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    days_entered: Mapped[int] = mapped_column(Integer)  # any status, "Not Started" included
    days_draft: Mapped[int] = mapped_column(Integer, server_default="0")  # left as Draft
    days_active: Mapped[int] = mapped_column(Integer)  # Submitted or Approved
    days_approved: Mapped[int] = mapped_column(Integer)
    days_on_time: Mapped[int] = mapped_column(Integer)  # active, input on the day itself
    days_within_7: Mapped[int] = mapped_column(Integer)  # active, input within 7 days
    approval_minutes_sum: Mapped[int] = mapped_column(Integer)
    first_active_day: Mapped[int | None] = mapped_column(Integer)
    last_active_day: Mapped[int | None] = mapped_column(Integer)


# --- import, users, audit, settings ---------------------------------------------------------
class ImportBatch(Base):
    """One committed import: a file of one kind, loaded whole in one transaction."""

    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_kind_hash", "kind", "content_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    user_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    mode: Mapped[str] = mapped_column(String(10), default="append")
    year: Mapped[int | None] = mapped_column(SmallInteger)
    period: Mapped[str | None] = mapped_column(String(8))
    rows_in_file: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="committed")  # or rolled_back
    summary: Mapped[str | None] = mapped_column(Text)  # JSON: created agencies, counts…
    rolled_back_at: Mapped[datetime | None] = mapped_column(DateTime)
    rolled_back_by: Mapped[str | None] = mapped_column(String(100))


class ReplacedRow(Base):
    """A row a *replace* import deleted or changed, kept so rolling that batch back restores it."""

    __tablename__ = "replaced_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    op: Mapped[str] = mapped_column(String(10))  # deleted / updated
    data: Mapped[str] = mapped_column(Text)  # the row as it was, JSON


class AppUser(Base):
    """A person who signs in; role is pimpinan, kepala_opd, analis or admin."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)  # password or SSO (0002)


class UserSession(Base):
    """A signed-in browser: only the token's hash is stored; signing out revokes every session."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class UserScope(Base):
    """One grant of what a user may see: a region (with its children), an agency, or a unit."""

    __tablename__ = "user_scope"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))


class AuditLog(Base):
    """Append-only record of who did what."""

    __tablename__ = "audit_log"
    # (action, id): the newest row of one action without a scan (settings_version, on every page rerun)
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_action", "action", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON
    ok: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(Base):
    """A changed setting (JSON value); defaults live in code, data_access.settings."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(100))


class HolidayCorrection(Base):
    """A day added to or removed from the holiday library's list (cuti bersama, regional holidays)."""

    __tablename__ = "holiday_correction"
    __table_args__ = (UniqueConstraint("day", "region_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    is_holiday: Mapped[bool] = mapped_column(Boolean)  # True adds a holiday, False removes one
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    description: Mapped[str] = mapped_column(String(200))


# --- organisation changes and staff history (issue 7) ---------------------------------------
class OrgChange(Base):
    """One organisation change (rename, merge, unit move) with its effective date. Facts and
    placements are restated on the structure after the change; this table keeps what it was, and
    the old names it lists keep resolving in uploads (data_access.orgs.OrgIndex)."""

    __tablename__ = "org_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # rename_agency / rename_unit / merge_agency / move_unit
    effective_date: Mapped[date] = mapped_column(Date)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))  # the agency changed (merged away, or the unit's)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    target_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # merged into / moved to
    old_name: Mapped[str] = mapped_column(String(200))
    old_key: Mapped[str] = mapped_column(String(200))
    new_name: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)
    user_name: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str | None] = mapped_column(Text)  # JSON: what was restated, renamed or set aside


class EmployeePlacement(Base):
    """Where an employee was placed from valid_from (null: since before any record) until valid_to
    (exclusive; null: still). Maintained by `pegawai` imports and organisation changes; each fact is
    attributed to the placement valid at its date (data_access.placements)."""

    __tablename__ = "employee_placement"
    __table_args__ = (Index("ix_employee_placement_employee", "employee_id", "valid_from"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))  # the import that opened it
    closed_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))  # …and closed it
