"""Settings: declared, checked, admin-only, audited, and read by the report through MetricInputs
(a changed value changes the figures it governs)."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from vocab import curve
from vocab import ikm
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.models import AuditLog, Setting
from data_access.scope import Scope
from data_access.settings import (holiday_correction_table, load_settings, reset_setting,
                                  save_holiday_corrections, save_setting, settings_version)
from vocab.settings import SETTINGS
from data_access.users import ROLES, Grant, add_user
from data_access.authz import NotAllowed
from vocab.catalogue import CATALOGUE, Targets
from vocab.periods import month_keys, period_bounds
from metrics.report import build_report
from metrics.scorecard import scorecard, signals_frame

YEAR = 2026


@pytest.fixture
def tiny(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    with engine.begin() as conn:
        add_user(conn, "analis", "Analis", "analis", None, [Grant(region="Provinsi Lampung")])
    return engine


def _report(engine, period=None) -> dict:
    start, end = period_bounds(YEAR, period)
    inputs = load_inputs(engine, Scope.full("uji"), YEAR, start, end, month_keys(YEAR, period), period=period,
                         now=datetime(2026, 11, 28, 12))
    payload = build_report(inputs, datetime(2026, 11, 28), period=period)
    return {(a["region"], a["agency_name"]): a for a in payload["agencies"]}


def test_every_setting_is_declared_with_label_help_source_and_a_valid_default():
    for key, d in SETTINGS.items():
        assert d.label and d.help and d.source, key
        if d.table is None:
            assert d.check is not None and d.check(d.default) == d.default, key
    assert SETTINGS["jp_minutes"].unverified and SETTINGS["distribution_rules"].unverified
    assert not SETTINGS["ikm_bands"].unverified  # PermenPANRB 14/2017 prints the bands
    assert {"holiday_corrections", "service_standards"} <= set(SETTINGS)


def test_only_an_admin_changes_a_setting_and_every_change_is_audited(tiny):
    with tiny.begin() as conn:
        with pytest.raises(NotAllowed, match="Hanya administrator yang boleh mengubah pengaturan"):
            save_setting(conn, "min_group_size", 50, "analis")
        with pytest.raises(NotAllowed):
            save_holiday_corrections(conn, [], "analis")
        with pytest.raises(NotAllowed):
            reset_setting(conn, "min_group_size", "analis")
    with tiny.connect() as conn:
        assert conn.execute(select(Setting)).first() is None
        assert load_settings(conn)["min_group_size"] == 5
        before = settings_version(conn)
    with tiny.begin() as conn:
        save_setting(conn, "min_group_size", 50, "admin")
    with tiny.begin() as conn:  # a second change updates the stored value
        save_setting(conn, "min_group_size", 60, "admin")
    with tiny.connect() as conn:
        assert load_settings(conn)["min_group_size"] == 60
        assert settings_version(conn) > before
        audit = conn.execute(select(AuditLog.user_name, AuditLog.detail).where(AuditLog.action == "setting")
                             .order_by(AuditLog.id)).all()
    assert [(u, json.loads(d)["key"], json.loads(d)["old"], json.loads(d)["new"]) for u, d in audit] == [
        ("admin", "min_group_size", None, "50"), ("admin", "min_group_size", "50", "60")]
    with tiny.begin() as conn:
        reset_setting(conn, "min_group_size", "admin")
    with tiny.connect() as conn:
        assert load_settings(conn)["min_group_size"] == 5


QUEUE_SETTINGS = {"queue_wait_target_minutes": 30, "queue_closing_hour": 17}
NOT_ADMIN = sorted(r for r in ROLES if r != "admin")


def test_only_an_admin_changes_the_queue_settings(tiny):
    assert NOT_ADMIN and "admin" in ROLES
    with tiny.begin() as conn:
        for role in NOT_ADMIN:
            add_user(conn, f"uji.{role}", "Uji", role, None, [Grant(region="Provinsi Lampung")])
    for role in NOT_ADMIN:
        for key, value in QUEUE_SETTINGS.items():
            with tiny.begin() as conn:
                with pytest.raises(NotAllowed, match="Hanya administrator yang boleh mengubah pengaturan"):
                    save_setting(conn, key, value, f"uji.{role}")
    with tiny.connect() as conn:
        assert conn.execute(select(Setting)).first() is None
        assert {k: load_settings(conn)[k] for k in QUEUE_SETTINGS} == {k: SETTINGS[k].default for k in QUEUE_SETTINGS}
    with tiny.begin() as conn:
        for key, value in QUEUE_SETTINGS.items():
            save_setting(conn, key, value, "admin")  # the demo's administrator
    for role in NOT_ADMIN:
        for key in QUEUE_SETTINGS:
            with tiny.begin() as conn:
                with pytest.raises(NotAllowed):
                    reset_setting(conn, key, f"uji.{role}")
    with tiny.connect() as conn:
        assert {k: load_settings(conn)[k] for k in QUEUE_SETTINGS} == QUEUE_SETTINGS


def test_only_an_admin_changes_the_approach_table_of_the_mentoring_plan(tiny):
    """The barrier → approach table (plan_approaches) is refused to every other role in the data layer,
    saving and resetting alike; an administrator's change is stored, read back and audited."""
    from vocab.plan import DEFAULT_APPROACHES

    changed = [dict(r) for r in DEFAULT_APPROACHES]
    changed[3] = {**changed[3], "pendekatan": "Klinik e-Kinerja di setiap kecamatan", "sumber": "Keputusan Sekda"}
    with tiny.begin() as conn:
        for role in NOT_ADMIN:
            add_user(conn, f"uji.{role}", "Uji", role, None, [Grant(region="Provinsi Lampung")])
    for role in NOT_ADMIN:
        with tiny.begin() as conn:
            with pytest.raises(NotAllowed, match="Hanya administrator yang boleh mengubah pengaturan"):
                save_setting(conn, "plan_approaches", changed, f"uji.{role}")
    with tiny.connect() as conn:
        assert load_settings(conn)["plan_approaches"] == DEFAULT_APPROACHES
    with tiny.begin() as conn:
        assert save_setting(conn, "plan_approaches", changed, "admin") == changed
    for role in NOT_ADMIN:
        with tiny.begin() as conn:
            with pytest.raises(NotAllowed):
                reset_setting(conn, "plan_approaches", f"uji.{role}")
    with tiny.connect() as conn:
        assert load_settings(conn)["plan_approaches"][3]["pendekatan"] == "Klinik e-Kinerja di setiap kecamatan"
        (detail,) = conn.execute(select(AuditLog.detail).where(AuditLog.action == "setting")).scalars().all()
    assert json.loads(detail)["key"] == "plan_approaches" and json.loads(detail)["setting"] == \
        "Pendekatan per hambatan ADKAR"


@pytest.mark.parametrize("key, value, message", [
    ("plan_approaches", [{"hambatan": "Awareness", "pendekatan": "x", "sumber": "y"}],
     "Tabel pendekatan harus memuat setiap elemen ADKAR"),
    ("min_group_size", 0, "Ukuran kelompok minimal harus antara 1 dan 1000"),
    ("jp_minutes", 0, "Menit per JP harus angka antara 1 dan 240"),
    ("jp_target", {"PNS": 20}, "Target JP harus diisi untuk setiap status"),
    ("jp_target", {"PNS": 20, "PPPK": -1, "PPPK Paruh Waktu": 20}, "Target JP PPPK harus angka antara 0"),
    ("ikm_bands", [{"bawah": 25, "atas": 76.6, "mutu": "C", "kinerja": "Kurang Baik"},
                   {"bawah": 65, "atas": 100, "mutu": "A", "kinerja": "Sangat Baik"}],
     "Rentang IKM harus berurutan tanpa celah atau tumpang tindih"),
    ("ikm_bands", [{"bawah": 25, "atas": 90, "mutu": "B", "kinerja": "Baik"}], "harus mencakup 25,00 sampai 100,00"),
    ("metric_targets", [{"metric": "compliance", "year": None, "agency_id": None, "target": 1.2, "warning": 0.7}],
     "persentase harus antara 0 dan 100"),
    ("metric_targets", [{"metric": "compliance", "year": None, "agency_id": None, "target": 0.7, "warning": 0.8}],
     "garis waspada harus di bawah target"),
    ("distribution_rules", [{**r, "batas": 120} if r["id"] == "baik_b_max70" else r for r in curve.rules_table()],
     "batas persen harus antara 0 dan 100"),
    ("distribution_rules", [r for r in curve.rules_table() if r["predikat_organisasi"] != "Istimewa"],
     "belum ada untuk: Istimewa"),
    ("queue_wait_target_minutes", 0, "Target waktu tunggu harus antara 1 dan 1440"),
    ("queue_closing_hour", 25, "Jam tutup loket harus antara 1 dan 24"),
])
def test_a_bad_value_is_refused_with_a_sentence_and_nothing_is_stored(sqlite_url, key, value, message):
    engine = get_engine(sqlite_url)
    from data_access.schema import ensure_schema
    ensure_schema(engine)
    with pytest.raises(ValueError, match=message):
        with engine.begin() as conn:
            save_setting(conn, key, value, "cli")
    with engine.connect() as conn:
        assert conn.execute(select(Setting)).first() is None
        assert conn.execute(select(AuditLog)).first() is None


def test_min_group_size_makes_an_agency_too_small_in_the_report(tiny):
    before = _report(tiny)
    judged = [k for k, a in before.items() if a["appraisal"]["curve_status"] in ("patuh", "tidak patuh")]
    smallest = min(judged, key=lambda k: sum(before[k]["appraisal"]["counts"].values()))
    rated = sum(n for p, n in before[smallest]["appraisal"]["counts"].items() if p != "Belum Dinilai")
    with tiny.begin() as conn:
        save_setting(conn, "min_group_size", rated + 1, "admin")
    after = _report(tiny)
    assert after[smallest]["appraisal"]["curve_status"] == "terlalu kecil untuk dinilai"
    assert after[smallest]["appraisal"]["curve_compliant"] is None


def test_a_changed_distribution_rule_changes_the_curve_verdict(tiny):
    key = ("Provinsi Lampung", "Dinas Pendidikan dan Kebudayaan")  # planted: kurva_datar
    before = _report(tiny)[key]["appraisal"]
    assert before["curve_status"] == "tidak patuh" and "Baik paling banyak 70%" in before["failed_rules"]
    rules = [{**r, "batas": 95} if r["id"] == "baik_b_max70" else r for r in curve.rules_table()
             if r["id"] != "baik_bp_k_min1"]
    with tiny.begin() as conn:
        save_setting(conn, "distribution_rules", rules, "admin")
    after = _report(tiny)[key]["appraisal"]
    assert after["curve_status"] == "patuh" and after["failed_rules"] == []


def test_a_changed_ikm_band_changes_an_offices_mutu(tiny):
    before = _report(tiny)
    key, entry = next((k, a) for k, a in before.items() if a["service"]["mutu"] == "B")
    ikm = entry["service"]["ikm"]
    # Band B now starts just above this office's IKM: it falls to C.
    upper_c = round(ikm, 2)
    bands = [{"bawah": 25, "atas": 64.99, "mutu": "D", "kinerja": "Tidak Baik"},
             {"bawah": 65, "atas": upper_c, "mutu": "C", "kinerja": "Kurang Baik"},
             {"bawah": round(upper_c + 0.01, 2), "atas": 88.3, "mutu": "B", "kinerja": "Baik"},
             {"bawah": 88.31, "atas": 100, "mutu": "A", "kinerja": "Sangat Baik"}]
    with tiny.begin() as conn:
        save_setting(conn, "ikm_bands", bands, "admin")
    after = _report(tiny)
    assert after[key]["service"]["ikm"] == ikm and after[key]["service"]["mutu"] == "C"


def test_holiday_corrections_are_checked_replaced_whole_and_read_by_the_metrics(tiny):
    rows = [{"day": "2026-03-02", "is_holiday": True, "region": "Kota Metro", "description": "Libur daerah"},
            {"day": date(2026, 12, 24), "is_holiday": True, "region": None, "description": "Cuti bersama"}]
    with tiny.begin() as conn:
        assert save_holiday_corrections(conn, rows, "admin") == 2
    with pytest.raises(ValueError, match="baris 2: daerah 'Kota Entah' tidak dikenal"):
        with tiny.begin() as conn:
            save_holiday_corrections(conn, [rows[0], {**rows[1], "region": "Kota Entah"}], "admin")
    with pytest.raises(ValueError, match="baris 1: keterangan harus diisi"):
        with tiny.begin() as conn:
            save_holiday_corrections(conn, [{**rows[0], "description": " "}], "admin")
    with tiny.connect() as conn:
        table = holiday_correction_table(conn)
    assert table[["region", "description"]].values.tolist() == [["Kota Metro", "Libur daerah"],
                                                                 ["", "Cuti bersama"]]
    start, end = period_bounds(YEAR, None)
    inputs = load_inputs(tiny, Scope.full("uji"), YEAR, start, end, month_keys(YEAR, None))
    assert sorted(str(d) for d in inputs.holiday_corrections["day"]) == ["2026-03-02", "2026-12-24"]


def test_an_agencys_own_target_wins_over_the_province_target():
    targets = Targets([
        {"metric": "compliance", "year": 2026, "agency_id": None, "target": 0.5, "warning": 0.4},
        {"metric": "compliance", "year": None, "agency_id": 7, "target": 0.95, "warning": 0.9},
    ])
    assert targets.metric("compliance", 2026, 7).target == 0.95
    assert targets.metric("compliance", 2026, 8).target == 0.5
    assert targets.metric("compliance", 2025, 8).target == CATALOGUE["compliance"].target
    payload = {"level": "agency", "agencies": [
        {"region": "R", "agency_name": name, "headcount": 50,
         "appraisal": {"counts": {p: 0 for p in ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct",
                                                 "Sangat Kurang")}, "curve_compliant": None},
         "training": {"share_meeting_target": None, "share_zero": None},
         "service": {"share_within_standard": None, "ikm": None},
         "adoption": {"active_share": None, "compliance": 0.6, "resistance_index": None}}
        for name in ("A", "B")]}
    frame = signals_frame(payload).assign(agency_id=[7, 8])
    card = scorecard(frame, targets=targets, year=2026).set_index("agency_name")
    assert card.at["A", "compliance_status"] == "perlu tindakan"  # its own 95% target
    assert card.at["B", "compliance_status"] == "sesuai target"  # the province's 50% for 2026


def test_the_report_command_reads_a_changed_ikm_band(tiny, db_url, capsys, monkeypatch):
    import subprocess
    import sys

    from metrics.__main__ import main
    from tests.cli import run_main
    from tests.conftest import ROOT

    def run(in_process=False):
        done = run_main(main, ["report", "--db", db_url], capsys, monkeypatch) if in_process else \
            subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return {a["agency_name"] + a["region"]: a["service"]["mutu"] for a in json.loads(done.stdout)["agencies"]}

    before = run()
    bands = ikm.bands_table()
    bands[0]["atas"], bands[1]["bawah"], bands[1]["atas"], bands[2]["bawah"] = 64.99, 65, 99.98, 99.99
    bands[3]["bawah"] = 100
    bands[2]["atas"] = 99.99
    with tiny.begin() as conn:
        save_setting(conn, "ikm_bands", bands, "admin")
    after = run(in_process=True)  # the same main(), in this process (tests/cli.py)
    changed = {k for k in before if before[k] in ("A", "B")}
    assert changed and all(after[k] == "C" for k in changed)


def test_no_setting_shows_a_user_an_issue_number_as_its_source():
    import re

    from vocab.settings import SETTINGS

    shown = [f"{s.key}: {s.source}" for s in SETTINGS.values() if re.search(r"issue|#\d", s.source, re.I)]
    assert shown == []
