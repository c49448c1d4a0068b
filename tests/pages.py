"""AppTest helpers for the pages: open a page and sign in on it (each page draws the sign-in form for
someone not signed in, as a shared link opens; see ../shared/stack.md on AppTest and `pages/`)."""
from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from data_access.bootstrap import DEMO_PASSWORD
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def open_as(username: str, page: str | None = None, password: str = DEMO_PASSWORD, timeout: float = 60) -> AppTest:
    """An AppTest signed in as `username`, showing `page` (e.g. "pages/kinerja_pegawai.py"; the landing
    page without one). The page is opened first and the sign-in made on its own form, so the landing
    page (Ringkasan, about 2 s of CPU with cold caches) is not drawn on the way; signing in on the landing
    page and then following a link is tests/test_app.py's and the browser tests' flow."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    if page:
        at.switch_page(page).run()
    at.text_input(key="login_user").input(username)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def choose(at: AppTest, key: str, label: str) -> AppTest:
    """Pick an option of a shared filter by its shown label (e.g. "Kabupaten Lampung Selatan")."""
    box = at.selectbox(key=key)
    options = box.options
    assert label in options, f"{label!r} not offered by {key}: {options}"
    return box.select_index(options.index(label)).run()


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """Markdown made of ui.fmt.literal pieces as the reader sees it: backslash escapes and the invisible
    word joiners removed (for comparing a message with the text it quotes)."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")
