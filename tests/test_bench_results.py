"""The benchmark keeps every run's figures in the repository, named by day, what was measured and on
which database, so docs/performance.md can cite the file a figure comes from."""
from datetime import date

from bench.__main__ import RESULTS, build_parser, pdf_pages, results_file
from tests.conftest import ROOT

DAY = date(2026, 12, 3)


def test_each_kind_of_run_has_a_file_of_its_own():
    parse = build_parser().parse_args
    assert results_file(parse([]), DAY) == RESULTS / "2026-12-03-small-sqlite.json"
    assert results_file(parse(["--scale", "province", "--employees", "100000", "--db",
                               "postgresql://postgres@127.0.0.1:5432/test"]), DAY).name == \
        "2026-12-03-province-100000-postgresql.json"
    assert results_file(parse(["--import-rows", "1000000"]), DAY).name == "2026-12-03-import-1000000-sqlite.json"
    assert results_file(parse(["--import-rows", "1000000", "--kind", "progres_harian"]), DAY).name == \
        "2026-12-03-import-1000000-sqlite.json"  # the default kind keeps its files' names
    assert results_file(parse(["--import-rows", "200000", "--kind", "antrian"]), DAY).name == \
        "2026-12-03-import-antrian-200000-sqlite.json"
    assert results_file(parse(["--first-start"]), DAY).name == "2026-12-03-first-start-sqlite.json"
    assert results_file(parse(["--clicks"]), DAY).name == "2026-12-03-clicks-sqlite.json"
    assert RESULTS == ROOT / "bench" / "results"


def test_the_results_folder_is_kept_by_git():
    assert "bench/results" not in (ROOT / ".gitignore").read_text()


def test_the_briefs_pages_are_counted_from_the_pdf():
    from data_access import pdf
    from vocab.document import Document, Section

    doc = Document("Judul", "Sub", (("Cakupan", "Provinsi Lampung"),),
                   (Section("Satu", intro="Isi."), Section("Dua", intro="Isi.", new_page=True)))
    assert pdf_pages(pdf.to_pdf(doc)) == 3  # the cover, then a page per section
