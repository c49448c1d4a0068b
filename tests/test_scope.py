"""Every read filters by the viewer's scope in SQL; an empty scope sees nothing."""
import json
import subprocess
import sys

import pytest
from sqlalchemy import insert, select

from data_access import reads
from vocab.clock import now_wib
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.models import Agency, AppUser, Region, Unit, UserScope
from data_access.scope import Scope, scope_for_user
from tests.conftest import FIXTURES, ROOT


@pytest.fixture
def loaded(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    return engine


def _grant(engine, username: str, **scope) -> None:
    with engine.begin() as conn:
        uid = conn.execute(insert(AppUser).values(
            username=username, display_name=username, role="kepala_opd", active=True, created_at=now_wib(),
        ).returning(AppUser.id)).scalar_one()
        if scope:
            conn.execute(insert(UserScope).values(user_id=uid, **scope))


def _ids(engine):
    with engine.connect() as conn:
        regions = dict(conn.execute(select(Region.code, Region.id)).all())
        agencies = {(r, n): i for i, r, n in conn.execute(select(Agency.id, Agency.region_id, Agency.name))}
        units = dict(conn.execute(select(Unit.name, Unit.id)).all())
    return regions, agencies, units


def _scope(engine, username):
    with engine.connect() as conn:
        return scope_for_user(conn, username)


def test_full_scope_sees_every_agency(loaded):
    assert reads.headcount(loaded, Scope.full("cli"))["headcount"].sum() == 5


def test_user_without_grants_sees_nothing(loaded):
    _grant(loaded, "kosong")
    scope = _scope(loaded, "kosong")
    assert scope.is_empty
    assert reads.headcount(loaded, scope).empty
    assert reads.agencies(loaded, scope).empty
    assert reads.regions(loaded, scope).empty


def test_agency_grant_sees_only_that_agency(loaded):
    regions, agencies, _ = _ids(loaded)
    dinkes_prov = agencies[(regions["18"], "Dinas Kesehatan")]
    _grant(loaded, "kadinkes", agency_id=dinkes_prov)
    scope = _scope(loaded, "kadinkes")
    table = reads.headcount(loaded, scope)
    assert table[["region", "agency", "headcount"]].values.tolist() == [
        ["Provinsi Lampung", "Dinas Kesehatan", 3]]
    # Asking for another agency by id (a tampered filter) returns nothing of it.
    other = agencies[(regions["18.01"], "Dinas Kesehatan")]
    assert reads.headcount(loaded, scope, agency_ids=[other]).empty


def test_region_grant_covers_its_agencies_and_province_grant_covers_all(loaded):
    regions, _, _ = _ids(loaded)
    _grant(loaded, "bupati", region_id=regions["18.01"])
    _grant(loaded, "gubernur", region_id=regions["18"])
    bupati = reads.headcount(loaded, _scope(loaded, "bupati"))
    assert set(bupati["region"]) == {"Kabupaten Lampung Selatan"} and bupati["headcount"].sum() == 2
    assert reads.headcount(loaded, _scope(loaded, "gubernur"))["headcount"].sum() == 5


def test_unit_grant_counts_only_the_unit_but_lists_its_agency(loaded):
    _, _, units = _ids(loaded)
    _grant(loaded, "kauptd", unit_id=units["UPTD Puskesmas Kalianda"])
    scope = _scope(loaded, "kauptd")
    table = reads.headcount(loaded, scope, level="unit")
    assert table[["unit", "headcount"]].values.tolist() == [["UPTD Puskesmas Kalianda", 1]]
    assert reads.agencies(loaded, scope)["agency"].tolist() == ["Dinas Kesehatan"]


def test_report_command_uses_the_users_scope(loaded, db_url):
    regions, _, _ = _ids(loaded)
    _grant(loaded, "bupati", region_id=regions["18.01"])
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", db_url, "--user", "bupati"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {a["region"] for a in json.loads(done.stdout)["agencies"]} == {"Kabupaten Lampung Selatan"}


def test_import_as_a_user_stays_within_their_scope(loaded, db_url):
    """An analyst scoped to Lampung Selatan cannot import staff of the province's agencies."""
    regions, _, _ = _ids(loaded)
    _grant(loaded, "analis_lamsel", region_id=regions["18.01"])
    done = subprocess.run([sys.executable, "-m", "data_access", "import", str(FIXTURES / "siasn_data_asn.csv"),
                           "--kind", "pegawai", "--db", db_url, "--user", "analis_lamsel"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    # The fixture was imported already by the operator: a duplicate file changes nothing, so use new rows.
    assert done.returncode == 0 and "sudah pernah diimpor" in done.stdout
    csv = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA\n"
           "199001012015011001;Ani;Sekretariat;Inspektorat;Provinsi Lampung\n"
           "199101012015011002;Budi;Sekretariat;Inspektorat;Kabupaten Lampung Selatan\n").encode()
    from data_access.importing.problems import ImportRejected

    with pytest.raises(ImportRejected) as caught:
        import_file(loaded, "x.csv", "pegawai", data=csv, user="analis_lamsel",
                    scope=_scope(loaded, "analis_lamsel"))
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (2, "di luar cakupan pengguna 'analis_lamsel'")]
    inside = ("NIP;NAMA;UNIT KERJA;OPD;KABUPATEN/KOTA\n"
              "199001012015011001;Ani;Sekretariat;Inspektorat;Kabupaten Lampung Selatan\n").encode()
    ok = import_file(loaded, "y.csv", "pegawai", data=inside, user="analis_lamsel",
                     scope=_scope(loaded, "analis_lamsel"))
    assert ok.rows_inserted == 1


def _narrow(engine, scope, **filters):
    from data_access.scope import narrowed

    return narrowed(scope, reads.agencies(engine, scope), reads.units(engine, scope), **filters)


def test_a_filter_narrows_the_scope_and_never_widens_it(loaded):
    regions, agencies, units = _ids(loaded)
    full = Scope.full("cli")
    # Whole province, then one region, then one agency, then one unit.
    assert _narrow(loaded, full) is full
    lamsel = _narrow(loaded, full, region_ids=(regions["18.01"],))
    assert reads.headcount(loaded, lamsel)["headcount"].sum() == 2
    dinkes = agencies[(regions["18"], "Dinas Kesehatan")]
    assert reads.headcount(loaded, _narrow(loaded, full, agency_ids=(dinkes,)))["headcount"].sum() == 3
    kalianda = units["UPTD Puskesmas Kalianda"]
    one_unit = _narrow(loaded, full, unit_ids=(kalianda,))
    assert reads.headcount(loaded, one_unit, level="unit")[["unit", "headcount"]].values.tolist() == [
        ["UPTD Puskesmas Kalianda", 1]]
    # An agency head asking for another agency (a tampered URL) gets an empty scope.
    _grant(loaded, "kadinkes", agency_id=dinkes)
    own = _scope(loaded, "kadinkes")
    other = agencies[(regions["18.01"], "Dinas Kesehatan")]
    tampered = _narrow(loaded, own, agency_ids=(other,))
    assert tampered.is_empty and reads.headcount(loaded, tampered).empty
    assert _narrow(loaded, own, unit_ids=(kalianda,)).is_empty
    # A unit head choosing their own agency still sees only their unit.
    _grant(loaded, "kauptd", unit_id=kalianda)
    unit_head = _scope(loaded, "kauptd")
    lamsel_dinkes = next(iter(unit_head.unit_agencies))
    mine = _narrow(loaded, unit_head, agency_ids=(lamsel_dinkes,))
    assert reads.headcount(loaded, mine)["headcount"].sum() == 1
    assert _narrow(loaded, unit_head, region_ids=(regions["18"],)).is_empty
