"""The queue signal (kind `antrian`, metrics/queue.py): a view's headline, one row per group (regions,
offices, or an office's service types), the waiting time per channel and per month, and the busiest
hours. The report's "queue" per office, the Pelayanan Publik page's section "Antrian" and its exports
call these and nothing else, so they show the same numbers.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metrics import queue
from metrics.pipeline import training as training_pipeline
from metrics.pipeline.adoption import too_small
from metrics.pipeline.service import NO_DATA, SERVICE, UNKNOWN
from metrics.pipeline.service import grouped_by as service_grouped_by
from vocab import codes
from vocab.catalogue import CATALOGUE, TOO_SMALL, Metric
from vocab.settings import DEFAULT_MIN_GROUP_SIZE, DEFAULT_QUEUE_WAIT_TARGET_MINUTES

CHANNEL = "channel"
SHARE_METRIC = "queue_share_within_target"
GROUP_COLUMNS = ("gid", "nama", *queue.FIGURE_COLUMNS, "status")
MONTH_COLUMNS = ("gid", "nama", "month", "bulan", "bulan_ke", *queue.FIGURE_COLUMNS)


@dataclass(frozen=True)
class QueueFigures:
    """A view's headline queue numbers (NaN where there is no data)."""

    tickets: int = 0
    days: int = 0
    served: int = 0
    not_served: int = 0
    tickets_per_day: float = np.nan
    median_wait: float = np.nan
    p90_wait: float = np.nan
    share_within_target: float = np.nan
    share_not_served: float = np.nan
    online_share: float = np.nan
    median_wait_online: float = np.nan
    median_wait_walk_in: float = np.nan


def target_minutes(inputs) -> float:
    """The waiting target in force (the setting queue_wait_target_minutes)."""
    return float(inputs.settings.get("queue_wait_target_minutes", DEFAULT_QUEUE_WAIT_TARGET_MINUTES))


def tickets(inputs) -> pd.DataFrame:
    """queue.waits() of the inputs' tickets, computed once per inputs."""
    return inputs.derived("queue_waits", lambda: queue.waits(inputs.queue))


def headline(frame: pd.DataFrame, target: float) -> QueueFigures:
    """The headline numbers of a view from queue.waits()'s frame (empty: no tickets)."""
    if frame.empty:
        return QueueFigures()
    row = queue.figures(frame, target).iloc[0]
    return QueueFigures(**{f: (int(row[f]) if f in queue.COUNTS else float(row[f]))
                           for f in QueueFigures.__dataclass_fields__})


def status(share: float, tickets_: int, minimum: int, metric: Metric = CATALOGUE[SHARE_METRIC]) -> str:
    """The catalogue status of a group's share served within the target; too small below `minimum`."""
    if tickets_ == 0:
        return NO_DATA
    if tickets_ < minimum:
        return TOO_SMALL
    return metric.status(share) or NO_DATA


def _named(frame: pd.DataFrame, column: str, names: Mapping | None) -> pd.DataFrame:
    lookup = dict(names or {}) if column != SERVICE else {v: v for v in frame[column]}
    return frame.assign(gid=frame[column],
                        nama=pd.Series([str(lookup.get(v, UNKNOWN)) for v in frame[column]], index=frame.index,
                                       dtype="str"))


def group_table(frame: pd.DataFrame, column: str, target: float, minimum: int,
                metric_of: Callable[[object], Metric] | None = None, names: Mapping | None = None) -> pd.DataFrame:
    """One row per group of `column` with tickets: gid, nama (names[gid]; service types are their own
    names), the figures of queue.figures and the status of the share within the target (metric_of(gid)
    gives each group's metric with its target; the province's by default), sorted by nama."""
    if frame.empty:
        return pd.DataFrame(columns=[column, *GROUP_COLUMNS])
    out = _named(queue.figures(frame, target, by=[column]), column, names)
    metric_of = metric_of or (lambda _gid: CATALOGUE[SHARE_METRIC])
    out["status"] = [status(s, n, minimum, metric_of(g))
                     for s, n, g in zip(out["share_within_target"], out["tickets"], out["gid"])]
    return out.sort_values("nama").reset_index(drop=True)[[column, *GROUP_COLUMNS]]


def per_channel(frame: pd.DataFrame, column: str, target: float, names: Mapping | None = None) -> pd.DataFrame:
    """The figures per group and channel (datang langsung / online / lainnya): gid, nama, channel, ..."""
    if frame.empty:
        return pd.DataFrame(columns=[column, CHANNEL, *GROUP_COLUMNS[:-1]])
    out = _named(queue.figures(frame, target, by=[column, CHANNEL]), column, names)
    order = {c: i for i, c in enumerate(codes.QUEUE_CHANNELS)}
    out = out.assign(_o=out[CHANNEL].map(order)).sort_values(["nama", "_o"]).drop(columns="_o")
    return out.reset_index(drop=True)[[column, CHANNEL, *GROUP_COLUMNS[:-1]]]


def monthly(frame: pd.DataFrame, column: str, target: float, names: Mapping | None = None) -> pd.DataFrame:
    """The trend: the figures per group and month the tickets were taken (months without a ticket have
    no row), with bulan (short month name) and bulan_ke (1–12)."""
    if frame.empty:
        return pd.DataFrame(columns=list(MONTH_COLUMNS))
    out = _named(queue.figures(frame, target, by=[column, "month"]), column, names)
    out["bulan_ke"] = (out["month"] % 100).astype(int)
    out["bulan"] = [codes.MONTH_NAMES[m - 1][:3] for m in out["bulan_ke"]]
    return out.reset_index(drop=True)[list(MONTH_COLUMNS)]


def busiest_hours(frame: pd.DataFrame, target: float) -> pd.DataFrame:
    """queue.by_hour over the view, with over_target: the hour's median wait is longer than the target
    (False where no ticket of that hour was called)."""
    hours = queue.by_hour(frame)
    return hours.assign(over_target=pd.to_numeric(hours["median_wait"]).gt(target).astype(bool))


TRAINING_WAIT_COLUMNS = ("agency_id", "opd", "daerah", "tickets", "called", "median_wait", "employees",
                         "employees_with_target", "meeting_target", "share_meeting_target", "too_small")


def training_and_wait(inputs, minimum: int | None = None) -> pd.DataFrame:
    """Per office with both called tickets and staff with a JP target in the view: its training coverage
    (share of its staff who met their JP target, from the training pipeline, metrics.pipeline.training)
    beside its median waiting time (group_table here): agency_id, opd and daerah (the office's and its
    region's names), tickets, called, median_wait, employees, employees_with_target, meeting_target,
    share_meeting_target, and too_small (fewer than `minimum` tickets or staff: shown, not read).
    An association between offices, not a cause."""
    minimum = int(inputs.settings["min_group_size"]) if minimum is None else minimum
    frame = tickets(inputs)
    if frame.empty or inputs.roster.empty:
        return pd.DataFrame(columns=list(TRAINING_WAIT_COLUMNS))
    waits = group_table(frame, "agency_id", target_minutes(inputs), minimum)
    coverage = training_pipeline.group_table(training_pipeline.jp_frame(inputs),
                                             training_pipeline.span(inputs).targets, ["agency_id"], minimum)
    both = waits[["agency_id", "tickets", "called", "median_wait"]].merge(
        coverage[["agency_id", "employees", "employees_with_target", "meeting_target", "share_meeting_target"]],
        on="agency_id", how="inner")
    both = both[both["median_wait"].notna() & both["share_meeting_target"].notna()]
    offices = inputs.agencies.set_index("agency_id")
    both = both.assign(opd=both["agency_id"].map(offices["agency"]).astype(str),
                       daerah=both["agency_id"].map(offices["region"]).astype(str),
                       too_small=too_small(both["tickets"], minimum)
                       | too_small(both["employees_with_target"], minimum))
    return both.sort_values(["daerah", "opd"]).reset_index(drop=True)[list(TRAINING_WAIT_COLUMNS)]


@dataclass(frozen=True)
class QueueSignal:
    """Every queue figure of one view, grouped by `group_column`, and the headline of the period before."""

    group_column: str  # region_id, agency_id or service_type
    figures: QueueFigures
    previous: QueueFigures
    groups: pd.DataFrame  # group_table over group_column
    channels: pd.DataFrame  # per group and channel
    monthly: pd.DataFrame  # per group and month
    hours: pd.DataFrame  # busiest_hours over the view: weekday × hour, with over_target
    offices: int  # offices (agencies) with tickets in the view
    training_wait: pd.DataFrame  # training_and_wait per office, computed when the view holds several offices
    target_minutes: float = DEFAULT_QUEUE_WAIT_TARGET_MINUTES
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return self.figures.tickets == 0


def grouped_by(column: str, frame: pd.DataFrame) -> str:
    """The queue's grouping for a view grouped by `column` (one level below it: metrics.pipeline.below,
    which ui.levels.group_for follows): the service figures' rule (metrics.pipeline.service.grouped_by:
    where the view shows units, the office's service types), and the service types as well when the
    view's tickets come from a single office (a level of one group is skipped, as `below` skips one).
    So the province shows its regions, a region its offices, an office its service types."""
    column = service_grouped_by(column)
    offices = frame["agency_id"].nunique() if len(frame) else 0
    return SERVICE if offices == 1 else column


def signal(inputs, previous_inputs, column: str, names: Mapping | None = None) -> QueueSignal:
    """The queue figures of a view (MetricInputs) grouped by grouped_by(column) (names: id → name).
    Each office is judged against its own target where leaders set one (metric_targets), other groups
    against the province's. `previous_inputs`: the period before."""
    minimum = int(inputs.settings["min_group_size"])
    target = target_minutes(inputs)
    frame = tickets(inputs)
    offices = int(frame["agency_id"].nunique()) if len(frame) else 0
    column = grouped_by(column, frame)
    if column == SERVICE:
        names = None
    per_agency = column == "agency_id"
    groups = group_table(frame, column, target, minimum,
                         lambda g: inputs.metric(SHARE_METRIC, g if per_agency else None), names)
    group_names = dict(zip(groups["gid"], groups["nama"]))
    return QueueSignal(
        group_column=column, figures=headline(frame, target),
        previous=headline(tickets(previous_inputs), target_minutes(previous_inputs)), groups=groups,
        channels=per_channel(frame, column, target, group_names), monthly=monthly(frame, column, target, group_names),
        hours=busiest_hours(frame, target), offices=offices,
        training_wait=training_and_wait(inputs, minimum) if offices > 1 else pd.DataFrame(
            columns=list(TRAINING_WAIT_COLUMNS)),
        target_minutes=target, min_group_size=minimum)


def office_tables(inputs, by: Sequence[str] = ("agency_id",)) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The report's queue per office: the figures per office, per office and service type, and per
    office and channel."""
    frame = tickets(inputs)
    target = target_minutes(inputs)
    if frame.empty:
        empty = pd.DataFrame(columns=[*by, *queue.FIGURE_COLUMNS])
        return empty, empty, empty
    return (queue.figures(frame, target, by=list(by)), queue.figures(frame, target, by=[*by, SERVICE]),
            queue.figures(frame, target, by=[*by, CHANNEL]))
