"""python -m metrics report: the dashboard's numbers for other systems (stdout carries only the report)."""
from __future__ import annotations

import argparse
import json
import sys

from data_access import reads
from data_access.config import CLI_OPERATOR, now_wib
from data_access.db import get_engine
from data_access.schema import SchemaOutdated, ensure_schema
from data_access.scope import Scope, UnknownUser, scope_for_user
from metrics.report import report_csv, report_payload


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m metrics", description="Dasbor Kinerja ASN Lampung: laporan")
    sub = p.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="laporan per OPD (JSON atau CSV) ke stdout")
    rep.add_argument("--db")
    rep.add_argument("--user", help="batasi pada cakupan pengguna ini (bawaan: operator cli, seluruh data)")
    rep.add_argument("--year", type=int, help="tahun (bawaan: tahun terakhir yang berdata)")
    rep.add_argument("--format", choices=("json", "csv"), default="json")
    args = p.parse_args(argv)

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
    year = args.year or next(iter(reads.data_years(engine, scope)), now_wib().year)
    payload = report_payload(reads.headcount(engine, scope), year, now_wib())
    if args.format == "json":
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_csv(payload))
    return 0


if __name__ == "__main__":
    sys.exit(main())
