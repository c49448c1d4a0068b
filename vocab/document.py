"""The shape of a document the product hands out: a cover of label/value lines, then sections of
sentences, tables and figures, all already written as text or drawn as pictures. metrics.brief writes
its content in this shape (its charts come drawn, from ui.charts.brief), data_access.pdf lays it out
on paper; neither needs the other. The cover lines of every download (the
Excel workbook's cover sheet, the PDF's cover) are made here, once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from vocab.formats import moment
from vocab.kinds import KINDS


@dataclass(frozen=True)
class TextTable:
    """A table as text: headers, rows of cells, each column's share of the width, and which columns
    hold numbers (right-aligned)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative; the writer scales them to the page
    numeric: frozenset[int] = frozenset()

    def __post_init__(self):
        if len(self.widths) != len(self.headers) or any(len(r) != len(self.headers) for r in self.rows):
            raise ValueError("every row and the widths must have one entry per header")


@dataclass(frozen=True)
class Figure:
    """A chart already drawn: PNG bytes `pixel_ratio` times as many pixels as its CSS size (a chart
    640 px wide drawn at 2 is 1.280 pixels wide)."""

    png: bytes
    pixel_ratio: float

    @property
    def size(self) -> tuple[float, float]:
        """Its CSS size in pixels (width, height), read from the PNG's header."""
        if self.png[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError("a figure is a PNG image")
        width, height = int.from_bytes(self.png[16:20], "big"), int.from_bytes(self.png[20:24], "big")
        return width / self.pixel_ratio, height / self.pixel_ratio


@dataclass(frozen=True)
class Section:
    """A titled part of a document: an introduction, sentences (one per line, bulleted), a figure, a
    table and a closing note, each optional. A level-1 section after the first starts on a new page when
    `new_page` is set."""

    title: str
    level: int = 1  # 1: a part of the document; 2: a heading inside the part before it
    intro: str = ""
    sentences: tuple[str, ...] = ()
    table: TextTable | None = None
    note: str = ""
    figure: Figure | None = None
    new_page: bool = False


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    cover: tuple[tuple[str, str], ...]  # (label, value) lines under the title
    sections: tuple[Section, ...]
    footer: str = ""  # on every page, beside the page number


def cover_lines(page_title: str, labels, user: str, freshness: pd.DataFrame, when: datetime) -> list[tuple[str, str]]:
    """A download's cover: page, filters, who and when, then each kind's last import (freshness: the
    frame data_access.reads.freshness returns)."""
    lines = [("Halaman", page_title), *labels, ("Diunduh oleh", user), ("Waktu unduh", moment(when))]
    fresh = freshness.set_index("kind") if not freshness.empty else freshness
    for name, kind in KINDS.items():
        last = fresh.at[name, "last_import"] if name in getattr(fresh, "index", ()) else None
        lines.append((f"Impor terakhir: {kind.label}", moment(pd.Timestamp(last).to_pydatetime()) if last is not None
                      else "belum ada"))
    return lines
