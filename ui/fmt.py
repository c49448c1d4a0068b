"""Numbers and dates the Indonesian way (1.234,5; 28 November 2026: vocab.formats, which the brief
shares); and values from data (names, file names, messages) made safe to place in Streamlit Markdown
(`literal`)."""
from __future__ import annotations

import re

from vocab.formats import LOCALE, day, moment, number, percent, until  # noqa: F401 (the pages format through ui.fmt)

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


def literal(value) -> str:
    """A value from data (an agency, unit or staff name, a file name, a message that quotes them) as
    Streamlit Markdown that shows exactly its text: every punctuation character backslash-escaped and
    line breaks turned into spaces, so no bold, link, formula, colour or heading comes out of it. Use
    it wherever such a value goes into st.markdown, st.caption, st.info/success/warning/error,
    headers, or a button, metric or page-link label; plain-text places (tables, chart data, selectbox
    options) take the value as it is."""
    text = _LINE_BREAK.sub(" ", "" if value is None else str(value))
    return _PUNCTUATION.sub(lambda m: _ESCAPED.get(m[1], "\\" + m[1]), text)
