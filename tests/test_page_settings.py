"""AppTest of Pengaturan: read-only for every role but admin; an admin's change (checked, audited) takes
effect at once on the other pages, whose caches it invalidates."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from vocab import ikm
from vocab.periods import month_keys
from data_access.inputs import load_inputs
from data_access.scope import scope_for_user
from metrics import queue
from ui import fmt
from data_access.db import get_engine
from data_access.models import Agency, AuditLog, Region
from data_access.settings import save_setting
from tests.pages import choose, open_as

PAGE = "pages/pengaturan.py"
TRAINING = "pages/pengembangan_kompetensi.py"
SERVICE = "pages/pelayanan_publik.py"


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _table(at, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.mark.parametrize("user", ["gubernur", "kadis.dukcapil.lamteng", "analis.bkd"])
def test_other_roles_read_the_settings_without_a_way_to_change_them(demo_url, user):
    at = open_as(user, PAGE)
    assert not at.exception
    assert "hanya administrator yang dapat mengubahnya" in at.info[0].value
    assert [b.label for b in at.button if b.label == "Simpan"] == []
    assert at.number_input(key="set_min_group_size").disabled
    assert at.number_input(key="set_min_group_size").value == 5
    # every setting with its source; unverified ones carry the badge
    subheaders = [s.value for s in at.subheader]
    assert {"Menit per JP", "Aturan kurva distribusi predikat", "Rentang nilai IKM", "Koreksi hari libur",
            "Standar waktu layanan", "Target dan garis waspada per indikator", "Nama lain OPD"} <= set(subheaders)
    badges = [m.value for m in at.markdown if "badge[" in m.value and "belum diverifikasi" in m.value]
    # JP minutes, JP target, curve rules, targets, holidays, service standards, the queue's waiting target
    # and closing hour, the mentoring plan's approaches, the daily entries' retention
    assert len(badges) == 10
    assert {"Target waktu tunggu antrian (menit)", "Jam tutup loket antrian"} <= set(subheaders)
    assert at.number_input(key="set_queue_wait_target_minutes").disabled
    assert at.number_input(key="set_queue_wait_target_minutes").value == 60
    assert at.number_input(key="set_queue_closing_hour").value == 16
    for key in ("login_max_failures", "session_idle_minutes", "daily_entry_retention_months", "stale_days",
                "completeness_min_share"):
        assert at.number_input(key=f"set_{key}").disabled, key
    assert any("PermenPANRB 14/2017" in c.value for c in at.caption)


def test_an_admins_jp_target_changes_the_training_page_at_once(demo_url):
    at = open_as("admin", TRAINING)
    before = _metric(at, "Memenuhi target JP")
    at.switch_page(PAGE).run()
    for status in ("PNS", "PPPK", "PPPK Paruh Waktu"):
        at.number_input(key=f"set_jp_target_{status}").set_value(60.0)
    at = next(b for b in at.button if b.key == "simpan_jp_target").click().run()
    assert not at.exception and not at.error
    assert "Target JP disimpan." in [s.value for s in at.success]
    at.switch_page(TRAINING).run()  # the same session: the cached figures must not survive the change
    after = _metric(at, "Memenuhi target JP")
    assert float(after.rstrip("%").replace(",", ".")) < float(before.rstrip("%").replace(",", "."))
    with get_engine(demo_url).connect() as conn:
        audit = conn.execute(select(AuditLog.user_name, AuditLog.detail).where(AuditLog.action == "setting")).all()
    assert [(u, json.loads(d)["key"]) for u, d in audit] == [("admin", "jp_target")]
    assert json.loads(json.loads(audit[0][1])["new"]) == {"PNS": 60.0, "PPPK": 60.0, "PPPK Paruh Waktu": 60.0}


def test_an_admins_waiting_target_changes_the_queue_figures_at_once(demo_url):
    at = open_as("admin", SERVICE)
    before = _metric(at, "Dilayani dalam target tunggu")
    at.switch_page(PAGE).run()
    at.number_input(key="set_queue_wait_target_minutes").set_value(15)
    at = next(b for b in at.button if b.key == "simpan_queue_wait_target_minutes").click().run()
    assert not at.exception and not at.error
    assert "Target waktu tunggu antrian disimpan." in [s.value for s in at.success]
    at.switch_page(SERVICE).run()  # the same session: the cached figures must not survive the change
    engine = get_engine(demo_url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, "admin")
    tickets = queue.waits(load_inputs(engine, scope, 2026, date(2026, 1, 1), date(2026, 12, 31),
                                      month_keys(2026, None)).queue)
    within = {t: fmt.percent(queue.figures(tickets, t)["share_within_target"].iloc[0]) for t in (15, 60)}
    assert before == within[60] != within[15] == _metric(at, "Dilayani dalam target tunggu")
    assert any("Target tunggu 15 menit" in c.value for c in at.caption)


def test_an_admins_minimum_group_size_makes_groups_too_small(demo_url):
    at = open_as("admin", TRAINING)
    assert "terlalu kecil untuk dinilai" not in set(_table(at, "Daerah")["Status"])
    at.switch_page(PAGE).run()
    at.number_input(key="set_min_group_size").set_value(1000)
    at = next(b for b in at.button if b.key == "simpan_min_group_size").click().run()
    assert not at.error
    at.switch_page(TRAINING).run()
    regions = _table(at, "Daerah").set_index("Daerah")
    small = set(regions.index[regions["Status"] == "terlalu kecil untuk dinilai"])
    assert small and small == set(regions.index[regions["Pegawai"] < 1000])


def test_a_saved_value_says_who_changed_it_and_goes_back_to_the_default(demo_url):
    at = open_as("admin", PAGE)
    at.number_input(key="set_jp_minutes").set_value(60)
    at = next(b for b in at.button if b.key == "simpan_jp_minutes").click().run()
    assert not at.error and "Menit per JP disimpan." in [s.value for s in at.success]
    assert at.number_input(key="set_jp_minutes").value == 60
    assert any(c.value.startswith("Diubah oleh admin pada ") for c in at.caption)
    at = next(b for b in at.button if b.key == "bawaan_jp_minutes").click().run()
    assert at.number_input(key="set_jp_minutes").value == 45
    with get_engine(demo_url).connect() as conn:
        keys = [json.loads(d)["key"] for (d,) in conn.execute(select(AuditLog.detail).where(
            AuditLog.action == "setting").order_by(AuditLog.id))]
    assert keys == ["jp_minutes", "jp_minutes"]


def test_a_changed_ikm_band_changes_an_offices_mutu_on_the_service_page(demo_url):
    at = open_as("gubernur", SERVICE)
    groups = _table(at, "Mutu").set_index("Daerah")
    region, value = next((r, v) for r, v, m in zip(groups.index, groups["IKM"], groups["Mutu"]) if m == "B")
    bands = ikm.bands_table()
    bands[1]["atas"], bands[2]["bawah"] = round(value, 2), round(value + 0.01, 2)  # C now reaches its IKM
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "ikm_bands", bands, "admin")
    at = open_as("gubernur", SERVICE)
    assert _table(at, "Mutu").set_index("Daerah").at[region, "Mutu"] == "C"


def test_an_agencys_own_target_overrides_the_province_target(demo_url):
    province = "Provinsi Lampung"
    at = choose(open_as("gubernur", TRAINING), "f_region", province)
    groups = _table(at, "OPD").set_index("OPD")
    failing = groups.index[groups["Status"] == "perlu tindakan"].tolist()
    assert len(failing) > 1
    with get_engine(demo_url).connect() as conn:
        agency_id = conn.execute(select(Agency.id).join(Region, Region.id == Agency.region_id).where(
            Agency.name == failing[0], Region.name == province)).scalar_one()
    with get_engine(demo_url).begin() as conn:  # its own (Renstra) target: half its staff at 20 JP
        save_setting(conn, "metric_targets", [
            {"metric": "share_meeting_target", "year": None, "agency_id": agency_id, "target": 0.0, "warning": 0.0},
            {"metric": "share_meeting_target", "year": 2025, "agency_id": None, "target": 0.0, "warning": 0.0},
        ], "admin")
    at = choose(open_as("gubernur", TRAINING), "f_region", province)
    after = _table(at, "OPD").set_index("OPD")["Status"]
    assert after[failing[0]] == "sesuai target"  # its own target
    # every other agency keeps the province's target (the 2025 row is another year's)
    assert all(after[name] == groups.at[name, "Status"] for name in after.index if name != failing[0])


def test_the_tables_save_back_unchanged(demo_url):
    """The editors hand their rows back in the shape data_access.settings checks: saving them unchanged
    stores the same values (rules, bands, targets, holiday corrections)."""
    from data_access.settings import load_settings, save_holiday_corrections
    from vocab.settings import SETTINGS

    with get_engine(demo_url).begin() as conn:
        agency_id = conn.execute(select(Agency.id).order_by(Agency.id)).scalars().first()
        targets = save_setting(conn, "metric_targets", [
            {"metric": "compliance", "year": 2020, "agency_id": agency_id, "target": 0.85, "warning": 0.6},
            {"metric": "ikm", "year": None, "agency_id": None, "target": 90, "warning": None}], "admin")
        save_holiday_corrections(conn, [{"day": "2026-12-24", "is_holiday": True, "region": "Kota Metro",
                                         "description": "Libur daerah"}], "admin")
    at = open_as("admin", PAGE)
    for key in ("distribution_rules", "ikm_bands", "metric_targets", "holiday_corrections"):
        at = next(b for b in at.button if b.key == f"simpan_{key}").click().run()
        assert not at.error, (key, [e.value for e in at.error])
    with get_engine(demo_url).connect() as conn:
        values = load_settings(conn)
        keys = [json.loads(d)["key"] for (d,) in conn.execute(select(AuditLog.detail).where(
            AuditLog.action == "setting").order_by(AuditLog.id))]
    assert keys[-4:] == ["distribution_rules", "ikm_bands", "metric_targets", "holiday_corrections"]
    for key in ("distribution_rules", "ikm_bands"):
        assert values[key] == SETTINGS[key].default
    assert values["metric_targets"] == targets  # percentages shown ×100 and stored back as shares
    with get_engine(demo_url).connect() as conn:
        from data_access.settings import holiday_correction_table
        kept = holiday_correction_table(conn)
    assert kept.assign(day=kept["day"].astype(str)).values.tolist() == [["2026-12-24", True, "Kota Metro",
                                                                         "Libur daerah"]]


def test_an_agency_heads_tiles_show_their_own_target(demo_url):
    head = "kadis.dukcapil.lamteng"
    with get_engine(demo_url).connect() as conn:
        agency_id = conn.execute(select(Agency.id).join(Region, Region.id == Agency.region_id).where(
            Agency.name == "Dinas Kependudukan dan Pencatatan Sipil",
            Region.name == "Kabupaten Lampung Tengah")).scalar_one()
    at = open_as(head, SERVICE)
    assert any(c.value.startswith("Target 90,0%") for c in at.caption)  # the catalogue's default
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "metric_targets", [
            {"metric": "share_within_standard", "year": 2026, "agency_id": agency_id, "target": 0.6, "warning": 0.5},
            {"metric": "share_within_standard", "year": 2026, "agency_id": None, "target": 0.8, "warning": 0.7},
        ], "admin")
    at = open_as(head, SERVICE)
    on_time = [c.value for c in at.caption if "permohonan dinilai" in c.value]  # not the queue's own tile
    assert on_time and all(c.startswith("Target 60,0%") for c in on_time)



def test_an_admin_sets_the_plausible_ranges_of_imports(demo_url):
    from data_access.settings import load_settings

    at = open_as("admin", PAGE)
    at.number_input(key="set_plausible_years_first").set_value(1995)
    at = next(b for b in at.button if b.key == "simpan_plausible_years").click().run()
    assert not at.exception and not at.error
    at.number_input(key="set_plausible_age_max").set_value(66)
    at = next(b for b in at.button if b.key == "simpan_plausible_age").click().run()
    at.number_input(key="set_max_training_jp").set_value(1500.0)
    at = next(b for b in at.button if b.key == "simpan_max_training_jp").click().run()
    assert not at.exception and not at.error
    with get_engine(demo_url).connect() as conn:
        values = load_settings(conn)
    assert values["plausible_years"] == {"first": 1995, "ahead": 1}
    assert values["plausible_age"] == {"min": 18, "max": 66}
    assert values["max_training_jp"] == 1500


def test_every_declared_setting_has_its_form_and_an_admin_saves_the_security_and_data_rules(demo_url):
    """Every setting of vocab.settings is shown (and, for an administrator, editable) in Pengaturan; the
    sign-in lock, idle session, retention, staleness and partial-data rules among them, within the bounds
    their checks declare."""
    from data_access.settings import load_settings
    from vocab.settings import SETTINGS

    at = open_as("admin", PAGE)
    assert {d.label for d in SETTINGS.values()} <= {s.value for s in at.subheader}
    box = at.number_input(key="set_session_idle_minutes")
    assert (box.min, box.max, box.value) == (5, 7 * 24 * 60, 120)
    wanted = {"login_max_failures": 3, "session_idle_minutes": 30, "daily_entry_retention_months": 36, "stale_days": 60}
    for key, value in wanted.items():
        at.number_input(key=f"set_{key}").set_value(value)
        at = next(b for b in at.button if b.key == f"simpan_{key}").click().run()
        assert not at.exception and not at.error, key
    at.number_input(key="set_completeness_min_share").set_value(70.0)
    at = next(b for b in at.button if b.key == "simpan_completeness_min_share").click().run()
    assert not at.exception and not at.error
    with get_engine(demo_url).connect() as conn:
        values = load_settings(conn)
    assert {k: values[k] for k in wanted} == wanted
    assert values["completeness_min_share"] == pytest.approx(0.7)


def _agency_id(conn, name: str, region: str) -> int:
    return conn.execute(select(Agency.id).join(Region, Region.id == Agency.region_id).where(
        Agency.name == name, Region.name == region)).scalar_one()


def test_an_agency_head_sees_the_province_targets_and_their_own_agencys_only(demo_url):
    """Leaders' targets of other agencies are not an agency head's to see: the data layer returns the
    rows for every agency and the head's own; the page shows those and says so, as does Data Pribadi."""
    from data_access import reads
    from data_access.scope import Scope, scope_for_user

    dukcapil = "Dinas Kependudukan dan Pencatatan Sipil"
    engine = get_engine(demo_url)
    with engine.begin() as conn:
        own = _agency_id(conn, dukcapil, "Kabupaten Lampung Tengah")
        other = _agency_id(conn, dukcapil, "Kabupaten Lampung Selatan")
        rows = save_setting(conn, "metric_targets", [
            {"metric": "compliance", "year": None, "agency_id": None, "target": 0.8, "warning": 0.6},
            {"metric": "compliance", "year": None, "agency_id": own, "target": 0.65, "warning": 0.5},
            {"metric": "compliance", "year": None, "agency_id": other, "target": 0.55, "warning": 0.4},
        ], "admin")
        head, lamsel = scope_for_user(conn, "kadis.dukcapil.lamteng"), scope_for_user(conn, "bupati.lamsel")
    assert reads.metric_targets(engine, head) == rows[:2]
    assert reads.metric_targets(engine, lamsel) == [rows[0], rows[2]]
    assert reads.metric_targets(engine, Scope.full("admin")) == rows
    assert reads.metric_targets(engine, Scope()) == rows[:1]  # no grants: only the province-wide rows

    labels = {own: f"{dukcapil} — Kabupaten Lampung Tengah", other: f"{dukcapil} — Kabupaten Lampung Selatan"}
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    shown = _table(at, "waspada")
    assert shown[["opd", "target", "waspada"]].values.tolist() == [["(semua OPD)", 80.0, 60.0],
                                                                   [labels[own], 65.0, 50.0]]
    assert reads.TARGETS_SEEN in [c.value for c in at.caption]

    at = open_as("admin", PAGE)  # the administrator edits, and saves back, the whole list
    assert _table(at, "waspada")["opd"].tolist() == ["(semua OPD)", labels[own], labels[other]]

    at = open_as("kadis.dukcapil.lamteng", "pages/data_pribadi.py")
    assert not at.exception
    assert any(f"- {reads.TARGETS_SEEN}" in m.value for m in at.markdown)
