"""Kelengkapan Data's computations, cached by small values (url, filters, data version): the
completeness table of the view (metrics.completeness) with its names and one sentence per row."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access import completeness as refs_reader
from data_access.db import get_engine
from metrics import completeness as cm
from vocab.periods import period_bounds
from ui import data, fmt

WHAT = {"skp": "punya SKP", "penilaian": "sudah dinilai", "progres_harian": "mengirim progres harian"}


def sentence(row, year: int) -> str:
    """One Indonesian sentence saying what is there and what is missing."""
    label = cm.kind_label(row["kind"], row["period"], year)
    if row["kind"] == "pegawai":
        return "Tidak ada pegawai aktif." if row["status"] == cm.MISSING else f"{fmt.number(row['covered'])} pegawai aktif."
    if row["status"] == cm.MISSING:
        staff = f" ({fmt.number(row['expected'])} pegawai aktif)" if row["kind"] in WHAT else ""
        return f"Belum ada {label[0].lower() + label[1:]}{staff}."
    parts = []
    if row["kind"] in WHAT and pd.notna(row["expected"]):
        covered, expected = int(row["covered"]), int(row["expected"])
        share = covered / expected if expected else float("nan")
        parts.append(f"{fmt.number(covered)} dari {fmt.number(expected)} pegawai {WHAT[row['kind']]} "
                     f"({fmt.percent(share)}).")
    elif row["kind"] in cm.DATED and pd.notna(row["covered"]):
        unit = {"pelatihan": "kegiatan pelatihan", "layanan": "permohonan", "antrian": "tiket antrian",
                "skm": "responden", "survei_adkar": "responden"}[row["kind"]]
        parts.append(f"{fmt.number(row['covered'])} {unit} pada periode ini.")
    last, reference = row["last_date"], row["reference_date"]
    if row["status"] == cm.STALE and isinstance(last, date) and isinstance(reference, date):
        parts.append(f"Data terakhir {fmt.day(last)}, {fmt.number((reference - last).days)} hari sebelum data "
                     f"terbaru provinsi ({fmt.day(reference)}).")
    elif isinstance(last, date) and row["kind"] != "pegawai":
        parts.append(f"Data terakhir {fmt.day(last)}.")
    return " ".join(parts)


@st.cache_data(ttl=3600, show_spinner="Memeriksa kelengkapan data…", max_entries=32)
def view(url: str, chosen, version: tuple) -> pd.DataFrame:
    """Every agency of the view and kind: region, agency, kind, period, status, covered, expected,
    last_date, reference_date, data (the kind's label) and keterangan (a sentence)."""
    inputs = data.inputs(url, chosen.scope, chosen.year, chosen.period, version)
    start, end = period_bounds(chosen.year, chosen.period)
    refs = refs_reader.references(get_engine(url), chosen.year, start, min(end, inputs.as_of))
    table = cm.named(cm.for_inputs(inputs, refs), inputs.agencies)
    table["data"] = [cm.kind_label(k, p if isinstance(p, str) else None, chosen.year)
                     for k, p in zip(table["kind"], table["period"])]
    table["keterangan"] = [sentence(r, chosen.year) for r in table.to_dict("records")]
    return table
