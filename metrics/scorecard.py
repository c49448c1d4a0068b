"""The leadership scorecard: one row per agency, the four signals against their targets, where to act."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from vocab import codes
from metrics.report import SCORECARD_PARTS, build_report
from vocab.settings import DEFAULT_MIN_GROUP_SIZE
from vocab.catalogue import ACT, ON_TRACK, WATCH, Targets

# The catalogue metrics the scorecard shows, and where each sits in a report entry.
SCORECARD_METRICS = ("curve_compliant", "share_sangat_baik", "share_meeting_target", "share_zero",
                     "share_within_standard", "ikm", "active_share", "compliance", "resistance_index")
_SEVERITY = {ON_TRACK: 0, WATCH: 1, ACT: 2}


def signals_frame(payload: dict) -> pd.DataFrame:
    """The scorecard metrics of a report payload (metrics.report.build_report), one row per agency (or
    unit): region, agency_name, [unit_name,] headcount, rated, then one column per SCORECARD_METRICS id
    (NaN = no data)."""
    rows = []
    by_unit = payload.get("level") == "unit"
    for a in payload["agencies"]:
        counts = a["appraisal"]["counts"]
        rated = sum(counts[p] for p in codes.PREDIKAT_ORDER)
        compliant = a["appraisal"]["curve_compliant"]
        rows.append({
            "region": a["region"], "agency_name": a["agency_name"],
            **({"unit_name": a.get("unit_name")} if by_unit else {}),
            "headcount": a["headcount"], "rated": rated,
            "curve_compliant": np.nan if compliant is None else float(compliant),
            "share_sangat_baik": counts[codes.PREDIKAT_SANGAT_BAIK] / rated if rated else np.nan,
            "share_meeting_target": a["training"]["share_meeting_target"],
            "share_zero": a["training"]["share_zero"],
            "share_within_standard": a["service"]["share_within_standard"],
            "ikm": a["service"]["ikm"],
            "active_share": a["adoption"]["active_share"],
            "compliance": a["adoption"]["compliance"],
            "resistance_index": a["adoption"]["resistance_index"],
        })
    keys = ["region", "agency_name", *(["unit_name"] if by_unit else [])]
    frame = pd.DataFrame(rows, columns=[*keys, "headcount", "rated", *SCORECARD_METRICS])
    frame[list(SCORECARD_METRICS)] = frame[list(SCORECARD_METRICS)].astype("float64")
    return frame


def status_spread(card: pd.DataFrame) -> pd.DataFrame:
    """Per scorecard metric and status (sesuai target, waspada, perlu tindakan): how many groups of the
    scorecard are judged so (metric_id, status, jumlah); groups too small and groups without data are
    not counted."""
    judged = card[~card["too_small"]]
    rows = []
    for metric_id in SCORECARD_METRICS:
        counts = judged[f"{metric_id}_status"].value_counts()
        rows += [{"metric_id": metric_id, "status": s, "jumlah": int(counts.get(s, 0))} for s in (ON_TRACK, WATCH, ACT)]
    return pd.DataFrame(rows)


def scorecard(current: pd.DataFrame, previous: pd.DataFrame | None = None,
              min_group_size: int = DEFAULT_MIN_GROUP_SIZE, targets: Targets | None = None, year: int | None = None) -> pd.DataFrame:
    """Per agency: each metric's value, `<id>_status` (sesuai target / waspada / perlu tindakan, by the
    catalogue's direction, against the target in force for `year` and, when `current` has agency_id,
    each agency's own target: Targets), `<id>_change` since the previous period (NaN without one); then `status`
    (the worst of its metrics), `act_count`, `watch_count`, `too_small` (headcount below the minimum)
    and `rank` (1 = most in need of action; groups too small are marked, never ranked)."""
    out = current.copy()
    keys = ["region", "agency_name", *(["unit_name"] if "unit_name" in current.columns else [])]
    prev = previous.set_index(keys) if previous is not None and not previous.empty else None
    here = pd.MultiIndex.from_frame(out[keys]) if len(keys) > 1 else pd.Index(out[keys[0]])
    severities = []
    targets = targets or Targets()
    agency_ids = out["agency_id"] if "agency_id" in out.columns else [None] * len(out)
    for metric_id in SCORECARD_METRICS:
        out[f"{metric_id}_status"] = [targets.metric(metric_id, year, a).status(v)
                                      for v, a in zip(out[metric_id], agency_ids)]
        severities.append(out[f"{metric_id}_status"].map(_SEVERITY))
        if prev is not None:
            before = prev[metric_id].reindex(here).to_numpy(dtype="float64")  # NaN where new
            out[f"{metric_id}_change"] = out[metric_id].to_numpy() - before
        else:
            out[f"{metric_id}_change"] = np.nan
    severity = pd.concat(severities, axis=1)
    out["act_count"] = (severity == _SEVERITY[ACT]).sum(axis=1)
    out["watch_count"] = (severity == _SEVERITY[WATCH]).sum(axis=1)
    worst = severity.max(axis=1)
    out["status"] = worst.map({v: k for k, v in _SEVERITY.items()})
    out["too_small"] = out["headcount"] < min_group_size
    ranked = out[~out["too_small"]].sort_values(["act_count", "watch_count", *keys],
                                                ascending=[False, False, *[True] * len(keys)])
    out["rank"] = pd.Series(range(1, len(ranked) + 1), index=ranked.index, dtype="Int64")
    return out


def level_of(inputs) -> str:
    """The scorecard's rows for a view: agencies, or the units of the one agency the view holds (an
    agency head's whole scope), as a level of a single group is skipped on every page."""
    return "unit" if inputs.roster["agency_id"].nunique() <= 1 else "agency"


@dataclass(frozen=True)
class ScorecardView:
    """A view's scorecard and the previous period's (each judged against its own year's targets), the
    level of their rows and the appraisal period the figures are of."""

    card: pd.DataFrame  # scorecard(): one row per agency (or unit) with agency_id (and unit_id)
    previous: pd.DataFrame  # the same for the period before (no change columns of its own)
    level: str
    appraisal_period: str | None


def _with_ids(signals: pd.DataFrame, inputs) -> pd.DataFrame:
    ids = inputs.agencies.rename(columns={"agency": "agency_name"})[["region", "agency_name", "agency_id"]]
    return signals.merge(ids, on=["region", "agency_name"], how="left")


def _with_unit_ids(card: pd.DataFrame, inputs) -> pd.DataFrame:
    if "unit_name" not in card.columns:
        return card
    units = inputs.units.rename(columns={"unit": "unit_name"})[["agency_id", "unit_name", "unit_id"]]
    return card.merge(units, on=["agency_id", "unit_name"], how="left")


def view(inputs, previous_inputs, now: datetime, period: str | None, previous_period: str | None) -> ScorecardView:
    """The scorecard Ringkasan shows and the brief prints: the report's figures per agency (or unit,
    level_of) for the view (`inputs`, the chosen `period`) and for the period before (`previous_inputs`
    of `previous_period`), compared at the same level; each row carries its agency_id (and unit_id)."""
    level = level_of(inputs)
    payload = build_report(inputs, now, level=level, period=period, parts=SCORECARD_PARTS)
    before = signals_frame(build_report(previous_inputs, now, level=level, period=previous_period,
                                        parts=SCORECARD_PARTS))
    minimum = int(inputs.settings["min_group_size"])
    card = scorecard(_with_ids(signals_frame(payload), inputs), before, min_group_size=minimum,
                     targets=inputs.targets, year=inputs.year)
    prior = scorecard(_with_ids(before, previous_inputs), None, min_group_size=minimum,
                      targets=previous_inputs.targets, year=previous_inputs.year)
    return ScorecardView(_with_unit_ids(card, inputs), _with_unit_ids(prior, previous_inputs), level,
                         payload["appraisal_period"])
