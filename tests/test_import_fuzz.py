"""Corrupted files never raise an unhandled exception and never write half a file."""
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from data_access import demo
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import ImportResult, import_file
from data_access.importing.problems import ImportRejected
from data_access.importing.reading import ReadError

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


# Bounded for CI; FUZZ_EXAMPLES=1000 digs deeper on a laptop.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), hows=st.lists(st.sampled_from(HOWS), min_size=1, max_size=3),
       seed=st.integers(0, 10_000), declare_kind=st.booleans())
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
