"""The role × page matrix on the small demo: every role opens exactly its pages (others refused
before any data), and on each of them the filters and every download stay inside the role's scope."""
import pytest

from vocab import reference
from tests.pages import open_as
from tests.test_audit_pages import downloads  # noqa: F401 (fixture)
from ui.frame import PAGES, REFUSED

USERS = {"gubernur": "pimpinan", "bupati.lamsel": "pimpinan", "kadis.dukcapil.lamteng": "kepala_opd",
         "analis.bkd": "analis", "admin": "admin"}
# The one region a narrow account may see; the others see the province and every kabupaten/kota.
ONLY_REGION = {"bupati.lamsel": "Kabupaten Lampung Selatan", "kadis.dukcapil.lamteng": "Kabupaten Lampung Tengah"}
ALL_REGIONS = [name for _, name, _ in reference.REGIONS]


def region_names(at) -> list[str]:
    return [o for o in at.selectbox(key="f_region").options if o != "Semua daerah"]


@pytest.mark.parametrize("page", PAGES, ids=[p.label for p in PAGES])
@pytest.mark.parametrize("user", list(USERS))
def test_each_role_sees_its_pages_within_its_scope(demo_url, downloads, user, page):
    downloads.clear()
    at = open_as(user, None if page.path == "app.py" else page.path)
    assert not at.exception
    if USERS[user] not in page.roles:
        assert [e.value for e in at.error] == [REFUSED]
        assert not at.dataframe and not at.metric
        return
    assert REFUSED not in [e.value for e in at.error]
    has_filters = any(s.key == "f_region" for s in at.selectbox)
    if user in ONLY_REGION and has_filters:
        assert region_names(at) == [ONLY_REGION[user]]
    if has_filters:
        assert any(n.endswith(".csv") for n in downloads)  # the scope check below has files to read
    if user in ONLY_REGION:
        others = [r for r in ALL_REGIONS if r != ONLY_REGION[user]]
        for name, build in downloads.items():
            if name.endswith(".csv"):
                content = build().decode("utf-8-sig")
                assert not [r for r in others if r in content], name
