"""Schema versions: upgrade with Alembic, and refuse to work on an older schema."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaOutdated(RuntimeError):
    """The database holds an older (or unknown) schema: the operator must run `upgrade`."""


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration (read from the migration files once per process; every page run asks)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (creates every table and the reference data on an empty one)."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def ensure_schema(engine: Engine, upgrade_outdated: bool = False) -> None:
    """Create the schema on an empty database; on an older one, upgrade it when `upgrade_outdated`
    (the app's own demo database), else stop with SchemaOutdated (an operator upgrades on purpose)."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        if inspect(engine).get_table_names():
            raise SchemaOutdated(
                "Basis data ini berisi tabel tetapi tanpa versi skema yang dikenal. "
                "Periksa alamat basis data (--db / DATABASE_URL)."
            )
        upgrade(engine)
        return
    if upgrade_outdated:
        upgrade(engine)
        return
    raise SchemaOutdated(
        f"Skema basis data masih versi {current}, sedangkan aplikasi memerlukan versi {head}. "
        "Jalankan dahulu: python -m data_access upgrade"
    )
