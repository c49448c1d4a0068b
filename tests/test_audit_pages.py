"""The audit in the app (AppTest): every download writes its audit row when the file is built, with
the page and the view's filters; the Log Audit page is for administrators and filters the log."""
import io
import json
import re

import openpyxl
import pytest
from sqlalchemy import text
from streamlit.runtime.media_file_manager import MediaFileManager

from data_access.db import get_engine
from tests.pages import choose, open_as
from ui.frame import REFUSED


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """The deferred download callables each run registers, by file name: calling one does what the
    server does when the button is clicked (the real MediaFileManager still registers it)."""
    found: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


def exports(url: str) -> list[tuple[str, dict]]:
    with get_engine(url).connect() as conn:
        found = conn.execute(text("select user_name, detail from audit_log where action = 'export' order by id")).all()
    return [(u, json.loads(d)) for u, d in found]


def test_a_table_download_and_the_report_are_audited_with_page_and_filters(demo_url, downloads):
    at = open_as("analis.bkd", "pages/pengembangan_kompetensi.py")
    downloads.clear()  # only this view's buttons
    at = choose(at, "f_region", "Kabupaten Lampung Selatan")
    assert exports(demo_url) == []  # drawing a button exports nothing
    csv_name = next(n for n in downloads if n.endswith(".csv"))
    content = downloads[csv_name]()
    assert content.startswith("\ufeff".encode())  # the CSV itself
    (user, detail), = exports(demo_url)
    assert user == "analis.bkd" and detail["format"] == "csv" and detail["rows"] > 0
    assert detail["page"] == "Pengembangan Kompetensi"
    assert detail["filters"]["Daerah"] == "Kabupaten Lampung Selatan"
    report = next(n for n in downloads if re.fullmatch(r"pengembangan-kompetensi-[0-9-]+\.xlsx", n))
    book = openpyxl.load_workbook(io.BytesIO(downloads[report]()))
    assert book.sheetnames[0] == "Sampul"
    user, detail = exports(demo_url)[-1]
    assert detail["what"] == "Unduh laporan" and len(detail["tables"]) == len(book.sheetnames) - 1


def test_the_log_page_is_refused_to_every_other_role(demo_url):
    for user in ("gubernur", "kadis.dukcapil.lamteng", "analis.bkd"):
        at = open_as(user, "pages/log_audit.py")
        assert [e.value for e in at.error] == [REFUSED]
        assert not at.dataframe


def test_admin_filters_the_log_and_downloads_it(demo_url, downloads):
    at = open_as("gubernur", password="salah-sandi-123")  # a failed sign-in to find
    downloads.clear()
    at = open_as("admin", "pages/log_audit.py")
    assert not at.exception
    table = at.dataframe[0].value
    assert {"Masuk (kata sandi)"} <= set(table["Tindakan"])
    at.selectbox(key="audit_hasil").select("gagal").run()
    failed = at.dataframe[0].value
    assert set(failed["Hasil"]) == {"Gagal"} and list(failed["Pengguna"]) == ["gubernur"]
    at.selectbox(key="audit_tindakan").select("logout").run()
    assert not at.dataframe and "Tidak ada baris log" in at.info[0].value
    at.selectbox(key="audit_tindakan").select("").run()
    at.selectbox(key="audit_hasil").select("").run()
    xlsx = next(n for n in downloads if re.fullmatch(r"log-audit-[0-9-]+\.xlsx", n))
    sheet = openpyxl.load_workbook(io.BytesIO(downloads[xlsx]())).active
    assert [c.value for c in sheet[1]] == ["Waktu", "Pengguna", "Tindakan", "Hasil", "Rincian"]
    assert exports(demo_url)[-1][1]["page"] == "Log Audit"


SIGNAL_PAGES = {"pages/kinerja_pegawai.py": "Kinerja Pegawai", "pages/pengembangan_kompetensi.py": "Pengembangan Kompetensi",
                "pages/pelayanan_publik.py": "Pelayanan Publik", "pages/adopsi_perubahan.py": "Adopsi Perubahan"}


@pytest.mark.parametrize("page", sorted(SIGNAL_PAGES))
def test_each_signal_page_hands_out_the_brief_and_audits_it(demo_url, downloads, page):
    """'Unduh ringkasan (PDF)' on a signal page: the same brief as Ringkasan's (ui/brief.py), its cover
    naming the page, built and audited only when clicked."""
    import pdfplumber

    at = open_as("bupati.lamsel", page)
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")].count("Unduh ringkasan (PDF)") == 1
    name = next(n for n in downloads if re.fullmatch(r"ringkasan-[0-9-]+\.pdf", n))
    assert exports(demo_url) == []  # drawing the button exports nothing
    content = downloads[name]()
    (user, detail), = exports(demo_url)
    assert user == "bupati.lamsel" and detail["what"] == "Unduh ringkasan" and detail["format"] == "pdf"
    assert detail["page"] == SIGNAL_PAGES[page]
    with pdfplumber.open(io.BytesIO(content)) as doc:
        text_ = "\n".join(p.extract_text() for p in doc.pages)
        assert sum(len(p.images) for p in doc.pages) == 4  # the four key charts
    assert f"Halaman {SIGNAL_PAGES[page]}" in text_ and re.search(r"Cakupan Kabupaten Lampung Selatan \(\d+ OPD\)", text_)
