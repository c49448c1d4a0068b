"""KPI tiles: a catalogue metric's value, its target, a direction-aware status and the change since the
previous period."""
from __future__ import annotations

import streamlit as st

from vocab.catalogue import ACT, CATALOGUE, ON_TRACK, WATCH
from vocab.formats import change_text as _change_text, missing as _missing, signed, value_text  # noqa: F401

_BADGE = {ON_TRACK: ("green", ":material/check_circle:"), WATCH: ("orange", ":material/warning:"),
          ACT: ("red", ":material/error:")}

def _unchanged(text: str | None) -> bool:
    """True when the change as shown is zero (no sign): no arrow, no colour."""
    return text is not None and not text.startswith(("+", "-"))

def plain_tile(label: str, value: str, change: float | None = None, decimals: int = 1, help: str | None = None,
               note: str | None = None, lower_is_better: bool = True) -> None:
    """A tile for a figure outside the catalogue (or in another unit than its catalogue entry)."""
    with st.container(border=True):
        delta = None if _missing(change) else signed(change, decimals)
        unchanged = _unchanged(delta)
        st.metric(label, value, delta=delta,
                  delta_color="off" if unchanged else ("inverse" if lower_is_better else "normal"),
                  delta_arrow="off" if unchanged else "auto", help=help,
                  delta_description="sejak periode lalu" if not _missing(change) else None)
        if note:
            st.caption(note)

def tile(metric_id: str, value, previous=None, note: str | None = None, metric=None) -> None:
    """One tile: label, value, change since `previous` (green when it moved the right way), the target
    and the status badge (sesuai target / waspada / perlu tindakan). `metric`: the catalogue entry with
    the target in force (ui.data.metric_for), else the catalogue's default."""
    metric = metric or CATALOGUE[metric_id]
    change = None if _missing(value) or _missing(previous) else value - previous
    with st.container(border=True):
        delta = _change_text(metric_id, change)
        unchanged = _unchanged(delta)
        st.metric(metric.label, value_text(metric_id, value), delta=delta,
                  delta_color="off" if unchanged else ("normal" if metric.higher_is_better else "inverse"),
                  delta_arrow="off" if unchanged else "auto", help=metric.definition,
                  delta_description="sejak periode lalu" if change is not None else None)
        status = metric.status(None if _missing(value) else float(value))
        parts = []
        if metric.target is not None:
            parts.append(f"Target {value_text(metric_id, metric.target)}")
        if note:
            parts.append(note)
        if parts:
            st.caption(" · ".join(parts))
        if status:
            colour, icon = _BADGE[status]
            st.badge(status.capitalize(), color=colour, icon=icon)
        elif _missing(value):
            st.caption("Belum ada data untuk pilihan ini.")
