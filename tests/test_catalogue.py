"""The metric catalogue: complete, Indonesian, and its statuses respect each metric's direction."""
import pytest

from vocab.catalogue import ACT, CATALOGUE, ON_TRACK, WATCH


def test_every_metric_is_fully_described():
    for m in CATALOGUE.values():
        assert m.label and m.definition.endswith(".") and m.question.endswith("?") and m.source, m.id
        assert m.signal in {"penilaian", "pengembangan", "pelayanan", "adopsi"}
        if m.target is not None and m.warning is not None:
            # The warning line lies on the wrong side of the target.
            assert (m.warning <= m.target) if m.higher_is_better else (m.warning >= m.target), m.id
    assert {m.signal for m in CATALOGUE.values()} == {"penilaian", "pengembangan", "pelayanan", "adopsi"}


@pytest.mark.parametrize("metric, value, expected", [
    ("share_within_standard", 0.90, ON_TRACK), ("share_within_standard", 0.8999, WATCH),
    ("share_within_standard", 0.75, WATCH), ("share_within_standard", 0.7499, ACT),
    ("resistance_index", 0.10, ON_TRACK), ("resistance_index", 0.2, WATCH),
    ("resistance_index", 0.30, WATCH), ("resistance_index", 0.31, ACT),
    ("ikm", 88.31, ON_TRACK), ("ikm", 88.30, WATCH), ("ikm", 76.60, ACT),
    ("share_zero", 0.0, ON_TRACK), ("share_zero", 0.05, WATCH), ("share_zero", 0.2, ACT),
    ("ikm", None, None), ("ikm", float("nan"), None), ("median_turnaround", 3.0, None),
])
def test_status_respects_direction(metric, value, expected):
    assert CATALOGUE[metric].status(value) == expected
