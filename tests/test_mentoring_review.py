"""Did it work? (issue 20 part 3), as a reviewer found it: the verdict of an activity must not depend on
the period shown, the comparison must leave out units with an
activity of their own in the weeks compared even when that activity lies outside the period shown, and
the staff counted on each side are those on the roll in the activity's weeks. On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_access.importing.load import import_file
from data_access.inputs import load_inputs
from data_access.scope import Scope
from metrics.pipeline import mentoring as pipeline
from tests.conftest import FIXTURES
from tests.test_mentoring import office  # noqa: F401  (the fixture: Kota Metro's Disdukcapil and its rows)
from vocab import indicators
from vocab.periods import month_keys, period_bounds

NOW = pd.Timestamp("2026-12-01 09:00").to_pydatetime()
CLINIC = "klinik e-Kinerja"  # 12 March 2026, Pendaftaran: weeks before 9 Feb-8 Mar, after 16 Mar-12 Apr


def _inputs(engine, scope=None, period=None):
    start, end = period_bounds(2026, period)
    return load_inputs(engine, scope or Scope.full("uji"), 2026, start, end, month_keys(2026, period),
                       period=period, now=NOW)


def _clinic(engine, **kw) -> pd.Series:
    return pipeline.effects(_inputs(engine, **kw)).set_index("activity_type").loc[CLINIC]


def test_a_past_quarter_judges_an_activity_whose_weeks_after_run_into_the_next_quarter(office):
    """The clinic's weeks after end on 12 April; the data run to August: seen in the first quarter, it is
    judged as in the year, not 'belum cukup waktu' with a date long past."""
    engine, _ = office
    year, quarter = _clinic(engine), _clinic(engine, period="TW1")
    assert year["verdict"] == indicators.MENTORING_UP
    assert quarter["verdict"] == year["verdict"]
    assert quarter["compliance_did"] == pytest.approx(year["compliance_did"])


def test_a_comparison_unit_with_an_activity_just_after_the_period_is_left_out(office):
    """An activity of Pencatatan Sipil on 2 April lies in the clinic's weeks after: seen in the first
    quarter as in the year, that unit is no comparison for the clinic (only Sekretariat, 4 staff, is)."""
    engine, _ = office
    extra = ("Tanggal Kegiatan;Nama OPD;Kabupaten/Kota;Unit;Jenis Kegiatan;Peserta;Narasumber\n"
             "02/04/2026;Disdukcapil;Kota Metro;Bidang Pelayanan Pencatatan Sipil;Sosialisasi;6;\n").encode()
    import_file(engine, "kegiatan-april.csv", "kegiatan_pendampingan", data=extra)
    year, quarter = _clinic(engine), _clinic(engine, period="TW1")
    assert (year["comparison_groups"], year["comparison_n"]) == (1, 4)
    assert (quarter["comparison_groups"], quarter["comparison_n"]) == (1, 4)


def test_staff_who_joined_after_the_activity_are_not_counted_in_its_weeks(office):
    """Eight staff join Pendaftaran on 1 June, after the clinic's weeks: they were not on the roll then,
    so they are neither treated staff nor zeros in the weeks before and after."""
    engine, _ = office
    before = _clinic(engine)
    staff = (FIXTURES / "kegiatan_pegawai.csv").read_text().rstrip("\n")
    joiners = "\n".join(f"19900101202606100{i};Pegawai Baru {i};Bidang Pelayanan Pendaftaran Penduduk;"
                        "Dinas Kependudukan dan Pencatatan Sipil;Kota Metro" for i in range(1, 9))
    import_file(engine, "pegawai-juni.csv", "pegawai", data=f"{staff}\n{joiners}\n".encode(), mode="replace",
                effective_date=date(2026, 6, 1))
    after = _clinic(engine)
    assert after["treated_n"] == before["treated_n"] == 8
    assert after["compliance_treated_before"] == pytest.approx(before["compliance_treated_before"])
    assert after["compliance_did"] == pytest.approx(before["compliance_did"])
