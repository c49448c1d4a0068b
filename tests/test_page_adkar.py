"""The Adopsi Perubahan page's section "Mengapa unit tertahan? Survei denyut ADKAR" (issue 20 part 1): it
shows the pipeline's survey figures, a unit with too few respondents shows none (only "terlalu sedikit
responden"), and the chart orders the five elements A-D-K-A-R on the 1-5 scale with the barrier line."""
from __future__ import annotations

from datetime import date

import pandas as pd

from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.settings import save_setting
from data_access.scope import scope_for_user
from metrics import adkar
from metrics.pipeline import adkar as pipeline
from metrics.pipeline import names as group_names
from tests.pages import open_as
from ui.charts import adoption as adoption_charts
from vocab import codes
from vocab.formats import number
from vocab.indicators import GUARDED, TOO_FEW_RESPONDENTS
from vocab.periods import month_keys, period_bounds

PENDAFTARAN, SEKRETARIAT = "Bidang Pelayanan Pendaftaran Penduduk", "Sekretariat"


def _inputs(engine, scope, year: int = 2026):
    start, end = period_bounds(year, None)
    return load_inputs(engine, scope, year, start, end, month_keys(year, None))


def test_the_page_shows_the_survey_and_no_figures_for_a_small_unit(demo_url):
    at = open_as("kadis.dukcapil.lamteng", "pages/adopsi_perubahan.py")
    assert not at.exception
    assert "Mengapa unit tertahan? Survei denyut ADKAR" in [h.value for h in at.subheader]
    table = next(f.value for f in at.dataframe if "Titik hambatan" in f.value.columns).set_index("Unit kerja")
    assert table.at[PENDAFTARAN, "Titik hambatan"] == "Knowledge"
    assert table.at[SEKRETARIAT, "Catatan"] == table.at[SEKRETARIAT, "Titik hambatan"] == TOO_FEW_RESPONDENTS
    assert pipeline.NO_BARRIER in set(table["Titik hambatan"])  # judged units without a barrier say so
    assert table.loc[SEKRETARIAT, ["Awareness", "Knowledge", "Tingkat respons"]].isna().all()
    tiles = {m.label: m.value for m in at.metric}
    engine = get_engine(demo_url)
    with engine.connect() as conn:
        inputs = _inputs(engine, scope_for_user(conn, "kadis.dukcapil.lamteng"))
    fig = pipeline.signal(inputs, None, "unit_id", group_names(inputs, "unit_id")).figures
    assert tiles["Responden"] == number(fig.respondents) and tiles["Hambatan terbanyak"] == fig.common_barrier
    assert fig.common_barrier is not None


def test_the_chart_orders_the_elements_on_the_one_to_five_scale_with_the_barrier_line():
    groups = pipeline.group_table(
        adkar.with_waves(pd.DataFrame({"unit_id": [1] * 5, "survey_date": [date(2026, 11, 10)] * 5,
                                       **{e: [4, 4, 2, 3, 3] for e in adkar.ELEMENTS}})),
        adkar.with_waves(pd.DataFrame()), pd.Series([6], index=pd.Index([1], name="unit_id")), ["unit_id"], 5,
        {1: "Kabupaten Contoh"})
    spec = adoption_charts.adkar_elements(pipeline.element_frame(groups), "Unit kerja").to_dict()
    assert spec["facet"]["column"]["sort"] == list(codes.ADKAR_ELEMENTS)
    bars, line = spec["spec"]["layer"]
    assert bars["encoding"]["x"]["scale"]["domain"] == [1, 5] and line["encoding"]["x"] == {"datum": 3}
    assert bars["encoding"]["color"]["scale"]["range"][0] == adoption_charts.STATUS_COLOURS[adoption_charts.ACT]


def test_with_no_unit_large_enough_the_barrier_tile_says_so_and_not_that_none_is_low(demo_url):
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "min_group_size", 1000, "admin")  # every unit, and the agency, too small
    at = open_as("kadis.dukcapil.lamteng", "pages/adopsi_perubahan.py")
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Hambatan terbanyak"] == "–" and tiles["Tingkat respons survei ADKAR"] == "–"
    captions = [c.value for c in at.caption]
    assert "tidak ada unit kerja dengan responden yang cukup untuk dinilai" in captions
    assert "tidak ada unit kerja dengan elemen ≤ 3" not in captions


def test_a_small_regions_answers_are_said_to_count_in_the_views_figures_not_an_opds(demo_url):
    at = open_as("gubernur", "pages/adopsi_perubahan.py")  # grouped by region: no OPD takes them in
    assert not at.exception
    said = [c.value for c in at.caption if TOO_FEW_RESPONDENTS in c.value]
    assert len(said) == 1 and "dihitung dalam angka keseluruhan pilihan ini" in said[0]
    assert "angka OPD" not in said[0]
    assert GUARDED not in said[0]  # no region of the province view is hidden to guard another


def test_the_caption_explains_a_group_hidden_to_guard_a_small_one_where_there_is_one(demo_url):
    at = open_as("kadis.dukcapil.lamteng", "pages/adopsi_perubahan.py")  # Sekretariat: 3 respondents
    assert not at.exception
    said = [c.value for c in at.caption if TOO_FEW_RESPONDENTS in c.value]
    assert len(said) == 1 and f"Unit kerja yang ditandai \"{GUARDED}\" ikut disembunyikan" in said[0]


def test_a_unit_guarded_in_its_agency_shows_no_survey_figure_when_opened_alone(demo_url):
    """Complementary suppression holds across levels: in the demo agency head's Disdukcapil, Sekretariat has
    too few respondents, so the shown unit with the fewest is hidden too. Opened alone, that unit must not
    show its means either: its figures and the agency's would give Sekretariat's answers."""
    from tests.pages import choose

    guarded_unit = "Bidang Pelayanan Pencatatan Sipil"
    at = open_as("kadis.dukcapil.lamteng", "pages/adopsi_perubahan.py")
    agency = next(f.value for f in at.dataframe if "Titik hambatan" in f.value.columns).set_index("Unit kerja")
    assert agency.at[guarded_unit, "Catatan"] == GUARDED
    at = choose(at, "f_region", "Kabupaten Lampung Tengah")
    at = choose(at, "f_agency", next(o for o in at.selectbox(key="f_agency").options if "Kependudukan" in o))
    at = choose(at, "f_unit", guarded_unit)
    assert not at.exception
    alone = [f.value for f in at.dataframe if "Titik hambatan" in f.value.columns]
    assert alone and alone[0]["Titik hambatan"].tolist() == [GUARDED]
    hidden = alone[0][["Awareness", "Knowledge", "Tingkat respons"]]
    assert hidden.map(lambda v: pd.isna(v) or v == "–").all().all()  # no figure (an empty column is the dash)
    assert any("Angka survei pilihan ini tidak ditampilkan" in w.value for w in at.warning)
    tiles = {m.label: m.value for m in at.metric}
    assert tiles.get("Hambatan terbanyak") == "–"


def test_the_signal_of_a_view_is_hidden_where_its_group_is_hidden_in_the_parent(demo_url):
    """metrics.pipeline.adkar.signal with `parent`: the agency's table decides for a one-unit view; a unit
    shown in its agency keeps its figures alone."""
    engine = get_engine(demo_url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, "kadis.dukcapil.lamteng")
    agency = _inputs(engine, scope)
    table = pipeline.signal(agency, None, "unit_id", group_names(agency, "unit_id")).groups.set_index("nama")
    shown = table.index[~table["too_small"].astype(bool) & (table["respondents"] > 0)][0]
    unit_id = int(table.at[shown, "gid"])
    from data_access.scope import narrowed
    from data_access import reads
    one = _inputs(engine, narrowed(scope, reads.agencies(engine, scope), reads.units(engine, scope), (), (), (unit_id,)))
    alone = pipeline.signal(one, None, "unit_id", group_names(one, "unit_id"), parent=agency)
    assert not alone.figures.guarded and alone.figures.means
    assert alone.figures.barrier == table.at[shown, "barrier"]
