"""What a viewer may see: regions (with their kabupaten/kota), agencies and units. Default deny."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, false, or_, select, true

from data_access.models import Agency, AppUser, Region, Unit, UserScope


class UnknownUser(LookupError):
    """No active user of that name."""


@dataclass(frozen=True)
class Scope:
    """The rows a viewer may see. `everything` is the operator's full scope; an empty Scope sees nothing."""

    regions: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()
    units: frozenset[int] = frozenset()
    unit_agencies: frozenset[int] = frozenset()  # agencies holding the granted units (for navigation)
    everything: bool = False
    user: str = ""

    @classmethod
    def full(cls, user: str) -> "Scope":
        return cls(everything=True, user=user)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.regions or self.agencies or self.units)

    def clause(self, region_col=None, agency_col=None, unit_col=None) -> ColumnElement[bool]:
        """A WHERE condition for a table with these columns (pass those it has)."""
        if self.everything:
            return true()
        parts = []
        if region_col is not None and self.regions:
            parts.append(region_col.in_(sorted(self.regions)))
        if agency_col is not None and self.agencies:
            parts.append(agency_col.in_(sorted(self.agencies)))
        if unit_col is not None and self.units:
            parts.append(unit_col.in_(sorted(self.units)))
        return or_(*parts) if parts else false()


    def container_clause(self, region_col, agency_col) -> ColumnElement[bool]:
        """Like clause() for agency lists: an agency is listed when any of its units is granted."""
        if self.everything:
            return true()
        inner = self.clause(region_col, agency_col)
        if self.unit_agencies:
            return or_(inner, agency_col.in_(sorted(self.unit_agencies)))
        return inner


def _with_children(conn: Connection, region_ids: set[int]) -> set[int]:
    children = {rid for (rid,) in conn.execute(select(Region.id).where(Region.parent_id.in_(region_ids)))}
    return region_ids | children


def scope_for_user(conn: Connection, username: str) -> Scope:
    """The scope granted to an active user; a user without grants gets an empty scope. Computed at
    sign-in: an agency created later in a granted region is seen from the next sign-in on."""
    user_id = conn.execute(
        select(AppUser.id).where(AppUser.username == username, AppUser.active.is_(True))
    ).scalar()
    if user_id is None:
        raise UnknownUser(f"Pengguna '{username}' tidak ada atau tidak aktif.")
    regions, agencies, units = set(), set(), set()
    for rid, aid, uid in conn.execute(
        select(UserScope.region_id, UserScope.agency_id, UserScope.unit_id).where(UserScope.user_id == user_id)
    ):
        if uid is not None:
            units.add(uid)
        elif aid is not None:
            agencies.add(aid)
        elif rid is not None:
            regions.add(rid)
    if regions:
        regions = _with_children(conn, regions)
        # Facts are filed by agency and unit; a region grant covers every agency of its regions.
        agencies |= {a for (a,) in conn.execute(select(Agency.id).where(Agency.region_id.in_(regions)))}
    unit_agencies = set()
    if units:
        unit_agencies = {a for (a,) in conn.execute(select(Unit.agency_id).where(Unit.id.in_(units)))}
    return Scope(frozenset(regions), frozenset(agencies), frozenset(units), frozenset(unit_agencies),
                 user=username)


def narrowed(scope: Scope, agencies, units, region_ids=(), agency_ids=(), unit_ids=()) -> Scope:
    """The part of `scope` a filter chooses (regions, agencies, units; empty = all): never more than
    `scope`, so a tampered URL naming an agency outside it yields an empty scope, not its rows.

    `agencies` and `units` are the frames reads.agencies/reads.units return for `scope` (agency_id,
    region_id; unit_id, agency_id): the org chart the viewer may navigate.
    """
    if not (region_ids or agency_ids or unit_ids):
        return scope
    chosen = agencies
    if region_ids:
        chosen = chosen[chosen["region_id"].isin(list(region_ids))]
    if agency_ids:
        chosen = chosen[chosen["agency_id"].isin(list(agency_ids))]
    candidates = {int(a) for a in chosen["agency_id"]}
    in_candidates = units[units["agency_id"].isin(list(candidates))]
    if unit_ids:
        picked = in_candidates[in_candidates["unit_id"].isin(list(unit_ids))]
        return Scope(units=frozenset(int(u) for u in picked["unit_id"]),
                     unit_agencies=frozenset(int(a) for a in picked["agency_id"]), user=scope.user)
    whole = {a for a in candidates if scope.everything or a in scope.agencies}
    partial = in_candidates[~in_candidates["agency_id"].isin(list(whole))
                            & in_candidates["unit_id"].isin(list(scope.units))]
    return Scope(agencies=frozenset(whole), units=frozenset(int(u) for u in partial["unit_id"]),
                 unit_agencies=frozenset(int(a) for a in partial["agency_id"]), user=scope.user)
