"""Staff history (mutasi): facts stay with the agency and unit the employee was in at their date;
leavers stay in past figures, not in headcount. On SQLite and PostgreSQL."""
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import reads
from data_access.db import get_engine
from data_access.importing.rollback import rollback_batch
from data_access.models import Appraisal, DailyMonth, EmployeePlacement, Training
from data_access.scope import Scope
from tests import orgdata as od

TRANSFER = date(2026, 7, 1)


@pytest.fixture
def moved(db_url):
    """Twelve staff; on 1 July 2026 the mover goes from Dinas Sosial to Dinas Perhubungan and the leaver
    leaves. Facts before and after; the TW2 appraisal arrives late, after the snapshot."""
    engine = get_engine(db_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    od.appraisals(engine, "TW1", od.NIPS)
    od.training(engine, od.MOVER, "10/02/2026", 10, "Bimtek Layanan Sosial")
    od.daily(engine, od.MOVER, "02/02/2026")
    second = od.first_placement()
    second[od.MOVER] = (od.HUB, "Bidang Angkutan")
    del second[od.LEAVER]
    snap = od.load(engine, "pegawai", od.staff_rows(second), "pegawai-2.csv", mode="replace",
                   effective_date=TRANSFER)
    od.appraisals(engine, "TW3", [n for n in od.NIPS if n != od.LEAVER])
    od.appraisals(engine, "TW2", od.NIPS, name="penilaian-TW2-terlambat.csv")
    od.training(engine, od.MOVER, "10/08/2026", 5, "Diklat Keselamatan")
    od.daily(engine, od.MOVER, "03/08/2026")
    engine.snapshot_batch = snap.batch_id
    return engine


def _facts(engine, table, column):
    with engine.connect() as conn:
        rows = conn.execute(select(getattr(table, column), table.agency_id)
                            .where(table.employee_id == od.employee_id(engine, od.MOVER))).all()
    return dict(rows)


def test_the_mover_s_facts_stay_where_they_were_at_their_date(moved):
    sosial, hub = od.agency_id(moved, od.SOSIAL), od.agency_id(moved, od.HUB)
    assert _facts(moved, Appraisal, "period") == {"TW1": sosial, "TW2": sosial, "TW3": hub}
    assert _facts(moved, Training, "start_date") == {date(2026, 2, 10): sosial, date(2026, 8, 10): hub}
    assert _facts(moved, DailyMonth, "month") == {202602: sosial, 202608: hub}
    with moved.connect() as conn:
        history = conn.execute(select(EmployeePlacement.agency_id, EmployeePlacement.valid_from,
                                      EmployeePlacement.valid_to)
                               .where(EmployeePlacement.employee_id == od.employee_id(moved, od.MOVER))
                               .order_by(EmployeePlacement.id)).all()
    assert [tuple(r) for r in history] == [(sosial, None, TRANSFER), (hub, TRANSFER, None)]


def test_the_mover_counts_for_the_old_agency_before_the_date_and_the_new_one_after(moved):
    everything = Scope.full("cli")
    tw1, tw3 = od.report(moved, everything, "TW1"), od.report(moved, everything, "TW3")
    # Appraisal: six rated in Dinas Sosial in TW1 (mover and leaver included), six in Perhubungan in TW3.
    assert (tw1[od.SOSIAL]["headcount"], tw1[od.HUB]["headcount"]) == (6, 6)
    assert tw1[od.SOSIAL]["appraisal"]["counts"]["Baik"] == 6
    assert (tw3[od.SOSIAL]["headcount"], tw3[od.HUB]["headcount"]) == (4, 7)
    assert tw3[od.HUB]["appraisal"]["counts"]["Baik"] == 7
    # Training: the mover's 10 JP count in Dinas Sosial for TW1, the 5 JP in Perhubungan for TW3.
    tw1_in = od.inputs(moved, everything, "TW1")
    jp1 = tw1_in.trainings.merge(tw1_in.roster[["employee_id", "agency_id"]], on="employee_id",
                                 suffixes=("", "_roster"))
    assert jp1[["agency_id", "agency_id_roster", "jp"]].values.tolist() == [
        [od.agency_id(moved, od.SOSIAL)] * 2 + [10.0]]
    assert tw1[od.SOSIAL]["training"]["median_jp"] == 0.0 and tw1[od.HUB]["training"]["median_jp"] == 0.0
    tw3_in = od.inputs(moved, everything, "TW3")
    assert tw3_in.roster.set_index("employee_id").at[od.employee_id(moved, od.MOVER), "agency_id"] == \
        od.agency_id(moved, od.HUB)
    # Daily entries: active in Dinas Sosial in TW1 (one of six), in Perhubungan in TW3 (one of seven).
    assert tw1[od.SOSIAL]["adoption"]["active_share"] == pytest.approx(1 / 6, abs=1e-4)
    assert tw1[od.HUB]["adoption"]["active_share"] == 0
    assert tw3[od.HUB]["adoption"]["active_share"] == pytest.approx(1 / 7, abs=1e-4)
    assert tw3[od.SOSIAL]["adoption"]["active_share"] == 0


def test_each_agency_head_sees_the_mover_only_for_their_own_time(moved):
    sosial, hub = od.agency_id(moved, od.SOSIAL), od.agency_id(moved, od.HUB)
    mover = od.employee_id(moved, od.MOVER)
    for agency, periods in ((sosial, {"TW1", "TW2"}), (hub, {"TW3"})):
        seen = reads.appraisals(moved, Scope(agencies=frozenset({agency})), 2026)
        assert set(seen.loc[seen["employee_id"] == mover, "period"]) == periods


def test_a_leaver_is_in_past_figures_but_not_in_headcount(moved):
    everything, leaver = Scope.full("cli"), od.employee_id(moved, od.LEAVER)
    past = od.inputs(moved, everything, "TW1")
    assert leaver in set(past.roster["employee_id"]) and leaver in set(past.appraisals["employee_id"])
    assert leaver not in set(od.inputs(moved, everything, "TW3").roster["employee_id"])
    assert leaver not in set(reads.roster(moved, everything)["employee_id"])
    counts = reads.headcount(moved, everything).set_index("agency")["headcount"].to_dict()
    assert counts == {od.SOSIAL: 4, od.HUB: 7}


def test_rolling_back_the_snapshot_restores_the_placements(db_url):
    engine = get_engine(db_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    od.appraisals(engine, "TW1", od.NIPS)
    second = od.first_placement()
    second[od.MOVER] = (od.HUB, "Bidang Angkutan")
    snap = od.load(engine, "pegawai", od.staff_rows(second), "pegawai-2.csv", mode="replace",
                   effective_date=TRANSFER)
    with engine.connect() as conn:
        assert conn.execute(select(EmployeePlacement.id)).all().__len__() == 13
    rollback_batch(engine, snap.batch_id)
    with engine.connect() as conn:
        rows = pd.DataFrame(conn.execute(select(EmployeePlacement.employee_id, EmployeePlacement.agency_id,
                                                EmployeePlacement.valid_from, EmployeePlacement.valid_to)).all())
    assert len(rows) == 12 and rows["valid_from"].isna().all() and rows["valid_to"].isna().all()
    assert set(rows.loc[rows["employee_id"] == od.employee_id(engine, od.MOVER), "agency_id"]) == {
        od.agency_id(engine, od.SOSIAL)}


def test_a_snapshot_dated_before_the_last_placement_is_refused_whole(db_url):
    from data_access.importing.problems import ImportRejected

    engine = get_engine(db_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    second = od.first_placement()
    second[od.MOVER] = (od.HUB, "Bidang Angkutan")
    od.load(engine, "pegawai", od.staff_rows(second), "pegawai-2.csv", mode="replace", effective_date=TRANSFER)
    third = dict(second)
    third[od.MOVER] = (od.SOSIAL, "Sekretariat")  # back, into another unit, but dated before the move
    with pytest.raises(ImportRejected) as caught:
        od.load(engine, "pegawai", od.staff_rows(third), "pegawai-3.csv", mode="replace",
                effective_date=date(2026, 3, 1))
    assert "lebih awal daripada penempatan terakhir" in str(caught.value.problems[0])
    assert od.inputs(engine, Scope.full("cli"), None).roster.set_index("employee_id").at[
        od.employee_id(engine, od.MOVER), "agency_id"] == od.agency_id(engine, od.HUB)
