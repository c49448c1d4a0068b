"""Issue 19, items 6 and 7, measured in Chromium: on a 390 px phone no page scrolls sideways and no text
of a chart (legend entry, axis title, label) lies outside the chart's box, for a governor and an agency
head on every page they have; at 1440 px neither, and Ringkasan's charts shorten no name."""
import pytest

from data_access.bootstrap import DEMO_PASSWORD
from tests.browser import browser, demo_copy_server, open_page, sign_in
from ui.frame import pages_for

pytestmark = pytest.mark.browser
ACCOUNTS = {"gubernur": "pimpinan", "kadis.dukcapil.lamteng": "kepala_opd"}

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
    with demo_copy_server(demo_file, tmp_path_factory.mktemp("browser-phone")) as base:
        yield base


def _measure_every_page(base: str, account: str, width: int) -> dict[str, dict]:
    found = {}
    with browser() as b:
        page = b.new_page(viewport={"width": width, "height": 900})
        open_page(page, base + "/")
        sign_in(page, account, DEMO_PASSWORD)
        for entry in pages_for(ACCOUNTS[account]):
            open_page(page, base + _url_path(entry.path))
            height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
            page.set_viewport_size({"width": width, "height": min(max(height, 900), 12000)})  # draw every chart
            page.wait_for_timeout(1000)
            found[entry.label] = page.evaluate(MEASURE)
            page.set_viewport_size({"width": width, "height": 900})
    return found


@pytest.mark.parametrize("account", ACCOUNTS)
def test_nothing_is_cut_on_a_phone(demo_server, account):
    found = _measure_every_page(demo_server, account, 390)
    cut = {page: f["cut"] for page, f in found.items() if f["cut"]}
    assert not cut, cut


def test_nothing_is_cut_at_1440_and_ringkasan_shortens_no_name(demo_server):
    found = _measure_every_page(demo_server, "gubernur", 1440)
    cut = {page: f["cut"] for page, f in found.items() if f["cut"]}
    assert not cut, cut
    assert not found["Ringkasan"]["shortened"], found["Ringkasan"]["shortened"]
