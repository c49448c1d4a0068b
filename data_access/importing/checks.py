"""The checks across a chunk's rows, after each cell passed its own: keys repeated in the file (within
the chunk and against every earlier chunk, through keys.SeenKeys), and each kind's own rules (CHECKS:
the NIP's structure, the predikat matrix, dates in order …)."""
from __future__ import annotations

import pandas as pd

from data_access.importing.job_state import JobState, as_mask
from data_access.importing.keys import row_hashes
from data_access.importing.problems import ERROR, WARNING
from data_access.settings import load_settings
from vocab import codes
from vocab.kinds import STANDARD_LIMIT_MAX


def check_kind(job: JobState) -> None:
    """The kind's own checks of this chunk (CHECKS), if it has any."""
    CHECKS.get(job.kind.name, lambda job: None)(job)


# Names in a key compare after resolution: "Dinkes" and "Dinas Kesehatan" are one agency.
_RESOLVED_KEY = {"agency": "agency_id", "unit": "unit_id", "region": "region_id"}


def in_file_duplicates(job: JobState) -> None:
    """Identical rows are skipped (counted); rows sharing a key with different content are errors,
    within the chunk and against every earlier chunk. A missing key part is a value of its own
    (two agency-level ratings share unit 'none')."""
    if not job.kind.key or job.df.empty:
        return
    key = [_RESOLVED_KEY.get(f, f) if _RESOLVED_KEY.get(f) in job.df else f
           for f in job.kind.key]
    key = [f for f in key if f in job.df.columns]
    data_cols = [c for c in job.df.columns if c != "_line"]
    if "employee_id" in job.df:  # the NIP and the employee's agency and unit follow from the id
        data_cols = [c for c in data_cols if c != "nip" and not c.startswith("emp_")]
        key = ["employee_id" if f == "nip" else f for f in key]
    # Identical rows share their key: only rows whose key repeats in the chunk are compared whole.
    shared_key = job.df.duplicated(subset=key, keep=False)
    exact = pd.Series(False, index=job.df.index)
    if shared_key.any():
        exact[shared_key] = job.df[shared_key].duplicated(subset=data_cols, keep="first")
    row_hash = row_hashes(job.df, data_cols)
    key_hash = row_hashes(job.df, key)
    earlier, same = job.seen.lookup(key_hash, row_hash)
    exact |= same  # the same row in an earlier chunk
    job.duplicates_skipped += int(exact.sum())
    keep = ~exact.to_numpy()
    job.df, job.raw_values = job.df[keep], job.raw_values[keep]
    row_hash, key_hash, earlier = row_hash[keep], key_hash[keep], earlier[keep]
    column = next(f for f in job.kind.key if f in job.header_of)
    before = pd.Series(earlier > 0, index=job.df.index)
    if before.any():
        job.add(ERROR, before, column, "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di "
                "baris " + pd.Series(earlier, index=job.df.index).astype(str) + ").")
    conflict = job.df.duplicated(subset=key, keep=False) & ~before
    if conflict.any():
        first_line = job.df[conflict].groupby(key, dropna=False)["_line"].transform("min")
        message = ("kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris "
                   + first_line.astype(str) + ").")
        job.add(ERROR, conflict, column, message.reindex(job.df.index))
    job.seen.add(key_hash, row_hash, job.df["_line"].to_numpy())


def _check_pegawai(job: JobState) -> None:
    df = job.df
    if "status" not in df:
        df["status"] = pd.NA
    month = df["nip"].str.slice(12, 14)
    nip_pppk = as_mask(pd.to_numeric(month, errors="coerce").between(21, 29))
    df["status"] = df["status"].fillna(nip_pppk.map({True: codes.STATUS_PPPK, False: codes.STATUS_PNS}))
    _nip_checks(job)
    if "gelar_depan" in df or "gelar_belakang" in df:
        front = df.get("gelar_depan", pd.Series(pd.NA, index=df.index)).fillna("")
        back = df.get("gelar_belakang", pd.Series(pd.NA, index=df.index)).fillna("")
        name = (front + " " + df["name"].fillna("")).str.strip()
        df["name"] = name.where(back == "", name + ", " + back)
    if "jabatan_type" in df:
        eselon = df.get("eselon", pd.Series(pd.NA, index=df.index, dtype="string"))
        lookup = {(t, e): _jabatan_type(t, e) for t, e in set(zip(df["jabatan_type"], eselon))}
        mapped = pd.Series([lookup[(t, e)] for t, e in zip(df["jabatan_type"], eselon)], index=df.index,
                           dtype="string")
        bad = df["jabatan_type"].notna() & mapped.isna()
        if bad.any():
            job.add(ERROR, bad, "jabatan_type",
                    "jenis jabatan tidak dikenali (JPT, Administrator, Pengawas, Fungsional, Pelaksana).")
        df["jabatan_type"] = mapped


def _jabatan_type(text, eselon) -> str | None:
    if text is None or pd.isna(text):
        return None
    t = codes.norm_text(text)
    for name in codes.JABATAN_TYPES:
        if t == name.upper():
            return name
    if "PIMPINAN TINGGI" in t or t.startswith("JPT"):
        return "JPT"
    if "ADMINISTRATOR" in t:
        return "Administrator"
    if "PENGAWAS" in t:
        return "Pengawas"
    if "FUNGSIONAL UMUM" in t or "PELAKSANA" in t:
        return "Pelaksana"
    if "FUNGSIONAL" in t:
        return "Fungsional"
    if "STRUKTURAL" in t and eselon is not None and not pd.isna(eselon):
        level = codes.norm_text(eselon).replace("ESELON", "").strip().split(".")[0]
        return {"I": "JPT", "II": "JPT", "III": "Administrator", "IV": "Pengawas", "V": "Pengawas"}.get(level)
    return None


def _nip_checks(job: JobState) -> None:
    """NIP structure against the row's own birth date, sex and status: warnings, not errors."""
    df = job.df
    nip = df["nip"].fillna("")
    valid = df["nip"].notna()
    born = pd.to_datetime(nip.str.slice(0, 8), format="%Y%m%d", errors="coerce")
    month = pd.to_numeric(nip.str.slice(12, 14), errors="coerce")
    is_pppk = as_mask(month.between(21, 29))
    structure_ok = born.notna() & (as_mask(month.between(1, 12)) | is_pppk)
    bad_structure = valid & ~structure_ok
    if bad_structure.any():
        job.add(WARNING, bad_structure, "nip", "tidak mengikuti susunan NIP (tanggal lahir 8 digit, "
                "lalu TMT CPNS YYYYMM atau tahun pengangkatan PPPK).")
    if "birth_date" in df:
        differ = valid & structure_ok & job.usable("birth_date") & as_mask(born != df["birth_date"])
        if differ.any():
            job.add(WARNING, differ, "birth_date", "tidak sama dengan tanggal lahir di dalam NIP.")
    if "sex" in df:
        digit = nip.str.slice(14, 15).map({"1": codes.SEX_MALE, "2": codes.SEX_FEMALE})
        differ = valid & structure_ok & df["sex"].notna() & as_mask(digit != df["sex"])
        if differ.any():
            job.add(WARNING, differ, "sex", "tidak sama dengan kode jenis kelamin di dalam NIP.")
    if "status" in job.header_of:
        pns_row = as_mask(df["status"] == codes.STATUS_PNS)
        differ = valid & structure_ok & ((pns_row & is_pppk) | (~pns_row & df["status"].notna() & ~is_pppk))
        if differ.any():
            job.add(WARNING, differ, "status", "tidak sesuai dengan NIP (NIP PNS atau NI PPPK).")


def _check_penilaian(job: JobState) -> None:
    df = job.df
    hasil, perilaku = df["rating_hasil"], df["rating_perilaku"]
    one_missing = hasil.isna() ^ perilaku.isna()
    if one_missing.any():
        job.add(ERROR, one_missing & hasil.isna(), "rating_hasil", "kosong padahal rating perilaku diisi.")
        job.add(ERROR, one_missing & perilaku.isna(), "rating_perilaku", "kosong padahal rating hasil diisi.")
    expected = pd.Series([codes.PREDIKAT_MATRIX.get((h, p)) for h, p in zip(hasil, perilaku)],
                         index=df.index, dtype="string")
    if "predikat" in df:
        disagree = df["predikat"].notna() & expected.notna() & as_mask(df["predikat"] != expected)
        if disagree.any():
            job.add(ERROR, disagree, "predikat",
                    "tidak sesuai matriks predikat (PermenPANRB 6/2022): rating hasil dan perilaku kerja "
                    "baris ini menghasilkan '" + expected.fillna("") + "'.")
        rated_without = df["predikat"].notna() & hasil.isna() & perilaku.isna()
        if rated_without.any():
            job.add(ERROR, rated_without, "predikat", "diisi padahal rating hasil dan perilaku kerja kosong.")
    df["predikat"] = expected


def _check_layanan(job: JobState) -> None:
    df = job.df
    if "finished_at" not in df:
        return
    bad = job.usable("finished_at") & job.usable("received_at") & as_mask(df["finished_at"] < df["received_at"])
    if bad.any():
        job.add(ERROR, bad, "finished_at", "lebih awal daripada WAKTU MASUK.")


def _check_antrian(job: JobState) -> None:
    """A ticket belongs to the day it was taken (`day`, part of its key); it is called after it was
    taken and served after it was called (errors naming the row); one ending after the counters'
    closing hour (the setting queue_closing_hour), or on a later day, is a warning."""
    df = job.df
    df["day"] = df["taken_at"].dt.normalize()
    df["channel"] = df["channel"].fillna(codes.CHANNEL_WALK_IN) if "channel" in df else codes.CHANNEL_WALK_IN
    taken, called, ended = job.usable("taken_at"), job.usable("called_at"), job.usable("ended_at")
    early_call = taken & called & as_mask(df["called_at"] < df["taken_at"])
    if early_call.any():
        job.add(ERROR, early_call, "called_at", "lebih awal daripada WAKTU AMBIL: tiket dipanggil sebelum diambil.")
    early_end = called & ended & as_mask(df["ended_at"] < df["called_at"])
    if early_end.any():
        job.add(ERROR, early_end, "ended_at", "lebih awal daripada WAKTU PANGGIL: tiket selesai sebelum dipanggil.")
    uncalled = ended & df["called_at"].isna() & ~job.refused_rows("called_at")
    if uncalled.any():
        job.add(ERROR, uncalled, "ended_at", "diisi padahal WAKTU PANGGIL kosong: tiket yang selesai dilayani "
                "tentu sudah dipanggil.")
    if "queue_closing_hour" not in job.context:
        job.context["queue_closing_hour"] = int(load_settings(job.conn)["queue_closing_hour"])
    hour = job.context["queue_closing_hour"]
    late = taken & ended & ~early_end & as_mask(df["ended_at"] > df["day"] + pd.Timedelta(hours=hour))
    if late.any():
        job.add(WARNING, late, "ended_at", f"selesai setelah jam tutup loket ({hour:02d}.00 WIB pada hari tiket "
                "diambil; diatur administrator di Pengaturan: 'Jam tutup loket antrian'). Periksa jamnya; baris "
                "ini dapat dilewati.")


def _check_pelatihan(job: JobState) -> None:
    df = job.df
    jp = df["jp"] if "jp" in df else pd.Series(pd.NA, index=df.index)
    minutes = df["minutes"] if "minutes" in df else pd.Series(pd.NA, index=df.index)
    neither = jp.isna() & minutes.isna() & ~job.refused_rows("jp") & ~job.refused_rows("minutes")
    if neither.any():
        job.add(ERROR, neither, "jp" if "jp" in job.header_of else "minutes", "JP atau DURASI MENIT wajib diisi.")
    if "end_date" in df:
        bad = job.usable("end_date") & job.usable("start_date") & as_mask(df["end_date"] < df["start_date"])
        if bad.any():
            job.add(ERROR, bad, "end_date", "lebih awal daripada TANGGAL MULAI.")


def _check_standar(job: JobState) -> None:
    """BATAS WAKTU is at most a year in its own unit (kinds.STANDARD_LIMIT_MAX)."""
    df = job.df
    most = df["limit_unit"].map(STANDARD_LIMIT_MAX).astype("Float64")
    over = job.usable("limit_value") & as_mask(df["limit_value"] > most)
    if over.any():
        message = ("lebih dari setahun untuk satuan " + df["limit_unit"].fillna("").astype(str) + ": paling besar "
                   + most.map(lambda v: f"{int(v):,}".replace(",", "."), na_action="ignore").astype(str) + ".")
        job.add(ERROR, over, "limit_value", message)


CHECKS = {
    "standar_layanan": _check_standar,
    "pegawai": _check_pegawai,
    "penilaian": _check_penilaian,
    "layanan": _check_layanan,
    "antrian": _check_antrian,
    "pelatihan": _check_pelatihan,
}
