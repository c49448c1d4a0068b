"""The mentoring-effect signal (kind `kegiatan_pendampingan`, metrics/mentoring.py): for a view, each of
its activities with the figures before and after it for its own staff and for comparable staff, the
difference in differences, the n on each side, a verdict and one sentence; and the activities as marks
on the adoption curve. The page (Adopsi Perubahan) and the report (`python -m metrics report`) both read
`effects`.

Each side's staff: the roll on the activity's day, each where they were placed that day (a joiner of
later months is no zero in its weeks, a mover counts in the unit they were in). Comparable staff: for an
activity of one unit, the other units of the same agency; for an activity of a whole agency, the agencies
of the same name in other regions (the same kind of agency) in the view's scope. A unit or agency that had
an activity of its own in the weeks compared is left out, also when that activity lies outside the
period shown (inputs.activities holds those of the weeks around it).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np
import pandas as pd

from metrics import adkar, adoption, mentoring
from metrics.pipeline import adkar as adkar_pipeline
from metrics.pipeline import adoption as adoption_pipeline
from metrics.pipeline import names as names_of
from vocab import formats, indicators
from vocab.calendar import WorkCalendar
from vocab.indicators import TOO_SMALL

FIGURE_COLUMNS = tuple(f"{name}_{side}" for name in mentoring.FIGURES for side in mentoring.SIDES)
DID_COLUMNS = tuple(f"{name}_did" for name in mentoring.FIGURES)
COLUMNS = ("activity_id", "activity_date", "activity_type", "participants", "facilitator", "region_id",
           "agency_id", "unit_id", "target", "agency", "before_first", "before_last", "after_first", "after_last",
           "treated_n", "comparison_n", "comparison_groups", *FIGURE_COLUMNS, *DID_COLUMNS,
           "compliance_error", "verdict", "sentence", "wave_before", "barrier_before", "wave_after", "barrier_after",
           "adkar_before", "adkar_after")
JUDGED = (indicators.MENTORING_UP, indicators.MENTORING_DOWN, indicators.MENTORING_NO_DIFFERENCE)


def _covers(acts: pd.DataFrame, agency_id: int, unit_id, first: date, last: date) -> bool:
    """Whether an activity dated in [first, last] was for this unit (or, unit None, this agency): an
    activity of the whole agency covers each of its units."""
    at = acts[(acts["agency_id"] == agency_id) & (acts["activity_date"] >= first) & (acts["activity_date"] <= last)]
    if unit_id is None:
        return not at.empty
    return bool((at["unit_id"].isna() | (at["unit_id"] == unit_id)).any())


def sides(inputs, act, win: mentoring.Windows) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The activity's staff, the comparison staff (from the view's roll on the activity's day) and how
    many comparison groups."""
    roster, acts = inputs.roster_at(act.activity_date), inputs.activities
    first, last = win.before_first, win.after_last
    if not pd.isna(act.unit_id):
        treated = roster[roster["unit_id"] == act.unit_id]
        others = roster[(roster["agency_id"] == act.agency_id) & (roster["unit_id"] != act.unit_id)]
        kept = [u for u in others["unit_id"].unique() if not _covers(acts, act.agency_id, u, first, last)]
        return treated, others[others["unit_id"].isin(kept)], len(kept)
    treated = roster[roster["agency_id"] == act.agency_id]
    agencies = inputs.agencies
    name = agencies.loc[agencies["agency_id"] == act.agency_id, "agency"]
    same = agencies.loc[agencies["agency"].isin(name) & (agencies["agency_id"] != act.agency_id), "agency_id"]
    kept = [a for a in same if not _covers(acts, a, None, first, last)]
    return treated, roster[roster["agency_id"].isin(kept)], int(roster.loc[roster["agency_id"].isin(kept),
                                                                           "agency_id"].nunique())


def _calendar(inputs) -> WorkCalendar:
    margin = pd.Timedelta(weeks=2 * mentoring.WEEKS + 2)
    return inputs.derived("mentoring_calendar", lambda: WorkCalendar.covering(
        (pd.Timestamp(inputs.start) - margin).date(), (pd.Timestamp(inputs.end) + margin).date(),
        inputs.holiday_corrections))


def _measure(inputs, treated, comparison, win, calendar) -> dict:
    """The four sides' figures, each figure's DiD, and the compliance DiD's standard error."""
    weeks = inputs.activity_weeks
    before = len(calendar.working_days(win.before_first, win.before_last))
    after = len(calendar.working_days(win.after_first, win.after_last))
    figures, own = {}, {}
    for side, staff in (("treated", treated), ("comparison", comparison)):
        figures[f"{side}_before"], own_before = mentoring.side_figures(staff, weeks, win.before_first,
                                                                       win.before_last, before)
        figures[f"{side}_after"], own_after = mentoring.side_figures(staff, weeks, win.after_first,
                                                                     win.after_last, after)
        own[side] = own_after - own_before
    out = {f"{name}_{side}": figures[side][name] for name in mentoring.FIGURES for side in mentoring.SIDES}
    out |= {f"{name}_did": mentoring.did(figures, name) for name in mentoring.FIGURES}
    out["compliance_error"] = mentoring.standard_error(own["treated"], own["comparison"])
    return out


def _first_data(inputs) -> date | None:
    weeks = inputs.activity_weeks
    if weeks.empty:
        return None
    return (pd.Timestamp(mentoring._EPOCH) + pd.Timedelta(days=int(weeks["week"].min()))).date()


# How far around the span data_access.inputs reads activities, their weeks and activity_data_end.
ACTIVITY_MARGIN = timedelta(weeks=mentoring.WEEKS + 1)


def _data_end(inputs) -> date:
    """The day the weeks after an activity are measured to: the province's last day with e-Kinerja data
    up to the weeks after the span's activities (inputs.activity_data_end), not later than today."""
    until = min(inputs.end + ACTIVITY_MARGIN, inputs.now.date())
    return adoption.data_end(inputs.activity_data_end, until)


def _verdict(row: dict, win, data_end: date, first_data: date | None, minimum: int) -> str | None:
    """The verdict that needs no figure (None: measure it)."""
    if win.after_last > data_end:
        return indicators.MENTORING_NOT_YET
    if first_data is None or win.before_first < first_data:
        return indicators.MENTORING_NO_BEFORE
    if row["comparison_groups"] == 0:
        return indicators.MENTORING_NO_COMPARISON
    if adoption_pipeline.too_small(pd.Series([row["treated_n"], row["comparison_n"]]), minimum).any():
        return TOO_SMALL
    return None


def effects(inputs, unit_names: Mapping | None = None, agency_names: Mapping | None = None,
            name_agencies: bool | None = None, parent=None) -> pd.DataFrame:
    """One row per activity of the view (COLUMNS), in date order; empty without activities. `target` is
    the unit (or "semua unit <OPD> <daerah>"), `agency` the agency with its region. Figures are shares
    0–1 and NaN where not judged; the DiD and its error are in points. `name_agencies`: whether a
    sentence names a unit's agency (default: when the view holds several agencies; the report, where
    each activity sits under its agency, says False, so an agency reads the same for every viewer).
    `parent`: the same span one level up (adkar_pipeline.signal's), where the survey barriers are judged
    among the agency's units (barriers_around)."""
    acts = inputs.activities
    acts = acts[(acts["activity_date"] >= inputs.start) & (acts["activity_date"] <= inputs.end)]
    if acts.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    unit_names = unit_names if unit_names is not None else names_of(inputs, "unit_id")
    agency_names = agency_names if agency_names is not None else names_of(inputs, "agency_id")
    data_end = _data_end(inputs)
    first_data, calendar = _first_data(inputs), _calendar(inputs)
    minimum = int(inputs.settings["min_group_size"])
    regions = dict(zip(inputs.agencies["agency_id"], inputs.agencies["region"]))
    def hidden(wave: int) -> bool:  # the view's own group hidden among its parent's in that wave
        return parent is not None and adkar_pipeline.hidden_in_parent(inputs, parent, wave, minimum)
    rows = []
    for act in acts.sort_values(["activity_date", "activity_id"]).itertuples(index=False):
        win = mentoring.windows(act.activity_date)
        treated, comparison, groups = sides(inputs, act, win)
        row = {c: getattr(act, c) for c in ("activity_id", "activity_date", "activity_type", "participants",
                                             "facilitator", "region_id", "agency_id", "unit_id")}
        agency = f"{agency_names.get(act.agency_id, adoption_pipeline.UNKNOWN)} {regions.get(act.agency_id, '')}".rstrip()
        row |= {"target": _target(act, unit_names, agency_names, regions), "agency": agency, **vars(win), "treated_n": len(treated),
                "comparison_n": len(comparison), "comparison_groups": groups}
        row |= dict.fromkeys((*FIGURE_COLUMNS, *DID_COLUMNS, "compliance_error"), np.nan)
        row["verdict"] = _verdict(row, win, data_end, first_data, minimum)
        if row["verdict"] is None:
            row |= _measure(inputs, treated, comparison, win, calendar)
            row["verdict"] = mentoring.verdict(row["compliance_did"], row["compliance_error"])
        row |= barriers_around(inputs if parent is None else parent, act, minimum, hidden)
        row["sentence"] = sentence(row, minimum, with_agency=len(agency_names) > 1 if name_agencies is None
                                   else name_agencies)
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out["unit_id"] = out["unit_id"].astype("Int64")
    return out


def barriers_around(inputs, act, minimum: int, hidden=None) -> dict:
    """The activity's unit (or, for a whole agency, the agency) in the ADKAR survey: its barrier point in
    the last wave answered wholly before the activity's day and in the first answered wholly after it (a
    wave answered on both sides is neither), as the survey section judges it among the agency's units
    (metrics.pipeline.adkar.group_table's barrier_label: the element, NO_BARRIER, or why none shows: too
    few respondents, guarded). adkar_before/after: the same with its wave, in words ("–" without a wave).
    `inputs` must hold the agency's units (in a view of one unit, its parent's), or a unit guarded among
    them would show its barrier; `hidden(wave)`: whether the view's own group is hidden among its parent's
    in that wave (adkar_pipeline.hidden_in_parent), when every barrier of the view is hidden (GUARDED), as
    the survey section hides them."""
    out = dict.fromkeys(("wave_before", "barrier_before", "wave_after", "barrier_after"))
    answers = adkar_pipeline.responses(inputs)
    answers = answers[answers["agency_id"] == act.agency_id]
    if len(answers):
        span = answers.assign(_day=pd.to_datetime(answers["survey_date"])).groupby(adkar.WAVE)["_day"].agg(["min", "max"])
        day = pd.Timestamp(act.activity_date)
        unit = not pd.isna(act.unit_id)
        by = ["unit_id"] if unit else ["agency_id"]
        key = act.unit_id if unit else act.agency_id
        staff = inputs.roster[inputs.roster["agency_id"] == act.agency_id].groupby(by).size()
        for side, waves in (("before", span.index[span["max"] < day][-1:]), ("after", span.index[span["min"] > day][:1])):
            if len(waves):
                wave = int(waves[0])
                table = adkar_pipeline.group_table(answers[answers[adkar.WAVE] == wave], answers.iloc[0:0], staff,
                                                   by, minimum)
                found = table.loc[table[by[0]] == key, "barrier_label"]
                out[f"wave_{side}"] = adkar.wave_label(wave)
                out[f"barrier_{side}"] = (indicators.GUARDED if hidden is not None and hidden(wave)
                                          else found.iloc[0] if len(found) else adkar_pipeline.NO_DATA)
    for side in ("before", "after"):
        out[f"adkar_{side}"] = (f"{out[f'barrier_{side}']} ({out[f'wave_{side}']})" if out[f"wave_{side}"]
                                else "–")
    return out


def _target(act, unit_names: Mapping, agency_names: Mapping, regions: Mapping) -> str:
    """The unit's name, or "semua unit <OPD> <daerah>" for an activity of every unit of an agency."""
    if pd.isna(act.unit_id):
        agency = agency_names.get(act.agency_id, adoption_pipeline.UNKNOWN)
        return f"semua unit {agency} {regions.get(act.agency_id, '')}".rstrip()
    return str(unit_names.get(act.unit_id, adoption_pipeline.UNKNOWN))


def sentence(row: Mapping, minimum: int, with_agency: bool = False) -> str:
    """One sentence a regional secretary understands, in Indonesian; `with_agency` (a view of several
    agencies): a unit is named with its agency and region. With a survey wave either side of the activity
    (barriers_around), a second sentence gives the ADKAR barrier before and after."""
    return _effect_sentence(row, minimum, with_agency) + _barrier_sentence(row)


def _barrier_sentence(row: Mapping) -> str:
    """" Hambatan ADKAR …": the barrier point in the survey wave before and after, where there is one."""
    before, after = row.get("wave_before"), row.get("wave_after")
    if before and after:
        return (f" Titik hambatan ADKAR pada survei {before}, sebelum kegiatan: {row['barrier_before']}; pada survei "
                f"{after}, sesudahnya: {row['barrier_after']}.")
    if before:
        return (f" Titik hambatan ADKAR pada survei {before}, sebelum kegiatan: {row['barrier_before']}; belum ada "
                "survei sesudahnya.")
    if after:
        return f" Titik hambatan ADKAR pada survei {after}, sesudah kegiatan: {row['barrier_after']}."
    return ""


def _effect_sentence(row: Mapping, minimum: int, with_agency: bool) -> str:
    """The effect on compliance, or why it cannot be judged."""
    where = row["target"] + (f" ({row['agency']})" if with_agency and not pd.isna(row["unit_id"]) else "")
    what = f"{row['activity_type']} {formats.day(row['activity_date'])} di {where}"
    against = "unit pembanding" if not pd.isna(row["unit_id"]) else "OPD sejenis di daerah lain"
    n = f"n = {formats.number(row['treated_n'])} dan {formats.number(row['comparison_n'])}"
    v, did = row["verdict"], row["compliance_did"]
    if v == indicators.MENTORING_NOT_YET:
        return (f"Setelah {what}: belum cukup waktu untuk menilai; {mentoring.WEEKS} minggu sesudahnya baru "
                f"lengkap pada {formats.day(row['after_last'])}.")
    if v == indicators.MENTORING_NO_BEFORE:
        return (f"Setelah {what}: belum dapat dinilai, karena belum ada data e-Kinerja {mentoring.WEEKS} minggu "
                "sebelum kegiatan.")
    if v == indicators.MENTORING_NO_COMPARISON:
        return (f"Setelah {what}: belum dapat dinilai, karena tidak ada {against} tanpa kegiatan pada minggu-minggu "
                "yang sama.")
    if v == TOO_SMALL:
        return (f"Setelah {what}: terlalu sedikit pegawai untuk dinilai ({n}; minimal {formats.number(minimum)} "
                "di tiap sisi).")
    if v == indicators.MENTORING_NO_DIFFERENCE:
        return (f"Setelah {what}, kepatuhan tidak berubah lebih dari {against}: selisihnya "
                f"{formats.signed(did, 0, ' poin')}, masih dalam batas kebetulan ({n}).")
    moved = "naik" if v == indicators.MENTORING_UP else "turun"
    return (f"Setelah {what}, kepatuhan {moved} {formats.number(abs(did))} poin lebih banyak daripada {against} "
            f"({n}).")


def marks(frame: pd.DataFrame, months) -> pd.DataFrame:
    """The activities of `effects` held in one of `months` (yyyymm: the monthly adoption curve's) as marks
    on that curve: activity_id, bulan (the curve's month label), tanggal (the day in words),
    activity_type, participants, target, verdict."""
    month = [d.year * 100 + d.month for d in frame["activity_date"]]
    frame = frame[[m in set(months) for m in month]]
    if frame.empty:
        return pd.DataFrame(columns=["activity_id", "bulan", "tanggal", "activity_type", "participants", "target",
                                     "verdict"])
    month = [d.year * 100 + d.month for d in frame["activity_date"]]
    return pd.DataFrame({
        "activity_id": frame["activity_id"].to_numpy(), "bulan": [adoption_pipeline.short_month(m) for m in month],
        "tanggal": [formats.day(d) for d in frame["activity_date"]],
        "activity_type": frame["activity_type"].to_numpy(), "participants": frame["participants"].to_numpy(),
        "target": frame["target"].to_numpy(), "verdict": frame["verdict"].to_numpy()})


def judged(frame: pd.DataFrame) -> pd.DataFrame:
    """The activities with a measured verdict (up, down, or no visible difference)."""
    return frame[frame["verdict"].isin(JUDGED)]
