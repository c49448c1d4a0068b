"""The Rencana Pendampingan page (issue 20 part 4) in AppTest on the small demo: each role sees the plan of
its own scope (the pipeline's figures), names only where the name rule allows, the work list per agency
as Excel (rows equal to the pipeline's, audited), and an administrator's new approach in Pengaturan is
what the page then suggests."""
from __future__ import annotations

import io
import json

import openpyxl
import pytest
from sqlalchemy import text

from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import scope_for_user
from data_access.settings import save_setting
from metrics.pipeline import plan as pipeline
from tests.test_audit_pages import downloads  # noqa: F401 (fixture)
from tests.pages import choose, open_as, shown
from vocab import plan as words
from vocab.formats import number
from vocab.periods import month_keys, period_bounds

PAGE = words.PAGE_PATH
KNOWLEDGE_UNIT = "Bidang Pelayanan Pendaftaran Penduduk"  # demo/planted.py: the survey's Knowledge barrier
LAMSEL = "Kabupaten Lampung Selatan"


def _plan(url: str, user: str) -> pipeline.Plan:
    engine = get_engine(url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, user)
    start, end = period_bounds(2026, None)
    return pipeline.plan(load_inputs(engine, scope, 2026, start, end, month_keys(2026, None)))


def _tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _table(at, column: str):
    return next((d.value for d in at.dataframe if column in d.value.columns), None)


@pytest.mark.parametrize("user", ["gubernur", "bupati.lamsel", "kadis.dukcapil.lamteng", "analis.bkd", "admin"])
def test_each_role_sees_the_plan_of_its_scope(demo_url, user):
    at = open_as(user, PAGE)
    assert not at.exception and not at.error
    made = _plan(demo_url, user)
    assert not made.empty
    tiles = _tiles(at)
    assert tiles["Unit perlu didampingi"] == number(len(made.units))
    assert tiles["Hambatan dari survei"] == number(made.survey_barriers)
    assert tiles["Hambatan diduga"] == number(made.inferred_barriers)
    assert tiles["Pegawai diajak berdiskusi"] == number(made.to_invite)
    units = _table(at, "Asal hambatan")
    assert list(units["Unit kerja"]) == list(made.units["unit"])
    assert {words.INFERRED} <= set(units["Asal hambatan"])  # every scope has inferred barriers
    if user == "bupati.lamsel":  # one region: no region column, but the agencies of its units
        assert "Daerah" not in units.columns and set(units["OPD"]) == set(made.units["agency"])
        assert set(made.units["region"]) == {LAMSEL}
    if user == "gubernur":
        assert len(set(units["Daerah"])) > 1
    named = _table(at, "Nama")
    if user in ("gubernur", "bupati.lamsel"):  # leaders: no names while leaders_see_names is off
        assert named is None
        assert any("Daftar pegawai bernama tidak ditampilkan" in c.value for c in at.caption)
    elif user == "kadis.dukcapil.lamteng":  # one agency: the champions and the invitations by name
        invited = _table(at, "Ajakan")
        assert len(invited) == made.to_invite and invited["Nama"].notna().all()
        assert set(invited["Ajakan"]) <= set(words.INVITATIONS.values())
        assert "Peringkat" not in invited.columns
        assert len(_table(at, "Kategori Rogers")) == len(made.champions)
    else:  # analysts and admins see the province: names once one agency is chosen
        assert named is None and any("Pilih satu OPD" in i.value for i in at.info)


def test_the_agency_heads_plan_shows_the_survey_barrier_and_the_inferred_ones(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    units = _table(at, "Asal hambatan").set_index("Unit kerja")
    assert units.at[KNOWLEDGE_UNIT, "Hambatan"] == "Knowledge"
    assert units.at[KNOWLEDGE_UNIT, "Asal hambatan"].startswith(words.SURVEY)
    inferred = units[units["Asal hambatan"] == words.INFERRED]
    made = _plan(demo_url, "kadis.dukcapil.lamteng").units
    assert len(inferred) == int(made["barrier_inferred"].sum()) >= 2
    assert set(inferred["Hambatan"]) <= set(words.INFERRED_BARRIER.values())


def _work_list(files: dict) -> openpyxl.Workbook:
    name = next(n for n in files if n.startswith("daftar-kerja-pendampingan-"))
    return openpyxl.load_workbook(io.BytesIO(files[name]()))


def _rows(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_the_work_list_holds_the_pipelines_rows_with_names_only_where_allowed(demo_url, downloads):  # noqa: F811
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    made = _plan(demo_url, "kadis.dukcapil.lamteng")
    book = _work_list(downloads)
    assert book.sheetnames == ["Sampul", "Rencana per unit", "Teladan sebaya", "Diajak berdiskusi",
                               "Pendekatan per hambatan"]
    plan_rows = _rows(book["Rencana per unit"])
    assert [r["Unit kerja"] for r in plan_rows] == list(made.units["unit"])
    assert [r["Hambatan"] for r in plan_rows] == list(made.units["barrier"])
    assert [r["Diajak berdiskusi"] for r in plan_rows] == list(made.units["to_invite_n"])
    invited = _rows(book["Diajak berdiskusi"])
    assert len(invited) == len(made.invitations) and all(r["Nama"] for r in invited)
    assert sorted(r["Unit kerja"] for r in invited) == sorted(made.invitations["unit"])
    assert len(_rows(book["Teladan sebaya"])) == len(made.champions)
    with get_engine(demo_url).connect() as conn:
        user, detail = conn.execute(text("select user_name, detail from audit_log where action = 'export' "
                                         "order by id desc")).first()
    detail = json.loads(detail)
    assert user == "kadis.dukcapil.lamteng" and detail["what"] == "Daftar kerja pendampingan"
    assert detail["page"] == words.PAGE_TITLE and detail["agency"].startswith("Dinas Kependudukan")


def test_a_leaders_work_list_has_counts_and_no_names(demo_url, downloads):  # noqa: F811
    at = open_as("bupati.lamsel", PAGE)
    assert not at.exception
    made = _plan(demo_url, "bupati.lamsel")
    book = _work_list(downloads)
    assert book.sheetnames == ["Sampul", "Rencana per unit", "Pendekatan per hambatan"]
    first = next(iter(made.agencies))
    assert [r["Unit kerja"] for r in _rows(book["Rencana per unit"])] == list(made.for_agency(first).units["unit"])


def test_an_admins_new_approach_in_pengaturan_is_what_the_plan_page_suggests(demo_url):
    new = "Klinik e-Kinerja setiap Jumat pagi bersama teladan sebaya."
    at = open_as("admin", "pages/pengaturan.py")
    assert not at.exception
    at.session_state["set_plan_approaches"] = {"edited_rows": {2: {"pendekatan": new, "sumber": "Keputusan Sekda"}},
                                               "added_rows": [], "deleted_rows": []}
    at = next(b for b in at.button if b.key == "simpan_plan_approaches").click().run()
    assert not at.exception and not at.error
    assert any("Pendekatan per hambatan disimpan" in s.value for s in at.success)
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    # The card of the survey's Knowledge barrier: its approach, its source and its unit.
    texts = [shown(m.value) for m in at.markdown]
    card = texts.index("**Knowledge** (survei ADKAR) · 1 unit")
    assert texts[card + 1] == new
    assert any(shown(c.value) == f"Sumber: Keputusan Sekda. Unit: {KNOWLEDGE_UNIT}." for c in at.caption)


@pytest.mark.parametrize("page", [None, "pages/adopsi_perubahan.py"])
def test_ringkasan_and_adopsi_perubahan_link_to_the_plan(demo_url, page):
    at = choose(open_as("bupati.lamsel", page), "f_period", "Triwulan III")
    assert not at.exception
    links = [p for p in at.main.page_link if p.value == words.PAGE_TITLE]
    assert len(links) == 1 and links[0].proto.page == "rencana_pendampingan"
    assert "f_period=Triwulan+III" in links[0].proto.query_string  # it carries the view


def test_an_agency_head_opens_one_unit_and_its_champions_come_from_the_whole_agency(demo_url):
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    agency = next(o for o in at.selectbox(key="f_agency").options if "Kependudukan" in o)
    at = choose(choose(at, "f_agency", agency), "f_unit", KNOWLEDGE_UNIT)
    assert not at.exception and not at.error
    units = _table(at, "Asal hambatan")
    assert list(units["Unit kerja"]) == [KNOWLEDGE_UNIT] and list(units["Hambatan"]) == ["Knowledge"]
    whole = _plan(demo_url, "kadis.dukcapil.lamteng")
    champions = _table(at, "Kategori Rogers")
    expected = whole.champions[whole.champions["plan_unit"] == KNOWLEDGE_UNIT]
    assert len(champions) == len(expected) > 0
    assert sorted(champions["Unit teladan"]) == sorted(expected["unit"])


def test_a_leader_allowed_names_sees_them_for_one_agency_in_unit_and_name_order(demo_url):
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "leaders_see_names", True, "admin")
    at = open_as("bupati.lamsel", PAGE)
    assert any("Pilih satu OPD" in i.value for i in at.info)  # several agencies: no names yet
    agency = next(o for o in at.selectbox(key="f_agency").options if o.startswith("Dinas Pendidikan"))
    at = choose(at, "f_agency", agency)
    assert not at.exception
    invited = _table(at, "Ajakan")
    assert len(invited) and invited["Nama"].notna().all() and "Peringkat" not in invited.columns
    order = list(zip(invited["Unit kerja"], invited["Nama"]))
    assert order == sorted(order)  # read by unit and name, never ranked by person
    assert all("*" in nip for nip in invited["NIP"])  # a leader's NIPs are masked


def test_the_report_carries_the_pages_plan_per_unit(demo_url):
    from datetime import datetime

    from metrics.report import build_report

    engine = get_engine(demo_url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, "kadis.dukcapil.lamteng")
    start, end = period_bounds(2026, None)
    inputs = load_inputs(engine, scope, 2026, start, end, month_keys(2026, None))
    entries = {e["unit_name"]: e["plan"] for e in build_report(inputs, datetime(2026, 11, 28), "unit")["agencies"]}
    made = pipeline.plan(inputs).units.set_index("unit")
    in_plan = {unit for unit, entry in entries.items() if entry["in_plan"]}
    assert in_plan == set(made.index)
    # a unit that does not resist (in the demo: the one whose clinic worked) is in the report, out of the plan
    out = [entry for unit, entry in entries.items() if unit not in in_plan]
    assert out and all(e["barrier"] is None and e["approach"] is None for e in out)
    for unit in in_plan:
        entry = entries[unit]
        assert entry["barrier"] == made.at[unit, "barrier"]
        assert entry["barrier_inferred"] == bool(made.at[unit, "barrier_inferred"])
        assert entry["approach"] == made.at[unit, "approach"] and entry["to_invite"] == made.at[unit, "to_invite_n"]
    assert entries[KNOWLEDGE_UNIT]["barrier"] == "Knowledge" and not entries[KNOWLEDGE_UNIT]["barrier_inferred"]


def test_with_every_unit_too_small_the_plan_is_empty_and_says_why(demo_url):
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "min_group_size", 1000, "admin")
    at = open_as("kadis.dukcapil.lamteng", PAGE)
    assert not at.exception
    assert not at.dataframe and not at.metric  # no unit and nobody listed
    assert "Tidak ada unit yang perlu didampingi" in at.info[0].value
    assert any("terlalu kecil untuk dinilai dan tidak masuk rencana (4 unit" in c.value for c in at.caption)


def test_in_a_view_of_one_unit_the_champions_from_its_agencys_other_units_keep_their_names(demo_url):
    """Champions of a one-unit view are found in the whole agency (pipeline.plan's peers): their names are
    read in that same span, not in the unit's, or those from other units show without a name."""
    at = open_as("analis.bkd", PAGE)
    agency = next(o for o in choose(at, "f_region", "Provinsi Lampung").selectbox(key="f_agency").options
                  if o == "Sekretariat Daerah")
    at = choose(at, "f_agency", agency)
    whole = _table(at, "Kategori Rogers")
    whole = whole[whole["Untuk unit"] == "Biro Hukum"]
    assert len(whole) and set(whole["Asal"]) == {words.SAME_AGENCY}  # the demo: none in Biro Hukum itself
    at = choose(at, "f_unit", "Biro Hukum")
    assert not at.exception
    champions = _table(at, "Kategori Rogers")
    assert champions["Nama"].notna().all() and "–" not in set(champions["Nama"])
    assert sorted(champions["Nama"]) == sorted(whole["Nama"])


def test_a_unit_where_nobody_ever_reported_is_in_the_plan_of_its_own_view_too(demo_url):
    """SD Negeri 1 Kalianda (the demo): 22 staff, not one e-Kinerja row; the agency's plan puts it first. Viewed
    alone it must not read "Tidak ada unit yang perlu didampingi ... sudah sesuai target": its staff have no
    rows because none of them reported, while its agency's data is there."""
    at = open_as("analis.bkd", PAGE)
    at = choose(choose(at, "f_region", LAMSEL), "f_agency", "Dinas Pendidikan")
    agency = _table(at, "Asal hambatan").set_index("Unit kerja")
    assert agency.index[0] == "SD Negeri 1 Kalianda"
    at = choose(at, "f_unit", "SD Negeri 1 Kalianda")
    assert not at.exception
    assert not any("Tidak ada unit yang perlu didampingi" in i.value for i in at.info)
    units = _table(at, "Asal hambatan").set_index("Unit kerja")
    assert list(units.index) == ["SD Negeri 1 Kalianda"]
    for column in ("Hambatan", "Wajib lapor", "Indeks resistensi", "Belum pernah mengisi", "Diajak berdiskusi"):
        assert units.at["SD Negeri 1 Kalianda", column] == agency.at["SD Negeri 1 Kalianda", column]
    assert len(_table(at, "Ajakan")) == agency.at["SD Negeri 1 Kalianda", "Diajak berdiskusi"]


def test_a_unit_whose_survey_is_guarded_in_its_agency_keeps_it_hidden_in_its_own_view(demo_url):
    """Complementary suppression (metrics.pipeline.adkar.guarded): in Dinas Kesehatan of Lampung Selatan
    (the demo) one unit has too few respondents, so the shown unit with the fewest is hidden too. Opening that
    unit alone must not show its survey barrier: with the agency's figures it would give the small one's away."""
    guarded_unit = "Bidang Pencegahan dan Pengendalian Penyakit"
    at = open_as("analis.bkd", PAGE)
    at = choose(choose(at, "f_region", LAMSEL), "f_agency", "Dinas Kesehatan")
    agency = _table(at, "Asal hambatan").set_index("Unit kerja")
    assert agency.at[guarded_unit, "Asal hambatan"] == words.INFERRED
    assert agency.at[guarded_unit, "Catatan survei"].startswith("disembunyikan")
    at = choose(at, "f_unit", guarded_unit)
    assert not at.exception
    alone = _table(at, "Asal hambatan").set_index("Unit kerja")
    for column in ("Hambatan", "Asal hambatan", "Catatan survei"):
        assert alone.at[guarded_unit, column] == agency.at[guarded_unit, column]
    assert _tiles(at)["Hambatan dari survei"] == "0"


def test_a_unit_whose_barrier_cannot_be_inferred_is_not_counted_as_inferred(demo_url):
    """The province's plan (the demo) holds units in the plan whose staff all reported and still report
    (barrier None, source NOT_INFERRED). "Hambatan diduga" (the tile, the report's inferred_barriers, each
    unit's barrier_inferred: "true when inferred", docs/report.md) counts the barriers inferred, not those."""
    made = _plan(demo_url, "gubernur")
    none = made.units[made.units["barrier_source"] == words.NOT_INFERRED]
    assert len(none) and none["barrier"].isna().all()
    assert not none["barrier_inferred"].astype(bool).any()
    assert made.inferred_barriers == int((made.units["barrier_source"] == words.INFERRED).sum())
