"""The report other systems consume: the four signals per agency (or unit), the queue at each
office's counter and the ADKAR pulse survey, from MetricInputs frames.

Pure: takes the frames data_access.inputs reads, returns plain dicts. Shares are fractions 0–1;
a figure without data is None (null in JSON), never 0.
"""
from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd

from vocab import codes
from metrics import adkar, adoption, appraisal, mentoring, service
from metrics.pipeline import adkar as adkar_pipeline
from metrics.pipeline import plan as plan_pipeline
from metrics.pipeline import adoption as adoption_pipeline
from metrics.pipeline import appraisal as appraisal_pipeline
from metrics.pipeline import mentoring as mentoring_pipeline
from metrics.pipeline import queue as queue_pipeline
from metrics.pipeline import service as service_pipeline
from metrics.pipeline import training as training_pipeline

LEVELS = ("agency", "unit")
# What a report entry holds, each computed only when asked for: the scorecard (metrics.scorecard) reads
# the four signals' headline figures alone, so it asks for SCORECARD_PARTS (no queue, no survey, no
# figures per service type: the brief's and Ringkasan's two reports took a fifth less at 100.000 ASN).
PARTS = ("appraisal", "training", "service", "service_types", "queue", "adoption", "adkar", "mentoring", "plan")
SCORECARD_PARTS = ("appraisal", "training", "service", "adoption")


def _num(value, digits: int = 4):
    """JSON-safe number: None for missing, rounded floats, plain ints."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    value = float(value)
    return None if math.isnan(value) else round(value, digits)


def _index(frame: pd.DataFrame, keys: list[str]) -> dict:
    if frame.empty:
        return {}
    return {tuple(k) if len(keys) > 1 else k: row for k, row in frame.set_index(keys).iterrows()}


def build_report(inputs, generated_at: datetime, level: str = "agency", period: str | None = None,
                 previous_inputs=None, parts=PARTS) -> dict:
    """The report object: generated_at, year, period, appraisal_period and one entry per agency/unit of
    the inputs' scope (one agency's report reads only that agency), ordered by region, then agency name
    (, unit name). `previous_inputs` (the period before): where the ADKAR survey's previous wave may lie
    when the span holds only one wave, as the page looks for it. `parts` (of PARTS): what the entries
    hold; a signal left out is neither computed nor read, and its key is absent from every entry (a
    service without "service_types" has an empty by_service_type)."""
    if level not in LEVELS:
        raise ValueError(f"level harus salah satu dari {LEVELS}")
    if unknown := set(parts) - set(PARTS):
        raise ValueError(f"bagian laporan tidak dikenal: {sorted(unknown)}")
    by = ["agency_id"] if level == "agency" else ["agency_id", "unit_id"]
    min_group = int(inputs.settings["min_group_size"])
    # Headcount: the roll on the span's last day (today while it runs).
    roster = inputs.roster
    # Appraisal: the chosen period's distribution, over the roll of *that* period's last day (a joiner
    # of November is not unrated in the third quarter), and its compliance with the organisation's curve.
    chosen = appraisal_pipeline.period_of(inputs, period) if "appraisal" in parts else None
    makers = {"appraisal": lambda: _appraisal_part(inputs, chosen, by, min_group),
              "training": lambda: _training_part(inputs, roster, by, min_group),
              "service": lambda: _service_part(inputs, min_group, level, "service_types" in parts),
              "queue": lambda: _queue_part(inputs, level),
              "adoption": lambda: _adoption_part(inputs, by, roster),
              "adkar": lambda: _adkar_part(inputs, by, previous_inputs),
              "mentoring": lambda: _mentoring_part(inputs, level),
              "plan": lambda: _plan_part(inputs, previous_inputs, level)}
    entry_of = {part: make() for part, make in makers.items() if part in parts}
    names, rows = _namer(inputs, level), []
    for key, count in roster.groupby(by).size().items():
        rows.append({**names(key), "headcount": int(count), **{part: entry(key) for part, entry in entry_of.items()}})
    regions = inputs.agencies.set_index("agency_id")["region_code"]
    rows.sort(key=lambda e: (regions.at[e["agency_id"]], e["agency_name"], e.get("unit_name") or ""))
    for entry in rows:
        del entry["agency_id"]
    return {
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "year": int(inputs.year),
        "period": period,
        "appraisal_period": chosen,
        "level": level,
        # The moments the figures are measured to (WIB): open requests, and the e-Kinerja data's end.
        "measured_at": inputs.measured_at.isoformat(timespec="seconds"),
        "adoption_data_end": adoption_pipeline.window(inputs).data_end.isoformat(),
        "agencies": rows,
    }


# --- the parts of an entry: each computes its signal for every group once and returns the function
# that gives one group's (key: agency_id, or (agency_id, unit_id)) entry ---------------------------------
def _agency(key):
    return key[0] if isinstance(key, tuple) else key


def _appraisal_part(inputs, chosen, by, min_group):
    rated_roster = inputs.appraisal_roster(chosen) if chosen else inputs.roster
    _roll, rated = appraisal_pipeline.rated_rows(inputs, chosen, rated_roster)
    found = _index(appraisal_pipeline.agency_compliance(
        rated, appraisal_pipeline.org_ratings_of(inputs, chosen), min_group, by, inputs.distribution_rules), by)
    appraised = rated_roster.groupby(by).size()
    return lambda key: _appraisal_entry(found.get(key), int(appraised.get(key, 0)))


def _training_part(inputs, roster, by, min_group):
    """Every employee on the roll against their own status's target. Without a single training
    recorded in the span there is no training data, not a province of zeros. For part of the year (a
    quarter), the yearly target is read pro rata over its days."""
    found = {}
    targets = training_pipeline.span(inputs).targets
    if not inputs.trainings.empty:
        found = _index(training_pipeline.group_table(training_pipeline.jp_frame(inputs, roster), targets, by,
                                                     min_group), by)
    return lambda key: _training_entry(found.get(key), targets)


def _service_part(inputs, min_group, level, by_type: bool):
    offices, types = _service_indexes(inputs, min_group, by_type) if level == "agency" else ({}, {})
    return lambda key: _service_entry(offices.get(_agency(key)), types.get(_agency(key)))


def _queue_part(inputs, level):
    offices = _queue_indexes(inputs) if level == "agency" else {}
    target = queue_pipeline.target_minutes(inputs)
    return lambda key: _queue_entry(offices.get(_agency(key)), target)


def _adoption_part(inputs, by, roster):
    """Months of the year (or period) up to the province's last day with data. No e-Kinerja data at
    all for the span: no figures, not zeros."""
    found = _index(adoption_pipeline.group_table(inputs, by, roster=roster), by)
    return lambda key: _adoption_entry(found.get(key))


def _adkar_part(inputs, by, previous_inputs):
    """The span's latest wave against the one before it (in the span or the period before); a group
    with too few respondents shows no figure of its own (they count in its agency's)."""
    survey, wave, before = adkar_pipeline.report_table(inputs, by, previous_inputs)
    found = _index(survey, by)
    return lambda key: _adkar_entry(found.get(key), wave, before)


def _mentoring_part(inputs, level):
    """Mentoring activities and their effect (difference in differences), each under its agency and unit."""
    effects = mentoring_pipeline.effects(inputs, name_agencies=False)
    return lambda key: _mentoring_entry(effects, _agency(key), key[1] if level == "unit" else None)


def _plan_part(inputs, previous_inputs, level):
    """The mentoring plan (metrics.pipeline.plan): per unit its barrier and approach, per agency its counts."""
    plans = _plan_index(plan_pipeline.plan(inputs, previous_inputs), level)
    return lambda key: plans.get(key, _plan_entry(None, level))


def _service_indexes(inputs, min_group: int, by_type: bool = True) -> tuple[dict, dict]:
    """Service per office, and per office and service type; units have no requests of their own. Open
    requests are measured at the end of the period's last day (or now), and those already past their
    limit count as late."""
    if inputs.requests.empty and inputs.skm.empty:
        return {}, {}
    turn = service.measured(inputs) if not inputs.requests.empty else None
    skm = inputs.skm
    offices = service_pipeline.group_table(turn, skm, ["agency_id"], inputs.ikm_bands, min_group)
    if not by_type:
        return _index(offices, ["agency_id"]), {}
    types = service_pipeline.group_table(turn, skm.iloc[0:0], ["agency_id", "service_type"], inputs.ikm_bands,
                                         min_group)
    return _index(offices, ["agency_id"]), {aid: rows for aid, rows in types.groupby("agency_id")}


def _queue_indexes(inputs) -> dict:
    """The queue per office: agency_id -> (its figures, its rows per service type, per channel)."""
    if inputs.queue.empty:
        return {}
    offices, types, channels = queue_pipeline.office_tables(inputs)
    by_type = {aid: rows for aid, rows in types.groupby("agency_id")}
    by_channel = {aid: rows for aid, rows in channels.groupby("agency_id")}
    return {aid: (row, by_type.get(aid), by_channel.get(aid)) for aid, row in _index(offices, ["agency_id"]).items()}


def _queue_figures(row) -> dict:
    """A queue figures row, JSON-safe: minutes for waiting times, fractions 0–1 for shares."""
    return {"tickets": int(row["tickets"]), "days": int(row["days"]), "served": int(row["served"]),
            "not_served": int(row["not_served"]), "tickets_per_day": _num(row["tickets_per_day"], 2),
            "median_wait_minutes": _num(row["median_wait"], 2), "p90_wait_minutes": _num(row["p90_wait"], 2),
            "share_within_target": _num(row["share_within_target"]),
            "share_not_served": _num(row["share_not_served"]), "online_share": _num(row["online_share"]),
            "median_wait_online_minutes": _num(row["median_wait_online"], 2),
            "median_wait_walk_in_minutes": _num(row["median_wait_walk_in"], 2)}


QUEUE_EMPTY = {"tickets": 0, "days": 0, "served": 0, "not_served": 0, "tickets_per_day": None,
               "median_wait_minutes": None, "p90_wait_minutes": None, "share_within_target": None,
               "share_not_served": None, "online_share": None, "median_wait_online_minutes": None,
               "median_wait_walk_in_minutes": None}


def _queue_entry(found, target: float) -> dict:
    """found: (the office's row of queue_pipeline.office_tables, its rows per service type, per channel),
    or None without tickets (no figures, not zeros)."""
    entry = {"wait_target_minutes": _num(target, 2), **QUEUE_EMPTY, "by_service_type": {}, "by_channel": {}}
    if found is None:
        return entry
    row, types, channels = found
    entry |= _queue_figures(row)
    if types is not None:
        entry["by_service_type"] = {r["service_type"]: _queue_figures(r) for _, r in types.iterrows()}
    if channels is not None:
        entry["by_channel"] = {r["channel"]: _queue_figures(r) for _, r in channels.iterrows()}
    return entry


def _namer(inputs, level: str):
    """A report entry's names by its key: agency and region (and unit at unit level); agency_id, which
    orders the entries, is dropped once they are sorted."""
    agencies = inputs.agencies.set_index("agency_id")[["agency", "region"]].to_dict("index")
    units = inputs.units.set_index("unit_id")["unit"].to_dict() if level == "unit" else {}

    def names(key) -> dict:
        agency_id = _agency(key)
        entry = {"agency_id": agency_id, "agency_name": agencies[agency_id]["agency"],
                 "region": agencies[agency_id]["region"]}
        if level == "unit":
            entry["unit_name"] = units.get(key[1])
        return entry
    return names


def _appraisal_entry(row, on_roll: int) -> dict:
    """row: the group's row of appraisal_pipeline.agency_compliance (None: no appraisal at all for the
    period, so everyone on that roll is not yet rated); on_roll: the group's staff on the roll of the
    appraisal period's last day (whom it rates)."""
    if row is None:
        counts = {name: 0 for name in reversed(codes.PREDIKAT_ORDER)} | {codes.NOT_RATED: on_roll}
    else:
        counts = {name: int(row[name]) for name in (*reversed(codes.PREDIKAT_ORDER), codes.NOT_RATED)}
    judged = row is not None and not pd.isna(row["compliant"])
    return {
        "counts": counts,
        "org_predikat": None if row is None or pd.isna(row["org_predikat"]) else row["org_predikat"],
        "curve_compliant": bool(row["compliant"]) if judged else None,
        # patuh / tidak patuh / terlalu kecil untuk dinilai / belum ada predikat organisasi
        "curve_status": appraisal.STATUS_NO_ORG_RATING if row is None else row["status"],
        "failed_rules": [] if row is None else list(row["failed_rules"]),
        # The SE's soft rule: the predikat the organisation rating names should be the largest group.
        "largest_group_warning": bool(row[appraisal.LARGEST_GROUP_WARNING]) if judged else None,
    }


def _training_entry(cov, targets: dict) -> dict:
    distinct = sorted({round(t, 2) for t in targets.values()})
    return {
        "target_jp": distinct[0] if len(distinct) == 1 else {k: round(v, 2) for k, v in targets.items()},
        "share_meeting_target": None if cov is None else _num(cov["share_meeting_target"]),
        "share_zero": None if cov is None else _num(cov["share_zero"]),
        "median_jp": None if cov is None else _num(cov["median_jp"], 2),
    }


def _speed_entry(row) -> dict:
    """A group_table row's speed figures, JSON-safe."""
    return {"requests": int(row["requests"]), "judged": int(row["judged"]),
            "open_overdue": int(row["open_overdue"]),
            # Within the standard, over every judged request: finished with a standard, or open past it.
            "share_within_standard": _num(row["share_within_standard"]),
            # In the unit most of the group's finished requests are measured in.
            "median_turnaround": _num(row["median_turnaround"], 2),
            "turnaround_unit": None if pd.isna(row["turnaround_unit"]) else row["turnaround_unit"]}


def _service_entry(office, types: pd.DataFrame | None) -> dict:
    """office: the agency's row of service_pipeline.group_table (None: no requests, no SKM); types: its
    rows per service type."""
    entry = {"requests": 0, "judged": 0, "open_overdue": 0, "share_within_standard": None,
             "median_turnaround": None, "turnaround_unit": None, "ikm": None, "mutu": None,
             "ikm_respondents": 0, "ikm_elements": {}, "by_service_type": {}}
    if office is None:
        return entry
    entry |= _speed_entry(office)
    if types is not None:
        entry["by_service_type"] = {r["service_type"]: _speed_entry(r) for _, r in types.iterrows()}
    if office["respondents"]:
        entry["ikm"] = _num(office["ikm"], 2)
        entry["mutu"] = None if pd.isna(office["mutu"]) else office["mutu"]
        entry["ikm_respondents"] = int(office["respondents"])
        # The nine elements' NRR (mean answer 1–4, unrounded in the computation), by the element's name.
        entry["ikm_elements"] = {service.ELEMENT_OF[c]: _num(office[n])
                                 for c, n in zip(service.ANSWER_COLUMNS, service.NRR_COLUMNS)}
    return entry


def _adoption_entry(row) -> dict:
    """row: the group's row of adoption_pipeline.group_table (None: no e-Kinerja data)."""
    if row is None:
        return {"expected": None, "active_share": None, "compliance": None, "timeliness": None,
                "lapsed_share": None, "resistance_index": None, "resistance_parts": {}}
    return {
        "expected": int(row["expected"]),
        "active_share": _num(row["active_share"]),
        "compliance": _num(row["compliance"]),
        "timeliness": _num(row["timeliness_same_day"]),
        "lapsed_share": _num(row["lapsed_share"]),
        "resistance_index": _num(row["resistance_index"]),
        # The resistance index's parts, each with its n (how many staff the share is over).
        "resistance_parts": {part: {"value": _num(row[part]), "n": int(row[n])}
                             for part, n in adoption.RESISTANCE_PARTS.items()},
    }


def _elements(row, columns: dict) -> dict:
    """A group row's value per ADKAR element, by the element's name (empty when the group shows none)."""
    return {adkar.ELEMENT_NAMES[e]: _num(row[c]) for e, c in columns.items() if not pd.isna(row[c])}


def _adkar_entry(row, wave: int | None, before: int | None) -> dict:
    """row: the group's row of adkar_pipeline.report_table (None: no staff and no respondents); the
    latest wave of the span and the one before it. Means and shares are unrounded in the computation."""
    entry = {"wave": adkar.wave_label(wave), "previous_wave": adkar.wave_label(before), "respondents": 0,
             "response_rate": None, "barrier": None, "status": adkar_pipeline.NO_DATA, "note": adkar_pipeline.NO_DATA,
             "means": {}, "low_shares": {}, "changes": {}}
    if row is None:
        return entry
    return entry | {"respondents": int(row["respondents"]), "response_rate": _num(row["response_rate"]),
                    "barrier": row["barrier"] if isinstance(row["barrier"], str) else None,
                    "status": row["status"] or None, "note": row["note"] or None,
                    "means": _elements(row, adkar.MEAN), "low_shares": _elements(row, adkar.LOW),
                    "changes": _elements(row, adkar.CHANGE)}


def _mentoring_entry(effects: pd.DataFrame, agency_id: int, unit_id) -> dict:
    """The activities of the agency (at unit level: of the unit, and those for every unit of its agency),
    each with its figures before and after for both sides, the DiD in points, n, verdict and sentence."""
    rows = effects[effects["agency_id"] == agency_id]
    if unit_id is not None:
        rows = rows[rows["unit_id"].isna() | (rows["unit_id"] == unit_id)]
    activities = [{
        "date": r["activity_date"].isoformat(), "type": r["activity_type"], "target": r["target"],
        "whole_agency": bool(pd.isna(r["unit_id"])), "participants": int(r["participants"]),
        "before": [r["before_first"].isoformat(), r["before_last"].isoformat()],
        "after": [r["after_first"].isoformat(), r["after_last"].isoformat()],
        "treated_n": int(r["treated_n"]), "comparison_n": int(r["comparison_n"]),
        "figures": {name: {side: _num(r[f"{name}_{side}"]) for side in mentoring.SIDES} for name in mentoring.FIGURES},
        "did_points": {name: _num(r[f"{name}_did"], 2) for name in mentoring.FIGURES},
        "compliance_error_points": _num(r["compliance_error"], 2),
        "verdict": r["verdict"], "sentence": r["sentence"],
        # The unit's ADKAR barrier point in the survey waves either side of the activity (None: no wave there).
        "adkar_barrier": {side: {k: None if pd.isna(r[f"{k}_{side}"]) else r[f"{k}_{side}"] for k in ("wave", "barrier")}
                          for side in ("before", "after")},
    } for _, r in rows.iterrows()]
    return {"count": len(activities), "activities": activities}


def _plan_entry(row, level: str) -> dict:
    """The mentoring plan of a unit (row: its plan_pipeline units row, None when it is not in the plan),
    or of an agency (row: its counts)."""
    if level != "unit":
        return {"units_in_plan": 0, "survey_barriers": 0, "inferred_barriers": 0} if row is None else row
    if row is None:
        return {"in_plan": False, "barrier": None, "barrier_inferred": None, "barrier_source": None,
                "approach": None, "approach_source": None, "to_invite": 0, "champions": 0}
    text = {k: row[k] if isinstance(row[k], str) else None
            for k in ("barrier", "barrier_source", "approach", "approach_source")}
    return {"in_plan": True, **text, "barrier_inferred": bool(row["barrier_inferred"]),
            "to_invite": int(row["to_invite_n"]), "champions": int(row["champions_n"])}


def _plan_index(made, level: str) -> dict:
    """The plan entries by report key: (agency_id, unit_id) per unit, or agency_id with its counts."""
    units = made.units
    if level == "unit":
        return {(int(a), int(u)): _plan_entry(row, level)
                for a, u, row in zip(units["agency_id"], units["unit_id"], units.to_dict("records"))}
    inferred = units["barrier_inferred"].astype(bool)
    counts = units.assign(survey=~inferred, inferred=inferred).groupby("agency_id")[["survey", "inferred"]].sum()
    sizes = units.groupby("agency_id").size()
    return {int(a): {"units_in_plan": int(sizes[a]), "survey_barriers": int(counts.at[a, "survey"]),
                     "inferred_barriers": int(counts.at[a, "inferred"])} for a in sizes.index}


def report_csv(payload: dict) -> str:
    """The same report flattened to one row per agency (semicolon, decimal comma)."""
    rows = []
    for a in payload["agencies"]:
        flat = {k: v for k, v in a.items() if not isinstance(v, dict)}
        for signal in ("appraisal", "training", "service", "queue", "adoption", "adkar", "mentoring", "plan"):
            for k, v in a[signal].items():
                if k in ("by_service_type", "by_channel", "activities"):  # nested lists: JSON only
                    continue
                if k == "counts":
                    flat.update({f"appraisal.{p}": n for p, n in v.items()})
                elif k == "resistance_parts":
                    flat.update({f"adoption.{part}{'' if f == 'value' else '_n'}": x
                                 for part, fields in v.items() for f, x in fields.items()})
                elif k == "ikm_elements":
                    flat.update({f"service.nrr.{element}": x for element, x in v.items()})
                elif signal == "adkar" and k in ("means", "low_shares", "changes"):
                    flat.update({f"adkar.{k}.{element}": v.get(element) for element in codes.ADKAR_ELEMENTS})
                elif isinstance(v, (list, dict)):
                    flat[f"{signal}.{k}"] = "; ".join(map(str, v.values() if isinstance(v, dict) else v))
                else:
                    flat[f"{signal}.{k}"] = v
        rows.append(flat)
    return pd.DataFrame(rows).to_csv(sep=";", decimal=",", index=False)
