"""'Unduh ringkasan (PDF)' on Ringkasan and on each signal page: the brief of the page's view
(metrics.brief, with each signal page's key chart from ui.charts.brief), laid out by data_access.pdf
when clicked, with the workbook's cover lines, and audited like every download. One button, one file:
the same brief wherever it is downloaded, the cover naming the page it came from."""
from __future__ import annotations

import streamlit as st

from data_access import pdf
from metrics.brief_document import document, scope_text
from ui import data, export, tables
from ui.charts import brief as brief_charts
from ui.views.summary import brief_charts_view, brief_view
from vocab.clock import now_wib
from vocab.document import cover_lines

LABEL = "Unduh ringkasan (PDF)"
STEM = "Ringkasan"  # the file's name, whichever page it comes from


def content(ctx, chosen, page_title: str, when) -> bytes:
    """The brief of the view as PDF bytes, its cover naming `page_title`, the viewer and `when`."""
    brief_charts.warm()
    cover = cover_lines(page_title, chosen.labels, ctx.user.display_name, data.freshness(ctx.url, ctx.version), when)
    scope = scope_text(data.inputs_for(ctx.url, chosen, ctx.version).agencies)
    return pdf.to_pdf(document(brief_view(ctx.url, chosen, ctx.version), scope, cover,
                               brief_charts_view(ctx.url, chosen, ctx.version)))


def button(ctx, chosen, page_title: str) -> None:
    """The download button; the file is built (and the download audited) only when it is clicked."""
    when = now_wib()
    st.download_button(
        LABEL, icon=":material/picture_as_pdf:", on_click="ignore", key="unduh_ringkasan",
        data=tables.audited(lambda: content(ctx, chosen, page_title, when), "Unduh ringkasan", format="pdf"),
        file_name=f"{export.file_stem(STEM, when)}.pdf", mime="application/pdf")
