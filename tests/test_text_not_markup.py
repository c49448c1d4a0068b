"""Values from data (agency, unit, staff and file names, messages quoting them) are shown as text on the
pages, never read as Markdown: ui.fmt.literal, and the pages that place names in breadcrumbs, captions
and messages."""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import select, update

from data_access.db import get_engine
from data_access.models import Agency, AppUser, Region, Unit
from data_access.org_changes import rename_agency, rename_unit
from data_access.schema import ensure_schema
from data_access.users import Grant, add_user
from tests.conftest import FIXTURES
from tests.pages import choose, open_as, shown
from ui import fmt

EVIL = "**Dinas** [klik](https://evil.example) $x^2$ :red[merah]"
EVIL_UNIT = "_Bidang_ `kode` <b>tebal</b> www.evil.example # judul"
EVIL_PERSON = "Kepala ~~coret~~ | a@evil.example :material/home:"
LAMTENG = "Kabupaten Lampung Tengah"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
# What the names above would turn into if read as Markdown: each raw fragment below survives only
# unescaped (a link, bold, a formula, a colour, code, HTML, an autolink, strike-through, an icon).
LIVE = ("**Dinas**", "](https", "$x^2$", ":red[", "`kode`", "<b>", "_Bidang_", "https://", "www.evil",
        "@evil.example", "~~coret~~", ":material/home:")


def _live_markup(text: str) -> list[str]:
    found = [fragment for fragment in LIVE if fragment in text]
    return found + re.findall(r"(?<!\\)# judul", text)


# --- the helper -----------------------------------------------------------------------------------
def test_literal_escapes_every_construct_of_the_example():
    assert fmt.literal(EVIL) == (
        "\\*\\*Dinas\\*\\* \\[klik\\]\\(https\\:\u2060\\/\\/evil\u2060\\.example\\) \\$x\\^2\\$ "
        "\\:\u2060red\\[merah\\]")
    assert _live_markup(fmt.literal(EVIL)) == [] and _live_markup(EVIL)
    assert fmt.literal("Dinas Kesehatan") == "Dinas Kesehatan"  # plain names are left as they are
    assert fmt.literal(None) == "" and fmt.literal(12) == "12"


def test_literal_keeps_a_value_on_one_line():
    assert fmt.literal("Dinas\n# Judul\r\n- daftar") == "Dinas \\# Judul \\- daftar"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\u2060\x85\u2028\u2029")))
def test_literal_escapes_every_punctuation_mark_and_reads_back_as_the_value(value):
    escaped = fmt.literal(value)
    assert shown(escaped) == value
    bare = escaped.replace("\u2060", "")
    # Every ASCII punctuation character is preceded by a backslash (an escaped backslash counts once).
    i = 0
    while i < len(bare):
        if bare[i] == "\\":
            assert i + 1 < len(bare) and re.fullmatch(r"[!-/:-@\[-`{-~]", bare[i + 1]), (value, escaped)
            i += 2
            continue
        assert not re.fullmatch(r"[!-/:-@\[-`{-~]", bare[i]), (value, escaped)
        i += 1
    # Nothing an autolink, a shortcode or a directive needs is left whole: ':' and '@' are followed,
    # '.' preceded, by the invisible joiner.
    assert not re.search(r"\\[:@](?!\u2060)|(?<!\u2060)\\\.", escaped)


# --- pages ----------------------------------------------------------------------------------------
@pytest.fixture
def evil_names(demo_url):
    """The demo with Disdukcapil Lampung Tengah, one of its units and its head's display name renamed
    to Markdown-laden text (the agency and unit through the organisation-change path)."""
    engine = get_engine(demo_url)
    with engine.begin() as conn:
        agency_id = conn.execute(select(Agency.id).join(Region, Region.id == Agency.region_id)
                                 .where(Agency.name == DUKCAPIL, Region.name == LAMTENG)).scalar_one()
        unit_id = conn.execute(select(Unit.id).where(Unit.agency_id == agency_id).order_by(Unit.id)).scalars().first()
        rename_agency(conn, agency_id, EVIL, date(2026, 1, 1))
        rename_unit(conn, unit_id, EVIL_UNIT, date(2026, 1, 1))
        conn.execute(update(AppUser).where(AppUser.username == "kadis.dukcapil.lamteng")
                     .values(display_name=EVIL_PERSON))
    return demo_url


def _markdown_values(at) -> list[str]:
    """Every piece of the page Streamlit renders as Markdown, and its button and metric labels."""
    values = [e.value for kind in ("markdown", "caption", "info", "success", "warning", "error", "title",
                                   "header", "subheader") for e in getattr(at, kind)]
    return values + [b.label for b in at.button] + [m.label for m in at.metric]


def test_names_in_breadcrumbs_captions_and_messages_are_text(evil_names):
    at = open_as("kadis.dukcapil.lamteng", "pages/pelayanan_publik.py")
    at = choose(at, "f_agency", f"{EVIL} — {LAMTENG}")
    at = choose(at, "f_unit", EVIL_UNIT)
    assert not at.exception
    crumbs = {b.key: b.label for b in at.button if b.key and b.key.startswith("crumb_")}
    assert crumbs == {"crumb_0": "Seluruh cakupan", "crumb_1": fmt.literal(EVIL), "crumb_2": fmt.literal(EVIL_UNIT)}
    # The unit view says whose figures it shows: the agency's name, in bold, as text.
    assert any(f"**{fmt.literal(EVIL)}**" in i.value for i in at.info)
    assert any(fmt.literal(EVIL_PERSON) in c.value for c in at.sidebar.caption)
    rendered = _markdown_values(at)
    assert [(v, _live_markup(v)) for v in rendered if _live_markup(v)] == []
    assert any(shown(v) == EVIL for v in rendered)  # the reader sees the name exactly


def test_the_drill_down_caption_of_another_page_shows_the_name_as_text(evil_names):
    at = open_as("kadis.dukcapil.lamteng", "pages/kinerja_pegawai.py")
    at = choose(at, "f_agency", f"{EVIL} — {LAMTENG}")
    assert not at.exception
    assert at.button(key="crumb_1").label == fmt.literal(EVIL)
    assert [(v, _live_markup(v)) for v in _markdown_values(at) if _live_markup(v)] == []


def test_the_upload_pages_messages_show_new_agency_and_file_names_as_text(sqlite_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    with engine.begin() as conn:
        add_user(conn, "analis", "Analis", "analis", "sandi-uji-panjang", [Grant(region="Provinsi Lampung")])
    content = (FIXTURES / "siasn_data_asn.csv").read_text(encoding="utf-8")
    content = content.replace("DINAS KESEHATAN PROVINSI LAMPUNG", EVIL).replace(";Dinkes;", f";{EVIL};")
    file_name = "[berkas](https://evil.example).csv"
    at = open_as("analis", "pages/unggah_data.py", password="sandi-uji-panjang")
    at.file_uploader(key="unggah_berkas").set_value((file_name, content.encode(), "text/csv")).run()
    assert not at.exception
    checked = next(s.value for s in at.success if s.value.startswith("Tidak ada galat."))
    assert fmt.literal(file_name) in checked and fmt.literal(EVIL) in checked
    at.button(key="unggah_simpan").click().run()
    assert not at.exception
    done = next(s.value for s in at.success if "diimpor dengan nomor impor" in s.value)
    assert done.startswith(fmt.literal(file_name)) and fmt.literal(EVIL) in done
    assert f"{EVIL} (Provinsi Lampung)" in shown(done)  # the new agency, named as in the file
    assert [(v, _live_markup(v)) for v in _markdown_values(at) if _live_markup(v)] == []
