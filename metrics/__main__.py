"""python -m metrics report | brief: the dashboard's numbers for other systems (stdout carries only the
report), and the brief of a view as a PDF file."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from vocab import settings as declared
from data_access import completeness, reads, settings
from data_access.pdf import write_pdf
from vocab import codes
from data_access.config import CLI_OPERATOR
from vocab.clock import now_wib
from data_access.db import get_engine
from data_access.inputs import MetricInputs, load_inputs
from data_access.orgs import UnknownAgency, agencies_named, regions_named
from data_access.schema import SchemaOutdated, ensure_schema
from data_access.scope import Scope, UnknownUser, narrowed, scope_for_user
from metrics import brief as briefs
from metrics import completeness as data_completeness
from metrics import scorecard
from metrics.brief_document import document, scope_text
from vocab.document import cover_lines
from vocab.periods import month_keys, period_bounds, period_label, previous_period
from metrics.report import LEVELS, build_report, report_csv
from ui.charts import brief as brief_charts  # the pages' chart builders (pure; see tests/test_import_graph.py)


def _view_arguments(p: argparse.ArgumentParser) -> None:
    """The options every command of a view takes: database, user, year, period, region and agency."""
    p.add_argument("--db")
    p.add_argument("--user", help="batasi pada cakupan pengguna ini (bawaan: operator cli, seluruh data)")
    p.add_argument("--year", type=int, help="tahun (bawaan: tahun terakhir yang berdata)")
    p.add_argument("--period", choices=sorted(codes.PERIOD_LABELS),
                   help="periode (TW1–TW4, TAHUNAN, B01–B12); bawaan: seluruh tahun")
    p.add_argument("--region", help="hanya daerah ini (\"Lampung Selatan\", \"Kabupaten Lampung Selatan\"); harus "
                   "dalam cakupan pengguna")
    p.add_argument("--agency", help="hanya OPD ini, ditulis seperti di berkas impor: nama lengkap atau singkatan "
                   "(Disdukcapil), huruf besar-kecil bebas, boleh diikuti daerahnya (\"Disdukcapil Kabupaten "
                   "Lampung Tengah\", OPD@DAERAH); tanpa daerah: semua daerah dalam cakupan yang memilikinya")


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser (also rendered into docs/cli.md by docs/gen_cli.py)."""
    p = argparse.ArgumentParser(prog="python -m metrics", description="Dasbor Kinerja ASN Lampung: laporan")
    sub = p.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="laporan empat sinyal per OPD atau unit (JSON atau CSV) ke stdout")
    _view_arguments(rep)
    rep.add_argument("--level", choices=LEVELS, default="agency")
    rep.add_argument("--format", choices=("json", "csv"), default="json")
    rep.add_argument("--completeness", action="store_true",
                     help="tambahkan bagian kelengkapan data per OPD dan jenis (JSON: kunci 'completeness'; "
                          "CSV: hanya tabel kelengkapan)")
    brf = sub.add_parser("brief", help="ringkasan pimpinan (PDF A4): yang berubah, angka utama per sinyal, "
                                       "sepuluh yang perlu ditangani, definisi angka")
    _view_arguments(brf)
    brf.add_argument("--out", required=True, help="berkas PDF yang ditulis")
    return p


@dataclass(frozen=True)
class View:
    """What a command's options choose, checked against the user's scope."""

    engine: object
    scope: Scope  # the user's scope, narrowed to --region and --agency
    user: str
    year: int
    period: str | None
    agency_ids: list[int] | None  # --region / --agency, else None (everything in scope)
    labels: tuple[tuple[str, str], ...]  # (filter, value) as the pages name them
    now: datetime

    def inputs(self, year: int | None = None, period: str | None = "same") -> MetricInputs:
        year = self.year if year is None else year
        period = self.period if period == "same" else period
        start, end = period_bounds(year, period)
        return load_inputs(self.engine, self.scope, year, start, end, month_keys(year, period), period=period,
                           now=self.now)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _chosen(conn, engine, scope: Scope, args) -> tuple[list[int] | None, list[tuple[str, str]]]:
    """--region and --agency resolved within the scope (UnknownAgency when outside it)."""
    agencies = reads.agencies(engine, scope)
    labels: list[tuple[str, str]] = []
    agency_ids = None
    if args.region:
        region_ids = regions_named(conn, args.region, set(agencies["region_id"]))
        agencies = agencies[agencies["region_id"].isin(region_ids)]
        agency_ids = [int(a) for a in agencies["agency_id"]]
        labels.append(("Daerah", str(agencies["region"].iloc[0]) if len(agencies) else args.region))
    if args.agency:
        agency_ids = agencies_named(conn, args.agency, agencies["agency_id"])
        named = agencies[agencies["agency_id"].isin(agency_ids)]
        labels.append(("OPD", "; ".join(f"{a} — {r}" for a, r in zip(named["agency"], named["region"]))))
    return agency_ids, labels


def _view(args) -> View | int:
    """The view the options choose, or the exit code of a refusal (message on stderr)."""
    engine = get_engine(args.db)
    try:
        ensure_schema(engine)
        if args.user:
            with engine.connect() as conn:
                scope = scope_for_user(conn, args.user)
        else:
            scope = Scope.full(CLI_OPERATOR)
    except (SchemaOutdated, UnknownUser) as exc:
        return _fail(str(exc))
    now = now_wib()
    if args.year is not None:
        with engine.connect() as conn:
            first, last = declared.year_range(settings.load_settings(conn), now.date())
        if not first <= args.year <= last:
            return _fail(f"Tahun {args.year} di luar rentang tahun yang wajar ({first}–{last}; pengaturan "
                         f"'{declared.SETTINGS['plausible_years'].label}').")
    year = args.year or next(iter(reads.data_years(engine, scope, now.date())), now.year)
    try:
        with engine.connect() as conn:
            agency_ids, labels = _chosen(conn, engine, scope, args)
    except UnknownAgency as exc:
        return _fail(str(exc))
    if agency_ids is not None:
        # Only those agencies are read, as a page's filter reads them (never the whole scope).
        scope = narrowed(scope, reads.agencies(engine, scope), reads.units(engine, scope), (), tuple(agency_ids))
    labels = [("Tahun", str(year)), ("Periode", period_label(args.period)), *labels]
    return View(engine, scope, args.user or CLI_OPERATOR, year, args.period, agency_ids, tuple(labels), now)


def _report(args, view: View) -> int:
    inputs = view.inputs()
    payload = build_report(inputs, view.now, level=args.level, period=view.period,
                           previous_inputs=view.inputs(*previous_period(view.year, view.period)))
    if args.completeness:
        start, end = period_bounds(view.year, view.period)
        refs = completeness.references(view.engine, view.year, start, min(end, inputs.as_of))
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


def _brief(args, view: View) -> int:
    """The brief of the view (its scope narrowed to --region/--agency, as a page's filters narrow it)."""
    brief_charts.warm()
    inputs = view.inputs()
    inputs.prefetch(briefs.READS)
    if inputs.roster.empty:
        return _fail("Belum ada data pegawai untuk pilihan ini: tidak ada ringkasan yang dibuat.")
    py, pp = previous_period(view.year, view.period)
    before = view.inputs(py, pp)
    before.prefetch(briefs.READS_BEFORE)
    year_before = before if pp is None else view.inputs(view.year - 1, None)
    cards = scorecard.view(inputs, before, view.now, view.period, pp)
    made = briefs.build(inputs, before, year_before, view.period, cards)
    cover = cover_lines("Ringkasan", view.labels, view.user, reads.freshness(view.engine), view.now)
    charts = brief_charts.sections(inputs, year_before, view.period)
    path = write_pdf(document(made, scope_text(inputs.agencies), cover, charts), args.out)
    print(f"Ringkasan ditulis ke {path}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    view = _view(args)
    if isinstance(view, int):
        return view
    return _report(args, view) if args.command == "report" else _brief(args, view)


if __name__ == "__main__":
    sys.exit(main())
