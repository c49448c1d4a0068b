"""Numbers and dates the Indonesian way (1.234,5; 28 November 2026), through Babel; and values from
data (names, file names, messages) made safe to place in Streamlit Markdown (`literal`)."""
from __future__ import annotations

import re
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "id_ID"

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and between them they
# start every construct Streamlit's Markdown knows (bold, links, code, headings, lists, tables, HTML,
# KaTeX `$`, `:red[…]` directives).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
# Streamlit also turns text into links and pictures after the escapes are read (GFM autolinks of
# https://…, www.… and e-mail addresses; :streamlit: and :emoji: shortcodes): an invisible word joiner
# after every ':' and '@' and before every '.' breaks those patterns without changing what is seen.
_JOINER = "\u2060"
_ESCAPED = {":": f"\\:{_JOINER}", "@": f"\\@{_JOINER}", ".": f"{_JOINER}\\."}


def number(value, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5'; missing -> '–'."""
    if value is None or value != value:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share, decimals: int = 1) -> str:
    """0.256 -> '25,6%'; missing -> '–'."""
    if share is None or share != share:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=LOCALE).replace("\xa0", "")


def day(value: date | datetime | None) -> str:
    """date -> '28 November 2026'."""
    if value is None:
        return "–"
    return format_date(value, format="d MMMM y", locale=LOCALE)


def moment(value: datetime | None) -> str:
    """datetime -> '28 November 2026 10.37 WIB'."""
    if value is None:
        return "–"
    return format_datetime(value, format="d MMMM y HH.mm", locale=LOCALE) + " WIB"


def until(value: datetime | None) -> str:
    """The moment a figure is measured to: 'akhir 30 September 2026' for the end of a day (a finished
    period), else the moment itself ('28 November 2026 10.37 WIB', a running one)."""
    if value is None:
        return "–"
    if (value.hour, value.minute, value.second) == (23, 59, 59):
        return f"akhir {day(value)}"
    return moment(value)


def literal(value) -> str:
    """A value from data (an agency, unit or staff name, a file name, a message that quotes them) as
    Streamlit Markdown that shows exactly its text: every punctuation character backslash-escaped and
    line breaks turned into spaces, so no bold, link, formula, colour or heading comes out of it. Use
    it wherever such a value goes into st.markdown, st.caption, st.info/success/warning/error,
    headers, or a button, metric or page-link label; plain-text places (tables, chart data, selectbox
    options) take the value as it is."""
    text = _LINE_BREAK.sub(" ", "" if value is None else str(value))
    return _PUNCTUATION.sub(lambda m: _ESCAPED.get(m[1], "\\" + m[1]), text)
