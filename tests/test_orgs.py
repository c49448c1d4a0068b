"""Agency and region names as files write them resolve to one canonical agency, never a twin."""
import pytest

from data_access.db import get_engine
from data_access.orgs import OrgIndex
from vocab.reference import REGIONS
from data_access.schema import upgrade


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('orgs') / 'o.sqlite'}")
    upgrade(engine)
    with engine.connect() as conn:
        return OrgIndex.load(conn)


@pytest.mark.parametrize("text, display, key", [
    ("Dinas Kesehatan", "Dinas Kesehatan", "DINAS KESEHATAN"),
    ("DINAS KESEHATAN PROVINSI LAMPUNG", "Dinas Kesehatan", "DINAS KESEHATAN"),
    ("Dinkes", "Dinas Kesehatan", "DINAS KESEHATAN"),
    ("Dinas  Kesehatan Kab. Lampung Selatan", "Dinas Kesehatan", "DINAS KESEHATAN"),
    ("BKPSDM Kota Metro", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
     "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"),
    # A region word that is part of the agency's own name stays in its name.
    ("RSUD PESAWARAN", "RSUD Pesawaran", "RSUD"),
    ("Dinas Komunikasi, Informatika dan Statistik", "Dinas Komunikasi, Informatika dan Statistik",
     "DINAS KOMUNIKASI INFORMATIKA DAN STATISTIK"),
    ("SEKRETARIAT DPRD", "Sekretariat DPRD", "SEKRETARIAT DPRD"),
])
def test_agency_names(org, text, display, key):
    assert org.agency_display(text) == display
    assert org.agency_key(text) == key


@pytest.mark.parametrize("text, code", [
    ("Provinsi Lampung", "18"), ("Pemerintah Provinsi Lampung", "18"), ("LAMPUNG", "18"),
    ("Kabupaten Lampung Selatan", "18.01"), ("Pemerintah Kab. Lampung Selatan", "18.01"),
    ("lampung selatan", "18.01"), ("Kota Bandar Lampung", "18.71"), ("Pemerintah Kota Metro", "18.72"),
    ("Metro", "18.72"), ("18.10", "18.10"),
])
def test_region_names(org, text, code):
    name_of_code = {c: n for c, n, _ in REGIONS}
    assert org.region_names[org.region_id(text)] == name_of_code[code]


def test_unknown_region_is_none(org):
    assert org.region_id("Kabupaten Ogan Ilir") is None
