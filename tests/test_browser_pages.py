"""Every page in a real browser on a freshly started server with the demo data, signed in: each page URL
opens without an exception element, draws its title and does not ask to sign in again; no page scrolls
sideways and no text of a chart (legend entry, axis title, label) lies outside the chart's box: for an
administrator (every page) at 1440 px, for a governor and an agency head (every page they have) on a
390 px phone, and for the administrator's own pages on a phone too; at 1440 px Ringkasan's charts
shorten no name. Screenshots for a human to look at go to artifacts/screenshots/."""
import pytest

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import browser, demo_copy_server, open_page, screenshot, settle, sign_in
from ui.frame import pages_for

pytestmark = pytest.mark.browser
ROLES = {"admin": "admin", "gubernur": "pimpinan", "kadis.dukcapil.lamteng": "kepala_opd"}
PHONE, DESKTOP = 390, 1440

# What a reader would see: sideways scrolling, and chart text cut by the edge of its chart (4 px
# tolerance: a rotated title's box includes its line spacing) or shortened with an ellipsis.
MEASURE = """() => {
  const cut = [], shortened = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.scrollWidth > main.clientWidth + 1) cut.push(`page scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
  document.querySelectorAll('[data-testid="stVegaLiteChart"]').forEach((box, i) => {
    const svg = box.querySelector('svg.marks'); if (!svg) return;
    const b = box.getBoundingClientRect(), s = svg.getBoundingClientRect();
    const left = Math.max(b.left, s.left) - 4, right = Math.min(b.right, s.right) + 4;
    svg.querySelectorAll('text').forEach(t => {
      const r = t.getBoundingClientRect(), text = t.textContent;
      if (!text.trim()) return;
      if (r.left < left || r.right > right) cut.push(`chart ${i}: "${text}" cut by the chart's edge`);
      if (text.includes('…')) shortened.push(`chart ${i}: "${text}"`);
    });
  });
  return {cut, shortened};
}"""


def _url_path(path: str) -> str:
    return "/" if path == "app.py" else "/" + path.removeprefix("pages/").removesuffix(".py")


@pytest.fixture(scope="module")
def demo_server(demo_file, tmp_path_factory):
    with demo_copy_server(demo_file, tmp_path_factory.mktemp("browser-demo")) as base:
        yield base


def _visit_every_page(base: str, account: str, width: int, only=None) -> dict[str, dict]:
    """Open each page the account has (or those of `only`) and measure it, with every chart drawn."""
    found = {}
    entries = [e for e in pages_for(ROLES[account]) if only is None or e.label in only]
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": 900})
        open_page(page, base + "/")
        sign_in(page, account, DEMO_PASSWORD)
        for entry in entries:
            open_page(page, base + _url_path(entry.path))
            name = entry.path.removeprefix("pages/").removesuffix(".py").replace("app", "ringkasan")
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(max(height, 900), 12000)})  # draw every chart
            settle(page, -1)
            shot = screenshot(page, f"halaman-{name}-{account}-{width}")
            assert page.locator('[data-testid="stException"]').count() == 0, f"{entry.path}: see {shot}"
            assert page.get_by_role("heading", name="Masuk", exact=True).count() == 0, \
                f"{entry.path} asked to sign in again"
            assert page.locator("h1").count() >= 1, f"{entry.path} drew no title"
            found[entry.label] = page.evaluate(MEASURE)
            page.set_viewport_size({"width": width, "height": 900})
    return found


def _cut(found: dict[str, dict]) -> dict[str, list]:
    return {page: f["cut"] for page, f in found.items() if f["cut"]}


def test_every_page_opens_whole_at_1440_and_ringkasan_shortens_no_name(demo_server):
    found = _visit_every_page(demo_server, "admin", DESKTOP)
    assert set(found) == {e.label for e in pages_for("admin")}
    assert not _cut(found), _cut(found)
    assert not found["Ringkasan"]["shortened"], found["Ringkasan"]["shortened"]


@pytest.mark.parametrize("account", ["gubernur", "kadis.dukcapil.lamteng"])
def test_nothing_is_cut_on_a_phone(demo_server, account):
    found = _visit_every_page(demo_server, account, PHONE)
    assert set(found) == {e.label for e in pages_for(ROLES[account])}
    assert not _cut(found), _cut(found)


def test_the_administrators_own_pages_on_a_phone(demo_server):
    own = {e.label for e in pages_for("admin")} - {e.label for e in pages_for("pimpinan")}
    found = _visit_every_page(demo_server, "admin", PHONE, only=own)
    assert set(found) == own and own
    assert not _cut(found), _cut(found)
