"""Resolving region and agency names as files write them, against what the database holds.

An OPD name is resolved within its region; a name is compared after removing the region's name from
its end ("Dinas Kesehatan Provinsi Lampung"), punctuation and case, and after expanding known
aliases ("Dinkes"). Nothing here creates a near-duplicate: the importer creates agencies only for
`pegawai` files and only when no existing agency resolves.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from vocab.codes import name_key
from data_access.models import Agency, AgencyAlias, OrgChange, Region, Unit

_PREFIXES = ("PEMERINTAH ", "PEMKAB ", "PEMKOT ", "PEMPROV ")
_ACRONYMS = {"RSUD", "DPRD", "PP", "UPTD", "UPT", "RS", "SDM", "PTSP", "UKM", "ESDM", "TU", "PKK", "II",
             "III", "IV", "IT", "KB", "DR", "H"}
_REGION_WORDS = ("PROVINSI ", "PROV ", "KABUPATEN ", "KAB ", "KOTA ")
_LOWER = {"DAN", "DI", "KE", "DARI", "YANG", "UNTUK"}


def region_keys(name: str, code: str, kind: str) -> set[str]:
    """Every spelling a file may use for a region."""
    full = name_key(name)
    short = re.sub(r"^(PROVINSI|KABUPATEN|KOTA) ", "", full)
    keys = {full, name_key(code), short if kind != "kota" else f"KOTA {short}"}
    if kind == "kabupaten":
        keys |= {f"KAB {short}", short}
    if kind == "kota":
        keys |= {short}
    if kind == "provinsi":
        keys |= {f"PROV {short}", short}
    return keys


def clean_region_text(text: str) -> str:
    key = name_key(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
    return re.sub(r"^KAB ", "KABUPATEN ", key)


def display_name(text: str) -> str:
    """A readable name for a new agency or unit: all-caps names get Indonesian title case."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    if text != text.upper():
        return text
    words = []
    for i, word in enumerate(text.split(" ")):
        bare = re.sub(r"[^A-Z]", "", word)
        if bare in _ACRONYMS or (bare and not re.search(r"[AIUEO]", bare)):
            words.append(word)
        elif i > 0 and bare in _LOWER:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


@dataclass
class OrgIndex:
    """Regions, agencies, units and aliases loaded once per import."""

    region_by_key: dict[str, int]
    region_names: dict[int, str]
    region_suffixes: list[str]
    alias: dict[str, str]  # alias key -> canonical name key
    alias_display: dict[str, str]  # alias key -> canonical display name
    agencies: dict[tuple[int, str], int]  # (region_id, name_key) -> agency id
    agency_names: dict[int, str]
    agency_region: dict[int, int]
    units: dict[tuple[int, str], int]  # (agency_id, name_key) -> unit id
    unit_names: dict[int, str] = field(default_factory=dict)
    merged: set[tuple[int, str]] = field(default_factory=set)  # (region_id, name_key) of merged agencies

    @classmethod
    def load(cls, conn: Connection) -> "OrgIndex":
        region_by_key: dict[str, int] = {}
        region_names: dict[int, str] = {}
        suffixes: set[str] = set()
        for rid, code, name, kind in conn.execute(select(Region.id, Region.code, Region.name, Region.kind)):
            region_names[rid] = name
            for key in region_keys(name, code, kind):
                region_by_key[key] = rid
                if not key[0].isdigit():
                    suffixes.add(key)
            if kind == "kabupaten":
                suffixes.add("KABUPATEN " + re.sub(r"^KABUPATEN ", "", name_key(name)))
        alias_rows = conn.execute(select(AgencyAlias.alias_key, AgencyAlias.canonical_name)).all()
        agencies, agency_names, agency_region = {}, {}, {}
        successor, merged = {}, set()
        for aid, rid, key, name, after in conn.execute(
            select(Agency.id, Agency.region_id, Agency.name_key, Agency.name, Agency.successor_id)
        ):
            agencies[(rid, key)] = after or aid  # a merged agency's name finds its successor
            agency_names[aid] = name
            agency_region[aid] = rid
            successor[aid] = after or aid
            if after:
                merged.add((rid, key))
        units, unit_names, unit_agency = {}, {}, {}
        for uid, aid, key, name in conn.execute(select(Unit.id, Unit.agency_id, Unit.name_key, Unit.name)):
            units[(aid, key)] = uid
            unit_names[uid] = name
            unit_agency[uid] = aid
        # Old names of renamed agencies and units keep resolving (data_access.org_changes), unless a
        # current one has taken the name since.
        for kind, rid, aid, uid, old_key in conn.execute(
            select(OrgChange.kind, OrgChange.region_id, OrgChange.agency_id, OrgChange.unit_id, OrgChange.old_key)
            .where(OrgChange.kind.in_(("rename_agency", "rename_unit"))).order_by(OrgChange.id.desc())
        ):
            if kind == "rename_agency":
                agencies.setdefault((rid, old_key), successor[aid])
            elif uid in unit_agency:
                units.setdefault((unit_agency[uid], old_key), uid)
        return cls(
            region_by_key=region_by_key,
            region_names=region_names,
            region_suffixes=sorted(suffixes, key=len, reverse=True),
            alias={a: name_key(c) for a, c in alias_rows},
            alias_display={a: c for a, c in alias_rows},
            agencies=agencies,
            agency_names=agency_names,
            agency_region=agency_region,
            units=units,
            unit_names=unit_names,
            merged=merged,
        )

    # --- regions ------------------------------------------------------------------------------
    def region_id(self, text: str | None) -> int | None:
        if text is None:
            return None
        return self.region_by_key.get(clean_region_text(text))

    # --- agencies -----------------------------------------------------------------------------
    def _strip_region(self, key: str, named_only: bool = False) -> str:
        """Remove a trailing region name; with named_only, only one that says what it is
        ("Kabupaten Pesawaran", "Provinsi Lampung"), so "RSUD Pesawaran" keeps its own name."""
        for suffix in self.region_suffixes:
            if named_only and not suffix.startswith(_REGION_WORDS):
                continue
            if key.endswith(" " + suffix) and len(key) > len(suffix) + 1:
                return key[: -len(suffix) - 1].strip()
        return key

    def region_in_name(self, text: str) -> int | None:
        """The region an agency name states at its end ("… Kabupaten Pesawaran"), if any."""
        key = name_key(text)
        for suffix in self.region_suffixes:
            if suffix.startswith(_REGION_WORDS) and key.endswith(" " + suffix):
                return self.region_by_key.get(clean_region_text(suffix))
        return None

    def agency_key(self, text: str) -> str:
        """The comparable key of an agency name: region suffix removed, alias expanded."""
        key = self._strip_region(name_key(text))
        return self.alias.get(key, key)

    def agency_display(self, text: str) -> str:
        """The name to give a new agency: the alias's canonical name, or the file's name without
        its region suffix, in readable case."""
        bare = self._strip_region(name_key(text))
        if bare in self.alias_display:
            return self.alias_display[bare]
        key = self._strip_region(name_key(text), named_only=True)
        words = str(text).split()
        while words and name_key(" ".join(words)) != key and len(name_key(" ".join(words))) > len(key):
            words.pop()
        return display_name(" ".join(words) if name_key(" ".join(words)) == key else text)

    def find_agencies(self, text: str, region_id: int | None) -> list[int]:
        key = self.agency_key(text)
        if region_id is not None:
            found = self.agencies.get((region_id, key))
            return [found] if found else []
        return sorted(aid for (rid, k), aid in self.agencies.items() if k == key)

    def is_merged(self, text: str, region_id: int | None) -> bool:
        """Whether the name is that of an agency merged into another (it resolves to the successor)."""
        key = self.agency_key(text)
        return any(k == key and (region_id is None or r == region_id) for r, k in self.merged)

    def agency_label(self, agency_id: int) -> str:
        return f"{self.agency_names[agency_id]} ({self.region_names[self.agency_region[agency_id]]})"

    def unit_id(self, agency_id: int, text: str) -> int | None:
        return self.units.get((agency_id, name_key(text)))


class UnknownAgency(LookupError):
    """A written agency name that designates no agency the reader may see (message in Indonesian,
    with the closest names)."""


_LABEL_SEPARATORS = re.compile(r"\s*@\s*|\s+[—–]\s+")  # OPD@DAERAH (the command lines), "OPD — Daerah" (pages)


def agency_aliases(conn: Connection) -> list[tuple]:
    """The agency aliases (every column of agency_alias), by canonical name and alias key."""
    return conn.execute(AgencyAlias.__table__.select().order_by(AgencyAlias.canonical_name,
                                                                AgencyAlias.alias_key)).all()


def agencies_named(conn: Connection, text: str, allowed: Iterable[int]) -> list[int]:
    """The agencies among `allowed` that `text` names, resolved as imports resolve names: case,
    punctuation, known aliases ("Disdukcapil") and a trailing region name ("… Kabupaten Lampung
    Tengah") do not matter, an old name of a renamed agency still finds it. The region may also be
    written after '@' (OPD@DAERAH) or ' — ' (the dashboard's label). Without a region the name
    designates that agency in every allowed region that has one. Nothing found: UnknownAgency,
    naming up to five close matches among the allowed agencies."""
    org = OrgIndex.load(conn)
    allowed = set(allowed)
    parts = _LABEL_SEPARATORS.split(str(text).strip(), maxsplit=1)
    name, region_text = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], None)
    if region_text is not None:
        region_id = org.region_id(region_text)
        if region_id is None:
            raise UnknownAgency(f"Daerah '{region_text}' tidak dikenal." + _suggest_region(org, region_text))
    else:
        # A region at the end, with or without its kind ("… Kabupaten Lampung Tengah", "… Lampung Tengah").
        key = name_key(name)
        region_id = next((org.region_id(suffix) for suffix in org.region_suffixes
                          if key.endswith(" " + suffix) and len(key) > len(suffix) + 1), None)
    found = [a for a in org.find_agencies(name, region_id) if a in allowed]
    if not found:
        where = f" di {org.region_names[region_id]}" if region_text is not None else ""
        raise UnknownAgency(f"OPD '{name}'{where} tidak ada dalam cakupan Anda." + _suggest(org, name, allowed))
    return found


def regions_named(conn: Connection, text: str, allowed: Iterable[int]) -> list[int]:
    """The region among `allowed` that `text` names ("Lampung Selatan", "Kabupaten Lampung Selatan",
    "Kab. Lampung Selatan"), as imports resolve region names. A region unknown, or outside `allowed`
    (the reader's scope): UnknownAgency, whose message says so."""
    org = OrgIndex.load(conn)
    region_id = org.region_id(str(text).strip())
    if region_id is None:
        raise UnknownAgency(f"Daerah '{text}' tidak dikenal." + _suggest_region(org, str(text)))
    if region_id not in set(allowed):
        raise UnknownAgency(f"Daerah '{org.region_names[region_id]}' tidak ada dalam cakupan Anda.")
    return [region_id]


def _suggest(org: OrgIndex, text: str, allowed: set[int]) -> str:
    """" Mungkin maksud Anda: …" with up to five allowed agencies whose name (or alias, or name and
    region) is closest to `text`, each written as the command accepts it (OPD@DAERAH when the name is
    in one allowed region only); "" when none is close."""
    wanted = {name_key(text), org.agency_key(text)}  # as written, and without its region, alias expanded
    aliases: dict[str, list[str]] = {}
    for alias, canonical in org.alias.items():
        aliases.setdefault(canonical, []).append(alias)

    def closeness(key: str) -> float:  # the whole key, or its start (a name typed in part or misspelt)
        return max(max(difflib.SequenceMatcher(None, w, key).ratio(),
                       difflib.SequenceMatcher(None, w, key[:len(w)]).ratio() - 0.05) for w in wanted)

    best: dict[str, float] = {}
    regions: dict[str, list[str]] = {}
    for aid in sorted(allowed & org.agency_names.keys()):
        name, region = org.agency_names[aid], org.region_names[org.agency_region[aid]]
        keys = [name_key(name), name_key(f"{name} {region}"), *aliases.get(name_key(name), [])]
        best[name] = max(best.get(name, 0.0), *(closeness(k) for k in keys))
        regions.setdefault(name, []).append(region)
    close = sorted((n for n, score in best.items() if score >= 0.75), key=lambda n: (-best[n], n))[:5]
    shown = [f"{n}@{regions[n][0]}" if len(regions[n]) == 1 else n for n in close]
    return f" Mungkin maksud Anda: {'; '.join(shown)}." if shown else ""


def _suggest_region(org: OrgIndex, text: str) -> str:
    close = difflib.get_close_matches(name_key(text), [name_key(n) for n in org.region_names.values()], n=3,
                                      cutoff=0.6)
    names = [n for n in sorted(org.region_names.values()) if name_key(n) in close]
    return f" Mungkin maksud Anda: {'; '.join(names)}." if names else ""
