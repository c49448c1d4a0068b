"""Filling a database with the synthetic demo, through the same loader as every import."""
from __future__ import annotations

import time

from sqlalchemy import Engine, func, select

import demo
from data_access.config import CLI_OPERATOR, is_default_database
from data_access.db import get_engine
from data_access.importing.load import ImportResult, import_frame
from data_access.models import AppUser, Employee
from data_access.schema import ensure_schema
from data_access.users import Grant, add_user

# One account per role, created only with the demo data; documented in the README.
DEMO_PASSWORD = "demo-lampung-2026"
DEMO_ACCOUNTS = (
    ("gubernur", "Gubernur Lampung (demo)", "pimpinan", Grant(region="Provinsi Lampung")),
    ("bupati.lamsel", "Bupati Lampung Selatan (demo)", "pimpinan", Grant(region="Kabupaten Lampung Selatan")),
    # The demo staffs this agency's units so that each can be judged (demo.KEPALA_OPD_AGENCY).
    ("kadis.dukcapil.lamteng", "Kepala Disdukcapil Lampung Tengah (demo)", "kepala_opd",
     Grant(agency=demo.KEPALA_OPD_AGENCY[1], region=demo.KEPALA_OPD_AGENCY[0])),
    ("analis.bkd", "Analis BKD Provinsi (demo)", "analis", Grant(region="Provinsi Lampung")),
    ("admin", "Administrator (demo)", "admin", Grant(region="Provinsi Lampung")),
)


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
    add_demo_accounts(engine)
    return results


def add_demo_accounts(engine: Engine) -> None:
    """The demo's accounts (skipped when they exist already)."""
    with engine.begin() as conn:
        known = {u for (u,) in conn.execute(select(AppUser.username))}
        for username, name, role, grant in DEMO_ACCOUNTS:
            if username not in known:
                add_user(conn, username, name, role, DEMO_PASSWORD, [grant], by="demo")


def prepare_default(url: str, log=None) -> bool:
    """Before the app serves anyone: for the app's own default database only (a named one is left as
    it is), bring the schema up to date and fill it with the small demo when it holds no staff yet.
    Returns whether the demo was loaded now."""
    if not is_default_database(url):
        return False
    engine = get_engine(url)
    ensure_schema(engine, upgrade_outdated=True)
    if has_employees(engine):
        return False
    if log:
        log("Menyiapkan data demo (hanya pada awal pertama)…")
    load_demo(engine, "small", log=log)
    return True


def has_employees(engine: Engine) -> bool:
    ensure_schema(engine)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Employee)).scalar() > 0
