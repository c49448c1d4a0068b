"""The queue at the counter (kind `antrian`, issue 21): each import rule with its fixture file and exact
Indonesian message; replace, rollback and scope as for every kind; and the figures (median and p90 wait,
served within the target, not served, online share, tickets per day) against an independent computation
over the fixture's own rows, through the database on SQLite and PostgreSQL, with a ticket across
midnight and a day without tickets."""
from __future__ import annotations

import csv
import statistics
from datetime import date, datetime

import pandas as pd
import pytest

from data_access import reads
from data_access.bootstrap import load_demo
from data_access.config import CLI_OPERATOR
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.inputs import load_inputs
from data_access.models import QueueTicket
from data_access.scope import Scope
from data_access.settings import save_setting
from data_access.users import Grant, add_user
from metrics import queue
from metrics.pipeline import names as group_names
from metrics.pipeline import queue as pipeline
from tests.conftest import FIXTURES
from tests.imports import outside_scope, rejected, replaced_and_rolled_back, rows_of
from vocab import codes

OFFICE = "Dinas Kependudukan dan Pencatatan Sipil"
KEY_METRO = f"NOMOR ANTRIAN C-001, OPD {OFFICE}"
TARGET = 60


@pytest.fixture
def offices(db_url):
    """The two Disdukcapil offices of fixtures/antrian_pegawai.csv (Lampung Selatan, Kota Metro)."""
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "antrian_pegawai.csv", "pegawai")
    return engine


def _count(engine) -> int:
    return rows_of(engine, QueueTicket)


def _problems(engine, name: str, **options) -> list[tuple]:
    return rejected(engine, FIXTURES / name, "antrian", **options)


# --- each rule: its fixture and its exact message -------------------------------------------------
def test_a_ticket_called_before_it_was_taken_is_an_error_naming_the_row(offices):
    assert _problems(offices, "antrian_panggil_sebelum_ambil.csv") == [
        ("galat", 3, "WAKTU PANGGIL", "07/04/2026 08.55", f"NOMOR ANTRIAN C-002, OPD {OFFICE}, TANGGAL AMBIL 07/04/2026",
         "lebih awal daripada WAKTU AMBIL: tiket dipanggil sebelum diambil.")]
    assert _count(offices) == 0


def test_a_ticket_served_before_it_was_called_is_an_error(offices):
    assert _problems(offices, "antrian_selesai_sebelum_panggil.csv") == [
        ("galat", 2, "WAKTU SELESAI", "07/04/2026 09.20", f"{KEY_METRO}, TANGGAL AMBIL 07/04/2026",
         "lebih awal daripada WAKTU PANGGIL: tiket selesai sebelum dipanggil.")]


def test_a_ticket_served_but_never_called_is_an_error(offices):
    assert _problems(offices, "antrian_selesai_tanpa_panggil.csv") == [
        ("galat", 2, "WAKTU SELESAI", "07/04/2026 09.20", f"{KEY_METRO}, TANGGAL AMBIL 07/04/2026",
         "diisi padahal WAKTU PANGGIL kosong: tiket yang selesai dilayani tentu sudah dipanggil.")]


LATE = ("selesai setelah jam tutup loket (16.00 WIB pada hari tiket diambil; diatur administrator di "
        "Pengaturan: 'Jam tutup loket antrian'). Periksa jamnya; baris ini dapat dilewati.")


def test_tickets_ending_after_the_closing_hour_are_warnings(offices):
    assert _problems(offices, "antrian_lewat_jam_tutup.csv") == [
        ("peringatan", 3, "WAKTU SELESAI", "07/04/2026 16.20", f"NOMOR ANTRIAN C-002, OPD {OFFICE}, TANGGAL AMBIL 07/04/2026",
         LATE),
        # served after midnight: still the day it was taken (07/04), and after that day's closing hour
        ("peringatan", 4, "WAKTU SELESAI", "08/04/2026 00.25", f"NOMOR ANTRIAN C-003, OPD {OFFICE}, TANGGAL AMBIL 07/04/2026",
         LATE)]
    result = import_file(offices, FIXTURES / "antrian_lewat_jam_tutup.csv", "antrian", skip_warned_rows=True)
    assert (result.rows_inserted, result.skipped_warned_rows) == (1, 2)


def test_the_closing_hour_is_a_setting(offices):
    with offices.begin() as conn:
        save_setting(conn, "queue_closing_hour", 17, CLI_OPERATOR)
    problems = _problems(offices, "antrian_lewat_jam_tutup.csv")
    assert [p[1] for p in problems] == [4] and problems[0][5].startswith("selesai setelah jam tutup loket (17.00 WIB")


def test_the_same_ticket_twice_on_one_day_is_an_error_another_day_is_not(offices):
    message = "kunci baris muncul lebih dari sekali dengan isi berbeda (pertama di baris 2)."
    key = f"{KEY_METRO}, TANGGAL AMBIL 07/04/2026"
    assert _problems(offices, "antrian_ganda.csv") == [
        ("galat", 2, "NOMOR ANTRIAN", "C-001", key, message), ("galat", 3, "NOMOR ANTRIAN", "C-001", key, message)]


def test_an_unknown_channel_is_an_error_listing_the_codes(offices):
    assert _problems(offices, "antrian_kanal_salah.csv") == [
        ("galat", 2, "KANAL", "telepon", KEY_METRO,  # a cell's own check: before the day is derived
         "tidak dikenali untuk KANAL. Isian yang diterima: datang langsung, online (pesan lebih dahulu lewat web, "
         "aplikasi atau WhatsApp) atau lainnya; kosong dibaca datang langsung.")]


# --- the export's own headers, replace, rollback, scope -----------------------------------------------
def test_a_queue_systems_export_is_recognised_and_stored(offices):
    result = import_file(offices, FIXTURES / "antrian_kantor.csv")  # kind detected from its headers
    assert (result.kind, result.rows_inserted) == ("antrian", 11)
    tickets = reads.queue_tickets(offices, Scope.full("uji"), date(2026, 1, 1), date(2026, 12, 31))
    late = tickets[pd.to_datetime(tickets["taken_at"]) == datetime(2026, 3, 4, 23, 40)].iloc[0]
    assert pd.Timestamp(late["day"]).date() == date(2026, 3, 4)  # called after midnight, the day it was taken
    assert tickets["channel"].value_counts().to_dict() == {codes.CHANNEL_WALK_IN: 6, codes.CHANNEL_ONLINE: 4,
                                                           codes.CHANNEL_OTHER: 1}
    again = import_file(offices, FIXTURES / "antrian_kantor.csv")
    assert again.duplicate_file and _count(offices) == 11


REPLACE = (FIXTURES / "antrian_kantor.csv").read_text(encoding="utf-8").splitlines()


def test_replace_takes_the_files_days_and_offices_and_rolls_back(offices):
    import_file(offices, FIXTURES / "antrian_kantor.csv")
    # Lampung Selatan's 4 March again, one ticket only: the stored tickets of that day and office go.
    assert replaced_and_rolled_back(offices, QueueTicket, "antrian", REPLACE[0], REPLACE[6]) == (3, 1, 9, 1, 3, 11)


def test_an_analyst_imports_only_tickets_of_their_scope(offices):
    with offices.begin() as conn:
        add_user(conn, "analis.metro", "Analis Metro", "analis", "sandi-uji-panjang", [Grant(region="Kota Metro")])
    # the eight Lampung Selatan tickets
    assert outside_scope(offices, "analis.metro", FIXTURES / "antrian_kantor.csv", "antrian") == set(range(2, 10))
    assert _count(offices) == 0


# --- the figures against an independent computation ---------------------------------------------
def _moment(text: str) -> datetime | None:
    return datetime.strptime(text, "%d/%m/%Y %H.%M") if text else None


def _fixture_rows() -> list[dict]:
    with open(FIXTURES / "antrian_kantor.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [{"region": r["Kabupaten/Kota"], "taken": _moment(r["Waktu Ambil Tiket"]),
             "called": _moment(r["Jam Panggil"]), "ended": _moment(r["Jam Selesai"]),
             "online": r["Sumber Antrian"].lower() in ("online", "wa")} for r in rows]


def _p90(values: list[float]) -> float:
    """The 90th percentile with linear interpolation between the closest ranks (as a spreadsheet's PERCENTILE)."""
    ordered = sorted(values)
    rank = 0.9 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _expected(rows: list[dict]) -> dict:
    waits = [(r["called"] - r["taken"]).total_seconds() / 60 for r in rows if r["called"]]
    served_within = [r for r in rows if r["ended"] and (r["called"] - r["taken"]).total_seconds() <= TARGET * 60]
    days = {(r["region"], r["taken"].date()) for r in rows}  # office-days with tickets
    return {"tickets": len(rows), "median": statistics.median(waits), "p90": _p90(waits),
            "within": len(served_within) / len(rows), "not_served": sum(not r["ended"] for r in rows) / len(rows),
            "online": sum(r["online"] for r in rows) / len(rows), "per_day": len(rows) / len(days)}


def _inputs(engine, year: int = 2026):
    return load_inputs(engine, Scope.full("uji"), year, date(year, 1, 1), date(year, 12, 31),
                       list(range(year * 100 + 1, year * 100 + 13)))


def test_the_figures_equal_an_independent_computation(offices):
    import_file(offices, FIXTURES / "antrian_kantor.csv")
    inputs, before = _inputs(offices), _inputs(offices, 2025)
    rows = _fixture_rows()
    sig = pipeline.signal(inputs, before, "region_id", group_names(inputs, "region_id"))
    every = _expected(rows)
    got = sig.figures
    assert got.tickets == every["tickets"] == 11
    assert got.median_wait == pytest.approx(every["median"]) and got.p90_wait == pytest.approx(every["p90"])
    assert got.share_within_target == pytest.approx(every["within"])
    assert got.share_not_served == pytest.approx(every["not_served"])
    assert got.online_share == pytest.approx(every["online"])
    assert got.tickets_per_day == pytest.approx(every["per_day"])  # 3 March has no ticket: 3 days, not 4
    assert sig.previous.tickets == 0
    groups = sig.groups.set_index("nama")
    for region in ("Kabupaten Lampung Selatan", "Kota Metro"):
        mine = _expected([r for r in rows if r["region"] == region])
        row = groups.loc[region]
        assert (row["median_wait"], row["p90_wait"]) == (pytest.approx(mine["median"]), pytest.approx(mine["p90"]))
        assert row["share_within_target"] == pytest.approx(mine["within"])
        assert row["online_share"] == pytest.approx(mine["online"])
    # online against walk-in, over the called tickets of each channel
    walk_in = [(r["called"] - r["taken"]).total_seconds() / 60 for r, raw in zip(rows, _channels())
               if r["called"] and raw in ("walk-in", "datang langsung", "")]
    assert got.median_wait_walk_in == pytest.approx(statistics.median(walk_in))
    # the trend: one row per office and month with tickets, none for the months between
    assert sorted(zip(sig.monthly["nama"], sig.monthly["month"])) == [
        ("Kabupaten Lampung Selatan", 202603), ("Kota Metro", 202604)]


def _channels() -> list[str]:
    with open(FIXTURES / "antrian_kantor.csv", encoding="utf-8") as f:
        return [r["Sumber Antrian"].lower() for r in csv.DictReader(f, delimiter=";")]


# --- pure: a ticket across midnight, the day it belongs to ------------------------------------------
def test_a_ticket_across_midnight_waits_its_minutes_on_the_day_it_was_taken():
    frame = pd.DataFrame({
        "agency_id": [1, 1], "region_id": [2, 2], "day": [date(2026, 5, 4), date(2026, 5, 6)],
        "service_type": ["KTP-el", "KTP-el"], "channel": [codes.CHANNEL_ONLINE, codes.CHANNEL_WALK_IN],
        "taken_at": [datetime(2026, 5, 4, 23, 50), datetime(2026, 5, 6, 8, 0)],
        "called_at": [datetime(2026, 5, 5, 0, 20), pd.NaT],
        "ended_at": [datetime(2026, 5, 5, 0, 30), pd.NaT]})
    tickets = queue.waits(frame)
    assert tickets["wait"].iloc[0] == 30 and tickets["day"].iloc[0] == pd.Timestamp(2026, 5, 4)
    row = queue.figures(tickets, TARGET).iloc[0]
    assert (row["tickets"], row["days"], row["called"], row["served"], row["served_within"]) == (2, 2, 1, 1, 1)
    assert row["median_wait"] == 30 and row["share_not_served"] == 0.5 and row["online_share"] == 0.5
    assert pd.isna(row["median_wait_walk_in"])  # the walk-in ticket was never called
    hours = queue.by_hour(tickets)
    assert hours[["hari", "jam", "tickets"]].values.tolist() == [["Senin", "23.00", 1], ["Rabu", "08.00", 1]]


def test_no_tickets_no_figures():
    empty = queue.waits(pd.DataFrame())
    assert pipeline.headline(empty, TARGET) == pipeline.QueueFigures()
    assert pipeline.group_table(empty, "agency_id", TARGET, 5).empty


# --- training coverage against the waiting time, per office (the scatter) -----------------------------
def _independent_training_and_wait(inputs) -> dict:
    """Per office with called tickets and staff: (median wait, share of staff at or above 20 JP, called
    tickets, staff), from the raw frames and the rules in words (domain.md §2: JP of a training = its JP,
    else its minutes / 45; 20 JP a year for every status)."""
    jp: dict = {}
    for t in inputs.trainings.itertuples():
        if pd.Timestamp(t.start_date).year != inputs.year:
            continue
        value = t.jp if pd.notna(t.jp) else (t.minutes / 45 if pd.notna(t.minutes) else 0.0)
        jp[t.employee_id] = jp.get(t.employee_id, 0.0) + value
    staff: dict = {}
    met: dict = {}
    for e in inputs.roster.itertuples():
        if e.status not in codes.EMPLOYEE_STATUSES:
            continue
        staff[e.agency_id] = staff.get(e.agency_id, 0) + 1
        met[e.agency_id] = met.get(e.agency_id, 0) + (round(jp.get(e.employee_id, 0.0), 6) >= 20)
    waits: dict = {}
    for q in inputs.queue.itertuples():
        if pd.notna(q.called_at):
            minutes = (pd.Timestamp(q.called_at) - pd.Timestamp(q.taken_at)).total_seconds() / 60
            waits.setdefault(q.agency_id, []).append(minutes)
    return {a: (statistics.median(w), met[a] / staff[a], len(w), staff[a]) for a, w in waits.items() if staff.get(a)}


def test_training_coverage_against_waiting_time_equals_an_independent_computation(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")  # a Disdukcapil with its queue, staff and trainings in every kabupaten/kota
    inputs = _inputs(engine)
    got = pipeline.training_and_wait(inputs).set_index("agency_id")
    expected = _independent_training_and_wait(inputs)
    assert len(expected) >= 10 and set(got.index) == set(expected)
    for agency, (median, share, called, staff) in expected.items():
        row = got.loc[agency]
        assert row["median_wait"] == pytest.approx(median) and row["share_meeting_target"] == pytest.approx(share)
        assert (row["called"], row["employees_with_target"]) == (called, staff)
        assert row["too_small"] == (row["tickets"] < 5 or staff < 5)
    agencies = inputs.agencies.set_index("agency_id")
    assert got["opd"].tolist() == [agencies.at[a, "agency"] for a in got.index]
    assert set(got["opd"]) == {OFFICE} and got["daerah"].is_unique  # one Disdukcapil per region
    # the view's signal carries it for the section's scatter
    sig = pipeline.signal(inputs, inputs, "region_id", group_names(inputs, "region_id"))
    pd.testing.assert_frame_equal(sig.training_wait, pipeline.training_and_wait(inputs))
