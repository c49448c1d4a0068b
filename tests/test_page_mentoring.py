"""The Adopsi Perubahan page's section "Apakah pendampingan berhasil?" (issue 20 part 3) shows what the
mentoring pipeline returns for the viewer's own scope (an agency head, the governor): the sentences, the
verdicts and the n on each side; and the adoption curve carries each activity as a mark."""
from __future__ import annotations

import pytest

from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.scope import scope_for_user
from metrics.pipeline import mentoring as pipeline
from tests.pages import open_as, shown
from ui.charts import adoption as charts
from vocab import indicators
from vocab.periods import month_keys, period_bounds

SECTION = "Apakah pendampingan berhasil?"


def _expected(url: str, user: str):
    engine = get_engine(url)
    with engine.connect() as conn:
        scope = scope_for_user(conn, user)
    start, end = period_bounds(2026, None)
    return pipeline.effects(load_inputs(engine, scope, 2026, start, end, month_keys(2026, None)))


def _section(at) -> tuple[list[str], object]:
    bullets = next(m.value for m in at.markdown if m.value.startswith("- Setelah "))
    table = next(f.value for f in at.dataframe if "n pembanding" in f.value.columns)
    return [shown(line[2:]) for line in bullets.splitlines()], table


@pytest.mark.parametrize("user", ["kadis.dukcapil.lamteng", "gubernur"])
def test_the_section_shows_what_the_pipeline_returns(demo_url, user):
    at = open_as(user, "pages/adopsi_perubahan.py")
    assert not at.exception
    assert SECTION in [h.value for h in at.subheader]
    expected = _expected(demo_url, user)
    sentences, table = _section(at)
    assert sentences == expected["sentence"].tolist()
    assert table["Hasil"].tolist() == expected["verdict"].tolist()
    assert table["n sasaran"].tolist() == expected["treated_n"].tolist()
    assert table["n pembanding"].tolist() == expected["comparison_n"].tolist()
    assert table["Selisih kepatuhan (poin)"].tolist() == pytest.approx(expected["compliance_did"].tolist(), nan_ok=True)
    verdicts = set(expected["verdict"])
    assert indicators.MENTORING_UP in verdicts and indicators.MENTORING_NO_DIFFERENCE in verdicts
    # The agency head sees only their own agency's activities; the governor also the unit too small to say.
    assert (indicators.TOO_SMALL in verdicts) == (user == "gubernur")
    assert len(expected) == (3 if user == "kadis.dukcapil.lamteng" else 5)


def test_the_adoption_curve_marks_each_activity_in_its_month():
    import pandas as pd

    life = pd.DataFrame({"month": [202607, 202608], "bulan": ["Jul", "Agu"], "bulan_lengkap": ["Juli 2026", "Agustus 2026"],
                         "started": [5, 9], "expected": [10, 10], "started_share": [0.5, 0.9]})
    marks = pd.DataFrame({"activity_id": [1], "bulan": ["Agu"], "tanggal": ["12 Agustus 2026"],
                          "activity_type": ["klinik e-Kinerja"], "participants": [15], "target": ["Bidang X"],
                          "verdict": [indicators.MENTORING_UP]})
    spec = charts.adoption_curve(life, marks=marks).to_dict()
    rules = [layer for layer in spec["layer"] if layer["mark"].get("type") == "rule"
             and layer["mark"].get("color") == charts.ACTIVITY_COLOUR]
    assert len(rules) == 1 and rules[0]["encoding"]["x"]["field"] == "bulan"
    assert [t["title"] for t in rules[0]["encoding"]["tooltip"]] == ["Tanggal", "Jenis kegiatan", "Peserta", "Sasaran",
                                                                     "Hasil"]
    assert spec["datasets"][rules[0]["data"]["name"]][0]["tanggal"] == "12 Agustus 2026"
    assert len(charts.adoption_curve(life).to_dict()["layer"]) == len(spec["layer"]) - 2  # none without marks


def test_a_unit_guarded_in_its_agency_names_no_survey_barrier_in_its_activity_when_opened_alone(demo_url):
    """The survey section of a one-unit view hides a unit guarded among its agency's (test_page_adkar); the
    sentence of that unit's activity, on the same page, names no barrier from the survey either."""
    from tests.pages import choose

    guarded_unit = "Bidang Pelayanan Pencatatan Sipil"
    at = open_as("kadis.dukcapil.lamteng", "pages/adopsi_perubahan.py")
    in_agency = [s for s in _section(at)[0] if guarded_unit in s]
    assert in_agency and all(s.endswith(f"sesudah kegiatan: {indicators.GUARDED}.") for s in in_agency)
    at = choose(at, "f_region", "Kabupaten Lampung Tengah")
    at = choose(at, "f_agency", next(o for o in at.selectbox(key="f_agency").options if "Kependudukan" in o))
    at = choose(at, "f_unit", guarded_unit)
    assert not at.exception
    alone = _section(at)[0]
    assert len(alone) == len(in_agency)
    assert all(s.endswith(f"sesudah kegiatan: {indicators.GUARDED}.") for s in alone), alone
