"""Retention: `purge` deletes daily entries before the cut (whole months) with their monthly summaries,
in one audited transaction; a dry run only counts; what stays is untouched and consistent."""
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import text

from data_access.bootstrap import load_demo
from data_access.db import get_engine
from data_access.retention import EPOCH, purge_daily_entries, retention_cutoff
from data_access.settings import save_setting
from data_access.users import add_user
from data_access.authz import NotAllowed
from tests.conftest import ROOT

TODAY = date(2027, 6, 15)  # 12 months kept -> everything before 1 June 2026 goes


@pytest.mark.parametrize("today, months, cutoff", [
    (date(2026, 11, 28), 24, date(2024, 11, 1)), (date(2027, 6, 15), 12, date(2026, 6, 1)),
    (date(2026, 1, 31), 1, date(2025, 12, 1)), (date(2026, 3, 1), 14, date(2025, 1, 1)),
])
def test_the_cut_is_the_first_of_a_month_counted_back_from_the_current_month(today, months, cutoff):
    assert retention_cutoff(today, months) == cutoff


@pytest.fixture
def demo(db_url):
    engine = get_engine(db_url)
    load_demo(engine, "tiny")
    with engine.begin() as conn:
        save_setting(conn, "daily_entry_retention_months", 12, "cli")
        add_user(conn, "analis1", "Analis", "analis", "rahasia-lampung-1", [])
    return engine


def counts(engine) -> dict:
    cut_day = (date(2026, 6, 1) - EPOCH).days
    with engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql), {"d": cut_day}).scalar()  # noqa: E731
        return {
            "old_entries": one("select count(*) from daily_entry where day < :d"),
            "kept_entries": one("select count(*) from daily_entry where day >= :d"),
            "old_months": one("select count(*) from daily_month where month < 202606"),
            "kept_months": one("select count(*) from daily_month where month >= 202606"),
            "kept_checksum": one("select sum(days_entered * 7 + days_active * 3 + days_approved) from daily_month "
                                 "where month >= 202606"),
        }


def test_purge_deletes_whole_old_months_with_their_summaries(demo):
    before = counts(demo)
    assert before["old_entries"] > 0 and before["kept_entries"] > 0
    planned = purge_daily_entries(demo, today=TODAY, dry_run=True)
    assert counts(demo) == before  # a dry run changes nothing
    assert (planned.cutoff, planned.entries, planned.summaries) == (date(2026, 6, 1), before["old_entries"],
                                                                   before["old_months"])
    done = purge_daily_entries(demo, today=TODAY)
    assert (done.entries, done.summaries) == (planned.entries, planned.summaries)
    after = counts(demo)
    assert after == before | {"old_entries": 0, "old_months": 0}
    with demo.connect() as conn:
        # Every kept summary still counts exactly its raw entries.
        per_month = conn.execute(text("select employee_id, month, days_entered from daily_month")).all()
        days = conn.execute(text("select employee_id, day from daily_entry")).all()
        audited = conn.execute(text("select user_name, ok from audit_log where action = 'purge'")).all()
    entered: dict = {}
    for employee, day in days:
        d = date.fromordinal(EPOCH.toordinal() + day)
        key = (employee, d.year * 100 + d.month)
        entered[key] = entered.get(key, 0) + 1
    assert {(e, m): n for e, m, n in per_month} == entered
    assert [(u, bool(ok)) for u, ok in audited] == [("cli", True)]  # the dry run is not audited


def test_only_administrators_purge(demo):
    with pytest.raises(NotAllowed):
        purge_daily_entries(demo, user="analis1", today=TODAY)


def test_purge_command(demo, db_url):
    run = subprocess.run([sys.executable, "-m", "data_access", "purge", "--dry-run", "--db", db_url], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "uji coba: tidak ada yang diubah" in run.stdout and "Masa simpan 12 bulan" in run.stdout
    refused = subprocess.run([sys.executable, "-m", "data_access", "purge", "--user", "analis1", "--db", db_url],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "administrator" in refused.stderr
