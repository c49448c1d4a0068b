"""Charts are drawn from a cached Vega-Lite spec: a warm rerun neither rebuilds nor re-validates an
Altair chart (that was most of a warm rerun's time), and the spec is the one st.altair_chart sends."""
from __future__ import annotations

import os

import altair as alt
import pandas as pd
from streamlit.testing.v1 import AppTest

from ui import tables

def counting_bars(frame: pd.DataFrame, title: str) -> alt.Chart:
    """A chart builder that notes each build in the file named by $CHART_BUILDS (the AppTest script
    imports this module under another name than pytest does, so a module-level list would not do)."""
    with open(os.environ["CHART_BUILDS"], "a") as log:
        log.write(title + "\n")
    return alt.Chart(frame, title=title).mark_bar().encode(x="n:Q", y="nama:N")


def _script():
    import pandas as pd
    import streamlit as st

    from tests.test_charts_cached import counting_bars
    from ui import tables

    frame = pd.DataFrame({"nama": ["A", "B"], "n": [st.session_state.get("n", 1), 2]})
    tables.chart(counting_bars, frame, "Uji", key="uji", title="Grafik uji")


def test_a_warm_rerun_does_not_rebuild_the_chart_but_new_data_does(tmp_path, monkeypatch):
    builds = tmp_path / "builds.txt"
    builds.touch()
    monkeypatch.setenv("CHART_BUILDS", str(builds))
    at = AppTest.from_function(_script).run()
    assert not at.exception
    assert builds.read_text().split() == ["Uji"]
    at.run()
    assert builds.read_text().split() == ["Uji"], "the same builder and data must come from the cache"
    at.session_state["n"] = 5
    at.run()
    assert builds.read_text().split() == ["Uji", "Uji"], "changed data must build the chart again"
    assert len(at.get("vega_lite_chart")) == 1


def test_the_cached_spec_is_what_st_altair_chart_sends(tmp_path, monkeypatch):
    """The converter is Streamlit's private API; this fails if it moves or changes its output shape."""
    monkeypatch.setenv("CHART_BUILDS", str(tmp_path / "builds.txt"))
    frame = pd.DataFrame({"nama": ["A", "B"], "n": [1, 2]})
    spec = tables._spec.__wrapped__(counting_bars, "x", (frame, "Uji"), {})
    assert spec["mark"] == {"type": "bar"} or spec["mark"] == "bar"
    assert spec["encoding"]["x"]["field"] == "n"
    (name, data), = spec["datasets"].items()
    assert spec["data"] == {"name": name}
    assert isinstance(data, bytes) and data  # Arrow IPC, not JSON values
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    assert spec == _convert_altair_to_vega_lite_spec(counting_bars(frame, "Uji"))  # what st.altair_chart sends
