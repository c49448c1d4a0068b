"""Names and NIPs by role: the masking function, the rule table, and staff_list applying both in the
data layer (on each backend)."""
import pytest

from data_access import reads
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.privacy import mask_nip, name_policy
from data_access.scope import scope_for_user
from data_access.settings import save_setting
from data_access.users import ROLES, Grant, add_user
from tests.conftest import FIXTURES

PASSWORD = "sandi-uji-panjang"


@pytest.mark.parametrize("nip, masked", [
    ("19850312 201001 1 003", "198503********1003"),
    ("198503122010011003", "198503********1003"),
    ("'198609262015051001", "198609********1001"),
    ("199001012023211001", "199001********1001"),  # NI PPPK: same form
])
def test_mask_nip_keeps_birth_year_month_and_the_last_four(nip, masked):
    assert mask_nip(nip) == masked
    assert len(mask_nip(nip)) == 18


@pytest.mark.parametrize("bad", ["1.98609E+17", "12345", "", "abc"])
def test_mask_nip_hides_anything_that_is_not_a_nip_entirely(bad):
    assert mask_nip(bad) == "*" * 18


def test_mask_nip_of_none_is_none():
    assert mask_nip(None) is None


@pytest.mark.parametrize("role, setting, expected", [
    ("kepala_opd", False, (True, True, True)),
    ("kepala_opd", True, (True, True, True)),
    ("pimpinan", False, (False, False, False)),
    ("pimpinan", True, (True, True, False)),
    ("analis", False, (True, True, False)),
    ("analis", True, (True, True, False)),
    ("admin", False, (True, True, False)),
    ("raja", True, (False, False, False)),  # unknown role: nothing
])
def test_name_policy_per_role(role, setting, expected):
    policy = name_policy(role, setting)
    assert (policy.list_allowed, policy.names, policy.full_nip) == expected


def test_every_role_has_a_policy_of_its_own():
    """A role added to ROLES without a rule of its own would fall to the unknown role's "nothing"."""
    assert ROLES
    for role in ROLES:
        either = [name_policy(role, False), name_policy(role, True)]
        assert any(p.list_allowed and p.names for p in either), role
    assert name_policy("raja", True) == name_policy("raja", False)


@pytest.fixture
def engine(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "kadinkes", "Kepala Dinkes", "kepala_opd", PASSWORD,
                 [Grant(agency="Dinas Kesehatan", region="Provinsi Lampung")])
        add_user(conn, "gubernur", "Gubernur", "pimpinan", PASSWORD, [Grant(region="Provinsi Lampung")])
        add_user(conn, "analis.bkd", "Analis", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    return engine


def _staff(engine, username, role):
    with engine.connect() as conn:
        scope = scope_for_user(conn, username)
    return reads.staff_list(engine, scope, role)


def test_an_agency_head_sees_own_staff_by_name_with_full_nip(engine):
    staff = _staff(engine, "kadinkes", "kepala_opd")
    assert list(staff.columns) == reads.STAFF_COLUMNS
    assert staff["unit"].tolist() == ["Bidang Pelayanan Kesehatan"] * 2 + ["Sekretariat"]  # by unit, then name
    assert {n.split(",")[0].removeprefix("dr. ") for n in staff["name"]} == {"BUDI SANTOSO", "SITI AMINAH",
                                                                             "RIZKY PRATAMA"}
    assert set(staff["nip"]) == {"198609262015051001", "197501012000032002", "199203152019031004"}
    assert set(staff["agency"]) == {"Dinas Kesehatan"} and set(staff["region"]) == {"Provinsi Lampung"}


def test_a_leader_sees_no_named_list_unless_the_setting_allows(engine):
    staff = _staff(engine, "gubernur", "pimpinan")
    assert staff.empty and list(staff.columns) == reads.STAFF_COLUMNS
    with engine.begin() as conn:
        save_setting(conn, "leaders_see_names", True, "cli")
    staff = _staff(engine, "gubernur", "pimpinan")
    assert len(staff) == 5 and staff["name"].notna().all()
    assert "198609********1001" in set(staff["nip"])
    assert not any(n.isdigit() for n in staff["nip"])


def test_an_analyst_sees_names_with_masked_nips(engine):
    staff = _staff(engine, "analis.bkd", "analis")
    assert len(staff) == 5 and any(n.startswith("ANDI SAPUTRA") for n in staff["name"])
    assert staff["nip"].str.fullmatch(r"\d{6}\*{8}\d{4}").all()


def test_the_list_stays_within_scope_whatever_the_filter(engine):
    with engine.connect() as conn:
        everything, scope = scope_for_user(conn, "gubernur"), scope_for_user(conn, "kadinkes")
    agencies = reads.agencies(engine, everything)
    lamsel = agencies.loc[agencies["region"] == "Kabupaten Lampung Selatan", "agency_id"].tolist()
    assert lamsel
    assert reads.staff_list(engine, scope, "kepala_opd", agency_ids=lamsel).empty


def test_the_roster_for_computations_carries_no_names_or_nips(engine):
    with engine.connect() as conn:
        scope = scope_for_user(conn, "gubernur")
    roster = reads.roster(engine, scope)
    assert len(roster) == 5 and not {"name", "nip"} & set(roster.columns)
