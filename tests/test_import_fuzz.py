"""Corrupted files never raise an unhandled exception and never write half a file: valid files
corrupted at random, and a corpus of hostile files (tests/hostile.py), as they are and corrupted."""
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import demo
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import ImportResult, import_file
from data_access.importing.problems import ImportRejected, ReadError
from tests import hostile
from tests.conftest import FIXTURES

TABLES = ("employee", "appraisal", "training", "service_request", "skm_response", "daily_entry", "import_batch")
KINDS = ("pegawai", "penilaian", "pelatihan", "layanan", "skm", "progres_harian", "predikat_organisasi")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite'}"
    engine = get_engine(url)
    load_demo(engine, "tiny")
    frames = demo.generate("tiny", seed=7)  # other rows than those stored: a valid file would import
    samples = _Samples({kind: frames[kind].head(12).to_csv(sep=";", index=False, date_format="%d/%m/%Y %H.%M")
                        for kind in KINDS})
    return engine, samples


class _Samples(dict):
    def __repr__(self) -> str:  # keep hypothesis' failure reports readable
        return f"<{len(self)} sample files>"


def _counts(engine) -> dict:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"select count(*) from {t}")).scalar() for t in TABLES}


def _corrupt(text_: str, how: str, rnd: random.Random) -> bytes:
    lines = text_.splitlines()
    if len(lines) < 2 or not lines[0]:
        return text_.encode()
    if how == "cell":
        i = rnd.randrange(1, len(lines))
        cells = lines[i].split(";")
        cells[rnd.randrange(len(cells))] = rnd.choice(["", "x", "1,98609E+17", "31/02/2026", "-1", "9" * 30,
                                                      "=SUM(A1)", "Di Tengah", "2026-13-01 25.61", "\u00a0"])
        lines[i] = ";".join(cells)
    elif how == "header":
        cells = lines[0].split(";")
        cells[rnd.randrange(len(cells))] = rnd.choice(["", "KOLOM ASING", "NIP", "TAHUN"])
        lines[0] = ";".join(cells)
    elif how == "drop_column":
        j = rnd.randrange(len(lines[0].split(";")))
        lines = [";".join(c for k, c in enumerate(line.split(";")) if k != j) for line in lines]
    elif how == "truncate":
        return text_.encode()[: rnd.randrange(0, len(text_))]
    elif how == "duplicate":
        lines.append(lines[rnd.randrange(1, len(lines))])
    elif how == "shuffle_header":
        header = lines[0].split(";")
        rnd.shuffle(header)
        lines[0] = ";".join(header)
    elif how == "bytes":
        data = bytearray("\n".join(lines).encode())
        for _ in range(5):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        return bytes(data)
    elif how == "delimiter":
        return "\n".join(line.replace(";", rnd.choice([",", "\t", "|"])) for line in lines).encode("cp1252",
                                                                                                   "replace")
    return "\n".join(lines).encode()


HOWS = ("cell", "header", "drop_column", "truncate", "duplicate", "shuffle_header", "bytes", "delimiter")


# Bounded for `make test` (FUZZ_EXAMPLES files per kind; 40 by default, 1000 in `make test-slow`).
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hows=st.lists(st.sampled_from(HOWS), min_size=1, max_size=3), seed=st.integers(0, 10_000),
       declare_kind=st.booleans())
def test_corrupted_files_are_refused_cleanly_or_land_whole(loaded, kind, hows, seed, declare_kind):
    engine, samples = loaded
    rnd = random.Random(seed)
    data = samples[kind]
    for how in hows:
        data = _corrupt(data if isinstance(data, str) else data.decode("utf-8", "replace"), how, rnd)
    data = data if isinstance(data, bytes) else data.encode()
    before = _counts(engine)
    try:
        result = import_file(engine, f"rusak-{kind}.csv", kind if declare_kind else None, data=data)
    except (ImportRejected, ReadError) as exc:
        assert _counts(engine) == before, "a refused file must leave nothing behind"
        problems = getattr(exc, "problems", [])
        assert all(p.message and p.file.startswith("rusak-") for p in problems)
        return
    assert isinstance(result, ImportResult)
    after = _counts(engine)
    if result.duplicate_file or result.rows_inserted == 0:
        assert after == {**before, "import_batch": after["import_batch"]}
    else:
        assert after["import_batch"] == before["import_batch"] + 1


def _siasn(name: str | None = None, line: str | None = None) -> bytes:
    lines = (FIXTURES / "siasn_data_asn.csv").read_text(encoding="utf-8").splitlines()
    if name is not None:
        cells = lines[2].split(";")
        cells[3] = name
        lines[2] = ";".join(cells)
    if line is not None:
        lines.insert(3, line)
    return ("\n".join(lines) + "\n").encode()


def _mixed_encodings() -> bytes:
    lines = _siasn("ZOË ÑUÑEZ").decode().splitlines()
    cells = lines[3].split(";")
    cells[3] = "JOSÉ"
    lines[3] = ";".join(cells)
    return "\n".join(lines[:3]).encode() + b"\n" + "\n".join(lines[3:]).encode("cp1252")


# Files that once went wrong, each refused (file name -> bytes, built when first used).
HOSTILE = {
    "bom-zip.xlsx": lambda: hostile.zip_bomb(64),
    "bom-zip-berbohong.xlsx": lambda: hostile.lying_zip_bomb(64),
    "sel-jauh.xlsx": hostile.distant_cell_xlsx,
    "lembar-rusak.xlsx": hostile.corrupt_sheet_xlsx,
    "tanpa-lembar.xlsx": hostile.no_sheets_xlsx,
    "versi-zip.xlsx": hostile.unknown_zip_version,
    "nama-nul.csv": lambda: _siasn("SITI\x00AMINAH"),
    "nul-di-baris-pertama.csv": lambda: _siasn().replace(b"BUDI SANTOSO", b"BUDI\x00SANTOSO"),
    "pengodean-campur.csv": _mixed_encodings,
    "mojibake.csv": lambda: _siasn("ZoÃ« Ã‘uÃ±ez"),
    "kolom-lebih.csv": lambda: _siasn(line=_siasn().decode().splitlines()[1] + ";LEBIH"),
}
_BUILT: dict[str, bytes] = {}


def _hostile(name: str) -> bytes:
    if name not in _BUILT:
        _BUILT[name] = HOSTILE[name]()
    return _BUILT[name]


@pytest.mark.parametrize("name", HOSTILE)
def test_every_hostile_file_is_refused_cleanly(loaded, name):
    engine, _ = loaded
    before = _counts(engine)
    with pytest.raises((ImportRejected, ReadError)) as caught:
        import_file(engine, name, "pegawai", file_name=name, data=_hostile(name))
    assert _counts(engine) == before
    problems = getattr(caught.value, "problems", None)
    text_ = "\n".join(str(p) for p in problems) if problems else str(caught.value)
    assert "Traceback" not in text_ and "Error" not in text_, text_


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(HOSTILE)), flips=st.lists(st.integers(0, 1 << 30), max_size=8),
       cut=st.none() | st.integers(0, 1 << 30), declare_kind=st.booleans())
def test_corrupted_hostile_files_are_refused_cleanly_or_land_whole(loaded, name, flips, cut, declare_kind):
    engine, _ = loaded
    data = bytearray(_hostile(name))
    for at in flips:
        data[at % len(data)] ^= 1 + at % 255
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    before = _counts(engine)
    try:
        result = import_file(engine, f"rusak-{name}", "pegawai" if declare_kind else None, data=bytes(data))
    except (ImportRejected, ReadError):
        assert _counts(engine) == before, "a refused file must leave nothing behind"
        return
    assert isinstance(result, ImportResult)
    if result.rows_inserted:
        assert _counts(engine)["import_batch"] == before["import_batch"] + 1
