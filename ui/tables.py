"""Tables and charts on a page, each with its downloads (CSV, Excel; PNG for charts), and the one
"unduh laporan" workbook of everything the current view shows."""
from __future__ import annotations

from contextlib import contextmanager

import pandas as pd
import streamlit as st

from data_access import workbook
from data_access import audit
from vocab.clock import now_wib
from vocab.document import cover_lines
from data_access.db import get_engine
from ui import export, fmt
from data_access.workbook import Column, Table

_VIEW = "_view_tables"
_EXPORTER = "_export_audit"  # who downloads, from which page and view: every download is audited
# Above this many cells a table is shown with Streamlit's own number format, not the styled one.
_STYLED_CELLS = 60_000
MISSING = "–"  # what an empty cell shows, on screen (the grid's placeholder and the Styler's na_rep)
_FORMATTERS = {
    "int": lambda v: fmt.number(v),
    "dec1": lambda v: fmt.number(v, 1),
    "dec2": lambda v: fmt.number(v, 2),
    "pct": lambda v: fmt.percent(v),
    "date": lambda v: fmt.day(pd.Timestamp(v).date()) if pd.notna(v) else MISSING,
}


def reset_view(url: str | None = None, user: str | None = None, page: str = "") -> None:
    """Called once per run by the page shell: the view's tables start empty, and downloads are audited
    as this user on this page (see audited)."""
    st.session_state[_VIEW] = []
    st.session_state[_EXPORTER] = {"url": url, "user": user, "page": page, "filters": {}}


def set_filters(labels) -> None:
    """The view's filters (label, value), recorded with every download of this run."""
    st.session_state.setdefault(_EXPORTER, {})["filters"] = dict(labels)


def audited(make, what: str, **detail):
    """The data callable of a download button: builds the file when the user clicks, and appends an
    `export` row to the audit log (who, which page, which filters, what) before handing it over, so no
    file leaves unrecorded. Runs outside the script (Streamlit's deferred download)."""
    context = dict(st.session_state.get(_EXPORTER) or {})

    def build():
        content = make()
        if context.get("user"):
            audit.record_now(get_engine(context["url"]), context["user"], "export", True, what=what,
                             page=context.get("page"), filters=context.get("filters", {}), **detail)
        return content

    return build


def _view() -> list[Table]:
    return st.session_state.setdefault(_VIEW, [])


def _styled(table: Table, status_of: dict[str, str] | None = None):
    shown = table.shown()
    # A column with no value at all is drawn by the grid as "None" whatever the Styler says: give it
    # the dash as text (it has nothing to sort by anyway).
    empty = list(shown.columns[shown.isna().all().to_numpy()]) if len(shown) else []
    for label in empty:
        shown[label] = pd.Series(MISSING, index=shown.index, dtype=object)
    if shown.size > _STYLED_CELLS:
        config = _column_config(table) or {}
        config |= {c.label: st.column_config.NumberColumn(c.label, format="localized", **_layout(table, c))
                   for c in table.columns.values() if c.kind in ("int", "dec1", "dec2")}
        config |= {c.label: st.column_config.NumberColumn(c.label, format="percent", **_layout(table, c))
                   for c in table.columns.values() if c.kind == "pct"}
        return shown, config
    formats = {c.label: _FORMATTERS[c.kind] for c in table.columns.values()
               if c.kind in _FORMATTERS and c.label not in empty}
    config = _column_config(table)
    # Every empty cell is "–", in text columns too (never Python's None or nan on screen).
    styler = shown.style.format(na_rep=MISSING).format(formats, na_rep=MISSING)
    for value_col, status_col in (status_of or {}).items():
        label = table.columns[value_col].label
        colours = table.frame[status_col].map(lambda s: f"background-color: {workbook.STATUS_TINTS[s]}" if s in workbook.STATUS_TINTS else "")
        styler = styler.apply(lambda _col, c=colours.to_numpy(): c, subset=[label])
    return styler, config


# The width of a pinned name column when its Column sets none: on a 390 px phone the name and the
# figure next to it are in view; the rest scrolls sideways under the pinned name.
PINNED_WIDTH = "medium"
# A row height at which the grid wraps text cells (Streamlit wraps above 4rem): up to three lines.
WRAPPING_ROW = 70


def pinned(table: Table, column: Column) -> bool:
    """Whether a column stays in view while the others scroll: as its Column says, else the first
    column when it holds text (what a row is read by) and others follow it."""
    if column.pin is not None:
        return column.pin
    first = next(iter(table.columns.values()))
    return column is first and column.kind == "text" and len(table.columns) > 2


def _layout(table: Table, column: Column) -> dict:
    """A column's width, pinning and header help, as st.column_config takes them."""
    pin = pinned(table, column)
    width = column.width if column.width is not None else (PINNED_WIDTH if pin else None)
    return {"width": width, "pinned": True if pin else None, "help": column.help}


_WIDTH_PX = {"small": 75, "medium": 200, "large": 400}
_CHAR_PX = 7  # an average character of the grid's 14 px font


def wraps(table: Table) -> bool:
    """Whether a pinned column holds a name longer than its width: then rows are made tall enough for
    the grid to wrap it, so two long names that start alike are never cut to the same words."""
    for name, column in table.columns.items():
        layout = _layout(table, column)
        if not layout["pinned"] or column.kind != "text":
            continue
        width = _WIDTH_PX.get(layout["width"], layout["width"])
        values = table.frame[name]
        longest = int(values.astype(str).str.len().max()) if len(values) else 0
        if isinstance(width, int) and longest * _CHAR_PX + 16 > width:
            return True
    return False


def _column_config(table: Table) -> dict | None:
    config = {}
    for column in table.columns.values():
        layout = _layout(table, column)
        if any(v is not None for v in layout.values()):
            config[column.label] = st.column_config.Column(column.label, **layout)
    return config or None


def grid(data, key: str, **dataframe_kwargs):
    """A plain table (no downloads, not kept for the view's report: upload previews, problem lists,
    reference lists) drawn as every table is: full width, no index, a missing cell as MISSING, not the
    grid's own "None"."""
    return st.dataframe(data, hide_index=True, width="stretch", key=key, placeholder=MISSING, **dataframe_kwargs)


def show(title: str, frame: pd.DataFrame, columns: dict[str, Column], key: str, *,
         height: int | str = "auto", downloads: bool = True, status_of: dict[str, str] | None = None,
         **dataframe_kwargs):
    """Draw a table (numbers in Indonesian form, sortable by value) with CSV and Excel downloads, and
    keep it for the view's report. `status_of` tints value columns by a status column (catalogue
    statuses). Returns st.dataframe's value (a selection when on_select is set)."""
    table = Table(title, frame.reset_index(drop=True), columns, status_of)
    _view().append(table)
    body, config = _styled(table, status_of)
    if "row_height" not in dataframe_kwargs and wraps(table):
        dataframe_kwargs["row_height"] = WRAPPING_ROW
    # The grid draws a missing value as "None" whatever the Styler says (seen in a browser, Streamlit
    # 1.67): its own placeholder makes it the dash too.
    result = st.dataframe(body, hide_index=True, width="stretch", height=height, key=key,
                          column_config=config, placeholder=MISSING, **dataframe_kwargs)
    if downloads and not frame.empty:
        stem = export.file_stem(title, now_wib())
        c1, c2, _ = st.columns([1, 1, 4])
        rows = len(table.frame)
        c1.download_button("CSV", data=audited(lambda: workbook.to_csv(table), title, format="csv", rows=rows),
                           file_name=f"{stem}.csv", mime="text/csv",
                           key=f"{key}_csv", icon=":material/download:", on_click="ignore")
        c2.download_button("Excel", data=audited(lambda: workbook.to_excel([table]), title, format="xlsx", rows=rows),
                           file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_xlsx", icon=":material/download:", on_click="ignore")
    return result


def chart(builder, *args, key: str, title: str, width: str | int = "stretch", on_select="ignore",
          selection_mode=None, **builder_kwargs):
    """Draw the Altair chart `builder(*args, **builder_kwargs)` with a PNG download (rendered on the
    server only when asked for). The chart's Vega-Lite spec is cached by the builder and its arguments,
    so a warm rerun neither rebuilds nor re-validates it (that was most of a warm rerun's time)."""
    spec = _spec(builder, f"{builder.__module__}.{builder.__qualname__}", args, builder_kwargs)
    result = st.vega_lite_chart(spec=spec, width=width, key=key, on_select=on_select, selection_mode=selection_mode)
    labels = tuple((st.session_state.get(_EXPORTER) or {}).get("filters", {}).items())
    picture = lambda: _png(export.chart_for_file(builder(*args, **builder_kwargs), title, labels, now_wib()))  # noqa: E731
    st.download_button("PNG", data=audited(picture, title, format="png"),
                       file_name=f"{export.file_stem(title, now_wib())}.png", mime="image/png", key=f"{key}_png",
                       icon=":material/image:", on_click="ignore")
    return result


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _spec(_builder, name: str, args: tuple, builder_kwargs: dict) -> dict:
    """The spec as st.altair_chart would send it (data as Arrow datasets), built once per distinct
    builder (by its `name`) and arguments, and not validated against the Vega-Lite schema here: that
    took half of a chart's build, and the tests validate every builder's output (`.to_dict()`).
    Streamlit's Arrow transformer is private API; requirements.txt pins Streamlit, and
    tests/test_charts_cached.py fails if it moves."""
    import altair as alt
    from streamlit.elements.vega_charts import _altair_globals_lock, _to_arrow_dataset

    chart = _builder(*args, **builder_kwargs)
    datasets: dict = {}
    alt.data_transformers.register("to_arrow_dataset", _to_arrow_dataset)
    with _altair_globals_lock, alt.theme.enable("none"), alt.data_transformers.enable("to_arrow_dataset",
                                                                                      datasets=datasets):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def _png(altair_chart) -> bytes:
    import altair as alt
    import vl_convert

    with alt.data_transformers.disable_max_rows():
        return vl_convert.vegalite_to_png(altair_chart.to_dict(), scale=2)


def report_button(page_title: str, labels, user: str, freshness: pd.DataFrame) -> None:
    """"Unduh laporan": one workbook of every table this run showed, with a cover sheet. Place it after
    the tables (it takes those drawn before it)."""
    tables = list(_view())
    if not tables:
        return
    when = now_wib()
    st.download_button(
        "Unduh laporan (Excel)", type="primary", icon=":material/summarize:", on_click="ignore", key="unduh_laporan",
        data=audited(lambda: workbook.to_excel(tables, cover_lines(page_title, labels, user, freshness, when),
                                             title=f"{page_title} · Dasbor Kinerja ASN Lampung"),
                     "Unduh laporan", format="xlsx", tables=[t.title for t in tables]),
        file_name=f"{export.file_stem(page_title, when)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@contextmanager
def sideways(key: str):
    """A container that scrolls sideways when its content is wider than the screen (a chart drawn at its
    own width, one readable column per month or element, on a phone)."""
    st.html(f"<style>.st-key-{key} {{ overflow-x: auto; }}</style>")
    with st.container(key=key):
        yield
