"""Stage 2 of an import: what the rows refer to. Region, agency and unit names resolved to their ids
(through OrgIndex: aliases, names that state their region), NIPs to the stored staff, every row held
to the importing user's scope; and, for pegawai, the agencies and units the file names that do not
exist yet, created when the chunk is written."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import insert, select

from data_access.importing.job_state import JobState, as_mask
from data_access.importing.problems import ERROR
from data_access.models import Agency, Employee, Unit
from data_access.orgs import OrgIndex, display_name
from vocab import codes


def resolve(job: JobState) -> None:
    """Ids for the names and NIPs of this chunk (none when its cells had errors)."""
    if job.chunk_errors:
        return
    if job.org is None:
        job.org = OrgIndex.load(job.conn)
    if "region" in job.df:
        job.df["region_id"] = _map(job.df["region"], job.org.region_id, "Int64")
        unknown = job.df["region"].notna() & job.df["region_id"].isna()
        if unknown.any():
            job.add(ERROR, unknown, "region",
                    "bukan Provinsi Lampung atau salah satu dari 15 kabupaten/kota Lampung.")
    # Rows keyed by NIP belong to the employee's agency; their OPD/UNIT columns are only context.
    if "agency" in job.df and ("nip" not in job.df or job.kind.name == "pegawai"):
        _resolve_agencies(job)
    if "nip" in job.df and job.kind.name != "pegawai":
        _resolve_employees(job)
    RESOLVERS.get(job.kind.name, lambda job: None)(job)


def _map(series: pd.Series, func_, dtype: str) -> pd.Series:
    lookup = {v: func_(v) for v in series.dropna().unique()}
    return series.map(lookup).astype(dtype)


def _resolve_agencies(job: JobState) -> None:
    org = job.org
    region = job.df["region_id"] if "region_id" in job.df else pd.Series(pd.NA, index=job.df.index,
                                                                             dtype="Int64")
    # A name that states its region ("… Kabupaten Pesawaran") supplies or must agree with the column.
    named = _map(job.df["agency"], org.region_in_name, "Int64")
    clash = as_mask(named.notna() & region.notna() & (named != region))
    if clash.any():
        job.add(ERROR, clash, "agency",
                "nama OPD menyebut daerah lain daripada kolom KABUPATEN/KOTA; perbaiki salah satunya.")
    region = region.fillna(named)
    job.df["region_id"] = region
    # Plain Python keys: pd.NA inside a tuple cannot be compared.
    keys = [(None if pd.isna(a) else a, None if pd.isna(r) else int(r))
            for a, r in zip(job.df["agency"], region)]
    agency_ids: dict[tuple[str, int | None], int | None] = {}
    messages: dict[tuple[str, int | None], str] = {}
    snapshot = job.kind.name == "pegawai" and job.context.get("mode") == "replace"
    for name, rid_value in dict.fromkeys(k for k in keys if k[0] is not None):
        found = org.find_agencies(name, rid_value)
        if len(found) == 1 and snapshot and org.is_merged(name, rid_value):
            messages[(name, rid_value)] = (
                f"OPD ini sudah digabung ke {org.agency_label(found[0])}, jadi berkas ini bukan potret lengkap "
                "OPD penerusnya (pegawainya yang tidak ada di berkas akan dinonaktifkan). Impor dengan mode "
                "append, atau unggah potret terbaru OPD penerus.")
        elif len(found) == 1:
            agency_ids[(name, rid_value)] = found[0]
        elif len(found) > 1:
            listed = ", ".join(org.region_names[org.agency_region[a]] for a in found)
            messages[(name, rid_value)] = (f"OPD dengan nama ini ada di {len(found)} daerah ({listed}); "
                                           "isi kolom KABUPATEN/KOTA agar jelas OPD yang dimaksud.")
        elif job.kind.name == "pegawai":
            if rid_value is None:
                messages[(name, rid_value)] = ("OPD belum dikenal; untuk membuatnya isi kolom KABUPATEN/KOTA "
                                               "agar jelas milik pemerintah daerah mana.")
            else:
                job.new_agencies.setdefault((rid_value, org.agency_key(name)), org.agency_display(name))
        else:
            where = f" di {org.region_names[rid_value]}" if rid_value is not None else ""
            messages[(name, rid_value)] = (f"OPD tidak dikenal{where}. Impor data pegawai OPD ini lebih "
                                           "dahulu, atau tambahkan nama lainnya di pengaturan alias.")
    job.df["agency_id"] = pd.array([agency_ids.get(k) for k in keys], dtype="Int64")
    for k, message in messages.items():
        job.add(ERROR, pd.Series([kk == k for kk in keys], index=job.df.index) & ~clash, "agency", message)


def _resolve_employees(job: JobState) -> None:
    codes_, nips = pd.factorize(job.df["nip"])  # each NIP looked up and mapped once
    rows = []
    for chunk in _chunks(list(nips), 5000):
        rows += map(tuple, job.conn.execute(  # plain tuples: pandas asks a Row for attributes, slowly
            select(Employee.nip, Employee.id, Employee.agency_id, Employee.unit_id, Employee.region_id)
            .where(Employee.nip.in_(chunk))
        ))
    found = pd.DataFrame(rows, columns=["nip", "employee_id", "emp_agency_id", "emp_unit_id",
                                        "emp_region_id"]).set_index("nip").reindex(pd.Index(nips, dtype=object))
    for name in found.columns:
        values = pd.array(found[name].to_numpy(dtype="float64"), dtype="Int64").take(codes_, allow_fill=True)
        job.df[name] = pd.Series(values, index=job.df.index)
    unknown = job.df["nip"].notna() & job.df["employee_id"].isna()
    if unknown.any():
        job.add(ERROR, unknown, "nip", "NIP tidak ada di data pegawai; impor data pegawai lebih dahulu.")


def check_scope(job: JobState) -> None:
    """Every row must belong to a region, agency or unit the importing user may see."""
    scope, user = job.scope, job.user
    if job.chunk_errors or scope.everything or job.df.empty:
        return
    df, none = job.df, pd.Series(pd.NA, index=job.df.index, dtype="Int64")
    if "employee_id" in df:
        region, agency, unit = df["emp_region_id"], df["emp_agency_id"], df["emp_unit_id"]
    else:
        agency = df["agency_id"] if "agency_id" in df else none
        region = agency.map(pd.Series(job.org.agency_region)).astype("Int64")
        if "region_id" in df:
            region = region.fillna(df["region_id"])
        unit = df["unit_id"] if "unit_id" in df else none
    inside = (as_mask(region.isin(scope.regions)) | as_mask(agency.isin(scope.agencies))
              | as_mask(unit.isin(scope.units)))
    if not inside.all():
        job.add(ERROR, ~inside, "agency" if "agency" in job.header_of else "nip",
                f"di luar cakupan pengguna '{user}': hanya data daerah/OPD/unit cakupannya yang boleh "
                "diimpor.")


def create_orgs(job: JobState) -> None:
    """Agencies and units this chunk names that do not exist yet (pegawai): inserted in bulk, then
    every row gets its ids. Called when the chunk is written (the batch row exists)."""
    org, conn, batch_id, result = job.org, job.conn, job.batch_id, job.result
    if job.new_agencies:
        created = sorted(job.new_agencies.items())
        conn.execute(insert(Agency), [
            {"region_id": rid, "name": name, "name_key": key, "active": True, "created_batch_id": batch_id}
            for (rid, key), name in created])
        ids = dict(((r, k), a) for a, r, k in conn.execute(
            select(Agency.id, Agency.region_id, Agency.name_key).where(Agency.created_batch_id == batch_id)))
        for (rid, key), name in created:
            aid = ids[(rid, key)]
            org.agencies[(rid, key)] = aid
            org.agency_names[aid] = name
            org.agency_region[aid] = rid
            result.created_agencies.append(f"{name} ({org.region_names[rid]})")
        job.new_agencies = {}
        pairs = job.df[["agency", "region_id"]].drop_duplicates()
        found = {(a, r): org.agencies.get((int(r), org.agency_key(a))) if not pd.isna(r) else None
                 for a, r in pairs.itertuples(index=False)}
        filled = pd.array([found[(a, r)] for a, r in zip(job.df["agency"], job.df["region_id"])],
                          dtype="Int64")
        job.df["agency_id"] = job.df["agency_id"].fillna(pd.Series(filled, index=job.df.index))
    if job.kind.name != "pegawai":
        return
    pairs = job.df[["agency_id", "unit"]].drop_duplicates()
    keys = {(aid, unit): (int(aid), codes.name_key(unit)) for aid, unit in pairs.itertuples(index=False)}
    new = {k: unit for (aid, unit), k in keys.items() if k not in org.units}
    if new:
        conn.execute(insert(Unit), [
            {"agency_id": aid, "name": display_name(unit), "name_key": key, "active": True,
             "created_batch_id": batch_id} for (aid, key), unit in sorted(new.items())])
        for uid, aid, key in conn.execute(select(Unit.id, Unit.agency_id, Unit.name_key)
                                          .where(Unit.created_batch_id == batch_id)):
            org.units[(aid, key)] = uid
        result.created_units += len(new)
    job.df["unit_id"] = pd.array([org.units[keys[(a, u)]] for a, u in zip(job.df["agency_id"], job.df["unit"])],
                                 dtype="Int64")


def _resolve_units(job: JobState) -> None:
    """UNIT KERJA (optional on predikat_organisasi and kegiatan_pendampingan, required on survei_adkar)
    must name a unit of the resolved agency."""
    df = job.df
    if "unit" not in df:
        df["unit_id"] = pd.array([None] * len(df), dtype="Int64")
        return
    ids = [job.org.unit_id(int(a), u) if not pd.isna(a) and isinstance(u, str) else None
           for a, u in zip(df["agency_id"], df["unit"])]
    df["unit_id"] = pd.array(ids, dtype="Int64")
    unknown = df["unit"].notna() & df["agency_id"].notna() & df["unit_id"].isna()
    if unknown.any():
        job.add(ERROR, unknown, "unit", "unit kerja tidak dikenal di OPD ini.")


RESOLVERS = {"predikat_organisasi": _resolve_units, "survei_adkar": _resolve_units,
             "kegiatan_pendampingan": _resolve_units}


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
