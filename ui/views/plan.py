"""Rencana Pendampingan: the plan of a view, cached by small keys only (the database URL, the page's
Filters and the data version); every figure comes from metrics.pipeline.plan, the pipeline the report
calls too. Here: the tables' columns (on screen and in the work list alike), and names added only for
viewers the name rule (data_access.privacy, through ui.levels) allows."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from data_access.scope import Scope
from data_access.workbook import Column, Table
from metrics.pipeline import plan as pipeline
from ui import data, levels
from ui.frame import Filters, PageContext
from vocab import plan as words
from vocab.clock import now_wib
from vocab.document import cover_lines
from vocab.periods import previous_period

UNIT_TABLE = {  # on a phone the pinned unit and its barrier are in view; the rest scrolls
    "unit": Column("Unit kerja", width=180, pin=True), "barrier": Column("Hambatan", width=150),
    "barrier_source": Column("Asal hambatan", width=180), "agency": Column("OPD", width=200),
    "region": Column("Daerah", width=150), "expected": Column("Wajib lapor", "int"),
    "resistance_index": Column("Indeks resistensi", "dec2"), "status": Column("Status resistensi"),
    "approach": Column("Saran pendekatan", width=420), "approach_source": Column("Sumber pendekatan", width=220),
    "belum_pernah_n": Column("Belum pernah mengisi", "int"), "hanya_draf_n": Column("Hanya draf", "int"),
    "berhenti_n": Column("Berhenti melapor", "int"), "to_invite_n": Column("Diajak berdiskusi", "int"),
    "champions_n": Column("Teladan sebaya", "int"), "survey_note": Column("Catatan survei", width=220),
}
CHAMPION_TABLE = {
    "plan_unit": Column("Untuk unit", width=200, pin=True), "name": Column("Nama"), "nip": Column("NIP"),
    "unit": Column("Unit teladan"), "source": Column("Asal"), "category": Column("Kategori Rogers"),
    "first_active_date": Column("Pertama melapor", "date"),
}
INVITE_TABLE = {
    "unit": Column("Unit kerja", width=180, pin=True), "name": Column("Nama", width=180),
    "invitation": Column("Ajakan", width=360), "behaviour_label": Column("Yang terlihat di e-Kinerja", width=220),
    "last_active": Column("Terakhir aktif"), "nip": Column("NIP"),
}
APPROACH_TABLE = {"hambatan": Column("Hambatan"), "pendekatan": Column("Pendekatan", width=520),
                  "sumber": Column("Sumber", width=260)}
WORK_LIST = "Daftar kerja pendampingan"


@st.cache_data(ttl=3600, show_spinner=False, max_entries=64)
def plan(url: str, chosen: Filters, version: tuple, viewer: Scope) -> pipeline.Plan:
    """The view's plan (pipeline.plan), the survey's previous wave looked for in the period before; in a
    view of one unit, champions are looked for in its whole agency (as far as the viewer's scope goes); the
    survey guarded as Adopsi Perubahan guards it (ui.views.adoption.adkar: the view one level up)."""
    inputs = data.inputs(url, chosen.scope, chosen.year, chosen.period, version)
    before = data.inputs(url, chosen.scope, *previous_period(chosen.year, chosen.period), version)
    peers = None
    if chosen.unit_ids:
        peers = data.inputs(url, peer_scope(url, chosen, version, viewer), chosen.year, chosen.period, version)
    parent = data.inputs(url, levels.parent_scope(url, chosen, version, viewer), chosen.year, chosen.period, version)
    return pipeline.plan(inputs, before, peers, parent)


def peer_scope(url: str, chosen: Filters, version: tuple, viewer: Scope) -> Scope:
    """Where the view's champions are found: the view itself, or in a view of one unit its whole agency as
    far as the viewer's scope goes (never wider). Their names are read in this same span."""
    return levels.parent_scope(url, chosen, version, viewer) if chosen.unit_ids else chosen.scope


def approaches(url: str, chosen: Filters, version: tuple) -> pd.DataFrame:
    """The barrier → approach table in force (the setting plan_approaches)."""
    return pd.DataFrame(data.inputs_for(url, chosen, version).settings["plan_approaches"])


ON_SCREEN_ONLY_ELSEWHERE = ("approach", "approach_source")  # on screen in the cards per barrier


def unit_columns(made: pipeline.Plan) -> dict[str, Column]:
    """The unit table's columns on screen: OPD and region only where the plan spans several of them;
    the approach is in the cards per barrier above it (the work list has it in every row)."""
    hidden = {*ON_SCREEN_ONLY_ELSEWHERE, *(() if len(made.agencies) > 1 else ("agency",)),
              *(() if made.several_regions else ("region",))}
    return {k: c for k, c in UNIT_TABLE.items() if k not in hidden}


def named(frame: pd.DataFrame, ctx: PageContext, chosen: Filters, unit: str = "unit") -> pd.DataFrame:
    """Per-person rows with names and NIPs as this viewer may see them, by unit and name (an order to
    read by, never a ranking of people)."""
    return levels.with_names(frame, ctx, chosen).sort_values([unit, "name"], kind="stable", na_position="last")


def named_champions(made: pipeline.Plan, ctx: PageContext, chosen: Filters) -> pd.DataFrame:
    """The champions with their names, read in the span they were found in (peer_scope: in a view of one
    unit, its agency's other units too, within the viewer's scope)."""
    return named(made.champions, ctx, replace(chosen, scope=peer_scope(ctx.url, chosen, ctx.version, ctx.scope)),
                 "plan_unit")


def work_list(made: pipeline.Plan, ctx: PageContext, chosen: Filters, agency_id: int) -> list[Table]:
    """The agency's work list as tables: its plan units, and, for viewers allowed to see names, the
    champions and the staff to invite by name (else the counts in the unit table stand alone)."""
    part = made.for_agency(agency_id)
    tables = [Table("Rencana per unit", part.units, {k: c for k, c in UNIT_TABLE.items()
                                                      if k not in ("agency", "region")})]
    if levels.staff_names_allowed(ctx):
        tables.append(Table("Teladan sebaya", named_champions(part, ctx, chosen), CHAMPION_TABLE))
        tables.append(Table("Diajak berdiskusi", named(part.invitations, ctx, chosen), INVITE_TABLE))
    tables.append(Table("Pendekatan per hambatan", approaches(ctx.url, chosen, ctx.version), APPROACH_TABLE))
    return tables


def work_list_book(made: pipeline.Plan, ctx: PageContext, chosen: Filters, agency_id: int) -> dict:
    """The work list's sheets, cover lines and title: data_access.workbook.to_excel's arguments (the
    page writes it there, the one writer that neutralises formulas)."""
    agency = made.agencies[agency_id]
    labels = [*chosen.labels, ("OPD daftar kerja", agency)]
    cover = cover_lines(words.PAGE_TITLE, labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version),
                        now_wib())
    return {"tables": work_list(made, ctx, chosen, agency_id), "cover": cover, "title": f"{WORK_LIST} · {agency}"}
