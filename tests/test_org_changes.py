"""Organisation changes: rename, merge and unit move, each audited, admin-only, all-or-nothing; history
follows the successor and old names keep resolving. On SQLite and PostgreSQL."""
from datetime import date

import pytest
from sqlalchemy import func, select

from data_access import org_changes, reads
from data_access.db import get_engine
from data_access.models import Agency, AuditLog, Employee, OrgChange, Unit
from data_access.scope import Scope, scope_for_user
from data_access.users import Grant, add_user, grant_choices
from data_access.authz import NotAllowed
from tests import orgdata as od

MERGED = date(2026, 7, 1)
PASSWORD = "rahasia-lampung-2026"


@pytest.fixture
def two(db_url):
    """Dinas Sosial and Dinas Perhubungan with TW1 appraisals, a head for each, an analyst and an admin."""
    engine = get_engine(db_url)
    od.load(engine, "pegawai", od.staff_rows(od.first_placement()), "pegawai-1.csv")
    od.appraisals(engine, "TW1", od.NIPS)
    with engine.begin() as conn:
        add_user(conn, "kadis.sosial", "Kadis Sosial", "kepala_opd", PASSWORD, [Grant(agency=od.SOSIAL, region=od.PROV)])
        add_user(conn, "kadis.hub", "Kadis Perhubungan", "kepala_opd", PASSWORD, [Grant(agency=od.HUB, region=od.PROV)])
        add_user(conn, "analis", "Analis", "analis", PASSWORD, [Grant(region=od.PROV)])
        add_user(conn, "admin2", "Admin", "admin", PASSWORD, [])
    return engine


def _scope(engine, user):
    with engine.connect() as conn:
        return scope_for_user(conn, user)


def _trend(engine, scope, agency: int) -> dict[str, int]:
    """Appraisals per period filed under an agency, as a viewer with `scope` reads them."""
    rows = reads.appraisals(engine, scope, 2026)
    return rows[rows["agency_id"] == agency].groupby("period").size().to_dict()


def test_merge_keeps_the_trend_continuous_and_the_old_name_resolvable(two):
    sosial, hub = od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB)
    with two.begin() as conn:
        result = org_changes.merge_agency(conn, sosial, hub, MERGED, by="admin2")
    assert "digabung" in result.message
    # TW1 happened before the merge: its twelve appraisals are now all in the successor's trend.
    assert _trend(two, Scope.full("cli"), hub) == {"TW1": 12}
    # An old extract that names the merged agency imports into the successor.
    od.load(two, "predikat_organisasi", od.csv("OPD;KABUPATEN/KOTA;TAHUN;PERIODE;PREDIKAT ORGANISASI",
                                               [f"{od.SOSIAL};{od.PROV};2026;TW2;Baik"]), "org-tw2.csv")
    od.appraisals(two, "TW2", od.NIPS[:6])
    od.load(two, "pegawai", od.csv("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;STATUS",
                                   [f"199001012015011001;PEGAWAI BARU;Bidang Rehabilitasi Sosial;"
                                    f"DINAS SOSIAL PROVINSI LAMPUNG;{od.PROV};PNS"]), "pegawai-lama.csv")
    with two.connect() as conn:
        new = conn.execute(select(Employee.agency_id, Unit.name).join(Unit, Unit.id == Employee.unit_id)
                           .where(Employee.nip == "199001012015011001")).one()
        assert conn.execute(select(func.count()).select_from(Agency)).scalar() == 2  # nothing re-created
        merged = conn.execute(select(Agency.active, Agency.successor_id).where(Agency.id == sosial)).one()
    assert tuple(new) == (hub, "Bidang Rehabilitasi Sosial") and tuple(merged) == (False, hub)
    assert _trend(two, Scope.full("cli"), hub) == {"TW1": 12, "TW2": 6}
    # The merged agency is no longer listed as a current agency; its staff count in the successor.
    assert reads.agencies(two, Scope.full("cli"))["agency"].tolist() == [od.HUB]
    assert reads.headcount(two, Scope.full("cli"))["headcount"].tolist() == [13]
    assert od.report(two, Scope.full("cli"), "TW1")[od.HUB]["appraisal"]["counts"]["Baik"] == 12


def test_after_a_merge_the_successor_s_head_sees_the_merged_history_and_others_do_not(two):
    sosial, hub = od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB)
    with two.begin() as conn:
        org_changes.merge_agency(conn, sosial, hub, MERGED, by="admin2")
    assert _trend(two, _scope(two, "kadis.hub"), hub) == {"TW1": 12}
    with two.connect() as conn:  # no longer offered as a grant
        assert [g.agency for g in grant_choices(conn)["agency"]] == [od.HUB]
    # The merged agency's head keeps exactly their former units (now in the successor), nothing more.
    former = _scope(two, "kadis.sosial")
    assert former.agencies == frozenset() and len(former.units) == 1
    assert len(reads.appraisals(two, former, 2026)) == 6
    # Another agency's head (here: a head of a third agency) sees none of it.
    od.load(two, "pegawai", od.csv("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;STATUS",
                                   [f"198501012010011001;PEGAWAI LAIN;Sekretariat;Dinas Pariwisata;{od.PROV};PNS"]),
            "pariwisata.csv")
    with two.begin() as conn:
        add_user(conn, "kadis.wisata", "Kadis Pariwisata", "kepala_opd", PASSWORD,
                 [Grant(agency="Dinas Pariwisata", region=od.PROV)])
    assert reads.appraisals(two, _scope(two, "kadis.wisata"), 2026).empty


def test_a_rename_keeps_ids_and_the_old_name_still_resolves(two):
    sosial = od.agency_id(two, od.SOSIAL)
    unit = od.unit_id(two, "Bidang Rehabilitasi Sosial")
    with two.begin() as conn:
        org_changes.rename_agency(conn, sosial, "Dinas Sosial dan Pemberdayaan", date(2026, 1, 1), by="admin2")
        org_changes.rename_unit(conn, unit, "Bidang Perlindungan Sosial", date(2026, 1, 1), by="admin2")
    assert od.agency_id(two, "Dinas Sosial dan Pemberdayaan") == sosial
    # The grant, filters and facts point at the same ids: the head still sees their agency's rows.
    assert _trend(two, _scope(two, "kadis.sosial"), sosial) == {"TW1": 6}
    # Old names in a new extract land in the renamed agency and unit, nothing is created.
    od.load(two, "pegawai", od.csv("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA;STATUS",
                                   [f"199001012015011001;PEGAWAI BARU;Bidang Rehabilitasi Sosial;Dinas Sosial;"
                                    f"{od.PROV};PNS"]), "pegawai-lama.csv")
    with two.connect() as conn:
        placed = conn.execute(select(Employee.agency_id, Employee.unit_id)
                              .where(Employee.nip == "199001012015011001")).one()
        units = conn.execute(select(func.count()).select_from(Unit)).scalar()
    assert tuple(placed) == (sosial, unit) and units == 2
    history = org_changes.history(two)
    assert history[["kind", "old_name", "new_name"]].values.tolist() == [
        ["Ganti nama unit kerja", "Bidang Rehabilitasi Sosial", "Bidang Perlindungan Sosial"],
        ["Ganti nama OPD", od.SOSIAL, "Dinas Sosial dan Pemberdayaan"]]


def test_moving_a_unit_takes_its_staff_and_history_to_the_new_agency(two):
    sosial, hub = od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB)
    unit = od.unit_id(two, "Bidang Rehabilitasi Sosial")
    with two.begin() as conn:
        org_changes.move_unit(conn, unit, hub, MERGED, by="admin2")
        assert conn.execute(select(Unit.agency_id).where(Unit.id == unit)).scalar() == hub
    assert _trend(two, Scope.full("cli"), hub) == {"TW1": 12}
    assert _trend(two, _scope(two, "kadis.sosial"), sosial) == {}
    assert len(reads.roster(two, _scope(two, "kadis.hub"), on=date(2026, 3, 31))) == 12


def test_changes_are_admin_only_audited_and_all_or_nothing(two):
    sosial, hub = od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB)
    with two.begin() as conn:
        with pytest.raises(NotAllowed, match="Hanya administrator"):
            org_changes.merge_agency(conn, sosial, hub, MERGED, by="analis")
    # Two offices with the same request number cannot merge: refused, nothing changed.
    od.load(two, "layanan", od.csv("NOMOR PERMOHONAN;OPD;KABUPATEN/KOTA;JENIS LAYANAN;WAKTU MASUK",
                                   [f"REQ-1;{od.SOSIAL};{od.PROV};Surat Keterangan;02/03/2026 09.00",
                                    f"REQ-1;{od.HUB};{od.PROV};Surat Keterangan;02/03/2026 09.00"]), "layanan.csv")
    with pytest.raises(org_changes.OrgChangeError, match="REQ-1"):
        with two.begin() as conn:
            org_changes.merge_agency(conn, sosial, hub, MERGED, by="admin2")
    with two.connect() as conn:
        assert conn.execute(select(Agency.successor_id).where(Agency.id == sosial)).scalar() is None
        assert conn.execute(select(func.count()).select_from(OrgChange)).scalar() == 0
    with pytest.raises(org_changes.OrgChangeError, match="sudah dipakai"):
        with two.begin() as conn:
            org_changes.rename_agency(conn, sosial, "DINAS PERHUBUNGAN", MERGED, by="admin2")
    with two.begin() as conn:
        org_changes.rename_agency(conn, sosial, "Dinas Sosial Daerah", MERGED, by="admin2")
    with two.connect() as conn:
        logged = conn.execute(select(AuditLog.user_name, AuditLog.action).where(
            AuditLog.action.like("org_%"))).all()
    assert [tuple(r) for r in logged] == [("admin2", "org_rename_agency")]


def test_the_command_line_renames_merges_moves_and_lists_the_history(two, db_url, capsys, monkeypatch):
    from data_access.__main__ import main
    from tests.cli import run_main
    from tests.test_import_pegawai import run as shell

    def run(module, *args):  # the same main(), in this process (tests/cli.py); the first through the shell
        assert module == "data_access"
        return run_main(main, list(args), capsys, monkeypatch)

    moved = shell("data_access", "org", "move", f"Bidang Angkutan@{od.HUB}@{od.PROV}", "--to", f"{od.SOSIAL}@{od.PROV}",
                "--date", "01-03-2026", "--db", db_url)
    assert moved.returncode == 0, moved.stderr
    assert "dipindah dari Dinas Perhubungan ke Dinas Sosial" in moved.stdout
    refused = run("data_access", "org", "merge", f"{od.HUB}@{od.PROV}", "--into", f"{od.HUB}@{od.PROV}",
                  "--date", "2026-07-01", "--db", db_url)
    assert refused.returncode == 1 and "dirinya sendiri" in refused.stderr
    analyst = run("data_access", "org", "rename", "--agency", f"{od.HUB}@{od.PROV}", "--to", "Dinas Perhubungan Baru",
                  "--date", "2026-07-01", "--user", "analis", "--db", db_url)
    assert analyst.returncode == 1 and "Hanya administrator" in analyst.stderr
    merged = run("data_access", "org", "merge", f"{od.HUB}@{od.PROV}", "--into", f"{od.SOSIAL}@{od.PROV}",
                 "--date", "2026-07-01", "--db", db_url)
    assert merged.returncode == 0, merged.stderr
    history = run("data_access", "org", "history", "--db", db_url)
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert "Penggabungan OPD" in lines[1] and "Pemindahan unit kerja" in lines[2]
    assert _trend(two, Scope.full("cli"), od.agency_id(two, od.SOSIAL)) == {"TW1": 12}


def test_an_old_snapshot_of_a_merged_agency_cannot_deactivate_the_successor_s_staff(two):
    from data_access.importing.problems import ImportRejected

    with two.begin() as conn:
        org_changes.merge_agency(conn, od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB), MERGED, by="admin2")
    old = {n: p for n, p in od.first_placement().items() if p[0] == od.SOSIAL}
    old[od.NIPS[0]] = (od.SOSIAL, "Sekretariat")
    with pytest.raises(ImportRejected) as caught:
        od.load(two, "pegawai", od.staff_rows(old), "sosial-lama.csv", mode="replace")
    assert "sudah digabung ke Dinas Perhubungan" in str(caught.value.problems[0])
    assert reads.headcount(two, Scope.full("cli"))["headcount"].tolist() == [12]
    appended = od.load(two, "pegawai", od.staff_rows(old), "sosial-lama.csv")  # append: adds, changes nothing
    assert appended.rows_inserted == 0


def test_a_staff_import_from_before_a_change_cannot_be_rolled_back_after_it(two):
    from data_access.importing.rollback import RollbackRefused, batches, rollback_batch

    first = int(batches(two, "pegawai")["id"].iloc[-1])
    with two.begin() as conn:
        org_changes.merge_agency(conn, od.agency_id(two, od.SOSIAL), od.agency_id(two, od.HUB), MERGED, by="admin2")
    with pytest.raises(RollbackRefused, match="mendahului perubahan organisasi"):
        rollback_batch(two, first)
    later = od.appraisals(two, "TW2", od.NIPS)  # an append after the change undoes as usual
    assert rollback_batch(two, later.batch_id).rows_removed == 12
