"""metrics.service: turnaround against the standard, speed per group, and IKM (PermenPANRB 14/2017)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vocab import ikm
import demo
from vocab import codes
from metrics import service
from vocab.calendar import WorkCalendar

HOURS, WORKING, CALENDAR = codes.UNIT_HOURS, codes.UNIT_WORKING_DAYS, codes.UNIT_CALENDAR_DAYS
AS_OF = datetime(2025, 9, 30, 23, 59)
PROPERTY_CALENDAR = WorkCalendar((2025, 2027))


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar(2025)


# --- small factories ----------------------------------------------------------------------------
def _requests(*rows) -> pd.DataFrame:
    """rows: (service_type, agency_id, region_id, received_at, finished_at or None)."""
    frame = pd.DataFrame(rows, columns=["service_type", "agency_id", "region_id", "received_at",
                                        "finished_at"])
    frame.insert(0, "request_id", np.arange(1, len(frame) + 1))
    frame["received_at"] = pd.to_datetime(frame["received_at"])
    frame["finished_at"] = pd.to_datetime(frame["finished_at"])
    return frame


def _standards(*rows) -> pd.DataFrame:
    """rows: (service_type, limit_value, limit_unit, region_id or None, agency_id or None)."""
    return pd.DataFrame(rows, columns=list(service.STANDARD_COLUMNS))


def _answers(n: int, total: int, agency_id: int = 1) -> pd.DataFrame:
    """n respondents whose 9n answers (each 1-4) add up to total, spread as evenly as possible."""
    extra = total - 9 * n
    assert 0 <= extra <= 27 * n
    base, rest = divmod(extra, 9 * n)
    cells = np.full(9 * n, 1 + base)
    cells[:rest] += 1
    frame = pd.DataFrame(cells.reshape(n, 9), columns=list(service.ANSWER_COLUMNS))
    frame["agency_id"] = agency_id
    return frame


def _one(frame: pd.DataFrame, by=()) -> pd.Series:
    out = service.ikm(frame, by=by)
    assert len(out) == 1
    return out.iloc[0]


# --- turnaround ---------------------------------------------------------------------------------
def test_turnaround_in_each_unit(cal):
    std = _standards(("KTP-el", 24.0, HOURS, None, None), ("KK", 3.0, WORKING, None, None),
                     ("Akta Kelahiran", 5.0, CALENDAR, None, None))
    req = _requests(
        ("KTP-el", 1, 1, "2025-01-03 09:00", "2025-01-04 11:30"),  # 26.5 clock hours
        ("KK", 1, 1, "2025-08-15 09:00", "2025-08-19 08:00"),  # Fri -> Tue over cuti bersama: 1
        ("Akta Kelahiran", 1, 1, "2025-01-03 15:00", "2025-01-06 08:00"),  # Fri -> Mon: 3 days
        ("KK", 1, 1, "2025-01-06 08:00", "2025-01-06 14:00"),  # same day: 0
    )
    out = service.turnaround(req, std, cal, AS_OF)
    assert out["turnaround"].tolist() == [26.5, 1.0, 3.0, 0.0]
    assert out["turnaround_unit"].tolist() == [HOURS, WORKING, CALENDAR, WORKING]
    assert out["within_standard"].tolist() == [False, True, True, True]
    assert out["month"].tolist() == [202501, 202508, 202501, 202501]
    assert not out["open"].any() and not out["open_overdue"].any()
    assert (out["measured_until"] == req["finished_at"]).all()
    assert list(out.columns) == list(req.columns) + list(service.TURNAROUND_COLUMNS)


def test_standard_precedence_agency_then_region_then_everywhere(cal):
    std = _standards(
        ("KTP-el", 1.0, WORKING, 1, 10),  # this office (its region given too)
        ("KTP-el", 5.0, CALENDAR, None, 20),  # another office, region not given
        ("KTP-el", 2.0, WORKING, 1, None),  # every office of region 1
        ("KTP-el", 3.0, WORKING, None, None),  # everywhere
        ("KK", 7.0, WORKING, 2, None),  # only region 2 has a KK standard
    )
    rec, fin = "2025-02-03 09:00", "2025-02-05 10:00"  # Mon -> Wed: 2 working days
    req = _requests(
        ("KTP-el", 10, 1, rec, fin),
        ("KTP-el", 20, 1, rec, fin),
        ("KTP-el", 11, 1, rec, fin),
        ("KTP-el", 30, 2, rec, fin),
        ("KK", 30, 2, rec, fin),
        ("KK", 10, 1, rec, fin),
    )
    out = service.turnaround(req, std, cal, AS_OF)
    assert out["limit_value"].tolist()[:5] == [1.0, 5.0, 2.0, 3.0, 7.0]
    assert out["limit_unit"].tolist()[:5] == [WORKING, CALENDAR, WORKING, WORKING, WORKING]
    assert out["within_standard"].tolist()[:5] == [False, True, True, True, True]
    # no standard: still measured in working days, never judged
    assert pd.isna(out["limit_value"].iloc[5]) and pd.isna(out["limit_unit"].iloc[5])
    assert out["turnaround_unit"].iloc[5] == WORKING and out["turnaround"].iloc[5] == 2
    assert pd.isna(out["within_standard"].iloc[5]) and not out["open_overdue"].iloc[5]


def test_ids_as_the_database_gives_them(cal):
    # nullable ids arrive as floats with NaN or objects with None
    std = pd.DataFrame({"service_type": ["KK", "KK"], "limit_value": [1.0, 4.0],
                        "limit_unit": [WORKING, WORKING], "region_id": [np.nan, np.nan],
                        "agency_id": [10.0, np.nan]})
    req = _requests(("KK", 10, 1, "2025-02-03 09:00", "2025-02-05 10:00"),
                    ("KK", 11, None, "2025-02-03 09:00", "2025-02-05 10:00"))
    out = service.turnaround(req, std, cal, AS_OF)
    assert out["limit_value"].tolist() == [1.0, 4.0]


def test_open_requests_are_measured_at_as_of(cal):
    std = _standards(("KK", 3.0, WORKING, None, None), ("KTP-el", 24.0, HOURS, None, None))
    as_of = datetime(2025, 8, 29, 16, 0)
    req = _requests(
        ("KK", 1, 1, "2025-08-15 09:00", None),  # 9 working days by 29 Aug: past 3
        ("KK", 1, 1, "2025-08-27 09:00", None),  # 2 working days: still within
        ("KTP-el", 1, 1, "2025-08-28 10:00", None),  # 30 hours: past 24
        ("KK", 1, 1, "2025-09-01 09:00", None),  # received after as_of: measured at receipt
    )
    out = service.turnaround(req, std, cal, as_of)
    assert out["open"].all()
    assert out["turnaround"].tolist() == [9.0, 2.0, 30.0, 0.0]
    assert out["open_overdue"].tolist() == [True, False, True, False]
    assert out["within_standard"].tolist()[0] is False and out["within_standard"].tolist()[2] is False
    assert out["within_standard"].isna().tolist() == [False, True, False, True]
    assert out["measured_until"].tolist()[:3] == [pd.Timestamp(as_of)] * 3
    speed = service.service_speed(out, by=())
    assert speed.set_index("turnaround_unit")["open_overdue"].to_dict() == {HOURS: 1, WORKING: 1}
    # Open requests already past their limit are judged, and not within it (domain.md §4): an office
    # that leaves them open does not look better than one that finishes them late.
    assert speed["finished"].sum() == 0 and speed["judged"].sum() == 2
    assert speed["share_within_standard"].tolist() == [0.0, 0.0]


def test_regional_holidays_only_slow_their_own_region():
    fixes = pd.DataFrame({"day": [date(2025, 2, 4)], "is_holiday": [True], "region_id": [1]})
    calendar = WorkCalendar(2025, fixes)
    std = _standards(("KK", 2.0, WORKING, None, None))
    req = _requests(("KK", 10, 1, "2025-02-03 09:00", "2025-02-05 10:00"),
                    ("KK", 20, 2, "2025-02-03 09:00", "2025-02-05 10:00"))
    assert service.turnaround(req, std, calendar, AS_OF)["turnaround"].tolist() == [1.0, 2.0]


def test_turnaround_refuses_bad_input(cal):
    std = _standards(("KK", 2.0, WORKING, None, None))
    backwards = _requests(("KK", 10, 1, "2025-02-05 09:00", "2025-02-03 10:00"))
    with pytest.raises(ValueError, match="lebih awal"):
        service.turnaround(backwards, std, cal, AS_OF)
    fine = _requests(("KK", 10, 1, "2025-02-03 09:00", "2025-02-05 10:00"))
    with pytest.raises(ValueError, match="ganda"):
        service.turnaround(fine, _standards(("KK", 2.0, WORKING, None, None),
                                            ("KK", 3.0, WORKING, None, None)), cal, AS_OF)
    with pytest.raises(ValueError, match="Satuan"):
        service.turnaround(fine, _standards(("KK", 2.0, "minggu", None, None)), cal, AS_OF)


def test_turnaround_of_no_requests_is_empty(cal):
    req = _requests(("KK", 10, 1, "2025-02-03 09:00", "2025-02-05 10:00")).iloc[:0]
    out = service.turnaround(req, _standards(("KK", 2.0, WORKING, None, None)), cal, AS_OF)
    assert out.empty and list(out.columns) == list(req.columns) + list(service.TURNAROUND_COLUMNS)
    assert service.service_speed(out).empty


# --- speed --------------------------------------------------------------------------------------
def test_share_within_standard_counts_the_limit_itself_as_within(cal):
    std = _standards(("KK", 2.0, WORKING, None, None), ("KTP-el", 24.0, HOURS, None, None))
    req = _requests(
        ("KK", 1, 1, "2025-02-03 09:00", "2025-02-05 10:00"),  # exactly 2: within
        ("KK", 1, 1, "2025-02-03 09:00", "2025-02-06 10:00"),  # 3: not within
        ("KTP-el", 1, 1, "2025-02-03 09:00", "2025-02-04 09:00"),  # exactly 24 h: within
        ("KTP-el", 1, 1, "2025-02-03 09:00", "2025-02-04 09:01"),  # 24 h 1 min: not within
    )
    speed = service.service_speed(service.turnaround(req, std, cal, AS_OF)).set_index("turnaround_unit")
    assert speed.loc[WORKING, "share_within_standard"] == 0.5
    assert speed.loc[HOURS, "share_within_standard"] == 0.5
    assert speed.loc[WORKING, "finished_within"] == 1 and speed.loc[WORKING, "judged"] == 2


def test_speed_is_reported_per_unit_with_median_and_p90(cal):
    std = _standards(("KK", 3.0, WORKING, None, None), ("KTP-el", 24.0, HOURS, None, None))
    start = pd.Timestamp("2025-02-03 09:00")  # Monday
    working_ends = [start + pd.Timedelta(days=d) for d in (1, 2, 3, 4)] + [
        pd.Timestamp("2025-02-17 09:00")]  # 1, 2, 3, 4 and 10 working days
    rows = [("KK", 1, 1, start, end) for end in working_ends]
    rows += [("KTP-el", 1, 1, start, start + pd.Timedelta(hours=h)) for h in (2, 4)]
    rows += [("KK", 1, 1, start, None), ("KK", 2, 1, start, start)]
    out = service.turnaround(_requests(*rows), std, cal, datetime(2025, 2, 4, 12, 0))
    speed = service.service_speed(out)
    assert list(speed.columns) == ["agency_id", *service.SPEED_COLUMNS]
    assert speed[["agency_id", "turnaround_unit"]].values.tolist() == [
        [1, WORKING], [1, HOURS], [2, WORKING]]
    work = speed.iloc[0]
    assert (work["requests"], work["finished"], work["judged"]) == (6, 5, 5)
    assert work["median_turnaround"] == 3.0
    assert work["p90_turnaround"] == pytest.approx(7.6)  # 4 + 0.6 * (10 - 4)
    assert work["share_within_standard"] == pytest.approx(3 / 5)
    assert work["open_overdue"] == 0  # the open one is 1 working day old
    hours = speed.iloc[1]
    assert (hours["median_turnaround"], hours["p90_turnaround"]) == (3.0, pytest.approx(3.8))
    by_service = service.service_speed(out, by=("service_type",))
    assert by_service["service_type"].tolist() == ["KK", "KTP-el"]


def test_speed_by_the_unit_itself_is_not_doubled(cal):
    std = _standards(("KK", 3.0, WORKING, None, None))
    out = service.turnaround(_requests(("KK", 1, 1, "2025-02-03 09:00", "2025-02-04 09:00")), std,
                             cal, AS_OF)
    speed = service.service_speed(out, by=("turnaround_unit", "agency_id"))
    assert list(speed.columns) == ["turnaround_unit", "agency_id", *service.SPEED_COLUMNS[1:]]


def test_turnaround_agrees_with_an_independent_count_on_demo_data():
    """Demo requests measured by metrics.service and by a hand-written numpy count."""
    frames = demo.generate("tiny")
    lay, std = frames["layanan"], frames["standar_layanan"]
    offices = pd.concat([lay[["KABUPATEN/KOTA", "OPD"]], std[["KABUPATEN/KOTA", "OPD"]].dropna()])
    office_id = {key: i for i, key in enumerate(sorted(set(map(tuple, offices.to_numpy()))))}
    region_id = {name: i for i, name in enumerate(sorted(set(lay["KABUPATEN/KOTA"])))}
    requests = pd.DataFrame({
        "request_id": np.arange(len(lay)),
        "agency_id": [office_id[k] for k in zip(lay["KABUPATEN/KOTA"], lay["OPD"])],
        "region_id": lay["KABUPATEN/KOTA"].map(region_id),
        "service_type": lay["JENIS LAYANAN"], "received_at": lay["WAKTU MASUK"],
        "finished_at": lay["WAKTU SELESAI"]})
    standards = pd.DataFrame({
        "service_type": std["JENIS LAYANAN"], "limit_value": std["BATAS WAKTU"],
        "limit_unit": std["SATUAN"], "region_id": None,
        "agency_id": [office_id.get(k) for k in zip(std["KABUPATEN/KOTA"], std["OPD"])]})
    as_of = datetime(2026, 11, 27, 23, 59)
    out = service.turnaround(requests, standards, WorkCalendar((2026, 2027)), as_of)

    hol = np.array(sorted(holidays.country_holidays("ID", years=[2026, 2027],
                                                    categories=("public", "government"))),
                   dtype="datetime64[D]")
    until = lay["WAKTU SELESAI"].fillna(pd.Timestamp(as_of))
    rec_day = lay["WAKTU MASUK"].to_numpy().astype("datetime64[D]")
    end_day = until.to_numpy().astype("datetime64[D]")
    expected = np.select(
        [out["turnaround_unit"] == HOURS, out["turnaround_unit"] == WORKING],
        [(until - lay["WAKTU MASUK"]).dt.total_seconds() / 3600,
         np.busday_count(rec_day + 1, end_day + 1, holidays=hol)],
        (end_day - rec_day).astype(np.int64))
    np.testing.assert_allclose(out["turnaround"].to_numpy(), expected)
    assert out["limit_value"].notna().all()
    assert set(out["turnaround_unit"]) == set(codes.STANDARD_UNITS)


# --- IKM ----------------------------------------------------------------------------------------
def test_ikm_bands_are_the_regulation_table_contiguous_at_two_decimals():
    assert "14/2017" in ikm.IKM_BANDS_SOURCE
    assert [(b.mutu, b.kinerja) for b in ikm.IKM_BANDS] == [
        ("D", "Tidak Baik"), ("C", "Kurang Baik"), ("B", "Baik"), ("A", "Sangat Baik")]
    assert ikm.IKM_BANDS[0].lower == Decimal("25.00")
    assert ikm.IKM_BANDS[-1].upper == Decimal("100.00")
    for lower, upper in zip(ikm.IKM_BANDS, ikm.IKM_BANDS[1:]):
        assert upper.lower - lower.upper == Decimal("0.01")


@pytest.mark.parametrize("value, mutu", [
    (25, "D"), (64.99, "D"), (65.0, "C"), (76.6, "C"), ("76.60", "C"), (76.61, "B"), (88.3, "B"),
    (88.31, "A"), (100, "A"),
    (64.994, "D"), (64.995, "C"), (76.604, "C"), (76.605, "B"), (88.305, "A"),  # half-up
    (Decimal("76.605"), "B"), (Fraction(15321, 200), "B"), (Fraction(766, 10), "C"),
])
def test_mutu_of_reads_the_rounded_value(value, mutu):
    assert service.mutu_of(value) == mutu


@pytest.mark.parametrize("value", [24.99, 100.01, float("nan"), -1])
def test_mutu_of_refuses_values_outside_the_scale(value):
    with pytest.raises(ValueError):
        service.mutu_of(value)


@pytest.mark.parametrize("n, total, exact, ikm, mutu, kinerja", [
    (2500, 58491, "64.99", 64.99, "D", "Tidak Baik"),
    (5, 117, "65", 65.00, "C", "Kurang Baik"),
    (125, 3447, "76.6", 76.60, "C", "Kurang Baik"),
    (2500, 68949, "76.61", 76.61, "B", "Baik"),
    (250, 7947, "88.3", 88.30, "B", "Baik"),
    (2500, 79479, "88.31", 88.31, "A", "Sangat Baik"),
    # exactly halfway: rounded half-up, as the regulation's two-decimal bands intend
    (5000, 116991, "64.995", 65.00, "C", "Kurang Baik"),
    (5000, 137889, "76.605", 76.61, "B", "Baik"),
    (5000, 158949, "88.305", 88.31, "A", "Sangat Baik"),
])
def test_ikm_band_edges_from_answer_sets(n, total, exact, ikm, mutu, kinerja):
    assert Fraction(total, n) * Fraction(25, 9) == Fraction(exact)  # the set's exact IKM
    row = _one(_answers(n, total))
    assert row["respondents"] == n
    assert row["ikm"] == ikm
    assert (row["mutu"], row["kinerja"]) == (mutu, kinerja)


def test_plain_float_arithmetic_would_misjudge_a_halfway_case():
    """Why ikm() computes exactly: here the float route gives 76.6049999... -> 76,60 (C), not 76,61 (B)."""
    n = 5000
    sums = [10259, 16182, 16871, 18649, 19968, 14854, 19674, 6460, 14972]  # 137889 in all: 76,605
    columns = {}
    for col, total in zip(service.ANSWER_COLUMNS, sums):
        base, rest = divmod(total, n)
        columns[col] = np.where(np.arange(n) < rest, base + 1, base)
    frame = pd.DataFrame(columns).assign(agency_id=1)
    nrr = frame[list(service.ANSWER_COLUMNS)].mean()
    assert frame[list(service.ANSWER_COLUMNS)].to_numpy().sum() == 137889
    assert round(float((nrr * (1 / 9)).sum() * 25), 2) == 76.6  # the artefact
    row = _one(frame)
    assert (row["ikm"], row["mutu"], row["kinerja"]) == (76.61, "B", "Baik")


def test_ikm_of_all_fours_is_100_and_all_ones_is_25():
    fours = _answers(3, 4 * 27)
    ones = _answers(3, 27)
    assert (_one(fours)["ikm"], _one(fours)["mutu"]) == (100.0, "A")
    assert (_one(ones)["ikm"], _one(ones)["mutu"]) == (25.0, "D")
    # the printed weight 0,111 would give 99,9: the exact 1/9 is used
    assert _one(fours)["nrr_u1"] == 4.0


def test_ikm_per_group_with_unrounded_nrr():
    frame = pd.concat([_answers(3, 3 * 27, agency_id=1), _answers(2, 2 * 36, agency_id=2)],
                      ignore_index=True)
    frame.loc[0, "u1"] = 4  # agency 1: u1 answers 4, 3, 3
    out = service.ikm(frame)
    assert list(out.columns) == ["agency_id", *service.IKM_COLUMNS]
    assert out["agency_id"].tolist() == [1, 2]
    assert out["respondents"].tolist() == [3, 2]
    assert out["nrr_u1"].tolist() == [10 / 3, 4.0]
    # sum of NRR = 10/3 + 8 * 3 = 27.333..., x 25/9 = 75.925925... -> 75.93
    assert out["ikm"].tolist() == [75.93, 100.0]
    assert out["mutu"].tolist() == ["C", "A"]


def test_identical_respondents_each_count():
    one = _answers(1, 36)  # all 4
    other = _answers(1, 9)  # all 1
    twice = pd.concat([one, one, other], ignore_index=True)
    row = _one(twice)
    assert row["respondents"] == 3
    assert row["nrr_u1"] == 3.0  # (4 + 4 + 1) / 3
    assert row["ikm"] == 75.0


def test_nrr_is_the_mean_of_the_answers_given():
    frame = _answers(2, 2 * 27).astype({"u3": "Int64"})
    frame.loc[0, "u3"] = pd.NA
    frame.loc[1, "u3"] = 4
    row = _one(frame)
    assert row["nrr_u3"] == 4.0 and row["respondents"] == 2
    assert row["ikm"] == round((8 * 3 + 4) * 25 / 9, 2)
    frame["u3"] = pd.NA
    empty = _one(frame)
    assert np.isnan(empty["ikm"]) and pd.isna(empty["mutu"])


def test_answers_outside_1_to_4_are_refused():
    frame = _answers(2, 54)
    frame.loc[1, "u9"] = 5
    with pytest.raises(ValueError, match="1–4"):
        service.ikm(frame)


def test_element_labels_come_from_the_code_list():
    assert list(service.ELEMENT_OF.values()) == list(codes.SKM_ELEMENTS)
    assert service.ELEMENT_OF["u3"] == "Waktu Penyelesaian"


# --- properties ---------------------------------------------------------------------------------
_answer_rows = st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=40)


def _frame(rows, groups=None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(service.ANSWER_COLUMNS))
    frame["agency_id"] = groups if groups is not None else 1
    return frame


@settings(max_examples=60, deadline=None)
@given(rows=_answer_rows)
def test_property_a_respondent_with_all_fours_never_lowers_ikm(rows):
    before = _one(_frame(rows))["ikm"]
    after = _one(_frame(rows + [[4] * 9]))["ikm"]
    assert after >= before


@settings(max_examples=60, deadline=None)
@given(data=st.data(), rows=_answer_rows)
def test_property_row_order_changes_nothing(data, rows):
    groups = data.draw(st.lists(st.integers(1, 3), min_size=len(rows), max_size=len(rows)))
    frame = _frame(rows, groups)
    order = data.draw(st.permutations(range(len(rows))))
    shuffled = frame.iloc[list(order)].reset_index(drop=True)
    pd.testing.assert_frame_equal(service.ikm(frame), service.ikm(shuffled))


@settings(max_examples=60, deadline=None)
@given(
    received=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)),
    minutes=st.one_of(st.none(), st.integers(0, 60 * 24 * 200)),
    unit=st.sampled_from(codes.STANDARD_UNITS + (None,)),
    limit=st.floats(0, 30),
    as_of_days=st.integers(-30, 400),
)
def test_property_turnaround_is_never_negative(received, minutes, unit, limit, as_of_days):
    received = received.replace(microsecond=0)
    finished = None if minutes is None else received + timedelta(minutes=minutes)
    as_of = min(received + timedelta(days=as_of_days), datetime(2027, 12, 31, 23, 59))
    std = _standards(("KK", limit, unit, None, None)) if unit else _standards()
    out = service.turnaround(_requests(("KK", 1, 1, received, finished)), std, PROPERTY_CALENDAR, as_of)
    assert (out["turnaround"] >= 0).all()
    assert (out["measured_until"] >= out["received_at"]).all()
    assert not (out["open_overdue"] & out["within_standard"].fillna(False)).any()

