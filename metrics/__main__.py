"""python -m metrics report: the dashboard's numbers for other systems (stdout carries only the report)."""
from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from vocab import settings as declared
from data_access import completeness, reads, settings
from vocab import codes
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.db import get_engine
from data_access.inputs import load_inputs
from data_access.orgs import UnknownAgency, agencies_named
from data_access.schema import SchemaOutdated, ensure_schema
from data_access.scope import Scope, UnknownUser, narrowed, scope_for_user
from metrics import completeness as data_completeness
from vocab.periods import month_keys, period_bounds
from metrics.report import LEVELS, build_report, report_csv


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser (also rendered into docs/cli.md by docs/gen_cli.py)."""
    p = argparse.ArgumentParser(prog="python -m metrics", description="Dasbor Kinerja ASN Lampung: laporan")
    sub = p.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="laporan empat sinyal per OPD atau unit (JSON atau CSV) ke stdout")
    rep.add_argument("--db")
    rep.add_argument("--user", help="batasi pada cakupan pengguna ini (bawaan: operator cli, seluruh data)")
    rep.add_argument("--year", type=int, help="tahun (bawaan: tahun terakhir yang berdata)")
    rep.add_argument("--period", choices=sorted(codes.PERIOD_LABELS),
                     help="periode (TW1–TW4, TAHUNAN, B01–B12); bawaan: seluruh tahun")
    rep.add_argument("--agency", help="hanya OPD ini, ditulis seperti di berkas impor: nama lengkap atau singkatan "
                     "(Disdukcapil), huruf besar-kecil bebas, boleh diikuti daerahnya (\"Disdukcapil Kabupaten "
                     "Lampung Tengah\", OPD@DAERAH); tanpa daerah: semua daerah dalam cakupan yang memilikinya")
    rep.add_argument("--level", choices=LEVELS, default="agency")
    rep.add_argument("--format", choices=("json", "csv"), default="json")
    rep.add_argument("--completeness", action="store_true",
                     help="tambahkan bagian kelengkapan data per OPD dan jenis (JSON: kunci 'completeness'; "
                          "CSV: hanya tabel kelengkapan)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    engine = get_engine(args.db)
    try:
        ensure_schema(engine)
        if args.user:
            with engine.connect() as conn:
                scope = scope_for_user(conn, args.user)
        else:
            scope = Scope.full(CLI_OPERATOR)
    except (SchemaOutdated, UnknownUser) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    now = now_wib()
    if args.year is not None:
        with engine.connect() as conn:
            first, last = declared.year_range(settings.load_settings(conn), now.date())
        if not first <= args.year <= last:
            print(f"Tahun {args.year} di luar rentang tahun yang wajar ({first}–{last}; pengaturan "
                  f"'{declared.SETTINGS['plausible_years'].label}').", file=sys.stderr)
            return 2
    year = args.year or next(iter(reads.data_years(engine, scope, now.date())), now.year)
    agency_ids = None
    if args.agency:
        try:
            with engine.connect() as conn:
                agency_ids = agencies_named(conn, args.agency, reads.agencies(engine, scope)["agency_id"])
        except UnknownAgency as exc:
            print(str(exc), file=sys.stderr)
            return 2
        # Only those agencies are read, as a page's agency filter reads them (never the whole scope).
        scope = narrowed(scope, reads.agencies(engine, scope), reads.units(engine, scope), agency_ids=agency_ids)
    start, end = period_bounds(year, args.period)
    inputs = load_inputs(engine, scope, year, start, end, month_keys(year, args.period), period=args.period,
                         now=now)
    payload = build_report(inputs, now, level=args.level, period=args.period)
    if args.completeness:
        refs = completeness.references(engine, year, start, min(end, inputs.as_of))
        table = data_completeness.for_inputs(inputs, refs)
        payload["completeness"] = {
            "stale_days": int(inputs.settings["stale_days"]),
            "min_share": float(inputs.settings["completeness_min_share"]),
            "rows": data_completeness.report_rows(table, inputs.agencies),
        }
        if args.format == "csv":
            rows = pd.DataFrame(payload["completeness"]["rows"]).astype({"covered": "Int64", "expected": "Int64"})
            sys.stdout.write(rows.to_csv(sep=";", decimal=",", index=False))
            return 0
    if args.format == "json":
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_csv(payload))
    return 0


if __name__ == "__main__":
    sys.exit(main())
