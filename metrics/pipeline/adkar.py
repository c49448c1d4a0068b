"""The ADKAR pulse-survey signal (kind `survei_adkar`, metrics/adkar.py): for a view, its latest survey
wave, one row per group (regions, agencies or units) with the five element means, the share of low
scores, the barrier point, the response rate and the change since the previous wave, and the view's
headline. The Adopsi Perubahan page's section "Mengapa unit tertahan?", the report and the exports call
these and nothing else, so they show the same numbers.

Anonymity: a group with respondents, but fewer than the minimum group size (the setting
min_group_size, the rule every signal uses: metrics.pipeline.adoption.too_small), shows no figure of its
own, only its count and TOO_SMALL; its respondents still count in the agency's (and the view's)
figures, where they are rolled up with their colleagues. So that those figures minus the shown groups'
cannot be read as the small group's answers, the shown group with the fewest respondents is hidden too
where needed (`guarded`, complementary suppression).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metrics import adkar
from metrics.pipeline import AGENCY, REGION, UNIT
from metrics.pipeline.adoption import too_small
from metrics.pipeline.service import NO_DATA, UNKNOWN
from vocab import codes
from vocab.catalogue import TOO_SMALL
from vocab.indicators import GUARDED, TOO_FEW_RESPONDENTS
from vocab.settings import DEFAULT_MIN_GROUP_SIZE

MEANS, LOWS, CHANGES = tuple(adkar.MEAN.values()), tuple(adkar.LOW.values()), tuple(adkar.CHANGE.values())
FIGURE_COLUMNS = ("respondents", "headcount", "response_rate", *MEANS, *LOWS, "barrier", "barrier_label", *CHANGES,
                  "too_small", "status", "note")
# A judged group whose every element mean is above the barrier line:
NO_BARRIER = f"tidak ada (semua di atas {codes.ADKAR_BARRIER_MAX})"
GROUP_COLUMNS = ("gid", "nama", *FIGURE_COLUMNS)
# What a group too small to show hides (its count of respondents stays: it says why nothing else shows).
HIDDEN = ("response_rate", *MEANS, *LOWS, *CHANGES)
ELEMENT_COLUMNS = ("gid", "nama", "element", "urutan", "mean", "low_share", "at_or_below_line", "respondents")


@dataclass(frozen=True)
class AdkarFigures:
    """A view's headline for one wave. means/changes: element name -> value, empty when the view has
    no respondents or too few; common_barrier: the barrier most groups of the view share (ties: the
    earliest in ADKAR order), over judged_groups groups with enough respondents."""

    respondents: int = 0
    headcount: int = 0
    response_rate: float = np.nan
    means: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    barrier: str | None = None
    common_barrier: str | None = None
    common_barrier_groups: int = 0
    judged_groups: int = 0
    too_small: bool = False
    guarded: bool = False  # hidden to guard a small group beside it in the parent's figures


@dataclass(frozen=True)
class AdkarSignal:
    """Every survey figure of one view: its latest wave, grouped by `group_column`."""

    group_column: str
    wave: int | None
    previous_wave: int | None
    figures: AdkarFigures
    groups: pd.DataFrame  # group_table: GROUP_COLUMNS
    elements: pd.DataFrame  # element_frame: the judged groups' five means, long
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE

    @property
    def empty(self) -> bool:
        return self.wave is None

    @property
    def any_guarded(self) -> bool:
        """Whether a group is hidden to guard a small one (group_table's note GUARDED)."""
        return bool((self.groups["note"] == GUARDED).any()) if len(self.groups) else False

    @property
    def wave_label(self) -> str | None:
        return adkar.wave_label(self.wave)

    @property
    def previous_label(self) -> str | None:
        return adkar.wave_label(self.previous_wave)


def responses(inputs) -> pd.DataFrame:
    """The inputs' respondents with their wave (adkar.with_waves), computed once per inputs."""
    return inputs.derived("adkar_waves", lambda: adkar.with_waves(inputs.adkar))


def waves(inputs, previous_inputs=None) -> tuple[pd.DataFrame, pd.DataFrame, int | None, int | None]:
    """The respondents of the view's latest wave and of the wave before it (found in the view, else in
    `previous_inputs`, the period before), and both waves (None where there is none)."""
    now = responses(inputs)
    if now.empty:
        return now, now, None, None
    wave = int(now[adkar.WAVE].max())
    earlier = now if previous_inputs is None else pd.concat([responses(previous_inputs), now], ignore_index=True)
    earlier = earlier[earlier[adkar.WAVE] < wave]
    before = int(earlier[adkar.WAVE].max()) if len(earlier) else None
    return now[now[adkar.WAVE] == wave], earlier[earlier[adkar.WAVE] == before], wave, before


def _scores(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({**{c: pd.Series(dtype="int64") for c in by},
                             **{c: pd.Series(dtype="float64") for c in adkar.SCORE_COLUMNS}})
    return adkar.scores(frame, by)


def _small(n: pd.Series, minimum: int) -> pd.Series:
    """Groups with respondents, but too few to show (the shared rule: too_small)."""
    return (n > 0) & too_small(n, minimum)


def hidden(scores: pd.DataFrame, by: Sequence[str], minimum: int) -> pd.Series:
    """The groups of a scores() frame that show no figure: too small, or guarded."""
    return _small(scores["respondents"], minimum) | guarded(scores, by, minimum)


def _judged(groups: pd.DataFrame) -> pd.DataFrame:
    """The rows of group_table that show their figures (enough respondents, not guarded)."""
    return groups[~groups["too_small"].astype(bool) & (groups["respondents"] > 0)]


def guarded(scores: pd.DataFrame, by: Sequence[str], minimum: int) -> pd.Series:
    """Complementary suppression: within each parent (the groups sharing every `by` column but the last;
    the whole table for a single column), when the groups too small to show hold fewer respondents
    together than `minimum`, the parent's figure minus the shown groups would be theirs; so the shown
    group with the fewest respondents is hidden too (then the hidden hold at least `minimum` together).
    True for the groups hidden this way."""
    n = scores["respondents"]
    small = _small(n, minimum)
    guard = pd.Series(False, index=scores.index)
    parents = list(by)[:-1]
    keys = [scores[c] for c in parents] if parents else [pd.Series(0, index=scores.index)]
    for _, part in scores.groupby(keys, sort=False):
        rows = part.index
        hidden = int(n[rows][small[rows]].sum())
        shown = n[rows][~small[rows] & (n[rows] > 0)]
        if 0 < hidden < minimum and len(shown):
            guard[shown.sort_values(kind="stable").index[0]] = True
    return guard


def group_table(current: pd.DataFrame, previous: pd.DataFrame, headcount: pd.Series, by: Sequence[str],
                minimum: int, names: Mapping | None = None) -> pd.DataFrame:
    """One row per group of `by` with staff (headcount: staff per group) or respondents: the figures
    of FIGURE_COLUMNS; a group with respondents below `minimum` keeps only its count (status
    TOO_SMALL), one without respondents has no figures (status NO_DATA). The change is against the
    previous wave where that wave had enough respondents. With `names` (a single `by` column): gid and
    nama too. Ordered by barrier in ADKAR order (the earliest first), then groups without one, too
    small and without data last."""
    by = list(by)
    before = _scores(previous, by)
    before = before[~hidden(before, by, minimum)]
    out = headcount.rename("headcount").reset_index().merge(_scores(current, by), on=by, how="outer")
    out["respondents"] = out["respondents"].fillna(0).astype("int64")
    out["headcount"] = out["headcount"].fillna(0).astype("int64")
    out["response_rate"] = adkar.response_rate(out["respondents"], out["headcount"])
    out = out.merge(adkar.changes(out, before, by), on=by, how="left")
    guard = guarded(out, by, minimum)
    small = _small(out["respondents"], minimum) | guard
    out["barrier"] = pd.Series([None if hide else b for b, hide in zip(adkar.barrier(out), small)],
                               index=out.index, dtype=object)
    out.loc[small | (out["respondents"] == 0), list(HIDDEN)] = np.nan  # no respondents: no rate either
    out["too_small"] = small
    out["status"] = np.where(small, TOO_SMALL, np.where(out["respondents"] == 0, NO_DATA, ""))
    out["note"] = np.where(guard, GUARDED, np.where(small, TOO_FEW_RESPONDENTS,
                                                    np.where(out["respondents"] == 0, NO_DATA, "")))
    # The barrier in words for a table: its name, NO_BARRIER, or why the group has none to show.
    out["barrier_label"] = [b if isinstance(b, str) else (note or NO_BARRIER)
                            for b, note in zip(out["barrier"], out["note"])]
    order = {name: i for i, name in enumerate(codes.ADKAR_ELEMENTS)}
    rank = out["barrier"].map(order).astype("float64").fillna(len(order))
    out["_o"] = rank + np.where(small, 10, 0) + np.where(out["respondents"] == 0, 20, 0)
    if names is not None:
        column = by[0]
        out["gid"] = out[column]
        out["nama"] = out[column].map(dict(names)).fillna(UNKNOWN).astype(str)
        out = out.sort_values(["_o", "nama"])
    else:
        out = out.sort_values(["_o", *by])
    return out.drop(columns="_o").reset_index(drop=True)[[*by, *(GROUP_COLUMNS if names is not None
                                                                 else FIGURE_COLUMNS)]]


def common_barrier(groups: pd.DataFrame) -> tuple[str | None, int, int]:
    """The barrier most judged groups share (ties: the earliest in ADKAR order), how many groups share
    it, and how many groups were judged (respondents enough to show)."""
    judged = _judged(groups)
    counts = judged["barrier"].dropna().value_counts()
    if counts.empty:
        return None, 0, len(judged)
    top = int(counts.max())
    first = next(name for name in codes.ADKAR_ELEMENTS if counts.get(name, 0) == top)
    return first, top, len(judged)


def headline(current: pd.DataFrame, previous: pd.DataFrame, headcount: int, minimum: int,
             groups: pd.DataFrame) -> AdkarFigures:
    """The view's headline over every respondent of the wave (small units included: rolled up here)."""
    n = len(current)
    common, sharing, judged = common_barrier(groups)
    base = dict(respondents=n, headcount=int(headcount), common_barrier=common, common_barrier_groups=sharing,
                judged_groups=judged)
    if n == 0 or bool(too_small(pd.Series([n]), minimum).iloc[0]):
        return AdkarFigures(**base, too_small=n > 0)
    now = adkar.scores(current)
    before = _scores(previous, [])
    before = before[~too_small(before["respondents"], minimum)]
    change = adkar.changes(now, before).iloc[0]
    return AdkarFigures(
        **base, response_rate=float(adkar.response_rate([n], [headcount])[0]),
        means={adkar.ELEMENT_NAMES[e]: float(now[adkar.MEAN[e]].iloc[0]) for e in adkar.ELEMENTS},
        changes={adkar.ELEMENT_NAMES[e]: float(change[adkar.CHANGE[e]]) for e in adkar.ELEMENTS},
        barrier=adkar.barrier(now).iloc[0])


def element_frame(groups: pd.DataFrame) -> pd.DataFrame:
    """The judged groups' five element means, long (ELEMENT_COLUMNS), elements in ADKAR order;
    at_or_below_line marks every element whose mean is at most the barrier line (the group's barrier
    point is the first of them, `barrier` in group_table)."""
    shown = _judged(groups)
    rows = [pd.DataFrame({"gid": shown["gid"], "nama": shown["nama"], "element": adkar.ELEMENT_NAMES[e],
                          "urutan": i, "mean": shown[adkar.MEAN[e]], "low_share": shown[adkar.LOW[e]],
                          "respondents": shown["respondents"]})
            for i, e in enumerate(adkar.ELEMENTS)]
    if shown.empty:
        return pd.DataFrame(columns=list(ELEMENT_COLUMNS))
    out = pd.concat(rows, ignore_index=True)
    out["at_or_below_line"] = out["mean"] <= codes.ADKAR_BARRIER_MAX
    return out[list(ELEMENT_COLUMNS)]


def signal(inputs, previous_inputs, column: str, names: Mapping | None = None, parent=None) -> AdkarSignal:
    """The survey figures of a view (MetricInputs) grouped by `column` (names: id -> name), for its
    latest wave; `previous_inputs`: the period before, where the previous wave may lie. `parent`: the
    same span one level up (a unit's agency, an agency's region, a region's province, as far as the
    viewer sees): where the view's own group is hidden among its siblings (too few, or guarded), the
    view shows nothing either, or its figures taken from the parent's would give the small group's."""
    minimum = int(inputs.settings["min_group_size"])
    current, previous, wave, before = waves(inputs, previous_inputs)
    staff = inputs.roster.groupby(column).size()
    groups = group_table(current, previous, staff, [column], minimum, names or {})
    figures = headline(current, previous, len(inputs.roster), minimum, groups)
    if wave is not None and parent is not None and hidden_in_parent(inputs, parent, wave, minimum):
        groups = _all_hidden(groups)
        figures = AdkarFigures(respondents=figures.respondents, headcount=figures.headcount, too_small=True,
                               guarded=True)
    return AdkarSignal(group_column=column, wave=wave, previous_wave=before, figures=figures,
                       groups=groups, elements=element_frame(groups), min_group_size=minimum)


def hidden_in_parent(inputs, parent, wave: int, minimum: int) -> bool:
    """Whether the view's own group (its one unit, else its one agency, else its one region) shows no
    figure in `parent`'s table of that level for the same wave (too few respondents, or guarded)."""
    own = next((c for c in (UNIT, AGENCY, REGION) if inputs.roster[c].nunique() == 1), None)
    if own is None or parent.roster[own].nunique() <= 1:
        return False
    answers = responses(parent)
    answers = answers[answers[adkar.WAVE] == wave]
    table = group_table(answers, answers.iloc[0:0], parent.roster.groupby(own).size(), [own], minimum)
    mine = table[table[own] == inputs.roster[own].iloc[0]]
    return bool(len(mine)) and bool(mine["too_small"].iloc[0])


def _all_hidden(groups: pd.DataFrame) -> pd.DataFrame:
    """Every group of a view hidden to guard it in its parent: only the counts of respondents remain."""
    out = groups.copy()
    out.loc[:, list(HIDDEN)] = np.nan
    out["barrier"] = None
    out["too_small"] = True
    out["status"] = TOO_SMALL
    out["note"] = GUARDED
    out["barrier_label"] = GUARDED
    return out


def report_table(inputs, by: Sequence[str], previous_inputs=None) -> tuple[pd.DataFrame, int | None, int | None]:
    """The report's survey per agency (or agency and unit): group_table over the span's latest wave,
    against the wave before it (within the span, else in `previous_inputs`, the period before, as the
    page finds it); and both waves."""
    current, previous, wave, before = waves(inputs, previous_inputs)
    table = group_table(current, previous, inputs.roster.groupby(list(by)).size(), by,
                        int(inputs.settings["min_group_size"]))
    return table, wave, before
