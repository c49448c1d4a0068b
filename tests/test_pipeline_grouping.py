"""The groups one level below a view (metrics.pipeline.below), which the brief's charts use, read from
the view's staff as the pages' shared grouping (ui.levels.group_for) reads them."""
from types import SimpleNamespace

import pandas as pd

from metrics import pipeline


def _view(rows: list[tuple[int, int, int]]):
    return SimpleNamespace(roster=pd.DataFrame(rows, columns=["region_id", "agency_id", "unit_id"]))


def test_a_view_is_grouped_one_level_below_skipping_a_level_of_one_group():
    assert pipeline.below(_view([(1, 10, 100), (2, 20, 200)])) == pipeline.REGION  # the province
    assert pipeline.below(_view([(1, 10, 100), (1, 11, 110)])) == pipeline.AGENCY  # one region
    assert pipeline.below(_view([(1, 10, 100), (1, 10, 101)])) == pipeline.UNIT  # one agency (its head's scope)
    assert pipeline.below(_view([])) == pipeline.UNIT
    assert pipeline.GROUP_LABELS == {pipeline.REGION: "Daerah", pipeline.AGENCY: "OPD", pipeline.UNIT: "Unit kerja"}
