"""The ADKAR pulse survey (kind `survei_adkar`, issue 20 part 1): anonymous by design (a file with a NIP
or name column is refused, saying why; the upload preview never shows such a column), each import rule
with its fixture and exact Indonesian message, replace, rollback and scope as for every kind; the
figures (element means, low shares, barrier point, response rate, change since the previous wave)
against an independent computation over the fixture's own rows through the database on SQLite and
PostgreSQL; a unit below the minimum group size shows no unit figures (pipeline, report; the page in
test_page_adkar.py); and the
demo's planted Knowledge barrier is found."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, datetime
from statistics import mean

import pandas as pd
import pytest

from data_access.db import get_engine
from data_access.importing import upload
from data_access.importing.load import import_file
from data_access.importing.problems import ImportRejected
from data_access.importing.templates import data_dictionary
from data_access.inputs import load_inputs
from data_access.models import AdkarResponse
from data_access.scope import Scope, scope_for_user
from data_access.users import Grant, add_user
from metrics import adkar
from metrics.pipeline import adkar as pipeline
from metrics.pipeline import names as group_names
from metrics.report import build_report, report_csv
from tests.conftest import FIXTURES, ROOT
from tests.imports import outside_scope, rejected, replaced_and_rolled_back, rows_of
from vocab import codes
from vocab.catalogue import TOO_SMALL
from vocab.indicators import TOO_FEW_RESPONDENTS
from vocab.periods import month_keys, period_bounds

OFFICE = "Dinas Kependudukan dan Pencatatan Sipil"
KEY = f"OPD {OFFICE}"
PENDAFTARAN, PENCATATAN, SEKRETARIAT = ("Bidang Pelayanan Pendaftaran Penduduk", "Bidang Pelayanan Pencatatan Sipil",
                                        "Sekretariat")
ANONYMOUS = ("survei ADKAR bersifat anonim, jadi berkasnya tidak boleh memuat NIP atau nama responden. Hapus kolom "
             "itu lalu unggah ulang berkasnya; tidak ada yang disimpan.")
HEADERS = ("Awareness", "Desire", "Knowledge", "Ability", "Reinforcement")  # the fixture's own headers


@pytest.fixture
def office(db_url):
    """Kota Metro's Disdukcapil with 8, 6 and 4 staff in three units (fixtures/adkar_pegawai.csv)."""
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "adkar_pegawai.csv", "pegawai")
    return engine


def _count(engine) -> int:
    return rows_of(engine, AdkarResponse)


def _problems(engine, name: str, **options) -> list[tuple]:
    return rejected(engine, FIXTURES / name, "survei_adkar", **options)


# --- anonymous by design ------------------------------------------------------------------------------
def test_a_survey_file_with_a_nip_column_is_refused_saying_why(office):
    assert _problems(office, "adkar_nip.csv") == [
        ("galat", None, "NIP", None, None, f"kolom 'NIP' tidak diterima: {ANONYMOUS}")]
    assert _count(office) == 0


def test_a_survey_file_with_a_name_column_is_refused(office):
    assert _problems(office, "adkar_nama.csv") == [
        ("galat", None, "Nama Lengkap", None, None, f"kolom 'Nama Lengkap' tidak diterima: {ANONYMOUS}")]
    assert _count(office) == 0


@pytest.mark.parametrize("header", ["NIP Baru", "NI PPPK", "nama_pegawai", "Nomor Induk Pegawai"])
def test_every_alias_of_nip_and_name_is_refused(office, header):
    lines = (FIXTURES / "adkar_nip.csv").read_text(encoding="utf-8").splitlines()
    data = "\n".join([lines[0].replace("NIP", header, 1), lines[1]]).encode()
    with pytest.raises(ImportRejected) as caught:
        import_file(office, "survei.csv", "survei_adkar", data=data)
    assert [p.message for p in caught.value.problems] == [f"kolom '{header}' tidak diterima: {ANONYMOUS}"]


def test_the_upload_preview_never_shows_the_identifying_columns(office):
    with office.begin() as conn:
        add_user(conn, "analis.metro", "Analis Metro", "analis", "sandi-uji-panjang", [Grant(region="Kota Metro")])
    found = upload.inspect_file(office, "analis.metro", (FIXTURES / "adkar_nama.csv").read_bytes(), "survei.csv")
    assert found.detected_kind == "survei_adkar"
    shown, hidden = upload.shown_preview(found, "survei_adkar")
    assert hidden == ["Nama Lengkap"] and "Nama Lengkap" not in shown.columns
    assert "Budi Pratama" not in shown.to_string()
    assert list(upload.shown_preview(found, "pegawai")[0].columns) == list(found.preview.columns)


def test_the_data_dictionary_names_the_refused_columns():
    book = data_dictionary("survei_adkar").set_index("Kolom")
    assert book.loc[["NIP", "NAMA"], "Wajib"].tolist() == ["dilarang", "dilarang"]
    assert ANONYMOUS in book.at["NIP", "Keterangan"] and "NIP BARU" in book.at["NIP", "Nama lain yang diterima"]
    assert book.loc[["KESADARAN", "KEINGINAN", "PENGETAHUAN", "KEMAMPUAN", "PENGUATAN"], "Wajib"].eq("ya").all()


# --- each rule: its fixture and its exact message --------------------------------------------------------
def test_scores_outside_one_to_five_are_errors_naming_the_row(office):
    assert _problems(office, "adkar_skor_luar.csv") == [
        ("galat", 2, "PENGETAHUAN", "6", KEY, "harus 1, 2, 3, 4 atau 5."),
        ("galat", 3, "KEMAMPUAN", "0", KEY, "harus 1, 2, 3, 4 atau 5.")]
    assert _count(office) == 0  # the good third row is not written either


def test_an_unknown_unit_is_an_error(office):
    assert _problems(office, "adkar_unit_salah.csv") == [
        ("galat", 2, "UNIT KERJA", "Bidang Tidak Ada", KEY, "unit kerja tidak dikenal di OPD ini.")]


def test_the_unit_column_is_required(office):
    assert _problems(office, "adkar_tanpa_unit.csv") == [
        ("galat", None, "UNIT KERJA", None, None,
         "kolom wajib 'UNIT KERJA' tidak ada di berkas (nama lain yang diterima: UNOR NAMA, NAMA UNOR, UNOR, "
         "SATUAN KERJA KERJA NAMA, SKP UNOR, UNIT).")]


# --- import: detected, every respondent kept, replace, rollback, scope --------------------------------
def test_a_survey_export_is_recognised_and_every_respondent_kept(office):
    result = import_file(office, FIXTURES / "adkar_survei.csv")  # kind detected from its headers
    assert (result.kind, result.rows_inserted) == ("survei_adkar", 23)  # two identical answers: two people
    again = import_file(office, FIXTURES / "adkar_survei.csv")
    assert again.duplicate_file and _count(office) == 23


SURVEY = (FIXTURES / "adkar_survei.csv").read_text(encoding="utf-8").splitlines()


def test_replace_takes_the_files_days_and_agency_and_rolls_back(office):
    import_file(office, FIXTURES / "adkar_survei.csv")
    # 10 November again, one respondent: the stored answers of that day at that agency (4) go.
    assert replaced_and_rolled_back(office, AdkarResponse, "survei_adkar", SURVEY[0], SURVEY[11]) == (
        4, 1, 20, 1, 4, 23)


def test_an_analyst_imports_only_surveys_of_their_scope(office):
    with office.begin() as conn:
        add_user(conn, "analis.lamsel", "Analis Lamsel", "analis", "sandi-uji-panjang",
                 [Grant(region="Kabupaten Lampung Selatan")])
    assert outside_scope(office, "analis.lamsel", FIXTURES / "adkar_survei.csv", "survei_adkar") == set(range(2, 25))
    assert _count(office) == 0


# --- the figures against an independent computation --------------------------------------------------
def _survey_rows() -> list[dict]:
    with open(FIXTURES / "adkar_survei.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [{"unit": r["Unit"], "quarter": (int(r["Tanggal Pengisian"][3:5]) - 1) // 3 + 1,
             "scores": [int(r[h]) for h in HEADERS]} for r in rows]


def _staff() -> dict[str, int]:
    with open(FIXTURES / "adkar_pegawai.csv", encoding="utf-8") as f:
        units = [r["UNIT KERJA"] for r in csv.DictReader(f, delimiter=";")]
    return {u: units.count(u) for u in set(units)}


def _expected(rows: list[dict]) -> dict:
    """Means per element in ADKAR order, the share of scores ≤ 3, and the first element with a mean ≤ 3."""
    means = [mean(r["scores"][i] for r in rows) for i in range(5)]
    low = [sum(r["scores"][i] <= 3 for r in rows) / len(rows) for i in range(5)]
    barrier = next((name for name, m in zip(HEADERS, means) if m <= 3), None)
    return {"n": len(rows), "means": means, "low": low, "barrier": barrier}


def _inputs(engine, scope: Scope | None = None, year: int = 2026, period: str | None = None):
    start, end = period_bounds(year, period)
    return load_inputs(engine, scope or Scope.full("uji"), year, start, end, month_keys(year, period), period=period)


def test_the_figures_equal_an_independent_computation(office):
    import_file(office, FIXTURES / "adkar_survei.csv")
    inputs = _inputs(office)
    sig = pipeline.signal(inputs, _inputs(office, year=2025), "unit_id", group_names(inputs, "unit_id"))
    rows, staff = _survey_rows(), _staff()
    assert (sig.wave_label, sig.previous_label) == ("Triwulan IV 2026", "Triwulan III 2026")
    # Shown: Pendaftaran; Pencatatan is hidden to guard Sekretariat's two answers (below). Every unit's
    # figures, as a minimum group size of 2 shows them all, against the raw rows:
    current, previous, _, _ = pipeline.waves(inputs, _inputs(office, year=2025))
    groups = pipeline.group_table(current, previous, inputs.roster.groupby("unit_id").size(), ["unit_id"], 2,
                                  group_names(inputs, "unit_id")).set_index("nama")
    shown = sig.groups.set_index("nama")
    figures = list(pipeline.FIGURE_COLUMNS)
    assert shown.loc[PENDAFTARAN, figures].equals(groups.loc[PENDAFTARAN, figures])
    assert shown.at[PENCATATAN, "note"] == pipeline.GUARDED
    for unit in (PENDAFTARAN, PENCATATAN):
        now = _expected([r for r in rows if r["unit"] == unit and r["quarter"] == 4])
        before = _expected([r for r in rows if r["unit"] == unit and r["quarter"] == 3])
        row = groups.loc[unit]
        assert row["respondents"] == now["n"] and row["headcount"] == staff[unit]
        assert row["response_rate"] == pytest.approx(now["n"] / staff[unit])
        assert [row[c] for c in pipeline.MEANS] == pytest.approx(now["means"])
        assert [row[c] for c in pipeline.LOWS] == pytest.approx(now["low"])
        assert [row[c] for c in pipeline.CHANGES] == pytest.approx(
            [a - b for a, b in zip(now["means"], before["means"])])
        assert (row["barrier"] if isinstance(row["barrier"], str) else None) == now["barrier"]
    assert groups.at[PENDAFTARAN, "barrier"] == "Knowledge"  # Awareness and Desire above 3, Knowledge 2,83
    assert groups.at[PENCATATAN, "barrier"] is None  # every mean above 3 (Desire was 3,0 in Triwulan III)
    assert groups.at[PENCATATAN, "barrier_label"] == pipeline.NO_BARRIER
    assert shown.at[SEKRETARIAT, "barrier_label"] == TOO_FEW_RESPONDENTS
    # The view pools every respondent of the wave, the small unit's too (rolled up).
    every = _expected([r for r in rows if r["quarter"] == 4])
    fig = sig.figures
    assert (fig.respondents, fig.headcount) == (every["n"], sum(staff.values())) == (13, 18)
    assert fig.response_rate == pytest.approx(13 / 18)
    assert list(fig.means.values()) == pytest.approx(every["means"]) and fig.barrier == every["barrier"]
    assert (fig.common_barrier, fig.common_barrier_groups, fig.judged_groups) == ("Knowledge", 1, 1)


def test_a_unit_below_the_minimum_shows_no_unit_figures(office):
    import_file(office, FIXTURES / "adkar_survei.csv")
    inputs = _inputs(office)
    sig = pipeline.signal(inputs, None, "unit_id", group_names(inputs, "unit_id"))
    small = sig.groups.set_index("nama").loc[SEKRETARIAT]
    assert small["respondents"] == 2 and small["status"] == TOO_SMALL and small["note"] == TOO_FEW_RESPONDENTS
    assert small[list(pipeline.HIDDEN)].isna().all() and small["barrier"] is None
    assert SEKRETARIAT not in set(sig.elements["nama"])  # nor in the chart
    # Grouped by agency, its two answers count with their colleagues' (rolled up to the agency).
    agency = pipeline.signal(inputs, None, "agency_id", group_names(inputs, "agency_id")).groups.iloc[0]
    assert agency["respondents"] == 13 and agency["status"] == ""


def test_the_report_carries_the_barrier_and_hides_a_small_unit(office):
    import_file(office, FIXTURES / "adkar_survei.csv")
    inputs = _inputs(office)
    units = {e["unit_name"]: e["adkar"] for e in build_report(inputs, datetime(2026, 11, 28), "unit")["agencies"]}
    assert units[PENDAFTARAN]["barrier"] == "Knowledge" and units[PENDAFTARAN]["wave"] == "Triwulan IV 2026"
    assert units[PENDAFTARAN]["means"]["Knowledge"] == pytest.approx(17 / 6, abs=1e-4)
    assert units[PENDAFTARAN]["response_rate"] == pytest.approx(6 / 8, abs=1e-4)
    guard = units[PENCATATAN]  # 5 respondents, hidden so that Sekretariat's 2 cannot be subtracted out
    assert (guard["respondents"], guard["status"], guard["note"]) == (5, TOO_SMALL, pipeline.GUARDED)
    assert guard["means"] == guard["changes"] == {} and guard["barrier"] is None
    small = units[SEKRETARIAT]
    assert (small["respondents"], small["status"], small["note"]) == (2, TOO_SMALL, TOO_FEW_RESPONDENTS)
    assert small["means"] == small["low_shares"] == small["changes"] == {} and small["barrier"] is None
    assert small["response_rate"] is None
    payload = build_report(inputs, datetime(2026, 11, 28))
    agency = payload["agencies"][0]["adkar"]
    assert agency["respondents"] == 13 and agency["barrier"] is None  # pooled: Knowledge 41/13 = 3,15
    flat = report_csv(build_report(inputs, datetime(2026, 11, 28), "unit"))
    assert "adkar.means.Knowledge" in flat.splitlines()[0] and "adkar.barrier" in flat.splitlines()[0]


def test_the_report_of_a_quarter_compares_with_the_previous_quarters_wave_as_the_page_does(office, db_url):
    import_file(office, FIXTURES / "adkar_survei.csv")  # Triwulan III and Triwulan IV 2026
    inputs, before = _inputs(office, period="TW4"), _inputs(office, period="TW3")
    page = pipeline.signal(inputs, before, "unit_id", group_names(inputs, "unit_id")).groups.set_index("nama")
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url, "--year", "2026",
                           "--period", "TW4", "--level", "unit"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    units = {e["unit_name"]: e["adkar"] for e in json.loads(done.stdout)["agencies"]}
    rows = _survey_rows()
    for unit in (PENDAFTARAN,):
        now = _expected([r for r in rows if r["unit"] == unit and r["quarter"] == 4])
        then = _expected([r for r in rows if r["unit"] == unit and r["quarter"] == 3])
        assert (units[unit]["wave"], units[unit]["previous_wave"]) == ("Triwulan IV 2026", "Triwulan III 2026")
        assert list(units[unit]["changes"].values()) == pytest.approx(
            [a - b for a, b in zip(now["means"], then["means"])], abs=1e-4)
        assert list(units[unit]["changes"].values()) == pytest.approx(
            [page.at[unit, c] for c in pipeline.CHANGES], abs=1e-4)
    assert units[SEKRETARIAT]["changes"] == {}  # too few respondents: still nothing of its own
    assert units[PENCATATAN]["changes"] == {}  # hidden to guard Sekretariat


def test_no_small_units_answers_can_be_worked_out_from_the_figures_shown(office):
    """The agency's figures minus its shown units' would be the hidden units' answers: the hidden units
    of an agency, when there are any, hold at least the minimum group size of respondents together."""
    import_file(office, FIXTURES / "adkar_survei.csv")
    inputs = _inputs(office)
    minimum = int(inputs.settings["min_group_size"])
    units = [e for e in build_report(inputs, datetime(2026, 11, 28), "unit")["agencies"]]
    hidden = [e["adkar"]["respondents"] for e in units if e["adkar"]["status"] == TOO_SMALL]
    assert sorted(hidden) == [2, 5] and sum(hidden) >= minimum > 2
    shown = sum(e["adkar"]["respondents"] for e in units if e["adkar"]["status"] != TOO_SMALL)
    agency = build_report(inputs, datetime(2026, 11, 28))["agencies"][0]["adkar"]
    assert agency["respondents"] - shown == sum(hidden)  # what a subtraction reads: seven answers pooled


def test_the_guard_hides_the_smallest_shown_group_of_the_same_parent_only():
    scores = pd.DataFrame({"agency_id": [1, 1, 1, 2, 2], "unit_id": [10, 11, 12, 20, 21],
                           "respondents": [2, 9, 6, 7, 8]})
    guard = pipeline.guarded(scores, ["agency_id", "unit_id"], 5)
    assert guard.tolist() == [False, False, True, False, False]  # agency 1: unit 12 (6 < 9); agency 2 untouched
    two_small = scores.assign(respondents=[2, 9, 3, 7, 8])  # 2 + 3 = 5 hidden together: nothing more to hide
    assert not pipeline.guarded(two_small, ["agency_id", "unit_id"], 5).any()
    assert pipeline.guarded(scores, ["unit_id"], 5).tolist() == [False, False, True, False, False]  # one parent


def test_a_unit_head_sees_only_their_unit_and_never_a_small_one(office):
    with office.begin() as conn:
        add_user(conn, "kepala.sekretariat", "Kepala Sekretariat", "kepala_opd", "sandi-uji-panjang",
                 [Grant(region="Kota Metro", agency=OFFICE, unit=SEKRETARIAT)])
        scope = scope_for_user(conn, "kepala.sekretariat")
    import_file(office, FIXTURES / "adkar_survei.csv")
    inputs = _inputs(office, scope)
    sig = pipeline.signal(inputs, None, "unit_id", group_names(inputs, "unit_id"))
    assert sig.figures.respondents == 2 and sig.figures.too_small
    assert sig.figures.means == {} and sig.figures.barrier is None and pd.isna(sig.figures.response_rate)


# --- pure ---------------------------------------------------------------------------------------------
def test_the_barrier_is_the_first_low_element_in_adkar_order():
    frame = pd.DataFrame({c: [4.0, 4.0, 3.5, None] for c in pipeline.MEANS})
    frame.loc[0, "mean_ability"] = 3.0  # exactly 3 is a barrier
    frame.loc[0, "mean_desire"] = 2.0  # … but Desire comes first
    frame.loc[1, "mean_reinforcement"] = 2.9
    assert adkar.barrier(frame).tolist() == ["Desire", "Reinforcement", None, None]
    assert adkar.wave_of(pd.Series([date(2026, 3, 31), date(2026, 4, 1)])).tolist() == [20261, 20262]
    assert codes.ADKAR_ELEMENTS == HEADERS


def test_no_respondents_no_figures():
    empty = adkar.with_waves(pd.DataFrame())
    table = pipeline.group_table(empty, empty, pd.Series([4], index=pd.Index([7], name="unit_id")), ["unit_id"], 5,
                                 {7: "Unit"})
    assert table["respondents"].tolist() == [0] and table["note"].tolist() == [pipeline.NO_DATA]
    assert pipeline.headline(empty, empty, 4, 5, table) == pipeline.AdkarFigures(headcount=4)


# --- the demo -----------------------------------------------------------------------------------------
def test_the_demo_plants_a_knowledge_barrier_and_a_unit_too_small(demo_url):
    engine = get_engine(demo_url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, "kadis.dukcapil.lamteng")
    inputs = _inputs(engine, scope)
    sig = pipeline.signal(inputs, None, "unit_id", group_names(inputs, "unit_id"))
    groups = sig.groups.set_index("nama")
    assert sig.wave_label == "Triwulan IV 2026" and sig.previous_label == "Triwulan III 2026"
    assert groups.at[PENDAFTARAN, "barrier"] == "Knowledge"
    assert groups.at[PENDAFTARAN, "mean_awareness"] > 3 and groups.at[PENDAFTARAN, "mean_desire"] > 3
    assert groups.at[SEKRETARIAT, "status"] == TOO_SMALL and groups.at[SEKRETARIAT, "respondents"] == 3
    # Pringsewu improves from wave to wave (adkar_membaik).
    province = _inputs(engine)
    regions = pipeline.signal(province, None, "region_id", group_names(province, "region_id")).groups.set_index("nama")
    assert (regions.loc["Kabupaten Pringsewu", list(pipeline.CHANGES)] > 0.4).all()
    assert regions.at["Kabupaten Lampung Selatan", "barrier"] == "Awareness"
