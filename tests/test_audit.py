"""The audit log: every audited action leaves its row (failures too), nobody can change or delete a
row (not the code, not SQL), and only administrators read it (filters, page, export)."""
import ast
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from data_access import audit
from vocab.clock import now_wib
from data_access.db import get_engine
from data_access.importing.load import import_file
from data_access.importing.problems import ImportRejected
from data_access.importing.rollback import RollbackRefused, rollback_batch
from data_access.settings import save_setting
from data_access.users import Grant, add_user, authenticate, create_session, set_role, sign_out_everywhere
from data_access.authz import NotAllowed
from tests.conftest import FIXTURES, ROOT

PASSWORD = "rahasia-lampung-1"


@pytest.fixture
def engine(db_url):
    engine = get_engine(db_url)
    import_file(engine, FIXTURES / "siasn_data_asn.csv", "pegawai")
    with engine.begin() as conn:
        add_user(conn, "admin.bkd", "Admin BKD", "admin", PASSWORD, [])
        add_user(conn, "analis1", "Analis", "analis", PASSWORD, [Grant(region="Provinsi Lampung")])
    return engine


def rows(engine, action: str) -> list[tuple[str, bool, dict]]:
    with engine.connect() as conn:
        found = conn.execute(text("select user_name, ok, detail from audit_log where action = :a order by id"),
                             {"a": action}).all()
    return [(u, bool(ok), json.loads(d) if d else {}) for u, ok, d in found]


def test_sign_in_ok_and_failed_with_the_name_tried_and_sign_out(engine):
    with engine.begin() as conn:
        user_id = authenticate(conn, "analis1", PASSWORD)
        assert authenticate(conn, "analis1", "salah-sandi-123") is None
        assert authenticate(conn, "penyusup", PASSWORD) is None
        create_session(conn, user_id)
        sign_out_everywhere(conn, user_id, "analis1")
    logins = rows(engine, "login")
    assert [(u, ok) for u, ok, _ in logins] == [("analis1", True), ("analis1", False), ("penyusup", False)]
    assert logins[1][2]["reason"] == "kata sandi salah"
    assert logins[2][2]["reason"] == "nama pengguna tidak dikenal"
    assert rows(engine, "logout") == [("analis1", True, {"sessions": 1})]


def test_imports_and_rollbacks_are_audited_also_when_refused(engine, tmp_path):
    done = import_file(engine, FIXTURES / "penilaian_tw3.csv", "penilaian", user="analis1")
    bad = tmp_path / "rusak.csv"
    bad.write_text("NIP;NAMA\n123;x\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        import_file(engine, bad, "penilaian", user="analis1")
    imports = rows(engine, "import")
    assert imports[-2][:2] == ("analis1", True) and imports[-2][2]["batch"] == done.batch_id
    assert imports[-1][:2] == ("analis1", False)
    assert imports[-1][2]["file"] == "rusak.csv" and imports[-1][2]["problems"] >= 1
    # a dry run (the upload page's validation) is not an import
    with pytest.raises(ImportRejected):
        import_file(engine, bad, "penilaian", user="analis1", dry_run=True)
    assert len(rows(engine, "import")) == len(imports)

    rollback_batch(engine, done.batch_id, user="analis1")
    with pytest.raises(RollbackRefused):
        rollback_batch(engine, done.batch_id, user="analis1")
    assert [(u, ok, d["batch"]) for u, ok, d in rows(engine, "rollback")] == [
        ("analis1", True, done.batch_id), ("analis1", False, done.batch_id)]


def test_setting_and_user_changes_are_audited(engine):
    with engine.begin() as conn:
        save_setting(conn, "min_group_size", 7, "admin.bkd")
        save_setting(conn, "min_group_size", 6, "admin.bkd")  # a stored value changed again: old is kept
        set_role(conn, "analis1", "pimpinan", by="admin.bkd")
    assert rows(engine, "setting") == [("admin.bkd", True, {"setting": "Ukuran kelompok minimal", "key": "min_group_size", "old": None, "new": "7"}),
                                       ("admin.bkd", True, {"setting": "Ukuran kelompok minimal", "key": "min_group_size", "old": "7", "new": "6"})]
    assert rows(engine, "user_role") == [("admin.bkd", True, {"user": "analis1", "role": "pimpinan", "sessions": 0})]


def test_the_database_refuses_to_change_or_delete_audit_rows(engine):
    for statement in ("update audit_log set ok = false", "delete from audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from audit_log")).scalar() > 0


def _code_files():
    for folder in ("data_access", "metrics", "ui", "pages"):
        yield from (ROOT / folder).rglob("*.py")
    yield ROOT / "app.py"


def test_no_code_path_updates_or_deletes_audit_rows():
    """Read every module: no update()/delete() of AuditLog and no UPDATE/DELETE of audit_log in SQL
    (the migration that installs the refusing triggers only names them)."""
    offenders = []
    for path in _code_files():
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "update", "delete") and any(getattr(a, "id", "") == "AuditLog" for a in node.args):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                sql = " ".join(node.value.lower().split())
                if "update audit_log" in sql or "delete from audit_log" in sql:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
    assert not [name for name in vars(audit) if name.startswith(("update", "delete", "remove", "purge"))]


def test_reading_the_log_is_for_administrators_with_filters(engine):
    with engine.begin() as conn:
        authenticate(conn, "analis1", "salah-sandi-123")
        authenticate(conn, "analis1", PASSWORD)
    with engine.connect() as conn:
        with pytest.raises(NotAllowed):
            audit.read_log(conn, "analis1")
        everything = audit.read_log(conn, "admin.bkd")
        failed = audit.read_log(conn, "admin.bkd", user="analis1", action="login", ok=False)
        today = now_wib().date()
        none_tomorrow = audit.read_log(conn, "admin.bkd", start=today + timedelta(days=1))
        today_only = audit.read_log(conn, "admin.bkd", start=today, end=today)
        assert "analis1" in audit.log_users(conn, "admin.bkd")
    assert list(everything.columns) == audit.LOG_COLUMNS
    assert everything["at"].is_monotonic_decreasing
    assert len(failed) == 1 and failed.iloc[0]["detail"] == "gagal berturut-turut: 1; alasan: kata sandi salah"
    assert failed.iloc[0]["action_label"] == "Masuk (kata sandi)"
    assert none_tomorrow.empty and len(today_only) == len(everything)


def test_every_written_action_has_a_label():
    """Each action a module writes is declared (with its Indonesian label) in audit.ACTIONS."""
    written = set()
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("record", "record_now",
                                                                                   "record_after_failure")
                    and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant)):
                written.add(node.args[2].value)
    assert written and written <= set(audit.ACTIONS)
    assert Path(audit.__file__).name == "audit.py"



def test_the_log_reads_in_indonesian_words_for_every_detail_the_code_records():
    """Every keyword any audit call passes has its Indonesian label (the code is read for them), and
    codes in values (roles, kinds, modes) are shown by their names."""
    import ast

    from data_access import audit as audit_module
    from tests.conftest import ROOT

    recorded = set()
    for path in [*ROOT.glob("data_access/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in (
                    "record", "record_now", "record_after_failure", "audited"):
                recorded |= {k.arg for k in node.keywords if k.arg}
    assert {"user", "role", "grants", "failures", "reason", "kind", "mode", "batch"} <= recorded
    assert recorded - set(audit_module.DETAIL_LABELS) == set()
    line = audit_module.describe(json.dumps({"user": "admin", "role": "kepala_opd", "grants": 1,
                                             "kind": "pegawai", "mode": "replace", "ok": True}))
    assert line == "pengguna: admin; peran: Kepala OPD; cakupan: 1; jenis data: Data pegawai (ASN); cara impor: ganti; ok: ya"
