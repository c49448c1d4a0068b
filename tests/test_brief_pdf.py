"""`python -m metrics brief` on the small demo: the PDF's figures are the report's for the same filters,
every page carries text inside the margins with no text box over another, each signal's key chart is
drawn on its page under its heading with no text over it, numbers and dates are written the
Indonesian way, and a scope the user may not see is refused."""
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pdfplumber
import pytest

from data_access import pdf
from data_access.scope import Scope
from metrics.__main__ import main as metrics_main
from metrics.brief import SIGNALS
from ui.charts import brief as brief_charts
from tests.conftest import ROOT
from vocab.catalogue import CATALOGUE

AGENCY = "Disdukcapil Kabupaten Lampung Tengah"
MONTHS = ("Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "metrics", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def _in_process(*args: str) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = metrics_main(list(args))
    return subprocess.CompletedProcess(args, code or 0, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def made(demo_file, tmp_path_factory) -> dict:
    """The briefs of the governor (whole year), a bupati (TW3) and one agency (TW3), and the reports of
    the same filters."""
    db = f"sqlite:///{demo_file}"
    out = tmp_path_factory.mktemp("brief")
    views = {"gubernur": ("--user", "gubernur"), "bupati": ("--user", "bupati.lamsel", "--period", "TW3"),
             "agency": ("--user", "gubernur", "--agency", AGENCY, "--period", "TW3")}
    found = {}
    for n, (name, args) in enumerate(views.items()):
        # The first brief and report through the shell, as a user runs them; the rest by main() in this
        # process (the same code, a second of start-up cheaper each).
        run = _run if n == 0 else _in_process
        done = run("brief", "--db", db, *args, "--out", str(out / f"{name}.pdf"))
        assert done.returncode == 0, done.stderr
        report = run("report", "--db", db, *args)
        assert report.returncode == 0, report.stderr
        found[name] = (out / f"{name}.pdf", json.loads(report.stdout))
    return found


def _share(text: str) -> float:
    """'1.234,5%' -> 12.345; '83,77' -> 83.77; '5,0 JP' -> 5.0: a number as the brief writes it."""
    plain = text.replace("JP", "").strip()
    value = float(plain.rstrip("%").replace(".", "").replace(",", "."))
    return value / 100 if plain.endswith("%") else value


def _report_value(entry: dict, metric_id: str) -> float | None:
    """A scorecard metric of one report entry, read from the report's own fields."""
    a, t, s, d = entry["appraisal"], entry["training"], entry["service"], entry["adoption"]
    counts = a["counts"]
    rated = sum(n for p, n in counts.items() if p != "Belum Dinilai")
    return {
        "curve_compliant": None if a["curve_compliant"] is None else float(a["curve_compliant"]),
        "share_sangat_baik": counts["Sangat Baik"] / rated if rated else None,
        "share_not_rated": counts["Belum Dinilai"] / sum(counts.values()) if sum(counts.values()) else None,
        "share_meeting_target": t["share_meeting_target"], "share_zero": t["share_zero"], "median_jp": t["median_jp"],
        "share_within_standard": s["share_within_standard"], "ikm": s["ikm"],
        "active_share": d["active_share"], "compliance": d["compliance"], "timeliness": d["timeliness"],
        "resistance_index": d["resistance_index"],
    }[metric_id]


def _close(shown: str, value: float | None, metric_id: str) -> bool:
    """The figure as printed is the report's, to the digits printed (the report keeps four)."""
    if value is None:
        return shown == "–"
    half = 0.0005 if CATALOGUE[metric_id].unit == "proporsi" else 0.005 if CATALOGUE[metric_id].unit == "indeks" else 0.05
    return abs(_share(shown) - value) <= half + 1e-4


def _tables(path, heading: str) -> list[list[str]]:
    """The rows (header first) of the table under `heading`, over every page it runs onto."""
    with pdfplumber.open(path) as doc:
        rows, on = [], False
        for page in doc.pages:
            text = page.extract_text()
            on = on or heading in text
            if on and page.extract_tables():
                for table in page.extract_tables():
                    rows += [[(c or "").replace("\n", " ") for c in r] for r in table if not rows or r[0] != rows[0][0]]
                if heading in text and rows:
                    break
        return rows


def test_the_top_ten_are_the_reports_figures(made):
    path, report = made["gubernur"]
    rows = _tables(path, "OPD yang perlu ditangani lebih dulu")
    assert rows[0] == ["Peringkat", "OPD", "Daerah", "ASN", "Yang perlu tindakan"] and len(rows) == 11
    entries = {(a["agency_name"], a["region"]): a for a in report["agencies"]}
    labels = {CATALOGUE[m].label: m for m in CATALOGUE}
    checked = 0
    for rank, name, region, headcount, needs in rows[1:]:
        entry = entries[(name, region)]
        assert _share(headcount) == entry["headcount"]
        for item in filter(None, needs.split("; ")):
            label, shown = re.fullmatch(r"(.+?) (\S+(?: JP)?)", item).groups()
            assert _close(shown, _report_value(entry, labels[label]), labels[label]), (name, item)
            checked += 1
    assert checked >= 10


def test_an_agencys_headline_is_its_report_entry(made):
    path, report = made["agency"]
    (entry,) = report["agencies"]
    rows = _tables(path, "Angka utama per sinyal")
    assert rows[0] == ["Sinyal", "Indikator", "Nilai", "Target", "Perubahan", "Status"]
    labels = {CATALOGUE[m].label: m for m in CATALOGUE}
    shown = {labels[r[1]]: r[2] for r in rows[1:]}
    assert set(shown) == {"curve_compliant", "share_sangat_baik", "share_not_rated", "share_meeting_target",
                          "share_zero", "median_jp", "share_within_standard", "ikm", "active_share", "compliance",
                          "timeliness", "resistance_index"}
    for metric_id, text in shown.items():
        assert _close(text, _report_value(entry, metric_id), metric_id), (metric_id, text)


def _words(path):
    with pdfplumber.open(path) as doc:
        return [(page.page_number, page.width, page.height, page.extract_words(use_text_flow=False))
                for page in doc.pages]


def test_no_page_is_blank_and_no_text_leaves_the_margins_or_overlaps(made):
    margin = pdf.MARGIN - 0.5
    for path, _report in made.values():
        for number, width, height, words in _words(path):
            body = [w for w in words if w["bottom"] < height - pdf.MARGIN - pdf.FOOTER_HEIGHT]
            assert len(body) >= 5, f"{path.name} page {number} is blank"
            for w in words:
                assert w["x0"] >= margin and w["x1"] <= width - margin, (path.name, number, w["text"])
                assert w["top"] >= margin and w["bottom"] <= height - margin + 6, (path.name, number, w["text"])
            boxes = sorted(words, key=lambda w: (w["top"], w["x0"]))
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    if b["top"] >= a["bottom"] - 0.5:
                        break
                    overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    assert overlap_x <= 0.5 or overlap_y <= 0.5, (path.name, number, a["text"], b["text"])


def test_numbers_and_dates_are_written_the_indonesian_way(made):
    for path, report in made.values():
        with pdfplumber.open(path) as doc:
            text = "\n".join(p.extract_text() for p in doc.pages)
        assert not re.search(r"\d\.\d{1,2}%", text), path.name  # 41.0% would be English
        assert re.search(rf"Waktu unduh \d{{1,2}} ({MONTHS}) \d{{4}} \d{{2}}\.\d{{2}} WIB", text), path.name
        assert re.search(r"\d+,\d%", text)
        assert pdf.covered(text) == set()  # every character has its glyph in the embedded font


def test_the_brief_has_no_staff_names(made, demo_file):
    from sqlalchemy import text

    from data_access.db import get_engine

    with get_engine(f"sqlite:///{demo_file}").connect() as conn:
        names = [n for (n,) in conn.execute(text("select name from employee order by id limit 200"))]
    for path, _ in made.values():
        with pdfplumber.open(path) as doc:
            content = " ".join(p.extract_text() for p in doc.pages)
        assert not [n for n in names if n and n in content]


def test_a_scope_the_user_may_not_see_is_refused(demo_file, tmp_path):
    out = tmp_path / "luar.pdf"
    done = _run("brief", "--db", f"sqlite:///{demo_file}", "--user", "bupati.lamsel", "--agency", AGENCY,
                "--out", str(out))
    assert done.returncode == 2 and "tidak ada dalam cakupan Anda" in done.stderr and not out.exists()
    done = _in_process("brief", "--db", f"sqlite:///{demo_file}", "--user", "bupati.lamsel",
                       "--region", "Lampung Tengah", "--out", str(out))
    assert done.returncode == 2 and "tidak ada dalam cakupan Anda" in done.stderr and not out.exists()


def test_every_page_renders_with_ink(made, tmp_path):
    """pdftoppm (Debian's poppler-utils, installed by .ci/run and `make browser-deps`) draws each page."""
    if not shutil.which("pdftoppm"):
        if os.environ.get("REQUIRE_PDF_TOOLS"):
            pytest.fail("pdftoppm not found, and REQUIRE_PDF_TOOLS is set")
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils): page rendering skipped")
    from PIL import Image

    for name, (path, _) in made.items():
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / name)], check=True, timeout=120)
        pages = sorted(tmp_path.glob(f"{name}-*.png"))
        with pdfplumber.open(path) as doc:
            assert len(pages) == len(doc.pages)
        for page in pages:
            image = Image.open(page).convert("L")
            width, height = image.size
            body = image.crop((0, 0, width, int(height * 0.85)))  # above the footer
            inked = sum(body.histogram()[:200])
            assert inked > 200, f"{page.name} looks blank"


def _charts(path) -> dict[str, tuple[int, dict, dict, list]]:
    """Per signal: the page its key chart is on, the heading's word box, the chart's image box (the
    first image under the heading) and the page's words."""
    found = {}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            words = page.extract_words()
            for signal, (title, _ids) in SIGNALS.items():
                first = title.split()[0]
                heads = [w for i, w in enumerate(words) if w["text"] == first and i + 1 < len(words)
                         and words[i + 1]["text"] == f"{title.split()[1]}:"]
                if heads:
                    below = [im for im in page.images if im["top"] >= heads[0]["bottom"]]
                    image = min(below, key=lambda im: im["top"]) if below else None
                    found[signal] = (page.page_number, heads[0], image, words)
    return found


def test_each_signal_has_its_key_chart_under_its_heading_with_no_text_over_it(made):
    for name, (path, _report) in made.items():
        charts = _charts(path)
        assert set(charts) == set(SIGNALS), (name, set(charts))
        for signal, (number, heading, image, words) in charts.items():
            assert image is not None, (name, signal, "no chart under its heading")
            assert image["top"] - heading["bottom"] < 30, (name, signal)  # right under it, nothing between
            # drawn at PIXEL_RATIO (≥ 2) pixels a CSS pixel, never shrunk below it
            assert image["srcsize"][0] >= brief_charts.PIXEL_RATIO * image["width"] / pdf.PT_PER_PX * 0.99
            assert brief_charts.PIXEL_RATIO >= 2
            assert pdf.MARGIN <= image["x0"] and image["x1"] <= pdf.PAGE[0] - pdf.MARGIN, (name, signal)
            assert image["bottom"] <= pdf.PAGE[1] - pdf.MARGIN - pdf.FOOTER_HEIGHT, (name, signal)
            over = [w["text"] for w in words if w["x0"] < image["x1"] and w["x1"] > image["x0"]
                    and w["top"] < image["bottom"] and w["bottom"] > image["top"]]
            assert over == [], (name, signal, over)


def test_the_charts_are_not_blank_where_they_sit(made, tmp_path):
    """pdftoppm draws the page; where each chart's image sits there is ink (bars, labels), not white."""
    if not shutil.which("pdftoppm"):
        if os.environ.get("REQUIRE_PDF_TOOLS"):
            pytest.fail("pdftoppm not found, and REQUIRE_PDF_TOOLS is set")
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils): page rendering skipped")
    from PIL import Image

    dpi = 50
    for name, (path, _report) in made.items():
        for signal, (number, _heading, image, _words) in _charts(path).items():
            stem = tmp_path / f"{name}-{signal}"
            subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(number), "-l", str(number), "-singlefile",
                            str(path), str(stem)], check=True, timeout=120)
            box = tuple(round(v * dpi / 72) for v in (image["x0"], image["top"], image["x1"], image["bottom"]))
            drawn = Image.open(f"{stem}.png").convert("L").crop(box)
            dark = sum(drawn.histogram()[:200])
            assert dark > 0.05 * drawn.width * drawn.height, (name, signal, dark)


def _cover_scope(path) -> str:
    """The cover's 'Cakupan' line as printed (its value may wrap onto a second line)."""
    with pdfplumber.open(path) as doc:
        lines = doc.pages[0].extract_text().splitlines()
    (i,) = [i for i, line in enumerate(lines) if line.startswith("Cakupan ")]
    return lines[i].removeprefix("Cakupan ")


def test_the_cover_says_the_scope_in_words_counted_from_the_reference_data(made, demo_file):
    """The governor's cover: '16 daerah, 116 OPD' as the reference data counts them (every region and
    agency of the province, with or without staff), a bupati's: the region and its OPD."""
    from data_access.db import get_engine
    from data_access.reads import agencies
    from data_access.scope import scope_for_user
    from vocab.formats import number

    engine = get_engine(f"sqlite:///{demo_file}")
    with engine.connect() as conn:
        province = agencies(engine, scope_for_user(conn, "gubernur"))
        lamsel = agencies(engine, scope_for_user(conn, "bupati.lamsel"))
    everything = agencies(engine, Scope.full("uji"))
    assert len(province) == len(everything) > 100 and province["region_id"].nunique() > 10  # the whole province
    assert _cover_scope(made["gubernur"][0]) == (f"{number(province['region_id'].nunique())} daerah, "
                                                 f"{number(len(province))} OPD")
    assert _cover_scope(made["bupati"][0]) == f"Kabupaten Lampung Selatan ({number(len(lamsel))} OPD)"
