"""The ADKAR pulse survey (kind `survei_adkar`, domain.md §5): why a unit resists, from its staff's own
anonymous scores. Pure functions over the respondents' frame (data_access.reads.adkar_responses:
region_id, agency_id, unit_id, survey_date and the five scores, 1–5).

- A survey **wave** is the quarter (triwulan) of the day a respondent answered: a pulse survey is run
  once a quarter, as the periodic appraisal is; two answers in one quarter belong to one wave.
- Per group and wave: respondents, the mean of each element and the share of scores ≤ 3 on it.
- The **barrier point** is the first element in ADKAR order (Awareness, Desire, Knowledge, Ability,
  Reinforcement) whose mean is ≤ 3; none when every mean is above 3. ADKAR is sequential: Ability
  cannot be built before Knowledge, so the first low element is where to start.
- The **response rate** is respondents over the group's staff on the roll.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics.common import aggregate, ratio
from vocab import codes
from vocab.kinds import ADKAR_FIELDS

ELEMENTS = ADKAR_FIELDS  # the score columns, in ADKAR order
ELEMENT_NAMES = dict(zip(ELEMENTS, codes.ADKAR_ELEMENTS))  # column -> "Awareness", …
MEAN = {e: f"mean_{e}" for e in ELEMENTS}  # the mean score of the element
LOW = {e: f"low_{e}" for e in ELEMENTS}  # the share of scores ≤ ADKAR_BARRIER_MAX
CHANGE = {e: f"change_{e}" for e in ELEMENTS}  # the mean's change since the previous wave
WAVE = "wave"  # year × 10 + quarter (20264 = Triwulan IV 2026)
SCORE_COLUMNS = ("respondents", *MEAN.values(), *LOW.values())


def wave_of(days: pd.Series) -> pd.Series:
    """The survey wave of each answering day: year × 10 + quarter (int64)."""
    when = pd.to_datetime(days)
    return (when.dt.year * 10 + when.dt.quarter).astype("int64")


def wave_label(wave: int | None) -> str | None:
    """20264 -> 'Triwulan IV 2026' (None for no wave)."""
    if wave is None:
        return None
    year, quarter = divmod(int(wave), 10)
    return f"{codes.PERIOD_LABELS[f'TW{quarter}']} {year}"


def with_waves(frame: pd.DataFrame) -> pd.DataFrame:
    """The respondents with their wave (an empty frame keeps the columns the functions below read)."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in (*ELEMENTS, WAVE, "region_id", "agency_id",
                                                                   "unit_id")})
    return frame.assign(**{WAVE: wave_of(frame["survey_date"])})


def scores(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Per group of `by` (by=(): one row over everything): respondents, mean_<element> and
    low_<element> (the share of its scores ≤ 3), unrounded."""
    low = {LOW[e]: (frame[e] <= codes.ADKAR_BARRIER_MAX).astype("float64") for e in ELEMENTS}
    work = frame.assign(**low)
    aggs = {"respondents": (ELEMENTS[0], "size"), **{MEAN[e]: (e, "mean") for e in ELEMENTS},
            **{LOW[e]: (LOW[e], "mean") for e in ELEMENTS}}
    return aggregate(work, by, **aggs)


def barrier(means: pd.DataFrame) -> pd.Series:
    """The barrier point of each row of mean_<element> columns: the name of the first element in ADKAR
    order whose mean is ≤ 3, or None (every mean above 3, or no means)."""
    values = means[[MEAN[e] for e in ELEMENTS]].to_numpy(dtype="float64")
    low = values <= codes.ADKAR_BARRIER_MAX  # NaN compares false
    first = np.argmax(low, axis=1)
    names = np.array(codes.ADKAR_ELEMENTS, dtype=object)[first]
    return pd.Series(np.where(low.any(axis=1), names, None), index=means.index, dtype=object)


def response_rate(respondents, headcount) -> np.ndarray:
    """Respondents over staff on the roll (NaN without staff)."""
    return ratio(respondents, headcount)


def changes(current: pd.DataFrame, previous: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """change_<element> per group of `by` (rows of `current`, two scores() frames): the current wave's
    mean less the previous wave's (NaN where the group has no previous wave)."""
    keys = list(by) or ["_all"]
    if not by:
        current, previous = current.assign(_all=0), previous.assign(_all=0)
    before = previous[[*keys, *MEAN.values()]].rename(columns={MEAN[e]: f"_before_{e}" for e in ELEMENTS})
    both = current[[*keys, *MEAN.values()]].merge(before, on=keys, how="left")
    out = both[list(by)].copy()
    for e in ELEMENTS:
        out[CHANGE[e]] = both[MEAN[e]] - both[f"_before_{e}"]
    return out
