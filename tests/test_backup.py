"""Backups: `backup` then a change then `restore` gives back exactly the data of the backup (SQLite via
its backup API; PostgreSQL via pg_dump, pg_restore and psql when they are on PATH, month partitions
included); both are audited; a file that is not a backup, or one cut short, is refused with nothing
changed."""
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import text

from data_access.backup import BackupError, backup, restore
from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.settings import save_setting
from data_access.users import add_user
from data_access.authz import NotAllowed
from tests.conftest import FIXTURES, ROOT

TABLES = ("employee", "employee_placement", "appraisal", "daily_entry", "daily_month", "app_user", "setting", "import_batch")


def snapshot(url: str) -> dict:
    with get_engine(url).connect() as conn:
        return {t: sorted(map(tuple, conn.execute(text(f"select * from {t}")).all()), key=repr) for t in TABLES}


def audited(url: str) -> list[str]:
    with get_engine(url).connect() as conn:
        return [a for (a,) in conn.execute(text("select action from audit_log where action in ('backup', 'restore') "
                                                "order by id"))]


@pytest.fixture
def filled(db_url):
    if db_url.startswith("postgresql") and not all(shutil.which(t) for t in ("pg_dump", "pg_restore", "psql")):
        pytest.skip("pg_dump/pg_restore/psql not on PATH")
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    with engine.begin() as conn:
        add_user(conn, "analis1", "Analis", "analis", "rahasia-lampung-1", [])
    return db_url


def test_backup_change_restore_gives_back_the_backed_up_data(filled, tmp_path):
    original = snapshot(filled)
    file = backup(filled, tmp_path / "cadangan.bak")
    assert file.stat().st_size > 0
    engine = get_engine(filled)
    with engine.begin() as conn:
        save_setting(conn, "min_group_size", 9, "cli")
        conn.execute(text("delete from daily_month"))
        conn.execute(text("update employee set name = 'X'"))
    assert snapshot(filled) != original
    restore(filled, file)
    assert snapshot(filled) == original
    # The backup holds its own audit row; the restore is recorded in the restored database.
    assert audited(filled) == ["backup", "restore"]


def test_only_administrators_back_up_or_restore(filled, tmp_path):
    with pytest.raises(NotAllowed):
        backup(filled, tmp_path / "x.bak", user="analis1")
    with pytest.raises(NotAllowed):
        restore(filled, tmp_path / "x.bak", user="analis1")


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(sqlite_url, tmp_path):
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    before = snapshot(sqlite_url)
    bogus = tmp_path / "bukan.bak"
    bogus.write_bytes(b"ini bukan basis data" * 100)
    with pytest.raises(BackupError, match="bukan berkas cadangan SQLite"):
        restore(sqlite_url, bogus)
    with pytest.raises(BackupError, match="tidak ada"):
        restore(sqlite_url, tmp_path / "hilang.bak")
    assert snapshot(sqlite_url) == before


def test_backup_and_restore_commands(sqlite_url, tmp_path):
    engine = get_engine(sqlite_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    before = snapshot(sqlite_url)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "data_access", *args, "--db", sqlite_url], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    made = run("backup", str(tmp_path / "c.sqlite"))
    assert made.returncode == 0 and "Cadangan ditulis" in made.stdout, made.stderr
    with engine.begin() as conn:
        conn.execute(text("delete from employee_placement"))  # the change the restore must undo
        conn.execute(text("update employee set name = 'Diubah' where id in (select min(id) from employee)"))
    done = run("restore", str(tmp_path / "c.sqlite"))
    assert done.returncode == 0, done.stderr
    assert snapshot(sqlite_url) == before
    assert audited(sqlite_url) == ["backup", "restore"]


def _partitions(url: str) -> list[str]:
    from data_access.partitions import partitions

    with get_engine(url).connect() as conn:
        return [name for name, _lo, _hi in partitions(conn)]


def test_a_restore_gives_back_the_backups_month_partitions_and_a_broken_one_changes_nothing(filled, tmp_path):
    """PostgreSQL: after the backup a new month arrives (a partition of its own) and an old one is purged
    (its partition dropped); the restore gives back exactly the backup's partitions and rows. A backup
    cut short is refused by pg_restore midway, and the database stays as it was (no partial restore)."""
    if not filled.startswith("postgresql"):
        pytest.skip("partitions are PostgreSQL's")
    from datetime import date

    from data_access.retention import purge_daily_entries

    original, months = snapshot(filled), _partitions(filled)
    assert len(months) >= 2
    file = backup(filled, tmp_path / "cadangan.bak")
    engine = get_engine(filled)
    with engine.connect() as conn:
        nip = conn.execute(text("select nip from employee order by id limit 1")).scalar()
    data = f"NIP;TANGGAL;WAKTU INPUT;STATUS\n{nip};01/12/2026;01/12/2026 16.00;Submitted\n".encode()
    import_file(engine, "baru.csv", "progres_harian", data=data)  # the demo's months end in November 2026
    with engine.begin() as conn:
        save_setting(conn, "daily_entry_retention_months", 1, "cli")
    purge_daily_entries(engine, today=date(2026, 3, 15))  # January 2026 goes
    changed = _partitions(filled)
    assert months[0] == "daily_entry_y2026m01" and months[-1] == "daily_entry_y2026m11"
    assert changed == months[1:] + ["daily_entry_y2026m12"]
    restore(filled, file)
    assert _partitions(filled) == months
    assert snapshot(filled) == original
    broken = tmp_path / "terpotong.bak"
    broken.write_bytes(file.read_bytes()[: file.stat().st_size * 2 // 3])
    with engine.begin() as conn:
        conn.execute(text("update employee set name = 'Sesudah'"))
    after = snapshot(filled)
    with pytest.raises(BackupError, match="pg_restore gagal|psql gagal"):
        restore(filled, broken)
    assert snapshot(filled) == after and _partitions(filled) == months
