"""Filling a database with the synthetic demo, through the same loader as every import."""
from __future__ import annotations

import time

from sqlalchemy import Engine, func, select

from data_access import demo
from data_access.config import CLI_OPERATOR
from data_access.importing.load import ImportResult, import_frame
from data_access.models import Employee
from data_access.schema import ensure_schema


def load_demo(engine: Engine, scale: str = "small", seed: int | None = None,
              employees: int | None = None, user: str = CLI_OPERATOR, log=None) -> list[ImportResult]:
    """Generate the demo frames and import each kind in order; returns one result per kind."""
    ensure_schema(engine)
    options = {"employees": employees} | ({"seed": seed} if seed is not None else {})
    frames = demo.generate(scale, **options)
    results = []
    for kind, frame in frames.items():
        started = time.perf_counter()
        result = import_frame(engine, kind, frame, f"demo-{scale}-{kind}.csv", user=user)
        results.append(result)
        if log:
            log(f"{result.summary()} ({time.perf_counter() - started:.1f} s)")
    return results


def has_employees(engine: Engine) -> bool:
    ensure_schema(engine)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Employee)).scalar() > 0
