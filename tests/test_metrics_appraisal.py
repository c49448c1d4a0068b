"""metrics.appraisal: oracle tests written from domain.md §1, and properties (hypothesis)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from vocab import curve
from metrics import appraisal

# Spelled out from domain.md rather than read from vocab.codes, so the tests are an oracle.
SB, B, BP, K, SK = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"
FIVE = [SK, K, BP, B, SB]
ATAS, SESUAI, BAWAH = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
NOT_RATED = "Belum Dinilai"


# --- factories ---------------------------------------------------------------------------------
def staff(counts: dict[str, int], agency_id=1, unit_id=10, year=2025, period="TAHUNAN",
          not_rated=0, first_id=0) -> pd.DataFrame:
    """Appraisal rows: counts[predikat] staff with that predikat, plus `not_rated` without one."""
    predikat = [p for p, n in counts.items() for _ in range(n)] + [None] * not_rated
    return pd.DataFrame({
        "employee_id": np.arange(first_id, first_id + len(predikat), dtype=np.int64),
        "agency_id": agency_id, "unit_id": unit_id, "year": year, "period": period,
        "predikat": pd.Series(predikat, dtype=object),
    })


def org(*rows) -> pd.DataFrame:
    """org_ratings rows: (agency_id, unit_id or None, predikat[, year, period])."""
    full = [(*r, 2025, "TAHUNAN") if len(r) == 3 else r for r in rows]
    frame = pd.DataFrame(full, columns=["agency_id", "unit_id", "predikat", "year", "period"])
    frame["unit_id"] = frame["unit_id"].astype("Int64")
    return frame


def comply(counts, org_predikat, min_group_size=5, not_rated=0) -> dict:
    """curve_compliance's single row for one agency with these counts and this org predikat."""
    dist = appraisal.predikat_distribution(staff(counts, not_rated=not_rated))
    ratings = org((1, None, org_predikat)) if org_predikat else org()
    result = appraisal.curve_compliance(dist, ratings, min_group_size=min_group_size)
    assert len(result) == 1
    return result.iloc[0].to_dict()


# --- the kuadran kinerja -------------------------------------------------------------------------
@pytest.mark.parametrize("hasil, perilaku, expected", [
    (ATAS, BAWAH, K),
    (ATAS, SESUAI, B),
    (ATAS, ATAS, SB),
    (SESUAI, BAWAH, K),
    (SESUAI, SESUAI, B),
    (SESUAI, ATAS, B),
    (BAWAH, BAWAH, SK),
    (BAWAH, SESUAI, BP),
    (BAWAH, ATAS, BP),
])
def test_matrix_cell(hasil, perilaku, expected):
    got = appraisal.predikat_from_ratings(pd.Series([hasil]), pd.Series([perilaku]))
    assert got.tolist() == [expected]


def test_predikat_from_ratings_is_none_when_a_rating_is_missing_and_keeps_the_index():
    hasil = pd.Series([ATAS, None, BAWAH, np.nan], index=[7, 8, 9, 10])
    perilaku = pd.Series([ATAS, ATAS, None, SESUAI], index=[7, 8, 9, 10])
    got = appraisal.predikat_from_ratings(hasil, perilaku)
    assert got.index.tolist() == [7, 8, 9, 10]
    assert got.tolist() == [SB, None, None, None]


def test_predikat_from_ratings_rejects_an_unknown_rating():
    with pytest.raises(ValueError, match="Luar Biasa"):
        appraisal.predikat_from_ratings(pd.Series(["Luar Biasa"]), pd.Series([ATAS]))


# --- the rule table ------------------------------------------------------------------------------
def test_rule_table_has_one_entry_per_org_predikat_and_its_source():
    table = curve.DISTRIBUTION_RULES
    assert list(table) == ["Istimewa", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"]
    assert [len(rules) for rules in table.values()] == [1, 2, 2, 3, 3]
    ids = [r.id for rules in table.values() for r in rules]
    assert len(ids) == len(set(ids))
    assert "3 Tahun 2023" in curve.SOURCE and "belum diverifikasi" in curve.SOURCE


def test_each_rule_description_states_its_own_numbers():
    words = {"<=": "paling banyak", ">=": "paling sedikit"}
    for rules in curve.DISTRIBUTION_RULES.values():
        for rule in rules:
            assert all(p in rule.description for p in rule.predikat), rule.id
            if rule.measure == curve.MEASURE_SHARE:
                assert f"{rule.threshold * 100}%" in rule.description, rule.id
            else:
                assert f"{rule.threshold} orang" in rule.description, rule.id
            if rule.op in words:
                assert words[rule.op] in rule.description, rule.id


@pytest.mark.parametrize("org_predikat, counts, failing", [
    # Istimewa: s(SB) <= 70%
    ("Istimewa", {SB: 7, B: 3}, []),
    ("Istimewa", {SB: 8, B: 3}, ["istimewa_sb_max70"]),
    # Baik: s(B) <= 70% and n(BP) + n(K) >= 1
    ("Baik", {B: 7, BP: 1, SB: 2}, []),
    ("Baik", {B: 8, BP: 1, SB: 2}, ["baik_b_max70"]),
    ("Baik", {B: 7, SB: 3}, ["baik_bp_k_min1"]),
    ("Baik", {B: 7, K: 1, SB: 2}, []),
    # Butuh Perbaikan: s(BP) >= 60% and s(SB) <= 10%
    ("Butuh Perbaikan", {BP: 6, B: 3, SB: 1}, []),
    ("Butuh Perbaikan", {BP: 5, B: 4, SB: 1}, ["bp_bp_min60"]),
    ("Butuh Perbaikan", {BP: 6, B: 2, SB: 1}, ["bp_sb_max10"]),
    # Kurang: s(K) >= 60%, s(BP) >= 10%, s(SB) <= 10%
    ("Kurang", {K: 6, BP: 1, SB: 1, B: 2}, []),
    ("Kurang", {K: 5, BP: 1, SB: 1, B: 3}, ["kurang_k_min60"]),
    ("Kurang", {K: 7, BP: 1, B: 3}, ["kurang_bp_min10"]),
    ("Kurang", {K: 6, BP: 2, SB: 1}, ["kurang_sb_max10"]),
    # Sangat Kurang: s(SK) >= 60%, s(K) + s(BP) >= 10%, n(SB) = 0
    ("Sangat Kurang", {SK: 6, K: 1, B: 3}, []),
    ("Sangat Kurang", {SK: 6, BP: 1, B: 3}, []),
    ("Sangat Kurang", {SK: 6, K: 2, B: 3}, ["sk_sk_min60"]),
    ("Sangat Kurang", {SK: 10, K: 1}, ["sk_k_bp_min10"]),
    ("Sangat Kurang", {SK: 6, BP: 1, B: 2, SB: 1}, ["sk_sb_none"]),
    # several at once, reported in table order
    ("Kurang", {K: 6, BP: 1, SB: 1, B: 3}, ["kurang_k_min60", "kurang_bp_min10"]),
])
def test_rule_passes_and_fails_exactly_at_its_boundary(org_predikat, counts, failing):
    row = comply(counts, org_predikat)
    assert row["failed_rule_ids"] == failing
    rules = {r.id: r.description for r in curve.DISTRIBUTION_RULES[org_predikat]}
    assert row["failed_rules"] == [rules[i] for i in failing]
    assert row["compliant"] is (not failing)
    assert row["status"] == ("tidak patuh" if failing else "patuh")
    assert row["org_predikat"] == org_predikat


def test_failing_rules_are_named_in_indonesian():
    assert comply({B: 7, SB: 3}, "Baik")["failed_rules"] == [
        "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang"]
    assert comply({SK: 6, BP: 1, B: 2, SB: 1}, "Sangat Kurang")["failed_rules"] == [
        "Sangat Baik tidak ada (0 orang)"]
    assert comply({SB: 8, B: 3}, "Istimewa")["failed_rules"] == ["Sangat Baik paling banyak 70%"]


def test_shares_compare_exactly_on_large_groups():
    rule = curve.DISTRIBUTION_RULES["Istimewa"][0]
    assert rule.passes({SB: 70_000}, 100_000)
    assert not rule.passes({SB: 70_001}, 100_000)
    at_least = curve.DISTRIBUTION_RULES["Butuh Perbaikan"][0]
    assert at_least.passes({BP: 3}, 5)  # 60% exactly
    assert not at_least.passes({BP: 59_999}, 100_000)


def test_a_group_below_the_minimum_is_too_small_never_a_failure():
    row = comply({SB: 4}, "Istimewa", min_group_size=5, not_rated=3)  # unrated staff do not count
    assert row["status"] == "terlalu kecil untuk dinilai"
    assert row["compliant"] is None
    assert row["failed_rules"] == [] and row["largest_group_warning"] is None
    assert row["rated"] == 4
    at_minimum = comply({SB: 5}, "Istimewa", min_group_size=5)
    assert at_minimum["status"] == "tidak patuh" and at_minimum["compliant"] is False


def test_a_group_without_org_rating_is_not_judged():
    row = comply({B: 7, SB: 3}, None)
    assert row["status"] == "belum ada predikat organisasi"
    assert row["compliant"] is None and row["org_predikat"] is None
    assert row["failed_rules"] == [] and row["largest_group_warning"] is None


def test_agency_groups_use_the_agency_row_and_unit_groups_their_own_row():
    rows = pd.concat([
        staff({SB: 8, B: 2}, agency_id=1, unit_id=10),
        staff({B: 6, BP: 4}, agency_id=1, unit_id=11, first_id=100),
        staff({B: 10}, agency_id=2, unit_id=20, first_id=200),
    ])
    ratings = org((1, None, "Baik"), (1, 10, "Istimewa"), (1, 11, "Baik"), (2, 20, "Baik"))
    by_agency = appraisal.curve_compliance(appraisal.predikat_distribution(rows), ratings)
    assert by_agency["org_predikat"].tolist() == ["Baik", None]  # agency 2 has only a unit rating
    assert by_agency["status"].tolist() == ["patuh", "belum ada predikat organisasi"]

    by = ("agency_id", "unit_id")
    units = appraisal.curve_compliance(appraisal.predikat_distribution(rows, by=by), ratings, by=by)
    assert units["unit_id"].tolist() == [10, 11, 20]
    assert units["org_predikat"].tolist() == ["Istimewa", "Baik", "Baik"]
    assert units["failed_rule_ids"].tolist() == [
        ["istimewa_sb_max70"], [], ["baik_b_max70", "baik_bp_k_min1"]]


def test_org_ratings_of_several_periods_need_the_period_in_by():
    rows = pd.concat([staff({B: 6, BP: 4}, period="TW1"),
                      staff({SB: 10}, period="TW2", first_id=100)])
    ratings = org((1, None, "Baik", 2025, "TW1"), (1, None, "Istimewa", 2025, "TW2"))
    with pytest.raises(ValueError, match="more than one rating"):
        appraisal.curve_compliance(appraisal.predikat_distribution(staff({B: 6, BP: 4})), ratings)
    by = ("agency_id", "year", "period")
    result = appraisal.curve_compliance(appraisal.predikat_distribution(rows, by=by), ratings, by=by)
    assert result["org_predikat"].tolist() == ["Baik", "Istimewa"]
    assert result["status"].tolist() == ["patuh", "tidak patuh"]


@pytest.mark.parametrize("org_predikat, counts, warning", [
    ("Istimewa", {SB: 5, B: 5}, False),  # a tie counts as the largest group
    ("Istimewa", {SB: 4, B: 6}, True),
    ("Baik", {B: 7, BP: 1, SB: 2}, False),
    ("Baik", {B: 3, BP: 1, SB: 4}, True),
    ("Kurang", {K: 6, BP: 1, SB: 1, B: 2}, False),  # Kurang names Kurang/Misconduct
    ("Kurang", {K: 3, BP: 4, B: 3}, True),
    ("Butuh Perbaikan", {BP: 6, B: 4}, False),
    ("Sangat Kurang", {SK: 4, K: 5, B: 1}, True),
])
def test_largest_group_warning(org_predikat, counts, warning):
    assert comply(counts, org_predikat)["largest_group_warning"] is warning


# --- distribution and shares ---------------------------------------------------------------------
def test_unrated_staff_are_counted_apart_and_left_out_of_shares():
    rows = pd.concat([staff({SB: 1, B: 3}, not_rated=4),
                      staff({}, agency_id=2, not_rated=2, first_id=100)])
    dist = appraisal.predikat_distribution(rows)
    assert dist.columns.tolist() == ["agency_id", SK, K, BP, B, SB, NOT_RATED, "rated", "total"]
    columns = [SK, K, BP, B, SB, NOT_RATED, "rated", "total"]
    assert dist.loc[0, columns].tolist() == [0, 0, 0, 3, 1, 4, 4, 8]
    assert dist.loc[1, ["rated", "total", NOT_RATED]].tolist() == [0, 2, 2]
    shares = appraisal.predikat_shares(dist)
    assert shares.loc[0, [SK, K, BP, B, SB]].tolist() == [0, 0, 0, 0.75, 0.25]
    assert shares.loc[1, [SK, K, BP, B, SB]].isna().all()


def test_an_employee_counted_twice_is_refused():
    rows = pd.concat([staff({B: 5}, period="TW1"), staff({B: 5}, period="TW2")])
    with pytest.raises(ValueError, match="more than once"):
        appraisal.predikat_distribution(rows)
    per_period = appraisal.predikat_distribution(rows, by=("agency_id", "period"))
    assert per_period["rated"].tolist() == [5, 5]


def test_an_unknown_predikat_is_refused():
    with pytest.raises(ValueError, match="Cukup"):
        appraisal.predikat_distribution(staff({"Cukup": 1}))


# --- periods -----------------------------------------------------------------------------------
def periods(*pairs) -> pd.DataFrame:
    return pd.DataFrame(pairs, columns=["year", "period"])


@pytest.mark.parametrize("frame, year, expected", [
    (periods((2025, "TW4"), (2025, "TAHUNAN"), (2025, "B12")), 2025, "TAHUNAN"),
    (periods((2025, "TW1"), (2025, "B05"), (2025, "TW2")), 2025, "TW2"),
    (periods((2025, "TW2"), (2025, "B07")), 2025, "B07"),
    (periods((2025, "B12"), (2025, "TW4")), 2025, "TW4"),
    (periods((2025, "TAHUNAN"), (2026, "TW1")), 2026, "TW1"),
    (periods((2025, "TAHUNAN")), 2024, None),
])
def test_choose_period_prefers_the_annual_then_the_latest(frame, year, expected):
    assert appraisal.choose_period(frame, year) == expected


def test_choose_period_returns_the_given_period():
    assert appraisal.choose_period(periods((2025, "TAHUNAN")), 2025, "TW2") == "TW2"


def test_trend_is_chronological():
    rows = pd.concat([
        staff({B: 1}, year=2026, period="TW1", first_id=0),
        staff({SB: 1, B: 1}, year=2025, period="TAHUNAN", first_id=10),
        staff({B: 2}, year=2025, period="B12", first_id=20),
        staff({BP: 1}, year=2025, period="TW4", first_id=30),
        staff({B: 1}, year=2025, period="B02", first_id=40),
    ])
    trend = appraisal.predikat_trend(rows)
    assert trend[["year", "period"]].values.tolist() == [
        [2025, "B02"], [2025, "B12"], [2025, "TW4"], [2025, "TAHUNAN"], [2026, "TW1"]]
    assert trend.loc[3, [SB, B, "rated"]].tolist() == [0.5, 0.5, 2]


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="TW5"):
        appraisal.predikat_trend(staff({B: 1}, period="TW5"))


# --- inflation and quadrants -------------------------------------------------------------------
def test_inflation_ranks_only_groups_big_enough():
    rows = pd.concat([
        staff({SB: 5, B: 5}, agency_id=1),
        staff({SB: 3}, agency_id=2, first_id=100),  # 100% but only 3 rated
        staff({SB: 8, B: 2}, agency_id=3, first_id=200),
        staff({SB: 4, B: 4}, agency_id=4, first_id=300),  # ties with agency 1
    ])
    view = appraisal.inflation_view(appraisal.predikat_distribution(rows), min_group_size=5)
    assert view["share_sangat_baik"].tolist() == [0.5, 1.0, 0.8, 0.5]
    assert view["rank"].tolist() == [2, pd.NA, 1, 2]
    assert view["too_small"].tolist() == [False, True, False, False]


def test_quadrants_have_all_nine_cells_per_group_and_only_rated_staff():
    rows = pd.DataFrame({
        "employee_id": [1, 2, 3, 4, 5],
        "agency_id": [1, 1, 1, 1, 2],
        "rating_hasil": [ATAS, ATAS, BAWAH, None, None],
        "rating_perilaku": [ATAS, ATAS, SESUAI, ATAS, None],
    })
    q = appraisal.quadrant_counts(rows)
    assert q.columns.tolist() == ["agency_id", "rating_hasil", "rating_perilaku", "predikat", "count"]
    assert len(q) == 18 and q.groupby("agency_id").size().tolist() == [9, 9]
    one = q[q["agency_id"] == 1].set_index(["rating_hasil", "rating_perilaku"])
    assert one.loc[(ATAS, ATAS), "count"] == 2 and one.loc[(ATAS, ATAS), "predikat"] == SB
    assert one.loc[(BAWAH, SESUAI), "count"] == 1 and one.loc[(BAWAH, SESUAI), "predikat"] == BP
    assert one["count"].sum() == 3
    assert q.loc[q["agency_id"] == 2, "count"].sum() == 0


# --- properties --------------------------------------------------------------------------------
PREDIKAT_OR_NONE = st.sampled_from([*FIVE, None])
RATING_OR_NONE = st.sampled_from([ATAS, SESUAI, BAWAH, None])
PERIODS = [(2025, "TAHUNAN"), (2025, "TW4"), (2026, "TW1"), (2026, "B02")]
PERIOD = st.sampled_from(PERIODS)


@st.composite
def appraisal_rows(draw, max_size=40):
    """Random appraisals over three agencies, two units each, two years; each row its own employee."""
    rows = draw(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 1), RATING_OR_NONE,
                                   RATING_OR_NONE, PERIOD), max_size=max_size))
    frame = pd.DataFrame({
        "employee_id": np.arange(len(rows), dtype=np.int64),
        "agency_id": np.array([r[0] for r in rows], dtype=np.int64),
        "unit_id": np.array([10 * r[0] + r[1] for r in rows], dtype=np.int64),
        "year": np.array([r[4][0] for r in rows], dtype=np.int64),
        "period": pd.Series([r[4][1] for r in rows], dtype=object),
        "rating_hasil": pd.Series([r[2] for r in rows], dtype=object),
        "rating_perilaku": pd.Series([r[3] for r in rows], dtype=object),
    })
    frame["predikat"] = appraisal.predikat_from_ratings(frame["rating_hasil"],
                                                        frame["rating_perilaku"])
    return frame


@settings(max_examples=60, deadline=None)
@given(appraisal_rows())
def test_shares_sum_to_one_and_counts_add_up(rows):
    for by in (("agency_id",), ("agency_id", "unit_id", "year", "period"), ()):
        dist = appraisal.predikat_distribution(rows, by=by)
        counts = dist[[*FIVE, NOT_RATED]]
        assert (counts >= 0).all().all()
        assert (counts.sum(axis=1) == dist["total"]).all()
        assert (dist[FIVE].sum(axis=1) == dist["rated"]).all()
        assert dist["total"].sum() == len(rows)
        shares = appraisal.predikat_shares(dist)
        sums = shares.loc[shares["rated"] > 0, FIVE].sum(axis=1)
        assert ((sums - 1).abs() <= 1e-9).all()
        assert shares.loc[shares["rated"] == 0, FIVE].isna().all().all()


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, kind="stable").reset_index(drop=True) if keys else frame


def _all_outputs(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    units = ("agency_id", "unit_id", "year", "period")
    dist = appraisal.predikat_distribution(rows)
    unit_dist = appraisal.predikat_distribution(rows, by=units)
    ratings = org((1, None, "Istimewa"), (2, None, "Baik"), (1, 10, "Baik"), (2, 21, "Kurang"))
    ratings = pd.concat([ratings.assign(year=y, period=p) for y, p in PERIODS])
    return {
        "distribution": dist,
        "shares": appraisal.predikat_shares(dist),
        "compliance": appraisal.curve_compliance(unit_dist, ratings, min_group_size=2, by=units),
        "inflation": appraisal.inflation_view(dist, min_group_size=2),
        "quadrants": appraisal.quadrant_counts(rows, by=("agency_id", "unit_id")),
        "trend": appraisal.predikat_trend(rows),
        "period": pd.DataFrame({"p": [appraisal.choose_period(rows, 2026)]}),
    }


@settings(max_examples=60, deadline=None)
@given(rows=appraisal_rows(), data=st.data())
def test_permuting_input_rows_changes_nothing(rows, data):
    order = data.draw(st.permutations(range(len(rows))))
    shuffled = rows.iloc[list(order)]
    before, after = _all_outputs(rows), _all_outputs(shuffled)
    for name, frame in before.items():
        keys = [c for c in frame.columns if c in ("agency_id", "unit_id", "year", "period",
                                                  "rating_hasil", "rating_perilaku")]
        assert_frame_equal(_sorted(frame, keys), _sorted(after[name], keys), obj=name)


@settings(max_examples=60, deadline=None)
@given(rows=appraisal_rows(), agency_id=st.integers(1, 3))
def test_one_more_sangat_baik_never_lowers_the_inflation_share(rows, agency_id):
    extra = pd.DataFrame({"employee_id": [10_000], "agency_id": [agency_id], "predikat": [SB]})
    before = appraisal.inflation_view(appraisal.predikat_distribution(rows[extra.columns]))
    after = appraisal.inflation_view(appraisal.predikat_distribution(
        pd.concat([rows[extra.columns], extra], ignore_index=True)))
    new = after.set_index("agency_id").loc[agency_id, "share_sangat_baik"]
    old = before.set_index("agency_id")["share_sangat_baik"].get(agency_id, math.nan)
    assert new > 0
    if not math.isnan(old):
        assert new >= old


def oracle_failures(org_predikat: str, n: dict[str, int]) -> list[str]:
    """domain.md §1's table, written out independently with exact fractions."""
    rated = sum(n.values())

    def s(*predikat):
        return Fraction(sum(n[p] for p in predikat), rated)

    checks = {
        "Istimewa": [("istimewa_sb_max70", s(SB) <= Fraction(70, 100))],
        "Baik": [("baik_b_max70", s(B) <= Fraction(70, 100)), ("baik_bp_k_min1", n[BP] + n[K] >= 1)],
        "Butuh Perbaikan": [("bp_bp_min60", s(BP) >= Fraction(60, 100)),
                            ("bp_sb_max10", s(SB) <= Fraction(10, 100))],
        "Kurang": [("kurang_k_min60", s(K) >= Fraction(60, 100)),
                   ("kurang_bp_min10", s(BP) >= Fraction(10, 100)),
                   ("kurang_sb_max10", s(SB) <= Fraction(10, 100))],
        "Sangat Kurang": [("sk_sk_min60", s(SK) >= Fraction(60, 100)),
                          ("sk_k_bp_min10", s(K, BP) >= Fraction(10, 100)),
                          ("sk_sb_none", n[SB] == 0)],
    }
    return [rule_id for rule_id, ok in checks[org_predikat] if not ok]


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.fixed_dictionaries({p: st.integers(0, 12) for p in FIVE}),
                       min_size=1, max_size=8),
       org_predikats=st.lists(st.sampled_from(["Istimewa", "Baik", "Butuh Perbaikan", "Kurang",
                                               "Sangat Kurang"]), min_size=8, max_size=8))
def test_compliance_matches_an_independent_oracle(counts, org_predikats):
    rows = pd.concat([staff(c, agency_id=i, first_id=100 * i) for i, c in enumerate(counts)],
                     ignore_index=True)
    ratings = org(*[(i, None, org_predikats[i]) for i in range(len(counts))])
    dist = appraisal.predikat_distribution(rows)
    result = appraisal.curve_compliance(dist, ratings, min_group_size=5).set_index("agency_id")
    for i, c in enumerate(counts):
        if i not in result.index:  # nobody in this group at all
            assert sum(c.values()) == 0
            continue
        row = result.loc[i]
        if sum(c.values()) < 5:
            assert row["status"] == "terlalu kecil untuk dinilai" and row["compliant"] is None
        else:
            assert row["failed_rule_ids"] == oracle_failures(org_predikats[i], c)


# --- helpers for the Kinerja Pegawai page ---------------------------------------------------------
@pytest.mark.parametrize("present, period, expected", [
    (["TW1", "TW2", "TW3"], "TW3", "TW2"),
    (["TW1", "TW3"], "TW3", "TW1"),  # a skipped quarter: the one before with data
    (["TW1", "TW2"], "TW1", None),
    (["TW1", "TW4", "TAHUNAN"], "TAHUNAN", "TW4"),
    (["B02", "TW1"], "TW1", "B02"),
])
def test_previous_appraisal_period_is_the_latest_earlier_one_with_rows(present, period, expected):
    frame = pd.DataFrame({"year": [2026] * len(present) + [2025], "period": [*present, "TW4"]})
    assert appraisal.previous_appraisal_period(frame, 2026, period) == expected


def test_compliant_share_counts_only_judged_groups():
    comp = pd.DataFrame({"compliant": pd.Series([True, False, None, True], dtype=object)})
    assert appraisal.compliant_share(comp) == pytest.approx(2 / 3)
    assert math.isnan(appraisal.compliant_share(comp.iloc[2:3]))


def test_rule_positions_lie_where_the_bounded_segment_starts_plus_its_limit():
    # Baik agency, flat curve: 0 SK, 0 K, 0 BP, 17 B, 3 SB -> Baik 85% from 0, limit at 70%.
    # Istimewa agency: 2 B, 8 SB -> Sangat Baik starts at 20%, its limit (70%) lies at 90%.
    dist = appraisal.predikat_distribution(pd.concat([
        staff({B: 17, SB: 3}, agency_id=1), staff({B: 2, SB: 8}, agency_id=2, first_id=100)]))
    shares = appraisal.predikat_shares(dist)
    marks = appraisal.rule_positions(shares, pd.Series(["Baik", "Istimewa"]))
    # Baik's count rule (at least 1 BP or K) has no place on a bar.
    assert marks["rule_id"].tolist() == ["baik_b_max70", "istimewa_sb_max70"]
    assert marks["agency_id"].tolist() == [1, 2]
    assert marks["rule_start"].tolist() == pytest.approx([0.0, 0.2])
    assert marks["rule_position"].tolist() == pytest.approx([0.7, 0.9])
    assert marks["rule_passed"].tolist() == [False, False]


def test_rule_positions_cap_at_the_bar_end_and_skip_unrated_groups():
    dist = appraisal.predikat_distribution(pd.concat([
        staff({B: 5, SB: 5}, agency_id=1), staff({}, agency_id=2, not_rated=3, first_id=50),
        staff({B: 9, BP: 1}, agency_id=3, first_id=80)]))
    marks = appraisal.rule_positions(appraisal.predikat_shares(dist), pd.Series(["Istimewa", "Istimewa", None]))
    assert marks["agency_id"].tolist() == [1]
    assert marks["rule_position"].iloc[0] == 1.0 and bool(marks["rule_passed"].iloc[0])
