"""MetricInputs reads each frame on first use, once: a page reads only what it shows."""
from __future__ import annotations

import pandas as pd

import demo
from data_access.db import get_engine
from data_access.inputs import FRAMES, PER_EMPLOYEE, load_inputs
from data_access.scope import Scope
from vocab.periods import month_keys, period_bounds

YEAR = demo.DEMO_YEAR


def _inputs(url: str):
    start, end = period_bounds(YEAR, None)
    return load_inputs(get_engine(url), Scope.full("uji"), YEAR, start, end, month_keys(YEAR, None))


def test_frames_are_read_on_first_use_and_kept(demo_url):
    inputs = _inputs(demo_url)
    assert inputs.loaded() == set()
    roster = inputs.roster
    assert inputs.loaded() == {"roster"}
    assert inputs.roster is roster  # kept, not read again
    assert len(inputs.daily_month) > 0
    assert inputs.loaded() == {"roster", "daily_month"}


def test_every_frame_equals_a_direct_read(demo_url):
    from data_access import reads

    inputs = _inputs(demo_url)
    engine = get_engine(demo_url)
    for name in FRAMES:
        if name == "daily_end":  # a province-wide date, not a frame
            assert inputs.daily_end == reads.daily_data_end(engine, inputs.months[0], inputs.months[-1],
                                                            inputs.as_of)
            continue
        assert isinstance(getattr(inputs, name), pd.DataFrame), name
    pd.testing.assert_frame_equal(inputs.roster, reads.roster(engine, Scope.full("uji"), on=inputs.as_of))
    assert inputs.loaded() == set(FRAMES)


def test_for_staff_narrows_per_employee_frames_from_the_same_reads(demo_url):
    inputs = _inputs(demo_url)
    status = inputs.roster["status"].iloc[0]
    pns = inputs.for_staff(statuses=(status,))
    first = pns.daily_month  # before the narrowed roster: it reads that roster while loading (no deadlock)
    kept = set(pns.roster["employee_id"])
    assert set(first["employee_id"]) <= kept
    assert kept and set(pns.roster["status"]) == {status}
    assert len(pns.roster) < len(inputs.roster)
    for name in PER_EMPLOYEE:
        frame = getattr(pns, name)
        assert set(frame["employee_id"]) <= kept, name
        full = getattr(inputs, name)
        assert len(frame) == int(full["employee_id"].isin(kept).sum()), name
    assert pns.requests is inputs.requests  # service data is not per employee: the same frame
    assert inputs.for_staff() is inputs


def test_derived_values_are_computed_once(demo_url):
    inputs = _inputs(demo_url)
    calls = []
    first = inputs.derived("x", lambda: calls.append(1) or len(inputs.roster))
    again = inputs.derived("x", lambda: calls.append(1) or -1)
    assert first == again == len(inputs.roster) and calls == [1]
