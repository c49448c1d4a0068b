"""Helpers the import tests of a kind share: a table's row count, a refused file's problems as tuples
(severity, line, column, value, key, message) to compare with the exact Indonesian messages, a
replace import rolled back, and the lines refused as outside a user's scope."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access.importing import upload
from data_access.importing.load import import_file
from data_access.importing.problems import ImportRejected
from data_access.importing.rollback import rollback_batch


def rows_of(engine, table) -> int:
    """How many rows the model's table holds."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def rejected(engine, path, kind: str, **options) -> list[tuple]:
    """Import the file as `kind`, which must be refused; its problems as tuples."""
    with pytest.raises(ImportRejected) as caught:
        import_file(engine, path, kind, **options)
    return [(p.severity, p.line, p.column, p.value, p.key, p.message) for p in caught.value.problems]


def replaced_and_rolled_back(engine, table, kind: str, header: str, row: str) -> tuple[int, int, int, int, int, int]:
    """Import `header` + `row` as `kind` in replace mode, then roll that import back: the rows it
    replaced and inserted, the table's rows after it, the rows the rollback removed and restored, and
    the table's rows after the rollback."""
    result = import_file(engine, "ganti.csv", kind, data="\n".join([header, row]).encode(), mode="replace")
    after = rows_of(engine, table)
    undone = rollback_batch(engine, result.batch_id)
    return (result.rows_replaced, result.rows_inserted, after, undone.rows_removed, undone.rows_restored,
            rows_of(engine, table))


def outside_scope(engine, username: str, path, kind: str) -> set[int]:
    """The lines an upload by `username` is refused for as outside their scope."""
    with pytest.raises(ImportRejected) as caught:
        upload.commit_upload(engine, username, path.read_bytes(), path.name, upload.UploadRequest(kind))
    return {p.line for p in caught.value.problems if f"di luar cakupan pengguna '{username}'" in p.message}
