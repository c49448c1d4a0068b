"""MetricInputs reads each frame on first use, once: a page reads only what it shows."""
from __future__ import annotations

import pandas as pd

import demo
from data_access.db import get_engine
from data_access.inputs import ACTIVITY_MARGIN, FRAMES, PER_EMPLOYEE, load_inputs
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
        if name == "activity_data_end":  # likewise, up to the weeks after the span's activities
            first, last = inputs.start - ACTIVITY_MARGIN, inputs.end + ACTIVITY_MARGIN
            assert inputs.activity_data_end == reads.daily_data_end(
                engine, first.year * 100 + first.month, last.year * 100 + last.month, min(last, inputs.now.date()))
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


def test_prefetch_reads_in_the_background_once_each(demo_url):
    """Frames prefetched are read by the reading threads; one asked for while its read runs waits for
    it and is read once; the frames equal the ones read on first use."""
    import threading

    inputs = _inputs(demo_url)
    started, release = threading.Event(), threading.Event()
    calls = []
    read = inputs._loaders["daily_month"]

    def slow():
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(10)
        return read()

    inputs._loaders["daily_month"] = slow
    inputs.prefetch(["daily_month", "roster"])
    assert started.wait(10)
    roster = inputs.roster  # read by the other reading thread (or here), while daily_month's read waits
    waiting = threading.Thread(target=lambda: inputs.daily_month)
    waiting.start()
    release.set()
    waiting.join(10)
    assert not waiting.is_alive()
    assert len(calls) == 1 and calls[0].startswith("inputs-read")
    assert inputs.loaded() >= {"daily_month", "roster"}
    fresh = _inputs(demo_url)
    pd.testing.assert_frame_equal(inputs.daily_month, fresh.daily_month)
    pd.testing.assert_frame_equal(roster, fresh.roster)
    inputs.prefetch(["roster"])  # already read: nothing is read again
    assert inputs.roster is roster


def test_the_year_to_date_summary_is_read_once_by_two_threads_at_once(demo_url, monkeypatch):
    """daily_month and daily_month_ytd of a whole year are one read (data_access.inputs._once), also
    when two reading threads ask for them at the same moment."""
    import threading

    from data_access import reads

    calls, gate = [], threading.Barrier(2)
    real = reads.daily_months

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reads, "daily_months", counted)
    inputs = _inputs(demo_url)

    def ask(name):
        gate.wait(10)
        getattr(inputs, name)

    threads = [threading.Thread(target=ask, args=(n,)) for n in ("daily_month", "daily_month_ytd")]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert calls == [1]
    assert inputs.daily_month is inputs.daily_month_ytd


def test_per_employee_frames_shared_by_the_brief_are_computed_once_and_each_caller_gets_its_own(demo_url):
    """The JP per employee and an appraisal period's rated rows over the view's roll are computed once
    per inputs (the report, the headline and the charts each ask); a caller changing its frame does not
    change the next caller's."""
    from metrics import appraisal as ap
    from metrics import training
    from metrics.pipeline import appraisal as appraisal_pipeline
    from metrics.pipeline import training as training_pipeline

    inputs = _inputs(demo_url)
    jp = training_pipeline.jp_frame(inputs)
    pd.testing.assert_frame_equal(jp, training.jp_per_employee(inputs.roster, inputs.trainings, inputs.year,
                                                               jp_minutes=inputs.settings["jp_minutes"]))
    jp["jp_total"] = -1.0
    again = training_pipeline.jp_frame(inputs, inputs.roster)
    assert (again["jp_total"] >= 0).all()
    assert "jp_frame" in inputs._derived

    period = appraisal_pipeline.period_of(inputs, None)
    roll, rows = appraisal_pipeline.rated_rows(inputs, period)
    pd.testing.assert_frame_equal(rows, ap.period_rows(inputs.appraisals, roll, inputs.year, period))
    rows["predikat"] = "x"
    _roll, again = appraisal_pipeline.rated_rows(inputs, period, inputs.appraisal_roster(period))
    assert "x" not in set(again["predikat"].dropna())
    other = inputs.roster.head(3)  # another roll: computed for it, not taken from the kept frame
    _roll, few = appraisal_pipeline.rated_rows(inputs, period, other)
    assert set(few["employee_id"]) <= set(other["employee_id"])
