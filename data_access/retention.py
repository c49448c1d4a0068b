"""Retention: daily e-Kinerja entries older than the setting `daily_entry_retention_months` are
deleted, whole months at a time, with their monthly summaries, in one audited transaction. On
PostgreSQL, where daily_entry is partitioned by month (data_access.partitions), the months before the cut
go as whole partitions dropped, not rows deleted; SQLite deletes the rows.

The cut falls on the first day of a month, so every monthly summary (daily_month) is either wholly
kept, with all its raw entries, or removed with them: a summary never disagrees with the raw rows
(docs/decisions/daily-entries-storage.md). Copies of entries a replace import took out
(replaced_row) older than the cut go too, so a later rollback cannot bring purged days back.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, delete, func, select

from data_access import audit
from data_access.authz import require_admin
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.importing.daily_months import count_months_before, delete_months_before
from data_access.models import DailyEntry, ReplacedRow
from data_access.partitions import drop_partitions_before, is_partitioned
from data_access.schema import ensure_schema
from data_access.settings import load_settings

EPOCH = date(1970, 1, 1)  # DailyEntry.day counts days from here


def retention_cutoff(today: date, months: int) -> date:
    """The first day kept: the first of the month `months` full months before today's month
    (28 November 2026, 24 -> 1 November 2024; the current month is never counted)."""
    if months < 1:
        raise ValueError("Masa simpan progres harian paling sedikit 1 bulan.")
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date
    months: int
    entries: int
    summaries: int
    replaced_copies: int
    dry_run: bool

    def summary(self) -> str:
        verb = "akan dihapus" if self.dry_run else "dihapus"
        return (f"Masa simpan {self.months} bulan: data sebelum {self.cutoff:%d-%m-%Y} {verb}: {self.entries} entri "
                f"progres harian, {self.summaries} ringkasan bulanan, {self.replaced_copies} salinan penggantian."
                + (" (uji coba: tidak ada yang diubah)" if self.dry_run else ""))


def purge_daily_entries(engine: Engine, user: str = CLI_OPERATOR, today: date | None = None,
                        dry_run: bool = False) -> PurgeResult:
    """Delete daily entries (and their monthly summaries and replaced copies) before the retention
    cut, in one transaction, audited; `dry_run` only counts. Administrators and the shell operator."""
    ensure_schema(engine)
    with engine.begin() as conn:
        require_admin(conn, user)
        months = int(load_settings(conn)["daily_entry_retention_months"])
        cutoff = retention_cutoff(today or now_wib().date(), months)
        cut_day, cut_month = (cutoff - EPOCH).days, cutoff.year * 100 + cutoff.month
        copies = [rid for rid, data in conn.execute(
            select(ReplacedRow.id, ReplacedRow.data).where(ReplacedRow.table_name == DailyEntry.__tablename__))
            if json.loads(data)["day"] < cut_day]
        if dry_run:
            entries = conn.execute(select(func.count()).select_from(DailyEntry).where(DailyEntry.day < cut_day)).scalar()
            summaries = count_months_before(conn, cut_month)
            return PurgeResult(cutoff, months, int(entries), int(summaries), len(copies), True)
        entries = _purge_entries(conn, cut_day)
        summaries = delete_months_before(conn, cut_month)
        for start in range(0, len(copies), 1000):
            conn.execute(delete(ReplacedRow).where(ReplacedRow.id.in_(copies[start:start + 1000])))
        result = PurgeResult(cutoff, months, entries, summaries, len(copies), False)
        audit.record(conn, user, "purge", True, cutoff=cutoff.isoformat(), months=months, entries=entries,
                     summaries=summaries, replaced_copies=len(copies))
        return result


def _purge_entries(conn, cut_day: int) -> int:
    """Remove the daily entries before `cut_day` (a month's first day); returns how many. The partitions
    of months wholly before the cut are dropped; a DELETE takes whatever else lies before it (on SQLite
    everything; on PostgreSQL nothing, as partitions are whole months, and partition pruning makes it
    read none)."""
    dropped = drop_partitions_before(conn, cut_day)[1] if is_partitioned(conn) else 0
    return dropped + conn.execute(delete(DailyEntry).where(DailyEntry.day < cut_day)).rowcount
