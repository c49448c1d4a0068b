"""An import's statements bind a bounded number of parameters whatever the file's size: PostgreSQL
refuses a statement with more than 65.535 (an SKP file of a province's 100.000 staff did)."""
from __future__ import annotations

from sqlalchemy import event

import demo
from data_access.db import get_engine
from data_access.importing.load import import_frame
from data_access.schema import ensure_schema


def test_the_skp_check_of_stored_rows_binds_no_list_of_staff(db_url):
    engine = get_engine(db_url)
    ensure_schema(engine)
    frames = demo.generate("small")
    import_frame(engine, "pegawai", frames["pegawai"], "pegawai.csv")
    bound: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM skp" in statement:
            bound.append(len(parameters or ()))

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = import_frame(engine, "skp", frames["skp"], "skp.csv")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert result.rows_inserted == len(frames["skp"]) > 3000
    assert bound and max(bound) < 10  # was one parameter per staff member in the chunk
