"""Replace mode: a file stands for its period and agencies; pegawai files are snapshots; rolling a
replace batch back restores exactly what it replaced. On SQLite and PostgreSQL."""
import pandas as pd
import pytest
from sqlalchemy import text

import demo
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import import_file, import_frame
from data_access.importing.rollback import rollback_batch
from tests.conftest import FIXTURES


def _table(engine, query: str) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(text(query))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


@pytest.fixture
def tiny(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    return engine


def test_penilaian_replace_swaps_one_agencys_quarter_and_rolls_back(tiny):
    before = _table(tiny, "select * from appraisal order by id")
    target = _table(tiny, """select a.agency_id, count(*) as n from appraisal a where a.year = 2026 and
                             a.period = 'TW3' group by a.agency_id order by n desc""").iloc[0]
    staff = _table(tiny, f"select nip from employee where agency_id = {int(target.agency_id)} order by nip")
    frame = pd.DataFrame({"NIP": staff["nip"].head(3), "TAHUN": 2026, "PERIODE": "TW III",
                          "RATING HASIL KERJA": "Di Bawah Ekspektasi", "RATING PERILAKU KERJA": "Di Bawah Ekspektasi"})
    result = import_file(tiny, "tw3.csv", "penilaian", mode="replace",
                         data=frame.to_csv(sep=";", index=False).encode())
    assert result.rows_replaced == target.n and result.rows_inserted == 3
    after = _table(tiny, f"select predikat from appraisal where agency_id = {int(target.agency_id)} "
                         "and year = 2026 and period = 'TW3'")
    assert after["predikat"].tolist() == ["Sangat Kurang"] * 3
    others = _table(tiny, f"select count(*) as n from appraisal where agency_id <> {int(target.agency_id)}")
    assert others["n"].iloc[0] == (before["agency_id"] != target.agency_id).sum()
    rolled = rollback_batch(tiny, result.batch_id)
    assert (rolled.rows_removed, rolled.rows_restored) == (3, target.n)
    pd.testing.assert_frame_equal(_table(tiny, "select * from appraisal order by id"), before)


def test_pegawai_snapshot_updates_adds_and_deactivates_then_rolls_back(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    before = _table(engine, "select * from employee order by id")
    # The province's Dinas Kesehatan now: Budi renamed, Rizky gone, a new PPPK.
    snapshot = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA\n"
                "198609262015051001;BUDI SANTOSO, S.Kom., M.T.;Bidang Pelayanan Kesehatan;Dinas Kesehatan;Provinsi Lampung\n"
                "197501012000032002;dr. SITI AMINAH, M.Kes;Bidang Pelayanan Kesehatan;Dinas Kesehatan;Provinsi Lampung\n"
                "199505052024211003;CITRA LESTARI;Sekretariat;Dinas Kesehatan;Provinsi Lampung\n").encode()
    result = import_file(engine, "dinkes.csv", "pegawai", mode="replace", data=snapshot)
    assert (result.rows_inserted, result.employees_updated, result.employees_deactivated) == (1, 2, 1)
    now = _table(engine, "select nip, name, active from employee order by nip").set_index("nip")
    assert now.loc["198609262015051001", "name"] == "BUDI SANTOSO, S.Kom., M.T."
    assert not bool(now.loc["199203152019031004", "active"])  # absent: inactive, never deleted
    assert bool(now.loc["198811202010012003", "active"])  # another agency: untouched
    rolled = rollback_batch(engine, result.batch_id)
    assert (rolled.rows_removed, rolled.rows_restored) == (1, 3)
    pd.testing.assert_frame_equal(_table(engine, "select * from employee order by id"), before)


def test_progres_replace_keeps_summaries_true_and_rolls_back(tiny):
    summary = "select * from daily_month order by employee_id, month"
    before = _table(tiny, summary)
    frames = demo.generate("tiny")
    march = frames["progres_harian"]
    march = march[(march["TANGGAL"] >= "2026-03-01") & (march["TANGGAL"] <= "2026-03-31")]
    first_nip = march["NIP"].iloc[0]
    agency = _table(tiny, f"select agency_id from employee where nip = '{first_nip}'")["agency_id"].iloc[0]
    staff = set(_table(tiny, f"select nip from employee where agency_id = {agency}")["nip"])
    # The agency's March resent with only half of its entries.
    resent = march[march["NIP"].isin(staff)].iloc[::2]
    result = import_frame(tiny, "progres_harian", resent, "maret.csv")  # append: all keys stored
    assert result.rows_inserted == 0
    result = import_file(tiny, "maret.csv", "progres_harian", mode="replace",
                         data=resent.to_csv(sep=";", index=False, date_format="%d/%m/%Y %H.%M").encode())
    assert result.rows_inserted == len(resent) and result.rows_replaced > len(resent)
    raw = _table(tiny, f"""select d.employee_id, count(*) as n from daily_entry d join employee e
                           on e.id = d.employee_id where e.agency_id = {agency} and d.day between
                           {(pd.Timestamp('2026-03-01') - pd.Timestamp('1970-01-01')).days} and
                           {(pd.Timestamp('2026-03-31') - pd.Timestamp('1970-01-01')).days}
                           group by d.employee_id order by d.employee_id""")
    kept = _table(tiny, f"""select employee_id, days_entered as n from daily_month where month = 202603 and
                            agency_id = {agency} order by employee_id""")
    pd.testing.assert_frame_equal(raw.astype("int64"), kept.astype("int64"))
    rollback_batch(tiny, result.batch_id)
    pd.testing.assert_frame_equal(_table(tiny, summary), before)
