"""The brief: "what changed" on a small hand-made scorecard, worded as one Indonesian sentence each;
and the PDF writer's layout (fonts embedded, page numbers, tables breaking with their header, figures
fitted to the frame under their heading and over their note)."""
import io
import re

import numpy as np
import pandas as pd
import pdfplumber
import pytest

from data_access import pdf
from metrics import brief
from metrics.scorecard import SCORECARD_METRICS, scorecard
from vocab.catalogue import CATALOGUE
from vocab.document import Document, Figure, Section, TextTable
from vocab.formats import number, percent, value_text


def _signals(rows: list[dict]) -> pd.DataFrame:
    """A signals frame (metrics.scorecard.signals_frame's shape) from a few hand-written rows; every
    metric not given is missing."""
    frame = pd.DataFrame([{m: np.nan for m in SCORECARD_METRICS} | {"rated": 10} | r for r in rows])
    return frame[["region", "agency_name", "headcount", "rated", *SCORECARD_METRICS]]


LAMTENG, LAMSEL = "Kabupaten Lampung Tengah", "Kabupaten Lampung Selatan"
BEFORE = _signals([
    {"region": LAMTENG, "agency_name": "Disdukcapil", "headcount": 40, "share_within_standard": 0.95,
     "active_share": 0.97, "curve_compliant": 1.0},
    {"region": LAMSEL, "agency_name": "Dinas Kesehatan", "headcount": 60, "share_within_standard": 0.62,
     "ikm": 80.0, "share_meeting_target": 0.40},
    {"region": LAMSEL, "agency_name": "Dinas Kecil", "headcount": 3, "share_within_standard": 0.99},
    {"region": LAMSEL, "agency_name": "Dinas Baru", "headcount": 30, "active_share": 0.5},
])
NOW = _signals([
    # Newly needs action on two metrics (on time 95% -> 41%, below the 75% warning line; the curve broken).
    {"region": LAMTENG, "agency_name": "Disdukcapil", "headcount": 40, "share_within_standard": 0.41,
     "active_share": 0.96, "curve_compliant": 0.0},
    # Recovers on time (62% -> 80%: waspada now), and moves on IKM (80 -> 86: more than a quarter band,
    # still waspada), while training creeps (40% -> 42%: needs action both times, a small move).
    {"region": LAMSEL, "agency_name": "Dinas Kesehatan", "headcount": 60, "share_within_standard": 0.80,
     "ikm": 86.0, "share_meeting_target": 0.42},
    # Too small to be judged: never in the changes, whatever it does.
    {"region": LAMSEL, "agency_name": "Dinas Kecil", "headcount": 3, "share_within_standard": 0.10},
    # No value the period before for on time: no comparison.
    {"region": LAMSEL, "agency_name": "Dinas Baru", "headcount": 30, "active_share": 0.5,
     "share_within_standard": 0.2},
])


def _expected_by_hand() -> list[tuple[str, str]]:
    """The same comparison, written out from the catalogue's lines without the brief's code."""
    return [
        (brief.FAILING, "Disdukcapil Kabupaten Lampung Tengah: sebaran predikat kini melanggar kurva (periode lalu "
                        "patuh)."),
        (brief.FAILING, "Disdukcapil Kabupaten Lampung Tengah: layanan tepat waktu turun dari 95,0% menjadi 41,0%, "
                        "kini perlu tindakan."),
        (brief.RECOVERED, "Dinas Kesehatan Kabupaten Lampung Selatan: layanan tepat waktu naik dari 62,0% menjadi "
                          "80,0%, kini waspada."),
        (brief.MOVED, "Dinas Kesehatan Kabupaten Lampung Selatan: Indeks Kepuasan Masyarakat (IKM) naik dari "
                      "80,00 menjadi 86,00."),
    ]


def test_what_changed_equals_a_computation_by_hand():
    card = scorecard(NOW, BEFORE, min_group_size=5)
    prior = scorecard(BEFORE, None, min_group_size=5)
    found = brief.changes(card, prior)
    # The curve flips 1 -> 0 (weight 1 / 0.2 band = 5), on time drops 54 points (0.54 / 0.15 = 3.6): the
    # larger weight first within a kind.
    assert [(c.kind, c.sentence) for c in found] == _expected_by_hand()
    # The move's weight is in waspada bands: 6 IKM points over the 11.7-point band.
    ikm = CATALOGUE["ikm"]
    moved = found[-1]
    assert moved.weight == pytest.approx(6 / (ikm.target - ikm.warning))
    # The training creep (2 points over a 20-point band = 0.1) is below MIN_MOVE and is not listed.
    assert brief.MIN_MOVE > 0.02 / (CATALOGUE["share_meeting_target"].target - CATALOGUE["share_meeting_target"].warning)


def test_the_sentence_numbers_are_written_the_indonesian_way():
    card = scorecard(NOW, BEFORE, min_group_size=5)
    for change in brief.changes(card, scorecard(BEFORE, None, min_group_size=5)):
        assert not re.search(r"\d\.\d+%", change.sentence)  # never 41.0%
        assert change.sentence.endswith(".") and change.sentence.count(": ") == 1
    assert percent(0.41) == "41,0%" and number(1234.5, 1) == "1.234,5" and value_text("ikm", 86) == "86,00"


def test_unit_level_sentences_name_the_unit():
    before = BEFORE.iloc[:1].assign(unit_name="Bidang Pelayanan")
    now = NOW.iloc[:1].assign(unit_name="Bidang Pelayanan")
    cols = ["region", "agency_name", "unit_name", "headcount", "rated", *SCORECARD_METRICS]
    card, prior = scorecard(now[cols], before[cols], 5), scorecard(before[cols], None, 5)
    assert {c.sentence.split(":")[0] for c in brief.changes(card, prior)} == {"Bidang Pelayanan"}


# --- the PDF writer ----------------------------------------------------------------------------------
def _long_document(rows: int = 120) -> Document:
    table = TextTable(("Nomor", "OPD", "Nilai"), tuple((number(i), f"Dinas Contoh {i} Kabupaten Way Kanan",
                                                        percent(i / rows)) for i in range(1, rows + 1)),
                      (1, 5, 1.5), numeric=frozenset({0, 2}))
    return Document("Judul Uji", "Sub judul", (("Cakupan", "Provinsi Lampung"),),
                    (Section("Tabel panjang", intro="Pengantar.", table=table, note="Catatan akhir."),),
                    footer="Kaki halaman uji")


def test_a_long_table_breaks_across_pages_with_its_header_repeated():
    with pdfplumber.open(io.BytesIO(pdf.to_pdf(_long_document()))) as doc:
        pages = [p for p in doc.pages if "Dinas Contoh" in p.extract_text()]  # the table's pages
        assert len(pages) >= 3
        for page in pages:
            words = page.extract_words()
            first = min(words, key=lambda w: w["top"])
            header = [w for w in words if w["text"] == "Nomor"]
            assert header, f"page {page.page_number} has no header row"
            # The header is the page's first text row, or the one right after the section heading.
            assert header[0]["top"] - first["top"] < 60
        numbers = [int(n) for p in pages for n in re.findall(r"^(\d+) Dinas Contoh", p.extract_text(), re.M)]
        assert numbers == list(range(1, 121))  # every row once, in order


def test_fonts_are_embedded_and_pages_numbered():
    content = pdf.to_pdf(_long_document())
    assert b"/FontFile2" in content  # TrueType programs inside the file
    with pdfplumber.open(io.BytesIO(content)) as doc:
        total = len(doc.pages)
        fonts = {c["fontname"].split("+")[-1] for p in doc.pages for c in p.chars}
        assert fonts == {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold", "BitstreamVeraSans-Oblique"}
        for page in doc.pages:
            assert f"Halaman {page.page_number} dari {total}" in page.extract_text()
        assert doc.metadata["Title"] == "Judul Uji"


def test_indonesian_text_is_covered_by_the_font():
    assert pdf.covered("Kabupaten Lampung Tengah – ≥ 90,0% · “Sangat Baik” é ñ") == set()
    assert pdf.covered("→") == {"→"}  # what the font lacks is named, so the brief avoids it


def test_a_long_footer_is_shortened_before_the_page_number(monkeypatch):
    # As in a fresh process where nothing was drawn yet: the fonts are not registered (a worker that
    # ran this test first failed with KeyError 'Vera').
    for name in (pdf.FONT, pdf.BOLD, pdf.ITALIC):
        monkeypatch.delitem(pdf.pdfmetrics._fonts, name, raising=False)
    width = pdf.PAGE[0] - 2 * pdf.MARGIN - 100
    short = pdf.fitted("Ringkasan Kinerja ASN · " + "Dinas Contoh " * 30, pdf.FONT, 7.5, width)
    assert short.endswith("…") and pdf.pdfmetrics.stringWidth(short, pdf.FONT, 7.5) <= width


def _png(width: int, height: int) -> bytes:
    """A PNG of `width` × `height` pixels: a dark bar on white, so a drawn page shows ink where it sits."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((width // 10, height // 4, width * 9 // 10, height * 3 // 4), fill="#1f6f8b")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_figure_knows_its_size_and_is_fitted_to_the_frame():
    figure = Figure(_png(1920, 600), pixel_ratio=3)
    assert figure.size == (640, 200)  # CSS pixels
    assert pdf.figure_size(figure, 1000, 1000) == (480, 150)  # 0,75 pt a pixel, never enlarged
    assert pdf.figure_size(figure, 240, 1000) == (240, 75)  # narrower: shrunk, proportions kept
    assert pdf.figure_size(figure, 1000, 30) == (pytest.approx(96), 30)  # lower: shrunk to the height
    with pytest.raises(ValueError):
        Figure(b"GIF89a" + bytes(30), 1).size


def test_a_figure_sits_under_its_heading_and_over_its_note_inside_the_margins():
    tall = Figure(_png(1920, 4800), pixel_ratio=3)  # 1.200 pt tall: more than a page
    doc = Document("Judul Uji", "Sub judul", (("Cakupan", "Provinsi Lampung"),),
                   (Section("Grafik", intro="Pengantar grafik."),
                    Section("Grafik pertama", level=2, figure=Figure(_png(1920, 900), 3), note="Cara membaca satu."),
                    Section("Grafik tinggi", level=2, figure=tall, note="Cara membaca dua.")))
    with pdfplumber.open(io.BytesIO(pdf.to_pdf(doc))) as pages:
        placed = [(page, image) for page in pages.pages for image in page.images]
        assert len(placed) == 2
        for (page, image), (heading, note) in zip(placed, (("pertama", "satu."), ("tinggi", "dua."))):
            words = page.extract_words()
            above = next(w for w in words if w["text"] == heading)
            below = next(w for w in words if w["text"] == note)
            assert above["bottom"] <= image["top"] and image["bottom"] <= below["top"]
            assert pdf.MARGIN <= image["x0"] and image["x1"] <= page.width - pdf.MARGIN
            assert image["bottom"] <= page.height - pdf.MARGIN - pdf.FOOTER_HEIGHT
            assert not [w["text"] for w in words if w["x0"] < image["x1"] and w["x1"] > image["x0"]
                        and w["top"] < image["bottom"] and w["bottom"] > image["top"]]
        assert placed[1][1]["height"] < pdf.PAGE[1] * pdf.FIGURE_SHARE  # the tall one shrunk to fit
