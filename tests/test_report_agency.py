"""`python -m metrics report --agency`: an agency written as imports write it (full name with its region,
abbreviation, any case, OPD@DAERAH) is found inside the reader's scope; an unknown one is refused in
Indonesian with the closest names."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from metrics.__main__ import main
from tests.conftest import ROOT

LAMTENG = "Kabupaten Lampung Tengah"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


def run(db: str, *args: str, capsys) -> tuple[int, dict | None, str]:
    code = main(["report", "--db", db, *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def where(payload: dict) -> list[tuple[str, str]]:
    return sorted({(a["agency_name"], a["region"]) for a in payload["agencies"]})


@pytest.fixture
def demo_db(demo_url) -> str:
    return demo_url


def test_the_full_name_with_its_region_is_accepted_from_the_shell(demo_db):
    """The command as an operator types it (it was refused before: only the bare stored name matched)."""
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", demo_db,
                           "--agency", "Disdukcapil Kabupaten Lampung Tengah"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert where(json.loads(done.stdout)) == [(DUKCAPIL, LAMTENG)]


@pytest.mark.parametrize("written", [
    f"{DUKCAPIL} {LAMTENG}",
    "disdukcapil kabupaten lampung tengah",
    "DISDUKCAPIL KAB. LAMPUNG TENGAH",
    "Disdukcapil Lampung Tengah",
    f"Disdukcapil@{LAMTENG}",
    f"{DUKCAPIL} — {LAMTENG}",  # the label of the dashboard's OPD filter
])
def test_spellings_the_import_accepts_name_one_agency(demo_db, written, capsys):
    code, payload, err = run(demo_db, "--agency", written, capsys=capsys)
    assert code == 0, err
    assert where(payload) == [(DUKCAPIL, LAMTENG)]


def test_a_name_without_region_keeps_meaning_every_region_that_has_it(demo_db, capsys):
    code, full, _ = run(demo_db, "--agency", DUKCAPIL, capsys=capsys)
    code_alias, alias, _ = run(demo_db, "--agency", "Disdukcapil", capsys=capsys)
    assert code == code_alias == 0
    assert where(alias) == where(full) and len(where(full)) > 1
    assert {name for name, _ in where(full)} == {DUKCAPIL}


def test_the_agency_heads_own_agency_is_found_and_others_are_not(demo_db, capsys):
    code, payload, err = run(demo_db, "--user", "kadis.dukcapil.lamteng", "--agency",
                             "Disdukcapil Kabupaten Lampung Tengah", capsys=capsys)
    assert code == 0, err
    assert where(payload) == [(DUKCAPIL, LAMTENG)]
    code, _, err = run(demo_db, "--user", "kadis.dukcapil.lamteng", "--agency",
                       "Disdukcapil Kabupaten Lampung Selatan", capsys=capsys)
    assert code == 2
    assert "tidak ada dalam cakupan Anda" in err
    assert f"Mungkin maksud Anda: {DUKCAPIL}@{LAMTENG}." in err  # the only agency this reader may see


def test_an_unknown_name_is_refused_with_close_matches(demo_db, capsys):
    code, payload, err = run(demo_db, "--agency", "Dinas Kependudukn", capsys=capsys)
    assert code == 2 and payload is None
    assert err.startswith("OPD 'Dinas Kependudukn' tidak ada dalam cakupan Anda. Mungkin maksud Anda: ")
    assert err.split("Mungkin maksud Anda: ")[1].split(";")[0] == DUKCAPIL  # the closest comes first
    code, _, err = run(demo_db, "--agency", "Dinas Urusan Antariksa", capsys=capsys)
    assert code == 2 and err.strip() == "OPD 'Dinas Urusan Antariksa' tidak ada dalam cakupan Anda."


def test_an_unknown_region_is_named_as_such(demo_db, capsys):
    code, _, err = run(demo_db, "--agency", "Disdukcapil@Kab Lampung Tengh", capsys=capsys)
    assert code == 2
    assert err.startswith("Daerah 'Kab Lampung Tengh' tidak dikenal. Mungkin maksud Anda: ")
    assert LAMTENG in err


@pytest.mark.parametrize("level", ["agency", "unit"])
def test_one_agency_is_read_alone_and_keeps_the_whole_reports_figures(demo_db, capsys, level):
    """--agency reads only that agency (its scope narrowed, as a page's filter narrows it), and every
    figure of its entries is the one the whole province's report gives it."""
    _, whole, _ = run(demo_db, "--level", level, capsys=capsys)
    _, one, _ = run(demo_db, "--level", level, "--agency", f"Disdukcapil@{LAMTENG}", capsys=capsys)
    mine = [a for a in whole["agencies"] if (a["agency_name"], a["region"]) == (DUKCAPIL, LAMTENG)]
    assert mine and one["agencies"] == mine
    assert one["adoption_data_end"] == whole["adoption_data_end"]  # a province-wide fact, whoever reads
