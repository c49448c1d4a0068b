"""Undoing an import batch, whole, in one transaction; and the list of batches."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, exists, func, not_, or_, select, update

from data_access import placements
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access import audit
from data_access.importing.daily_months import refresh_daily_months
from data_access.importing.replace import restore
from data_access.models import (
    AdkarResponse,
    Agency,
    Appraisal,
    DailyEntry,
    DailyMonth,
    Employee,
    MentoringActivity,
    ImportBatch,
    OrgChange,
    OrgRating,
    QueueTicket,
    ReplacedRow,
    Region,
    ServiceRequest,
    ServiceStandard,
    SkmResponse,
    Skp,
    Training,
    Unit,
)
from vocab.kinds import KINDS
from vocab.reference import PROVINCE_CODE
from data_access.schema import ensure_schema

TABLE_OF_KIND = {
    "pegawai": Employee, "skp": Skp, "penilaian": Appraisal, "predikat_organisasi": OrgRating,
    "pelatihan": Training, "layanan": ServiceRequest, "standar_layanan": ServiceStandard,
    "skm": SkmResponse, "progres_harian": DailyEntry, "antrian": QueueTicket,
    "survei_adkar": AdkarResponse, "kegiatan_pendampingan": MentoringActivity,
}
# Facts that point at employees, agencies and units (a rollback must not orphan them).
_BY_EMPLOYEE = (Skp, Appraisal, Training, DailyMonth)
_BY_AGENCY = (Employee, Skp, Appraisal, OrgRating, Training, ServiceRequest, ServiceStandard, SkmResponse,
              QueueTicket, DailyMonth, AdkarResponse, MentoringActivity)
_BY_UNIT = (Employee, Skp, Appraisal, OrgRating, Training, DailyMonth, AdkarResponse, MentoringActivity)


class RollbackRefused(Exception):
    """The batch cannot be undone (unknown, already undone, or later data depends on it)."""


@dataclass
class RollbackResult:
    batch_id: int
    kind: str
    rows_removed: int
    agencies_removed: int = 0
    units_removed: int = 0
    rows_restored: int = 0  # what the batch had replaced, put back

    def summary(self) -> str:
        kind = KINDS[self.kind].label if self.kind in KINDS else self.kind
        text = f"Impor nomor {self.batch_id} ({kind}) dibatalkan: {self.rows_removed} baris dihapus"
        if self.rows_restored:
            text += f", {self.rows_restored} baris yang digantinya dipulihkan"
        if self.agencies_removed or self.units_removed:
            text += f", {self.agencies_removed} OPD dan {self.units_removed} unit kerja yang dibuatnya dihapus"
        return text + "."


def batches(engine: Engine, kind: str | None = None) -> pd.DataFrame:
    """Every import batch, newest first: id, kind, file_name, user_name, created_at, year, period,
    rows_in_file, rows_inserted, rows_skipped, status, rolled_back_at, rolled_back_by."""
    ensure_schema(engine)
    b = ImportBatch
    stmt = select(b.id, b.kind, b.file_name, b.user_name, b.created_at, b.year, b.period, b.rows_in_file,
                  b.rows_inserted, b.rows_skipped, b.status, b.rolled_back_at, b.rolled_back_by)
    if kind:
        stmt = stmt.where(b.kind == kind)
    with engine.connect() as conn:
        result = conn.execute(stmt.order_by(b.id.desc()))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _dependents(conn, tables, column: str, ids_query, batch_id: int) -> list[int]:
    """Other committed batches whose rows point at the given ids."""
    found = set()
    for table in tables:
        col = getattr(table, column)
        if table is DailyMonth:  # summaries have no batch: their raw entries do
            rows = select(DailyEntry.batch_id).where(DailyEntry.employee_id.in_(
                select(DailyMonth.employee_id).where(col.in_(ids_query)))).distinct()
        else:
            rows = select(table.batch_id).where(col.in_(ids_query)).distinct()
        found |= {b for (b,) in conn.execute(rows) if b != batch_id}
    return sorted(found)


def _outside(kind: str, batch_id: int, scope):
    """The rows of a batch that lie outside a scope (daily entries by their employee's agency and
    unit; reference rows without an agency count as outside any partial scope)."""
    table = TABLE_OF_KIND[kind]
    if table is DailyEntry:
        return (select(DailyEntry.batch_id).join(Employee, Employee.id == DailyEntry.employee_id)
                .where(DailyEntry.batch_id == batch_id,
                       not_(scope.clause(Employee.region_id, Employee.agency_id, Employee.unit_id))))
    inside = scope.clause(*[getattr(table, c, None) for c in ("region_id", "agency_id", "unit_id")])
    return select(table.batch_id).where(table.batch_id == batch_id, or_(not_(inside), table.agency_id.is_(None)))


def rows_outside_scope(engine: Engine, batch_id: int, scope) -> int:
    """How many rows of a batch lie outside a viewer's scope (see _outside)."""
    if scope.everything:
        return 0
    with engine.connect() as conn:
        kind = conn.execute(select(ImportBatch.kind).where(ImportBatch.id == batch_id)).scalar()
        if kind is None:
            return 0
        return int(conn.execute(select(func.count()).select_from(_outside(kind, batch_id, scope).subquery()))
                   .scalar())


def covers_province(conn, scope) -> bool:
    """True for the operator and for a grant of the whole province (every region and agency)."""
    if scope.everything:
        return True
    province = conn.execute(select(Region.id).where(Region.code == PROVINCE_CODE)).scalar()
    return province in scope.regions


def batches_in_scope(engine: Engine, scope, uploader: str, kind: str | None = None) -> pd.DataFrame:
    """The batches (as `batches`) a viewer may see in the history: all of them for the whole province;
    otherwise those whose stored rows all lie inside the scope, and the viewer's own uploads. A batch
    with no stored row (rolled back, or every row skipped) says nothing about its scope: only its
    uploader (and the whole province) sees it."""
    listed = batches(engine, kind)
    with engine.connect() as conn:
        if covers_province(conn, scope) or listed.empty:
            return listed
        keep = []
        for batch_id, batch_kind, user_name in zip(listed["id"], listed["kind"], listed["user_name"]):
            table = TABLE_OF_KIND[batch_kind]
            if user_name == uploader:
                keep.append(True)
                continue
            has_rows = conn.execute(select(exists().where(table.batch_id == int(batch_id)))).scalar()
            outside = conn.execute(select(_outside(batch_kind, int(batch_id), scope).exists())).scalar()
            keep.append(bool(has_rows) and not outside)
    return listed[keep].reset_index(drop=True)


def rollback_batch(engine: Engine, batch_id: int, user: str = CLI_OPERATOR) -> RollbackResult:
    """Remove every row a batch brought (and agencies/units it created), rebuild the daily summaries
    it touched, mark it rolled back and audit it: all in one transaction. A refusal is audited too."""
    try:
        return _rollback_batch(engine, batch_id, user)
    except RollbackRefused as exc:
        audit.record_after_failure(engine, user, "rollback", batch=batch_id, reason=str(exc))
        raise


def _rollback_batch(engine: Engine, batch_id: int, user: str) -> RollbackResult:
    ensure_schema(engine)
    with engine.begin() as conn:
        batch = conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).first()
        if batch is None:
            raise RollbackRefused(f"Impor nomor {batch_id} tidak ada.")
        if batch.status != "committed":
            raise RollbackRefused(f"Impor nomor {batch_id} sudah dibatalkan pada "
                                  f"{batch.rolled_back_at:%d-%m-%Y %H.%M}.")
        _refuse_across_org_changes(conn, batch)
        table = TABLE_OF_KIND[batch.kind]
        result = RollbackResult(batch_id, batch.kind, 0)
        if batch.kind == "pegawai":
            _refuse_if_used(conn, batch_id)
        if batch.kind == "progres_harian":
            days = conn.execute(select(func.min(DailyEntry.day), func.max(DailyEntry.day))
                                .where(DailyEntry.batch_id == batch_id)).one()
            touched = {e for (e,) in conn.execute(
                select(DailyEntry.employee_id).where(DailyEntry.batch_id == batch_id).distinct())}
            result.rows_removed = conn.execute(delete(DailyEntry).where(DailyEntry.batch_id == batch_id)).rowcount
            result.rows_restored = restore(conn, DailyEntry, batch_id)
            if result.rows_restored:
                touched |= {e for (e,) in conn.execute(
                    select(DailyEntry.employee_id).where(DailyEntry.batch_id != batch_id,
                                                         DailyEntry.day.between(days[0], days[1])).distinct())}
            if touched:
                # An employee with no entry left in a month keeps no summary row for it.
                refresh_daily_months(conn, days[0], days[1], employee_ids=sorted(touched))
        else:
            moved = placements.undo_batch(conn, batch_id) if batch.kind == "pegawai" else []
            result.rows_removed = conn.execute(delete(table).where(table.batch_id == batch_id)).rowcount
            result.rows_restored = restore(conn, table, batch_id)
            placements.reattribute(conn, moved)
        if batch.kind == "pegawai":
            result.units_removed = conn.execute(delete(Unit).where(Unit.created_batch_id == batch_id)).rowcount
            result.agencies_removed = conn.execute(
                delete(Agency).where(Agency.created_batch_id == batch_id)).rowcount
        conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            status="rolled_back", rolled_back_at=now_wib(), rolled_back_by=user))
        audit.record(conn, user, "rollback", batch=batch_id, kind=batch.kind, file=batch.file_name,
                     rows=result.rows_removed)
        return result


def _refuse_across_org_changes(conn, batch) -> None:
    """A batch that restores replaced rows, or removes staff, agencies and units, cannot be undone
    after an organisation change: what it would put back or take out was filed on the old structure."""
    changed = conn.execute(select(func.max(OrgChange.at)).where(OrgChange.at >= batch.created_at)).scalar()
    if changed is None:
        return
    replaced = conn.execute(select(ReplacedRow.id).where(ReplacedRow.batch_id == batch.id).limit(1)).first()
    if batch.kind == "pegawai" or replaced:
        raise RollbackRefused(
            f"Impor nomor {batch.id} mendahului perubahan organisasi ({changed:%d-%m-%Y %H.%M}); membatalkannya "
            "akan memulihkan data menurut struktur lama. Impor ulang berkas yang benar dengan mode Ganti.")


def _refuse_if_used(conn, batch_id: int) -> None:
    employees = select(Employee.id).where(Employee.batch_id == batch_id)
    agencies = select(Agency.id).where(Agency.created_batch_id == batch_id)
    units = select(Unit.id).where(Unit.created_batch_id == batch_id)
    later = set(_dependents(conn, _BY_EMPLOYEE, "employee_id", employees, batch_id))
    later |= set(_dependents(conn, _BY_AGENCY, "agency_id", agencies, batch_id))
    later |= set(_dependents(conn, _BY_UNIT, "unit_id", units, batch_id))
    if later:
        listed = ", ".join(str(b) for b in sorted(later))
        raise RollbackRefused(
            f"Impor nomor {batch_id} (data pegawai) dipakai oleh impor lain (nomor {listed}): batalkan impor "
            "itu lebih dahulu, dari yang terbaru.")
