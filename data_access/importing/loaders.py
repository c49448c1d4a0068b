"""Stage 3 of an import: each kind's rows written (LOADERS), inside the import's transaction. Rows
whose key is stored already are skipped; those stored with other content are named in a warning
(append mode; a replace import has taken its period's rows out first). Daily entries go in through
the bulk insert (bulk.py) and leave their monthly sums for the summary (daily_months.py)."""
from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import and_, insert, select, true

from data_access import placements
from vocab.clock import now_wib
from data_access.importing.bulk import bulk_insert_ignore
from data_access.importing.daily_months import EPOCH, month_sums, stored_before
from data_access.importing.job_state import JobState
from data_access.importing.problems import ERROR, WARNING, ImportRejected, Problem
from data_access.importing.replace import employee_snapshot, key_table
from data_access.partitions import ensure_month_partitions
from data_access.models import (
    AdkarResponse,
    Appraisal,
    DailyEntry,
    Employee,
    MentoringActivity,
    OrgRating,
    QueueTicket,
    ServiceRequest,
    ServiceStandard,
    SkmResponse,
    Skp,
    Training,
)
from vocab import codes
from vocab.kinds import ADKAR_FIELDS


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values (None for missing; date columns as date)."""
    out = frame.astype(object).where(frame.notna(), None)
    return out.to_dict("records")


def _as_date(series: pd.Series) -> pd.Series:
    return series.dt.date.astype(object).where(series.notna(), None)


_FROM_FILE = {"agency_id": "agency", "unit_id": "unit", "region_id": "region"}


def _compared_columns(job: JobState, frame: pd.DataFrame, key: list[str]) -> dict[str, str]:
    """Stored columns whose value comes from a column of this file -> that column's own header.
    Facts keyed by NIP take their agency and unit from the employee, not from the file."""
    out = {}
    for name in frame.columns:
        if name in key or name == "batch_id":
            continue
        field_name = _FROM_FILE.get(name, name)
        if name in _FROM_FILE and "employee_id" in frame.columns:
            continue
        if field_name in job.header_of:
            out[name] = field_name
    return out


def _plain(value):
    """A stored or parsed value in one comparable form (None for missing)."""
    if value is None:
        return None
    if isinstance(value, (str, bool, date)) and not isinstance(value, pd.Timestamp):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return int(number) if number.is_integer() else round(number, 6)
    return value


def _shown(value) -> str:
    if value is None:
        return "kosong"
    if isinstance(value, datetime):
        return value.strftime("'%d/%m/%Y %H.%M'")
    if isinstance(value, date):
        return value.strftime("'%d/%m/%Y'")
    return f"'{value}'"


def _insert_new(job: JobState, table, frame: pd.DataFrame, key: list[str], where) -> int:
    """Insert the rows whose key is not stored yet (missing key parts compare as None). A row whose
    key is stored with other content is skipped too, but named in a warning with the columns that
    differ, and counted apart (append mode; *replace* is the way to change stored rows)."""
    compared = _compared_columns(job, frame, key)
    stored = {}
    for row in job.conn.execute(select(*(getattr(table, c) for c in key + list(compared))).where(where)):
        values = tuple(_plain(v) for v in row)
        stored[values[:len(key)]] = values[len(key):]
    if stored:
        parts = [frame[k].astype(object).where(frame[k].notna(), None).tolist() for k in key]
        keys = [tuple(_plain(v) for v in k) for k in zip(*parts)]
        present = pd.Series([k in stored for k in keys], index=frame.index)
        _warn_changed(job, frame[present.to_numpy()], [k for k in keys if k in stored], stored, compared)
        frame = frame[~present.to_numpy()]
    if frame.empty:
        return 0
    job.conn.execute(insert(table), _records(frame))
    return len(frame)


def _warn_changed(job: JobState, frame: pd.DataFrame, keys: list[tuple], stored: dict, compared: dict) -> None:
    if frame.empty or not compared:
        return
    columns = list(compared)
    values = frame[columns].astype(object).where(frame[columns].notna(), None)
    first_field: dict = {}
    messages: dict = {}
    for idx, row_key, row in zip(frame.index, keys, values.itertuples(index=False, name=None)):
        old = stored[row_key]
        differ = [(c, _plain(new), o) for c, new, o in zip(columns, row, old) if _plain(new) != o]
        if not differ:
            continue
        first_field[idx] = compared[differ[0][0]]
        listed = "; ".join(f"{job.header_of[compared[c]]} (berkas {_shown(n)}, tersimpan {_shown(o)})"
                           for c, n, o in differ)
        messages[idx] = ("berbeda dengan data yang sudah tersimpan dengan kunci yang sama: " + listed
                         + ". Baris ini dilewati dan data tersimpan tidak diubah; gunakan mode ganti "
                         "(replace) untuk menggantinya.")
    if not messages:
        return
    job.changed_skipped += len(messages)
    message = pd.Series(messages)
    fields = pd.Series(first_field)
    for field_name in dict.fromkeys(fields):
        rows = fields.index[fields == field_name]
        mask = pd.Series(job.df.index.isin(rows), index=job.df.index)
        job.add(WARNING, mask, field_name, message.reindex(job.df.index))


def _load_pegawai(job: JobState, batch_id: int) -> int:
    df = job.df
    region_of_agency = pd.Series(job.org.agency_region)
    frame = pd.DataFrame({
        "nip": df["nip"],
        "name": df["name"],
        "sex": df.get("sex"),
        "birth_date": _as_date(df["birth_date"]) if "birth_date" in df else None,
        "status": df["status"],
        "golongan": df.get("golongan"),
        "jabatan_type": df.get("jabatan_type"),
        "jabatan_name": df.get("jabatan_name"),
        "region_id": df["agency_id"].map(region_of_agency).astype("Int64"),
        "agency_id": df["agency_id"],
        "unit_id": df["unit_id"],
        "active": True,
        "batch_id": batch_id,
    })
    if job.mode == "replace":
        job.result.employees_updated += employee_snapshot(job, batch_id, frame)  # the snapshot has updated the stored staff: only new ones remain
        existing = {n for (n,) in job.conn.execute(select(Employee.nip))}
        frame = frame[~frame["nip"].isin(existing)]
    return _insert_new(job, Employee, frame, ["nip"], true())


def sync_placements(job: JobState) -> None:
    """After the last pegawai chunk (and a snapshot's deactivations): the staff history follows the
    staff table from the effective date, and the moved staff's facts are filed where they were then."""
    try:
        effective = job.context.get("effective_date")
        moved = placements.sync(job.conn, effective or now_wib().date(), job.batch_id, joiners_from=effective)
    except placements.PlacementError as exc:
        raise ImportRejected([Problem(ERROR, job.file_name, None, None, None, None, str(exc))]) from exc
    placements.reattribute(job.conn, moved)


def _fact_base(df: pd.DataFrame, batch_id: int) -> dict:
    return {"employee_id": df["employee_id"], "agency_id": df["emp_agency_id"], "unit_id": df["emp_unit_id"],
            "batch_id": batch_id}


def _load_skp(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "status": df["status"],
        "is_acting": (df["is_acting"].fillna(0) != 0) if "is_acting" in df else False,
        "period_start": _as_date(df["period_start"]) if "period_start" in df else None,
        "period_end": _as_date(df["period_end"]) if "period_end" in df else None,
        "jabatan": df.get("jabatan"),
    })
    # The chunk's staff as a temporary table: an IN list of 100.000 ids is more parameters than
    # PostgreSQL takes in one statement (65.535).
    staff = key_table(job.conn, "_skp_staff", sorted(int(e) for e in frame["employee_id"].dropna().unique()))
    return _insert_new(job, Skp, frame, ["employee_id", "period_start", "is_acting"], Skp.employee_id.in_(staff))


def _load_penilaian(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "year": df["year"], "period": df["period"],
        "rating_hasil": df["rating_hasil"], "rating_perilaku": df["rating_perilaku"],
        "predikat": df["predikat"],
    })
    years = [int(y) for y in frame["year"].unique()]
    return _insert_new(job, Appraisal, frame, ["employee_id", "year", "period"], Appraisal.year.in_(years))


def _load_org_rating(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "agency_id": df["agency_id"], "unit_id": df["unit_id"], "year": df["year"],
        "period": df["period"], "predikat": df["predikat"], "batch_id": batch_id,
    })
    years = [int(y) for y in frame["year"].unique()]
    return _insert_new(job, OrgRating, frame, ["agency_id", "unit_id", "year", "period"], OrgRating.year.in_(years))


def _load_pelatihan(job: JobState, batch_id: int) -> int:
    df = job.df
    route = df["route"]
    is_leadership = route.isin(codes.LEADERSHIP_TRAININGS)
    frame = pd.DataFrame({
        **_fact_base(df, batch_id),
        "name": df["name"],
        "route": route.where(~is_leadership, "klasikal"),
        "category": route.where(is_leadership),
        "start_date": _as_date(df["start_date"]),
        "end_date": _as_date(df["end_date"]) if "end_date" in df else None,
        "jp": df["jp"] if "jp" in df else None,
        "minutes": df["minutes"].round().astype("Int64") if "minutes" in df else None,
    })
    return _insert_new(job, Training, frame, ["employee_id", "name", "start_date"],
                       and_(Training.start_date >= df["start_date"].min().date(),
                            Training.start_date <= df["start_date"].max().date()))


def _agency_region(job: JobState) -> pd.Series:
    return job.df["agency_id"].map(pd.Series(job.org.agency_region)).astype("Int64")


def _load_layanan(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "number": df["number"], "region_id": _agency_region(job), "agency_id": df["agency_id"],
        "service_type": df["service_type"], "received_at": df["received_at"],
        "finished_at": df["finished_at"] if "finished_at" in df else None,
        "status": df.get("status"), "channel": df.get("channel"), "batch_id": batch_id,
    })
    agencies = [int(a) for a in frame["agency_id"].unique()]
    return _insert_new(job, ServiceRequest, frame, ["number", "agency_id"], ServiceRequest.agency_id.in_(agencies))


def _load_antrian(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "ticket": df["ticket"], "region_id": _agency_region(job), "agency_id": df["agency_id"],
        "day": _as_date(df["day"]), "service_type": df["service_type"], "channel": df["channel"],
        "taken_at": df["taken_at"], "called_at": df["called_at"], "ended_at": df["ended_at"],
        "counter": df.get("counter"), "batch_id": batch_id,
    })
    agencies = [int(a) for a in frame["agency_id"].unique()]
    first, last = df["day"].min().date(), df["day"].max().date()
    return _insert_new(job, QueueTicket, frame, ["agency_id", "day", "ticket"],
                       and_(QueueTicket.agency_id.in_(agencies), QueueTicket.day.between(first, last)))


def _load_standar(job: JobState, batch_id: int) -> int:
    df = job.df
    agency_id = df["agency_id"] if "agency_id" in df else pd.Series(pd.NA, index=df.index, dtype="Int64")
    region_id = df["region_id"] if "region_id" in df else pd.Series(pd.NA, index=df.index, dtype="Int64")
    region_id = region_id.fillna(agency_id.map(pd.Series(job.org.agency_region)).astype("Int64"))
    frame = pd.DataFrame({
        "service_type": df["service_type"], "limit_value": df["limit_value"], "limit_unit": df["limit_unit"],
        "region_id": region_id, "agency_id": agency_id, "batch_id": batch_id,
    })
    return _insert_new(job, ServiceStandard, frame, ["service_type", "region_id", "agency_id"], true())


def _load_skm(job: JobState, batch_id: int) -> int:
    df = job.df
    frame = pd.DataFrame({
        "region_id": _agency_region(job), "agency_id": df["agency_id"],
        "survey_date": _as_date(df["survey_date"]), "service_type": df.get("service_type"),
        **{f"u{i}": df[f"u{i}"] for i in range(1, 10)}, "batch_id": batch_id,
    })
    job.conn.execute(insert(SkmResponse), _records(frame))
    return len(frame)


def _load_adkar(job: JobState, batch_id: int) -> int:
    """Anonymous respondents, like SKM: no key, every row is a person (only the same file twice is a
    duplicate)."""
    df = job.df
    frame = pd.DataFrame({
        "region_id": _agency_region(job), "agency_id": df["agency_id"], "unit_id": df["unit_id"],
        "survey_date": _as_date(df["survey_date"]), **{f: df[f] for f in ADKAR_FIELDS},
        "suggestion": df.get("suggestion"), "batch_id": batch_id,
    })
    job.conn.execute(insert(AdkarResponse), _records(frame))
    return len(frame)


def _load_kegiatan(job: JobState, batch_id: int) -> int:
    """Activities keyed by day, agency, unit (none = every unit) and type: a stored one is kept (append)."""
    df = job.df
    frame = pd.DataFrame({
        "region_id": _agency_region(job), "agency_id": df["agency_id"], "unit_id": df["unit_id"],
        "activity_date": _as_date(df["activity_date"]), "activity_type": df["activity_type"],
        "participants": df["participants"], "facilitator": df.get("facilitator"), "batch_id": batch_id,
    })
    first, last = df["activity_date"].min().date(), df["activity_date"].max().date()
    return _insert_new(job, MentoringActivity, frame, ["agency_id", "unit_id", "activity_date", "activity_type"],
                       MentoringActivity.activity_date.between(first, last))


def _load_progres(job: JobState, batch_id: int) -> int:
    df = job.df
    minute = pd.Timedelta(minutes=1)
    frame = pd.DataFrame({
        "employee_id": df["employee_id"].astype("int64"),
        "day": ((df["day"] - EPOCH) // pd.Timedelta(days=1)).astype("int64"),
        "status": _codes_of(df["status"], codes.DAILY_STATUS_CODES),
        "input_min": ((df["input_at"] - EPOCH) // minute).astype("int64"),
        "approved_min": ((df["approved_at"] - EPOCH) // minute).astype("Int64")
        if "approved_at" in df else pd.array([None] * len(df), dtype="Int64"),
        "batch_id": batch_id,
    }).sort_values(["employee_id", "day"])
    state = job.daily
    employees = frame["employee_id"].unique()
    state.employees.update(employees.tolist())
    first, last = int(frame["day"].min()), int(frame["day"].max())
    state.day_min = first if state.day_min is None else min(state.day_min, first)
    state.day_max = last if state.day_max is None else max(state.day_max, last)
    ensure_month_partitions(job.conn, first, last)  # PostgreSQL: before any row of a new month arrives
    stored = stored_before(job.conn, batch_id, employees.tolist(), first, last)
    inserted = bulk_insert_ignore(job.conn, DailyEntry.__table__, frame,
                                  changed=_warn_changed_daily(job, frame) if stored else None)
    state.add_sums(month_sums(frame))  # used at the end for the staff with nothing stored before
    return inserted


def _codes_of(series: pd.Series, codes_by_value: dict) -> np.ndarray:
    """The integer code of each (parsed, never missing) value: each distinct value looked up once."""
    positions, values = pd.factorize(series)
    return np.array([codes_by_value[v] for v in values], dtype="int64")[positions]


def _warn_changed_daily(job: JobState, frame: pd.DataFrame):
    """The changed-content check of daily entries, set-based: given the stored rows that share a key
    with the file but differ in status or time (found by the database in one join), name them in a
    warning and count them apart (INSERT OR IGNORE / ON CONFLICT DO NOTHING skips them)."""
    def warn(changed: list[tuple]) -> None:
        if not changed:
            return
        columns = ["status", "input_min", "approved_min"]
        found = pd.DataFrame(changed, columns=["employee_id", "day", *[c + "_stored" for c in columns]])
        rows = frame[["employee_id", "day", *columns]].reset_index().merge(found, on=["employee_id", "day"])
        both = rows.set_index("index")
        label = {code: name for name, code in codes.DAILY_STATUS_CODES.items()}
        minute = pd.Timedelta(minutes=1)

        def readable(status: pd.Series, input_min: pd.Series, approved_min: pd.Series) -> pd.DataFrame:
            return pd.DataFrame({
                "status": status.map(label),
                "input_min": EPOCH + input_min.astype("float64") * minute,
                "approved_min": EPOCH + approved_min.astype("float64") * minute,
            }, index=both.index)

        new = readable(both["status"], both["input_min"], both["approved_min"])
        old = readable(both["status_stored"], both["input_min_stored"], both["approved_min_stored"])
        compared = {c: f for c, f in (("status", "status"), ("input_min", "input_at"),
                                      ("approved_min", "approved_at")) if f in job.header_of}
        keys = list(zip(both["employee_id"].tolist(), both["day"].tolist()))
        values = old[list(compared)].astype(object).where(old[list(compared)].notna(), None)
        stored_by_key = {k: tuple(_plain(v) for v in row)
                         for k, row in zip(keys, values.itertuples(index=False, name=None))}
        _warn_changed(job, new, keys, stored_by_key, compared)

    return warn


# Kinds whose rows are filed under the employee's placement at their date (data_access.placements).
ATTRIBUTED = {"skp": Skp, "penilaian": Appraisal, "pelatihan": Training}

LOADERS = {
    "pegawai": _load_pegawai,
    "skp": _load_skp,
    "penilaian": _load_penilaian,
    "predikat_organisasi": _load_org_rating,
    "pelatihan": _load_pelatihan,
    "layanan": _load_layanan,
    "antrian": _load_antrian,
    "standar_layanan": _load_standar,
    "skm": _load_skm,
    "survei_adkar": _load_adkar,
    "kegiatan_pendampingan": _load_kegiatan,
    "progres_harian": _load_progres,
}
