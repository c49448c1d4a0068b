"""DATABASE_READ_URL: the pages read their figures from a read-only database (a replica in production),
while sign-in, the audit log and every write go to DATABASE_URL. Checked on PostgreSQL with a role that
may only SELECT, in read-only transactions, on a second copy of the demo standing in for the replica:
a page that wrote through the read URL would fail, and a figure read from the primary would show the
name given there only."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from data_access.db import dispose_all, get_engine
from tests.conftest import PG_SKIP_REASON, PG_URL, demo_database
from tests.pages import open_as

pytestmark = pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)

READ_PAGES = ["pages/kinerja_pegawai.py", "pages/pengembangan_kompetensi.py", "pages/pelayanan_publik.py",
              "pages/adopsi_perubahan.py", "pages/rencana_pendampingan.py", "pages/kelengkapan_data.py",
              "pages/tentang_data.py"]
PRIMARY_ONLY = "Nama Hanya Di Basis Data Utama"


def _schema(url: str) -> str:
    return url.rsplit("%3D", 1)[1]


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """(primary URL, read URL): the tiny demo twice; the read URL a SELECT-only role on the second copy.
    One agency is renamed in the primary alone."""
    with demo_database("postgresql", tmp_path_factory) as (primary, _), \
            demo_database("postgresql", tmp_path_factory) as (replica, _):
        role = f"pembaca_{os.getpid()}"
        schema = _schema(replica)
        with get_engine(PG_URL).begin() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {role}"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}"))
            conn.execute(text(f"ALTER ROLE {role} SET default_transaction_read_only = on"))
        with get_engine(primary).begin() as conn:
            renamed = conn.execute(text("SELECT agency_id FROM employee GROUP BY agency_id "
                                        "ORDER BY count(*) DESC, agency_id LIMIT 1")).scalar()
            conn.execute(text("UPDATE agency SET name = :n WHERE id = :i"), {"n": PRIMARY_ONLY, "i": renamed})
        scheme, rest = replica.split("://", 1)
        reader = f"{scheme}://{role}@{rest.split('@', 1)[1]}"
        try:
            yield primary, reader
        finally:
            dispose_all()
            with get_engine(PG_URL).begin() as conn:
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE IF EXISTS {role}"))


def test_the_read_role_cannot_write(databases):
    _, reader = databases
    with pytest.raises(Exception, match="read-only|permission denied"):
        with get_engine(reader).begin() as conn:
            conn.execute(text("UPDATE agency SET name = 'x'"))


def test_pages_read_their_figures_from_the_read_url_and_write_to_the_primary(databases, monkeypatch):
    primary, reader = databases
    monkeypatch.setenv("DATABASE_URL", primary)
    monkeypatch.setenv("DATABASE_READ_URL", reader)
    with get_engine(primary).connect() as conn:
        logins_before = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login'")).scalar()
    at = open_as("gubernur")
    assert not at.exception, at.exception
    seen = [m.value for m in at.markdown] + [str(d.value) for d in at.dataframe]
    assert at.metric, "Ringkasan shows its tiles"
    for page in READ_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        seen += [m.value for m in at.markdown] + [d.value.to_csv() for d in at.dataframe]
    shown = "\n".join(seen)
    assert PRIMARY_ONLY not in shown  # every figure and name came from the read URL
    with get_engine(primary).connect() as conn:  # the sign-in was recorded in the primary
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'login'")).scalar() == logins_before + 1


def test_without_a_read_url_the_pages_read_the_primary(databases, monkeypatch):
    """The control for the test above: with DATABASE_READ_URL unset, the primary's name is shown."""
    primary, _ = databases
    monkeypatch.setenv("DATABASE_URL", primary)
    monkeypatch.delenv("DATABASE_READ_URL", raising=False)
    at = open_as("gubernur", "pages/kinerja_pegawai.py")
    assert not at.exception, at.exception
    shown = "\n".join([m.value for m in at.markdown] + [d.value.to_csv() for d in at.dataframe])
    assert PRIMARY_ONLY in shown
