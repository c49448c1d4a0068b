"""Alembic environment: runs on the connection handed over by data_access.schema."""
from alembic import context

from data_access.models import Base
from data_access.partitions import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand: build an engine from the URL option
        from data_access.db import get_engine

        with get_engine(config.get_main_option("sqlalchemy.url") or None).begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
