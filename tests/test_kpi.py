"""KPI tile texts: the change carries an ASCII minus (Streamlit draws the arrow from it), shares change
in percentage points, and no change is plain 0."""
import pytest

from ui.kpi import _change_text, _unchanged, signed, value_text


@pytest.mark.parametrize("change, decimals, expected", [
    (1.25, 1, "+1,2"), (-1.25, 1, "-1,2"), (0.0, 1, "0,0"), (-1234.5, 0, "-1.234"),
    (-0.04, 1, "0,0"), (0.04, 1, "0,0"), (-0.0, 1, "0,0"),  # a change that shows as zero has no sign
])
def test_signed(change, decimals, expected):
    assert signed(change, decimals) == expected


def test_change_in_the_metrics_unit():
    assert _change_text("active_share", -0.053) == "-5,3 poin persen"
    assert _change_text("ikm", 1.234) == "+1,23"
    assert _change_text("median_jp", float("nan")) is None
    # -0,04 percentage points is shown as no change: not "-0,0" drawn in red as a decline
    assert _change_text("compliance", -0.0004) == "0,0 poin persen" and _unchanged("0,0 poin persen")
    assert not _unchanged("-5,3 poin persen") and not _unchanged(None)


def test_value_in_the_metrics_unit():
    assert value_text("active_share", 0.256) == "25,6%"
    assert value_text("ikm", 82.3125) == "82,31"
    assert value_text("median_jp", 18.5) == "18,5 JP"
    assert value_text("ikm", None) == "–"
