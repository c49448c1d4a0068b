"""What the pages offer for download beyond the tables themselves (data_access.workbook writes those):
charts as titled pictures, file names, the upload page's validation report."""
from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePath


from data_access.importing.problems import problems_frame
from data_access.workbook import Column, Table, to_csv
from ui import fmt

def chart_for_file(chart, title: str, labels, when: datetime):
    """The chart as a downloaded picture shows it: titled, with the view (year, period, region,
    agency… as chosen) and the moment of download underneath, so a chart pasted into a slide still
    says what it shows. `labels`: (filter, value) pairs; `chart`: any Altair chart."""
    view = " · ".join(f"{label}: {value}" for label, value in labels) or "Semua data dalam cakupan"
    return chart.properties(title={"text": title, "subtitle": [view, f"Diunduh {fmt.moment(when)}"],
                                   "anchor": "start", "fontSize": 15, "subtitleFontSize": 11})


def file_stem(title: str, when: date | datetime) -> str:
    """'Kinerja Pegawai', 2026-11-28 -> 'kinerja-pegawai-2026-11-28' (safe in every file system)."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "tabel"
    return f"{slug}-{when:%Y-%m-%d}"


# --- the upload page's files ---------------------------------------------------------------------
def problems_csv(problems) -> bytes:
    """The validation report of an upload (data_access.importing.problems.Problem list) as a CSV: the
    cells come from the uploaded file (values, keys), so they are neutralised like any other text."""
    frame = problems_frame(problems)
    columns = {name: Column(name, "int" if name == "Baris" else "text") for name in frame.columns}
    return to_csv(Table("Laporan pemeriksaan", frame, columns))


def problems_file_name(upload_name: str) -> str:
    """The validation report's file name: 'rusak.csv' -> 'laporan-rusak.csv' (not '…csv.csv')."""
    return f"laporan-{PurePath(upload_name).stem}.csv"
