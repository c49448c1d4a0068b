"""The queue at the counter (kind `antrian`, issue 21): how long citizens wait between taking a ticket
and being called, how many leave unserved, how busy the counters are, and whether booking online
shortens the wait. Pure pandas on the frame data_access.inputs reads (MetricInputs.queue).

Definitions (catalogue ids in brackets, vocab/catalogue.py):
- waiting time: minutes from WAKTU AMBIL to WAKTU PANGGIL, over the tickets that were called; a ticket
  never called has no waiting time. Median [queue_median_wait] and 90th percentile [queue_p90_wait]
  with linear interpolation.
- served: the ticket has a WAKTU SELESAI; not served (tidak dilayani) otherwise [queue_share_not_served,
  over every ticket taken].
- served within the target [queue_share_within_target]: called at most `target_minutes` after it was
  taken and served, over every ticket taken (a ticket not served counts as not within).
- tickets per day [queue_tickets_per_day]: tickets over the office-days on which the group took at
  least one ticket (an office's day without tickets, closed or not exported, counts neither way), so a
  region or the province reads as an average office's day.
- online share [queue_online_share]: online tickets over every ticket; waiting time online against
  walk-in (datang langsung) as each channel's median.
A ticket belongs to the day it was taken, also when it is served after midnight (the `day` column).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vocab import codes

QUEUE_COLUMNS = ("agency_id", "region_id", "day", "service_type", "channel", "taken_at", "called_at", "ended_at")
# Added by waits().
WAIT_COLUMNS = ("wait", "called", "served", "online", "walk_in", "month", "weekday", "hour")
COUNTS = ("tickets", "days", "called", "served", "served_within", "not_served", "online")
FIGURE_COLUMNS = (*COUNTS, "tickets_per_day", "median_wait", "p90_wait", "share_within_target",
                  "share_not_served", "online_share", "median_wait_online", "median_wait_walk_in")
HOUR_COLUMNS = ("weekday", "hari", "hour", "jam", "tickets", "days", "tickets_per_day", "median_wait")


def waits(queue: pd.DataFrame) -> pd.DataFrame:
    """Each ticket with: wait (minutes taken -> called, NaN when never called), called, served (bool),
    online and walk_in (bool, by channel), month (of the day taken, yyyymm), weekday (0 = Monday) and
    hour (the hour it was taken, 0–23).

    queue: QUEUE_COLUMNS (day the date taken; times naive WIB; called_at and ended_at NaT when empty).
    Raises ValueError when a ticket was called before it was taken or served before it was called (the
    import refuses both)."""
    if queue.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in (*QUEUE_COLUMNS, *WAIT_COLUMNS)})
    out = queue.copy()
    taken = pd.to_datetime(out["taken_at"])
    called = pd.to_datetime(out["called_at"])
    ended = pd.to_datetime(out["ended_at"])
    backwards = (called < taken) | (ended < called)
    if backwards.any():
        raise ValueError(f"{int(backwards.sum())} tiket antrian dipanggil sebelum diambil atau selesai sebelum "
                         "dipanggil.")
    out["wait"] = (called - taken).dt.total_seconds() / 60
    out["called"] = called.notna().to_numpy()
    out["served"] = ended.notna().to_numpy()
    out["online"] = (out["channel"] == codes.CHANNEL_ONLINE).fillna(False).astype(bool).to_numpy()
    out["walk_in"] = (out["channel"] == codes.CHANNEL_WALK_IN).fillna(False).astype(bool).to_numpy()
    day = pd.to_datetime(out["day"])
    out["day"] = day
    out["month"] = (day.dt.year * 100 + day.dt.month).astype(np.int64)
    out["weekday"] = day.dt.day_of_week.astype(np.int64)
    out["hour"] = taken.dt.hour.astype(np.int64)
    return out


def figures(tickets: pd.DataFrame, target_minutes: float, by: Sequence[str] = ()) -> pd.DataFrame:
    """The queue figures per group of `by` (by=(): one row for everything), from waits()'s frame.

    Returns the `by` columns, the counts (tickets, days: office-days with tickets, called, served, served_within,
    not_served, online), tickets_per_day, median_wait and p90_wait (minutes, over the called tickets),
    share_within_target, share_not_served and online_share (over every ticket), median_wait_online and
    median_wait_walk_in (NaN when the channel has no called ticket). Groups without tickets have no row.
    """
    keys = list(by) or ["_all"]
    work = tickets.assign(_all=0) if not by else tickets
    work = work[[*keys, "agency_id", "day", "wait", "called", "served", "online", "walk_in"]].copy()
    work = work.loc[:, ~work.columns.duplicated()]
    within = work["served"] & (work["wait"] <= target_minutes).fillna(False)
    work = work.assign(tickets=1, called_n=work["called"].astype(np.int64), served_n=work["served"].astype(np.int64),
                       served_within=within.astype(np.int64), not_served=(~work["served"]).astype(np.int64),
                       online_n=work["online"].astype(np.int64),
                       _wait_online=work["wait"].where(work["online"]),
                       _wait_walk_in=work["wait"].where(work["walk_in"]))
    grouped = work.groupby(keys, dropna=False, sort=True)
    out = grouped[["tickets", "called_n", "served_n", "served_within", "not_served", "online_n"]].sum()
    out = out.rename(columns={"called_n": "called", "served_n": "served", "online_n": "online"})
    office_days = work[[*keys, "agency_id", "day"]].drop_duplicates() if "agency_id" not in keys \
        else work[[*keys, "day"]].drop_duplicates()
    out["days"] = office_days.groupby(keys, dropna=False, sort=True).size()
    out["tickets_per_day"] = out["tickets"] / out["days"]
    out["median_wait"] = grouped["wait"].median()
    out["p90_wait"] = grouped["wait"].quantile(0.9)
    out["share_within_target"] = out["served_within"] / out["tickets"]
    out["share_not_served"] = out["not_served"] / out["tickets"]
    out["online_share"] = out["online"] / out["tickets"]
    out["median_wait_online"] = grouped["_wait_online"].median()
    out["median_wait_walk_in"] = grouped["_wait_walk_in"].median()
    out = out.reset_index()
    for col in COUNTS:
        out[col] = out[col].astype(np.int64)
    columns = [*by, *FIGURE_COLUMNS]
    return out[columns]


def by_hour(tickets: pd.DataFrame) -> pd.DataFrame:
    """The busiest hours: per weekday (0 = Monday, hari its Indonesian name) and hour a ticket was taken
    (jam as "08.00"), tickets, days (office-days of that weekday with tickets), tickets_per_day (tickets an
    office takes in that hour on such a day, on average) and median_wait (minutes, over the called tickets)."""
    if tickets.empty:
        return pd.DataFrame(columns=list(HOUR_COLUMNS))
    grouped = tickets.groupby(["weekday", "hour"], sort=True)
    out = grouped.size().rename("tickets").to_frame()
    out["median_wait"] = grouped["wait"].median()
    out = out.reset_index()
    days = tickets[["weekday", "agency_id", "day"]].drop_duplicates().groupby("weekday").size()  # office-days
    out["days"] = out["weekday"].map(days).astype(np.int64)
    out["tickets_per_day"] = out["tickets"] / out["days"]
    out["hari"] = [codes.WEEKDAY_NAMES[d] for d in out["weekday"]]
    out["jam"] = [f"{h:02d}.00" for h in out["hour"]]
    out["tickets"] = out["tickets"].astype(np.int64)
    return out[list(HOUR_COLUMNS)]
