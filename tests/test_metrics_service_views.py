"""metrics.service views for the Pelayanan Publik page: ratio to the standard, units combined,
open requests past the standard, SKM element scores."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from vocab import codes
from metrics import service
from vocab.calendar import WorkCalendar

HOURS, WORKING = codes.UNIT_HOURS, codes.UNIT_WORKING_DAYS
AS_OF = datetime(2025, 9, 30, 23, 59)


def _turn(*rows):
    """rows: (service_type, agency_id, received_at, finished_at or None); standards: A = 2 working
    days, J = 1 hour, N has none."""
    frame = pd.DataFrame(rows, columns=["service_type", "agency_id", "received_at", "finished_at"])
    frame.insert(0, "request_id", np.arange(1, len(frame) + 1))
    frame["region_id"] = 1
    frame["received_at"] = pd.to_datetime(frame["received_at"])
    frame["finished_at"] = pd.to_datetime(frame["finished_at"])
    standards = pd.DataFrame([("A", 2, WORKING, None, None), ("J", 1, HOURS, None, None)],
                             columns=list(service.STANDARD_COLUMNS))
    return service.turnaround(frame, standards, WorkCalendar(2025), AS_OF)


@pytest.fixture
def turn():
    return _turn(
        # Monday 1 September 2025; A: 1, 2 and 3 working days (5 September is Maulid Nabi); J: 0,5 and 3 hours; N without standard
        ("A", 1, "2025-09-01 08:00", "2025-09-02 10:00"),
        ("A", 1, "2025-09-01 08:00", "2025-09-03 10:00"),
        ("A", 2, "2025-09-01 08:00", "2025-09-05 10:00"),
        ("J", 1, "2025-09-01 08:00", "2025-09-01 08:30"),
        ("J", 2, "2025-09-01 08:00", "2025-09-01 11:00"),
        ("N", 1, "2025-09-01 08:00", "2025-09-04 08:00"),
        ("A", 2, "2025-09-22 08:00", None),  # open: 6 working days by 30 September, 4 over
        ("J", 2, "2025-09-30 08:00", None),  # open: 15,98 hours by 23.59, 14,98 over
        ("A", 1, "2025-09-30 08:00", None),  # open, still within
    )


def test_ratio_to_standard_per_service(turn):
    out = service.standard_ratio(turn).set_index("service_type")
    assert list(out.index) == ["A", "J"]  # N has no standard: no ratio
    assert out.at["A", "scored"] == 3
    assert out.at["A", "median_ratio"] == pytest.approx(1.0)  # 0,5 / 1,0 / 1,5
    assert out.at["A", "p90_ratio"] == pytest.approx(1.4)
    assert out.at["J", "median_ratio"] == pytest.approx((0.5 + 3) / 2)
    # The share is over every judged request: the open ones already past their limit count as late.
    assert out.at["A", "share_within_standard"] == pytest.approx(2 / 4)
    assert out.at["J", "share_within_standard"] == pytest.approx(1 / 3)


def test_ratio_share_equals_service_speed(turn):
    ratio = service.standard_ratio(turn, by=["agency_id"]).set_index("agency_id")
    speed = service.combined_speed(service.service_speed(turn, by=["agency_id"]), by=["agency_id"])
    speed = speed.set_index("agency_id")
    assert ratio["share_within_standard"].tolist() == pytest.approx(speed["share_within_standard"].tolist())
    overall = service.standard_ratio(turn, by=())
    assert len(overall) == 1 and overall.at[0, "scored"] == 5


def test_combined_speed_adds_counts_and_keeps_a_median_only_for_one_unit(turn):
    speed = service.service_speed(turn, by=["agency_id", "service_type"])
    out = service.combined_speed(speed, by=["agency_id"]).set_index("agency_id")
    assert out.at[1, "requests"] == 5 and out.at[2, "requests"] == 4
    assert out.at[1, "judged"] == 3 and out.at[1, "finished_within"] == 3
    assert out.at[2, "finished_within"] == 0 and out.at[2, "open_overdue"] == 2
    assert pd.isna(out.at[1, "median_turnaround"])  # hours and working days: no single median
    one = service.combined_speed(service.service_speed(turn[turn["service_type"] == "A"], by=[]))
    assert one.at[0, "turnaround_unit"] == WORKING and one.at[0, "median_turnaround"] == 2.0
    assert one.at[0, "judged"] == 4 and one.at[0, "share_within_standard"] == pytest.approx(2 / 4)


def test_overdue_open_lists_open_requests_past_their_standard(turn):
    out = service.overdue_open(turn)
    assert out["service_type"].tolist() == ["J", "A"]  # longest over first
    assert out.at[0, "over"] == pytest.approx(15 + 59 / 60 - 1)
    assert out.at[1, "over"] == 4 and out.at[1, "limit_unit"] == WORKING


def test_element_scores_follow_ikm():
    answers = pd.DataFrame({c: [4, 2] for c in service.ANSWER_COLUMNS})
    answers["u3"] = [1, pd.NA]
    out = service.element_scores(answers)
    assert out["element"].tolist() == list(codes.SKM_ELEMENTS)
    assert out.set_index("column").at["u3", "nrr"] == 1.0
    assert out.set_index("column").at["u3", "answers"] == 1
    assert out.set_index("column").at["u1", "score"] == 75.0
    assert service.element_scores(answers.iloc[0:0]).empty
