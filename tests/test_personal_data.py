"""Personal data: every table is classified (personal or not), the Data Pribadi page states what is kept,
why, who sees it and how long, for every role; and every export of a unit's staff carries names and
NIPs exactly as data_access.privacy allows the role (role × page × export)."""
import io

import openpyxl
import pytest
from sqlalchemy import text

from data_access.db import get_engine
from data_access.models import Base
from data_access.privacy import NOT_PERSONAL, PERSONAL_TABLES, mask_nip, name_policy, personal_data_inventory
from data_access.settings import save_setting
from vocab.settings import SETTINGS
from tests.pages import choose, open_as
from tests.test_audit_pages import downloads  # noqa: F401 (fixture)

DEMO_ROLES = {"gubernur": "pimpinan", "kadis.dukcapil.lamteng": "kepala_opd", "analis.bkd": "analis",
              "admin": "admin"}
REGION = "Kabupaten Lampung Tengah"


def test_every_table_is_classified_once():
    personal = {t.table for t in PERSONAL_TABLES}
    assert not personal & set(NOT_PERSONAL)
    assert set(Base.metadata.tables) <= personal | set(NOT_PERSONAL)


def test_the_inventory_reads_columns_from_the_models_and_follows_the_settings():
    settings = {key: d.default for key, d in SETTINGS.items()} | {"daily_entry_retention_months": 13}
    rows = {r["table"]: r for r in personal_data_inventory(settings)}
    assert rows["employee"]["columns"].split(", ")[:4] == ["nip", "name", "sex", "birth_date"]
    assert "13 bulan penuh" in rows["daily_entry"]["kept"]
    assert "Pimpinan daerah: tidak ada daftar bernama" in rows["employee"]["who"]
    shown = personal_data_inventory(settings | {"leaders_see_names": True})[0]["who"]
    assert "Pimpinan daerah: nama dengan NIP disamarkan" in shown
    assert "Kepala OPD: nama dengan NIP lengkap" in shown


@pytest.mark.parametrize("user", list(DEMO_ROLES))
def test_the_data_pribadi_page_for_every_role(demo_url, user):
    at = open_as(user, "pages/data_pribadi.py")
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == len(PERSONAL_TABLES)
    assert "24 bulan penuh" in " ".join(table["Berapa lama disimpan"])
    expected = "tidak ada daftar pegawai bernama" if DEMO_ROLES[user] == "pimpinan" else "nama"
    assert expected in at.info[0].value
    # Database names (tables, snake_case columns) and command names only for those who run and feed it.
    page_text = " ".join([*(m.value for m in at.markdown), *map(str, table.columns), *table.astype(str).to_numpy().ravel()])
    technical = DEMO_ROLES[user] in ("analis", "admin")
    assert ("birth_date" in page_text) == technical and ("Kolom di basis data" in table.columns) == technical
    if not technical:
        assert "purge" not in page_text and "batch" not in page_text.lower() and "_" not in page_text


PLAN_UNIT = "Bidang Pelayanan Pendaftaran Penduduk"  # in the demo's plan (demo/planted.py: the survey's Knowledge)


def unit_view(user: str, page: str, downloads: dict):
    """The page at one unit of Disdukcapil Lampung Tengah (in every demo role's scope), its downloads
    built as a click would build them."""
    at = open_as(user, page)
    at = choose(at, "f_region", REGION)
    agency = next(o for o in at.selectbox(key="f_agency").options if "Kependudukan" in o)
    at = choose(at, "f_agency", agency)
    # The plan lists only units in the plan: Bidang Pelayanan Pencatatan Sipil (the first) left it when the
    # demo's clinic worked there, so that page opens a unit in the plan.
    unit = PLAN_UNIT if page == "pages/rencana_pendampingan.py" else at.selectbox(key="f_unit").options[1]
    downloads.clear()
    at = choose(at, "f_unit", unit)
    assert not at.exception
    files = {}
    for name, build in downloads.items():
        if name.endswith(".csv"):
            files[name] = build().decode("utf-8-sig")
        elif name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(build()))
            files[name] = "\n".join(";".join("" if v is None else str(v) for v in row)
                                    for sheet in book for row in sheet.iter_rows(values_only=True))
    return unit, files


STAFF_PAGES = ["pages/kinerja_pegawai.py", "pages/pengembangan_kompetensi.py", "pages/adopsi_perubahan.py",
               "pages/rencana_pendampingan.py"]


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize("user", list(DEMO_ROLES))
def test_exports_carry_names_and_nips_only_as_the_role_may_see_them(demo_url, downloads, user, page):
    check_exports(demo_url, downloads, user, page, name_policy(DEMO_ROLES[user]))


def test_leaders_get_names_with_masked_nips_once_the_setting_allows(demo_url, downloads):
    with get_engine(demo_url).begin() as conn:
        save_setting(conn, "leaders_see_names", True, "admin")
    check_exports(demo_url, downloads, "gubernur", "pages/kinerja_pegawai.py", name_policy("pimpinan", True))


def check_exports(demo_url, downloads, user, page, policy):
    unit, files = unit_view(user, page, downloads)
    with get_engine(demo_url).connect() as conn:
        people = conn.execute(text(
            "select e.name, e.nip from employee e join unit u on u.id = e.unit_id where u.name = :u and e.active"),
            {"u": unit}).all()
    assert files and people
    exported = "\n".join(files.values())
    names_out = [n for n, _ in people if n in exported]
    full_nips_out = [nip for _, nip in people if nip in exported]
    masked_out = [nip for _, nip in people if mask_nip(nip) in exported]
    if not policy.list_allowed:
        assert names_out == [] and full_nips_out == [] and masked_out == []
        return
    # Kinerja Pegawai and Pengembangan Kompetensi always list a unit's staff, and so does Rencana
    # Pendampingan for a Disdukcapil unit in the plan (PLAN_UNIT); Adopsi Perubahan only
    # those to remind (maybe nobody), so there only the limits are checked.
    if page != "pages/adopsi_perubahan.py":
        assert names_out, f"no name of {unit} in {sorted(files)}"
        assert (full_nips_out if policy.full_nip else masked_out)
    if not policy.full_nip:
        assert full_nips_out == []
