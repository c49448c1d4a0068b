"""A small organisation for the tests of organisation changes and staff history: two agencies of the
province, Dinas Sosial and Dinas Perhubungan, six staff each, facts in 2026 imported as CSV."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from data_access.importing.load import import_file
from data_access.inputs import load_inputs
from data_access.models import Agency, Employee, Unit
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report

TODAY = date(2026, 11, 28)
PROV = "Provinsi Lampung"
SOSIAL, HUB = "Dinas Sosial", "Dinas Perhubungan"
NIPS = [f"198001{d:02d}2005011{d:03d}" for d in range(1, 13)]
MOVER, LEAVER = NIPS[0], NIPS[1]  # both start in Dinas Sosial


def csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def staff_rows(placement: dict[str, tuple[str, str]]) -> bytes:
    return csv("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;STATUS",
               [f"{nip};PEGAWAI {i};{unit};{agency};{PROV};PNS"
                for i, (nip, (agency, unit)) in enumerate(placement.items())])


def first_placement() -> dict[str, tuple[str, str]]:
    return {nip: (SOSIAL, "Bidang Rehabilitasi Sosial") if i < 6 else (HUB, "Bidang Angkutan")
            for i, nip in enumerate(NIPS)}


def load(engine, kind: str, data: bytes, name: str, **kw):
    return import_file(engine, name, kind, data=data, **kw)


def appraisals(engine, period: str, nips: list[str], name: str | None = None):
    rows = [f"{nip};2026;{period};Sesuai Ekspektasi;Sesuai Ekspektasi" for nip in nips]
    return load(engine, "penilaian", csv("NIP;TAHUN;PERIODE;RATING HASIL KERJA;RATING PERILAKU KERJA", rows),
                name or f"penilaian-{period}.csv")


def training(engine, nip: str, day: str, jp: int, title: str):
    return load(engine, "pelatihan", csv("NIP;NAMA PELATIHAN;JENIS;TANGGAL MULAI;JP",
                                         [f"{nip};{title};klasikal;{day};{jp}"]), f"latih-{day}.csv")


def daily(engine, nip: str, day: str):
    return load(engine, "progres_harian", csv("NIP;TANGGAL;WAKTU INPUT;STATUS", [f"{nip};{day};{day} 15.00;Submitted"]),
                f"harian-{day}.csv")


def agency_id(engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Agency.id).where(Agency.name == name)).scalar_one()


def unit_id(engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Unit.id).where(Unit.name == name)).scalar_one()


def employee_id(engine, nip: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(Employee.id).where(Employee.nip == nip)).scalar_one()


def inputs(engine, scope, period: str | None):
    start, end = period_bounds(2026, period)
    return load_inputs(engine, scope, 2026, start, end, month_keys(2026, period), period=period, now=datetime.combine(TODAY, time(12)))


def report(engine, scope, period: str | None) -> dict[str, dict]:
    """The report per agency name for a period of 2026."""
    built = build_report(inputs(engine, scope, period), generated_at=datetime(2026, 11, 28, 12), period=period)
    return {a["agency_name"]: a for a in built["agencies"]}
