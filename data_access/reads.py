"""Scoped reads the pages and the report command use. Every function takes the viewer's Scope and
filters in SQL; nothing outside the scope leaves the database."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, func, select

from data_access.models import Agency, Appraisal, Employee, ImportBatch, Region, Unit
from data_access.scope import Scope


def _frame(engine: Engine, stmt) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


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
    """Agencies in scope: agency_id, agency, region_id, region."""
    where = [scope.container_clause(Agency.region_id, Agency.id)]
    if region_ids:
        where.append(Agency.region_id.in_(region_ids))
    stmt = (
        select(Agency.id.label("agency_id"), Agency.name.label("agency"),
               Region.id.label("region_id"), Region.name.label("region"))
        .join(Region, Region.id == Agency.region_id)
        .where(*where)
        .order_by(Region.code, Agency.name)
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


def data_years(engine: Engine, scope: Scope) -> list[int]:
    """Years that have appraisal data in scope or import batches, newest first."""
    with engine.connect() as conn:
        years = {y for (y,) in conn.execute(
            select(Appraisal.year).where(scope.clause(None, Appraisal.agency_id, Appraisal.unit_id)).distinct())}
        years |= {y for (y,) in conn.execute(
            select(ImportBatch.year).where(and_(ImportBatch.year.is_not(None),
                                                ImportBatch.status == "committed")).distinct())}
    return sorted(years, reverse=True)


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
