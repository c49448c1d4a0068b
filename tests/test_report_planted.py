"""`python -m metrics report` on the small demo shows each planted pattern (demo.PLANTED)."""
import contextlib
import io
import json
import shutil
import subprocess
import sys

import pytest

from data_access.db import dispose_all
from tests.conftest import ROOT

PROVINCE = "Provinsi Lampung"


@pytest.fixture(scope="module")
def small(demo_file, tmp_path_factory):
    """A copy of the session's small demo (the same `load_demo(..., "small")`), which these tests only read."""
    path = tmp_path_factory.mktemp("planted") / "small.sqlite"
    shutil.copyfile(demo_file, path)
    yield f"sqlite:///{path}"
    dispose_all()


_PRINTED: dict[tuple, str] = {}


def _printed(url: str, *args: str) -> str:
    """What `python -m metrics report --db URL ARGS` prints, run in-process (metrics.__main__.main, the
    command's own entry point) and kept: the module's database is never written, so the same arguments
    print the same report (`test_the_command_as_its_own_process_prints_the_same` checks the command run
    as its own process against it)."""
    key = (url, *args)
    if key not in _PRINTED:
        import metrics.__main__ as command  # running the command, not computing with it

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = command.main(["report", "--db", url, *args])
        assert code == 0, err.getvalue()
        _PRINTED[key] = out.getvalue()
    return _PRINTED[key]


def report(url: str, *args: str) -> dict[tuple, dict]:
    payload = json.loads(_printed(url, *args))
    return {(a["region"], a["agency_name"], a.get("unit_name")): a for a in payload["agencies"]}


def test_the_command_as_its_own_process_prints_the_same(small):
    """`python -m metrics report` run by the shell prints the report the checks below read in-process
    (but for the moment it was made)."""
    done = subprocess.run([sys.executable, "-m", "metrics", "report", "--db", small], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    shell, here = json.loads(done.stdout), json.loads(_printed(small))
    for payload in (shell, here):
        payload.pop("generated_at"), payload.pop("measured_at")
    assert shell == here and shell["agencies"]


def test_curve_broken_and_inflated(small):
    agencies = report(small)
    flat = agencies[(PROVINCE, "Dinas Pendidikan dan Kebudayaan", None)]["appraisal"]
    assert flat["org_predikat"] == "Baik" and flat["curve_compliant"] is False
    assert flat["failed_rules"] == ["Baik paling banyak 70%",
                                    "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang"]
    inflated = agencies[(PROVINCE, "Sekretariat DPRD", None)]["appraisal"]
    assert inflated["org_predikat"] == "Istimewa" and inflated["failed_rules"] == ["Sangat Baik paling banyak 70%"]
    judged = [a for a in agencies.values() if a["appraisal"]["curve_compliant"] is not None]
    assert sum(a["appraisal"]["curve_compliant"] is False for a in judged) == 2  # everyone else complies


def test_units_below_20_jp(small):
    units = report(small, "--level", "unit", "--agency", "Dinas Perhubungan")
    low = {key[2]: a["training"] for key, a in units.items() if key[0] == PROVINCE}
    for unit in ("Bidang Pelayaran", "UPTD Pengelolaan Prasarana Perhubungan"):
        assert low[unit]["share_meeting_target"] == 0 and low[unit]["median_jp"] < 8


def test_slow_akta_kelahiran_in_lampung_tengah(small):
    agencies = report(small)
    slow = agencies[("Kabupaten Lampung Tengah", "Dinas Kependudukan dan Pencatatan Sipil", None)]
    akta = slow["service"]["by_service_type"]["Akta Kelahiran"]
    assert akta["share_within_standard"] < 0.3 and akta["median_turnaround"] >= 6
    others = [a["service"]["by_service_type"]["Akta Kelahiran"]["share_within_standard"]
              for key, a in agencies.items()
              if key[1] == "Dinas Kependudukan dan Pencatatan Sipil" and key[0] not in (
                  "Kabupaten Lampung Tengah", "Kabupaten Pringsewu") and a["service"]["requests"]]
    assert others and min(others) > 0.8


def test_lampung_selatan_barely_adopts(small):
    agencies = report(small)
    selatan = [a for key, a in agencies.items() if key[0] == "Kabupaten Lampung Selatan"]
    active = sum(a["adoption"]["active_share"] * a["headcount"] for a in selatan) / sum(a["headcount"] for a in selatan)
    assert active <= 0.05
    assert min(a["adoption"]["resistance_index"] for a in selatan) > max(
        a["adoption"]["resistance_index"] for key, a in agencies.items() if key[0] == "Kota Metro")


def test_pringsewu_improves_over_the_year(small):
    def share(period):
        rows = [a for key, a in report(small, "--period", period).items() if key[0] == "Kabupaten Pringsewu"]
        return sum(a["adoption"]["active_share"] * a["headcount"] for a in rows) / sum(a["headcount"] for a in rows)

    january, june, november = share("B01"), share("B06"), share("B11")
    assert january < 0.35 < june < november and november > 0.8


def test_unit_that_reports_rarely(small):
    units = report(small, "--level", "unit", "--agency", "Dinas Bina Marga dan Bina Konstruksi")
    unit = units[(PROVINCE, "Dinas Bina Marga dan Bina Konstruksi", "UPTD Peralatan dan Perbekalan")]["adoption"]
    assert unit["active_share"] == 1 and unit["compliance"] < 0.2


def test_staff_who_lapse_after_april(small):
    def province(period):
        rows = [a for key, a in report(small, "--period", period).items() if key[0] == PROVINCE]
        return sum(a["adoption"]["active_share"] * a["headcount"] for a in rows) / sum(a["headcount"] for a in rows)

    # About 10% of staff stop after April, while adoption elsewhere keeps slowly growing.
    assert province("B04") - province("B05") >= 0.05


def test_a_quarter_reads_the_jp_target_pro_rata_as_the_training_page_does(small):
    quarter = report(small, "--period", "TW3")
    year = report(small)
    key = (PROVINCE, "Dinas Pendidikan dan Kebudayaan", None)
    assert year[key]["training"]["target_jp"] == 20.0
    assert quarter[key]["training"]["target_jp"] == round(20 * 92 / 365, 2) == 5.04
