"""Organisation changes: rename an agency or a unit, merge one agency into another, move a unit to
another agency; each with its effective date, by an administrator, in one transaction, audited.

Design: **history is restated on the current structure**, so every trend compares like with like
("trends follow the successor"). Ids never change. A merge moves the merged agency's units, staff,
placements and every fact into the successor; a unit move files the unit's whole history under its
new agency. What the structure was lives in `org_change` (with the effective date, the old name and
what was set aside), and the old names keep resolving in uploads: a merged agency keeps its row
(inactive, `successor_id` pointing at where it went), a renamed one its old name in `org_change`
(data_access.orgs.OrgIndex reads both). `agency_alias` is not used for this: its aliases hold in every
region, an old name only in its own.

Grants: an agency grant on the merged agency becomes grants on its former units (now in the
successor), so its holder keeps seeing exactly what they saw and nothing of the successor's own.
Staff transfers between agencies are not organisation changes: see data_access.placements.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, delete, exists, insert, select, update
from sqlalchemy.orm import aliased

from vocab.codes import name_key
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.models import (
    AdkarResponse,
    Agency,
    Appraisal,
    DailyMonth,
    Employee,
    MentoringActivity,
    EmployeePlacement,
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
    UserScope,
)
from data_access.orgs import OrgIndex
from data_access import audit
from data_access.authz import UserError, require_admin

KINDS = {
    "rename_agency": "Ganti nama OPD",
    "rename_unit": "Ganti nama unit kerja",
    "merge_agency": "Penggabungan OPD",
    "move_unit": "Pemindahan unit kerja",
}
# Rows filed under a unit (restated when the unit moves) and under an agency (when it merges).
_BY_UNIT = (Employee, EmployeePlacement, Skp, Appraisal, Training, DailyMonth, OrgRating, AdkarResponse,
            MentoringActivity)
_BY_AGENCY = (Employee, EmployeePlacement, Skp, Appraisal, Training, DailyMonth, SkmResponse, ServiceRequest,
              QueueTicket, AdkarResponse, MentoringActivity)
_WHAT = "mengubah struktur organisasi"


class OrgChangeError(UserError):
    """An organisation change that cannot be carried out (message in Indonesian)."""


@dataclass
class ChangeResult:
    change_id: int
    message: str
    detail: dict = field(default_factory=dict)


def _agency(conn: Connection, agency_id: int):
    row = conn.execute(select(Agency).where(Agency.id == agency_id)).first()
    if row is None:
        raise OrgChangeError(f"OPD dengan id {agency_id} tidak ada.")
    return row


def _unit(conn: Connection, unit_id: int):
    row = conn.execute(select(Unit).where(Unit.id == unit_id)).first()
    if row is None:
        raise OrgChangeError(f"Unit kerja dengan id {unit_id} tidak ada.")
    return row


def _current(agency) -> None:
    if agency.successor_id is not None:
        raise OrgChangeError(f"OPD '{agency.name}' sudah digabung ke OPD lain; pilih OPD penerusnya.")


def _clean_name(name: str, current: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise OrgChangeError("Nama baru wajib diisi.")
    if name == current:
        raise OrgChangeError(f"Nama baru sama dengan nama sekarang ('{current}').")
    return name


def _record(conn: Connection, by: str, kind: str, effective: date, region_id: int, agency_id: int,
            old_name: str, old_key: str, new_name: str | None = None, unit_id: int | None = None,
            target_agency_id: int | None = None, **detail) -> int:
    change_id = conn.execute(insert(OrgChange).values(
        kind=kind, effective_date=effective, region_id=region_id, agency_id=agency_id, unit_id=unit_id,
        target_agency_id=target_agency_id, old_name=old_name, old_key=old_key, new_name=new_name,
        at=now_wib(), user_name=by, detail=json.dumps(detail, ensure_ascii=False, default=str),
    ).returning(OrgChange.id)).scalar_one()
    audit.record(conn, by, f"org_{kind}", True, change=change_id, agency=agency_id, unit=unit_id,
                 target_agency=target_agency_id, old_name=old_name, new_name=new_name,
                 effective_date=effective.isoformat())
    return change_id


def rename_agency(conn: Connection, agency_id: int, new_name: str, effective: date,
                  by: str = CLI_OPERATOR) -> ChangeResult:
    """Give an agency a new name (same id, so links, filters and grants keep working); the old name
    keeps resolving in uploads."""
    require_admin(conn, by, _WHAT)
    agency = _agency(conn, agency_id)
    _current(agency)
    new_name = _clean_name(new_name, agency.name)
    org = OrgIndex.load(conn)
    key = org.agency_key(new_name)
    holder = org.agencies.get((agency.region_id, key))
    if holder is not None and holder != agency_id:
        raise OrgChangeError(f"Nama '{new_name}' sudah dipakai {org.agency_label(holder)}.")
    old_name, old_key = agency.name, agency.name_key
    conn.execute(update(Agency).where(Agency.id == agency_id).values(name=new_name, name_key=key))
    change = _record(conn, by, "rename_agency", effective, agency.region_id, agency_id, old_name, old_key, new_name)
    return ChangeResult(change, f"OPD '{old_name}' berganti nama menjadi '{new_name}' sejak {effective:%d-%m-%Y}.")


def rename_unit(conn: Connection, unit_id: int, new_name: str, effective: date,
                by: str = CLI_OPERATOR) -> ChangeResult:
    """Give a unit a new name (same id); the old name keeps resolving in uploads of its agency."""
    require_admin(conn, by, _WHAT)
    unit = _unit(conn, unit_id)
    agency = _agency(conn, unit.agency_id)
    new_name = _clean_name(new_name, unit.name)
    key = name_key(new_name)
    clash = conn.execute(select(Unit.id).where(Unit.agency_id == unit.agency_id, Unit.name_key == key,
                                               Unit.id != unit_id)).first()
    if clash:
        raise OrgChangeError(f"OPD '{agency.name}' sudah punya unit kerja bernama '{new_name}'.")
    old_name, old_key = unit.name, unit.name_key
    conn.execute(update(Unit).where(Unit.id == unit_id).values(name=new_name, name_key=key))
    change = _record(conn, by, "rename_unit", effective, agency.region_id, agency.id, old_name, old_key, new_name,
                     unit_id=unit_id)
    return ChangeResult(change, f"Unit kerja '{old_name}' ({agency.name}) berganti nama menjadi '{new_name}' "
                                f"sejak {effective:%d-%m-%Y}.")


def move_unit(conn: Connection, unit_id: int, to_agency_id: int, effective: date,
              by: str = CLI_OPERATOR) -> ChangeResult:
    """Move a unit (with its sub-units, staff and their whole history) to another agency of the same
    region; the unit keeps its id and name."""
    require_admin(conn, by, _WHAT)
    unit = _unit(conn, unit_id)
    source, target = _agency(conn, unit.agency_id), _agency(conn, to_agency_id)
    _current(target)
    if source.id == target.id:
        raise OrgChangeError(f"Unit kerja '{unit.name}' sudah berada di {target.name}.")
    if source.region_id != target.region_id:
        raise OrgChangeError("Unit kerja hanya dapat dipindah ke OPD pemerintah daerah yang sama.")
    units = _with_subunits(conn, [unit_id])
    clash = conn.execute(select(Unit.name).where(
        Unit.agency_id == target.id, Unit.name_key.in_(select(Unit.name_key).where(Unit.id.in_(units))))).scalars().all()
    if clash:
        raise OrgChangeError(f"OPD '{target.name}' sudah punya unit kerja bernama {', '.join(sorted(clash))}; "
                             "ganti dahulu nama salah satunya.")
    conn.execute(update(Unit).where(Unit.id.in_(units)).values(agency_id=target.id))
    restated = _restate(conn, _BY_UNIT, lambda t: t.unit_id.in_(units), target.id)
    change = _record(conn, by, "move_unit", effective, source.region_id, source.id, unit.name, unit.name_key,
                     unit_id=unit_id, target_agency_id=target.id, units=units, restated=restated)
    return ChangeResult(change, f"Unit kerja '{unit.name}' dipindah dari {source.name} ke {target.name} sejak "
                                f"{effective:%d-%m-%Y}; riwayatnya ikut ke {target.name}.",
                        {"restated": restated})


def merge_agency(conn: Connection, agency_id: int, into_agency_id: int, effective: date,
                 by: str = CLI_OPERATOR) -> ChangeResult:
    """Merge an agency into another of the same region: its units, staff and whole history go to
    the successor; it stays only as history (inactive, `successor_id`), and its name resolves to the
    successor in uploads."""
    require_admin(conn, by, _WHAT)
    gone, into = _agency(conn, agency_id), _agency(conn, into_agency_id)
    _current(gone)
    _current(into)
    if gone.id == into.id:
        raise OrgChangeError("Sebuah OPD tidak dapat digabung ke dirinya sendiri.")
    if gone.region_id != into.region_id:
        raise OrgChangeError("OPD hanya dapat digabung dengan OPD pemerintah daerah yang sama.")
    theirs = aliased(ServiceRequest)
    clash = conn.execute(select(ServiceRequest.number).where(
        ServiceRequest.agency_id == gone.id,
        exists().where(theirs.agency_id == into.id, theirs.number == ServiceRequest.number)).limit(6)).scalars().all()
    if clash:
        raise OrgChangeError(
            f"Nomor permohonan layanan yang sama ada di kedua OPD ({', '.join(clash[:5])}"
            f"{', …' if len(clash) > 5 else ''}); penggabungan dibatalkan, tidak ada yang berubah.")
    tickets = aliased(QueueTicket)
    same_ticket = conn.execute(select(QueueTicket.day, QueueTicket.ticket).where(
        QueueTicket.agency_id == gone.id,
        exists().where(tickets.agency_id == into.id, tickets.day == QueueTicket.day,
                       tickets.ticket == QueueTicket.ticket)).limit(6)).all()
    if same_ticket:
        listed = ", ".join(f"{t} ({d:%d-%m-%Y})" for d, t in same_ticket[:5])
        raise OrgChangeError(
            f"Tiket antrian bernomor sama pada hari yang sama ada di kedua OPD ({listed}"
            f"{', …' if len(same_ticket) > 5 else ''}); penggabungan dibatalkan, tidak ada yang berubah.")
    renamed = []
    for uid, uname, ukey in conn.execute(select(Unit.id, Unit.name, Unit.name_key).where(Unit.agency_id == gone.id)).all():
        if conn.execute(select(Unit.id).where(Unit.agency_id == into.id, Unit.name_key == ukey)).first():
            new = f"{uname} (eks {gone.name})"
            conn.execute(update(Unit).where(Unit.id == uid).values(name=new, name_key=name_key(new)))
            renamed.append({"unit": uid, "old_name": uname, "new_name": new})
    units = list(conn.execute(select(Unit.id).where(Unit.agency_id == gone.id)).scalars())
    conn.execute(update(Unit).where(Unit.agency_id == gone.id).values(agency_id=into.id))
    restated = _restate(conn, _BY_AGENCY, lambda t: t.agency_id == gone.id, into.id)
    set_aside = _merge_org_level(conn, gone.id, into.id)
    grants = _move_grants(conn, gone.id, units)
    conn.execute(update(Agency).where(Agency.successor_id == gone.id).values(successor_id=into.id))
    conn.execute(update(Agency).where(Agency.id == gone.id).values(active=False, successor_id=into.id))
    change = _record(conn, by, "merge_agency", effective, gone.region_id, gone.id, gone.name, gone.name_key,
                     target_agency_id=into.id, units=units, renamed_units=renamed, restated=restated,
                     set_aside=set_aside, grants=grants)
    message = (f"OPD '{gone.name}' digabung ke '{into.name}' sejak {effective:%d-%m-%Y}: {len(units)} unit kerja "
               f"dan seluruh riwayatnya kini tercatat di {into.name}.")
    if renamed:
        message += f" {len(renamed)} unit kerja bernama sama diberi akhiran '(eks {gone.name})'."
    if grants:
        message += f" Cakupan {len(grants)} pengguna atas OPD lama diganti cakupan unit-unit kerjanya."
    return ChangeResult(change, message, {"restated": restated, "set_aside": set_aside, "grants": grants})


def _with_subunits(conn: Connection, unit_ids: list[int]) -> list[int]:
    found, frontier = set(unit_ids), set(unit_ids)
    while frontier:
        frontier = set(conn.execute(select(Unit.id).where(Unit.parent_id.in_(frontier))).scalars()) - found
        found |= frontier
    return sorted(found)


def _restate(conn: Connection, tables, where, agency_id: int) -> dict[str, int]:
    """File the matching rows of every table under `agency_id`; returns rows per table."""
    out = {}
    for table in tables:
        n = conn.execute(update(table).where(where(table)).values(agency_id=agency_id)).rowcount
        if n:
            out[table.__tablename__] = n
    return out


def _merge_org_level(conn: Connection, gone: int, into: int) -> dict:
    """Agency-level rows of the merged agency: unit ratings follow their units; the agency's own
    ratings and service standards go to the successor where it has none of its own for that period
    or service, and are otherwise set aside (kept in the change's detail, not counted twice)."""
    set_aside: dict[str, list] = {"org_rating": [], "service_standard": []}
    conn.execute(update(OrgRating).where(OrgRating.agency_id == gone, OrgRating.unit_id.is_not(None))
                 .values(agency_id=into))
    own = aliased(OrgRating)
    taken = exists().where(own.agency_id == into, own.unit_id.is_(None), own.year == OrgRating.year,
                           own.period == OrgRating.period)
    for row in conn.execute(select(OrgRating.year, OrgRating.period, OrgRating.predikat)
                            .where(OrgRating.agency_id == gone, taken)).all():
        set_aside["org_rating"].append({"year": row.year, "period": row.period, "predikat": row.predikat})
    conn.execute(delete(OrgRating).where(OrgRating.agency_id == gone, taken))
    conn.execute(update(OrgRating).where(OrgRating.agency_id == gone).values(agency_id=into))
    std = aliased(ServiceStandard)
    taken = exists().where(std.agency_id == into, std.service_type == ServiceStandard.service_type)
    for row in conn.execute(select(ServiceStandard.service_type, ServiceStandard.limit_value,
                                   ServiceStandard.limit_unit).where(ServiceStandard.agency_id == gone, taken)).all():
        set_aside["service_standard"].append(dict(row._mapping))
    conn.execute(delete(ServiceStandard).where(ServiceStandard.agency_id == gone, taken))
    conn.execute(update(ServiceStandard).where(ServiceStandard.agency_id == gone).values(agency_id=into))
    return {k: v for k, v in set_aside.items() if v}


def _move_grants(conn: Connection, gone: int, units: list[int]) -> list[int]:
    """Agency grants on the merged agency become grants on its former units; returns the users."""
    users = sorted(set(conn.execute(select(UserScope.user_id).where(
        UserScope.agency_id == gone, UserScope.unit_id.is_(None))).scalars()))
    conn.execute(delete(UserScope).where(UserScope.agency_id == gone, UserScope.unit_id.is_(None)))
    if users and units:
        conn.execute(insert(UserScope), [{"user_id": u, "unit_id": unit} for u in users for unit in units])
    return users


def history(engine: Engine) -> pd.DataFrame:
    """Every organisation change, newest first: id, kind (its Indonesian label), effective_date,
    region, old_name, new_name (the new name, or where it went), user_name, at."""
    target = aliased(Agency)
    c = OrgChange
    stmt = (select(c.id, c.kind, c.effective_date, Region.name.label("region"), c.old_name, c.new_name,
                   target.name.label("target"), c.user_name, c.at)
            .join(Region, Region.id == c.region_id)
            .outerjoin(target, target.id == c.target_agency_id)
            .order_by(c.id.desc()))
    with engine.connect() as conn:
        frame = pd.read_sql(stmt, conn)
    frame["new_name"] = frame["new_name"].where(frame["new_name"].notna(), frame["target"])
    frame["kind"] = frame["kind"].map(KINDS)
    return frame.drop(columns=["target"])


def find_agency(conn: Connection, text: str) -> int:
    """An agency written 'OPD@DAERAH' (or 'OPD' when one region has it), as on the command line."""
    name, region = _split(text, 2)
    org = OrgIndex.load(conn)
    region_id = org.region_id(region) if region else None
    if region and region_id is None:
        raise OrgChangeError(f"Daerah '{region}' tidak dikenal.")
    found = org.find_agencies(name, region_id)
    if len(found) != 1:
        where = f" di {region}" if region else ""
        raise OrgChangeError(f"OPD '{name}'{where} tidak dikenal atau ada di beberapa daerah; tulis OPD@DAERAH.")
    return found[0]


def find_unit(conn: Connection, text: str) -> int:
    """A unit written 'UNIT@OPD@DAERAH'."""
    unit, agency, region = _split(text, 3)
    agency_id = find_agency(conn, f"{agency}@{region}" if region else agency)
    unit_id = OrgIndex.load(conn).unit_id(agency_id, unit)
    if unit_id is None:
        raise OrgChangeError(f"Unit kerja '{unit}' tidak ada di OPD itu.")
    return unit_id


def _split(text: str, parts: int) -> list[str]:
    items = [p.strip() for p in str(text).split("@")]
    if not items[0] or len(items) > parts or (parts == 3 and len(items) < 2):
        raise OrgChangeError(f"'{text}' tidak dapat dibaca; tulis " + ("OPD@DAERAH." if parts == 2 else
                                                                        "UNIT@OPD@DAERAH."))
    return items + [""] * (parts - len(items))
