"""The brief a leader carries into a meeting: what changed since the previous period, the headline of
each signal against its target, the scorecard's ten to handle first, and the definitions of the
figures used. Pure: from MetricInputs and the scorecard (metrics.scorecard.view) to text, written in
the shape of vocab.document, which data_access.pdf lays out on A4 and Ringkasan shows on screen.

Every figure comes from the calls the pages and the report make: the headlines from the signal
pipelines (metrics.pipeline.*, as each page's tiles), the top ten and what changed from the scorecard
(built on metrics.report). Nothing here computes a figure of its own; it compares and words them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from metrics import service
from metrics.pipeline import adoption as adoption_pipeline
from metrics.pipeline import appraisal as appraisal_pipeline
from metrics.pipeline import service as service_pipeline
from metrics.pipeline import training as training_pipeline
from metrics.scorecard import SCORECARD_METRICS, ScorecardView
from vocab.catalogue import ACT, CATALOGUE, Metric, Targets
from vocab.formats import change_text, missing, value_text
from vocab.periods import period_label, previous_label

# The headline of each signal: the catalogue metrics its page shows as tiles, in the page's order.
SIGNALS = {
    "penilaian": ("Penilaian kinerja", ("curve_compliant", "share_sangat_baik", "share_not_rated")),
    "pengembangan": ("Pengembangan kompetensi", ("share_meeting_target", "share_zero", "median_jp")),
    "pelayanan": ("Pelayanan publik", ("share_within_standard", "ikm")),
    "adopsi": ("Adopsi e-Kinerja", ("active_share", "compliance", "timeliness", "resistance_index")),
}
HEADLINE_METRICS = tuple(m for _, ids in SIGNALS.values() for m in ids)
TOP = 10  # the scorecard's groups to handle first, as Ringkasan lists them
SHOWN = 8  # sentences per kind of change in the brief; the rest are counted, the workbook has them all
# A "largest move" is a change of at least this share of the metric's waspada band (the distance
# between its target and its warning line), so moves of different units compare.
MIN_MOVE = 0.25
FAILING, RECOVERED, MOVED = "baru perlu tindakan", "pulih", "bergerak"
# The frames the brief reads (data_access.inputs.FRAMES) of the period shown, the largest first, and of
# the period before: `python -m metrics brief` starts reading them all at once (MetricInputs.prefetch).
READS = ("daily_month", "roster", "appraisals", "requests", "trainings", "skp", "skm", "daily_month_ytd",
         "leadership", "org_ratings", "standards", "agencies", "units", "holiday_corrections", "daily_end")
READS_BEFORE = ("daily_month", "appraisals", "requests", "trainings", "roster", "skm", "org_ratings", "agencies",
                "holiday_corrections", "daily_end")


@dataclass(frozen=True)
class Headline:
    """One metric of a signal over the whole view, and the same for the period it is compared with."""

    metric: Metric  # the catalogue entry with the target in force for the view
    value: float | None
    previous: float | None
    compared_with: str  # the period before as the page names it ("Triwulan II 2026"); "" without one

    @property
    def change(self) -> float | None:
        return None if missing(self.value) or missing(self.previous) else self.value - self.previous

    @property
    def status(self) -> str | None:
        return self.metric.status(None if missing(self.value) else float(self.value))


@dataclass(frozen=True)
class Change:
    """One group's metric that crossed the line (or moved most) between the two periods."""

    kind: str  # FAILING, RECOVERED or MOVED
    name: str  # the group as the sentence names it
    metric_id: str
    before: float
    now: float
    status: str | None  # now
    weight: float  # the move in waspada bands: the order within a kind

    @property
    def sentence(self) -> str:
        return sentence(self)


@dataclass(frozen=True)
class Brief:
    year: int
    period: str | None
    appraisal_period: str | None
    level: str  # agency or unit: what the scorecard's rows are
    previous_label: str  # the period the scorecard is compared with
    headlines: tuple[Headline, ...]
    top: pd.DataFrame  # rank, name, region, headcount, needs (metric ids needing action), values
    changes: tuple[Change, ...]  # FAILING, then RECOVERED, then MOVED, each largest first
    groups: int  # rows of the scorecard
    judged: int  # of which large enough to be judged
    measured_at: datetime
    adoption_data_end: date

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


# --- the headlines, from the pipelines ----------------------------------------------------------
def _appraisal(inputs, year_before, period: str | None, unit_level: bool) -> tuple[dict, dict, str]:
    """The Kinerja Pegawai tiles: kpis of the appraisal period shown and of the one before."""
    shown = appraisal_pipeline.period_of(inputs, period)
    if shown is None or inputs.appraisals[inputs.appraisals["period"] == shown].empty:
        return {}, {}, ""
    _roll, rows = appraisal_pipeline.rated_rows(inputs, shown)
    kpis = appraisal_pipeline.kpis(rows, appraisal_pipeline.org_ratings_of(inputs, shown),
                                   int(inputs.settings["min_group_size"]), unit_level, inputs.distribution_rules)
    prev, prev_year, prev_period = appraisal_pipeline.previous(inputs, year_before, shown, unit_level)
    ids = SIGNALS["penilaian"][1]
    now = {m: getattr(kpis, m) for m in ids}
    before = {m: getattr(prev, m) for m in ids} if prev else {}
    return now, before, f"{period_label(prev_period)} {prev_year}" if prev else ""


def _training(inputs, before_inputs) -> tuple[dict, dict]:
    """The Pengembangan Kompetensi tiles (none without staff or without a training recorded)."""
    if inputs.roster.empty or inputs.trainings.empty:
        return {}, {}
    now = training_pipeline.summary(training_pipeline.jp_frame(inputs), training_pipeline.span(inputs).targets)
    return now, training_pipeline.previous_summary(before_inputs) or {}


def _service_figures(inputs) -> dict:
    turn = service.measured(inputs) if len(inputs.requests) else None
    fig = service_pipeline.figures(turn, inputs.skm, inputs.ikm_bands)
    if fig.requests == 0 and fig.respondents == 0:
        return {}
    return {"share_within_standard": fig.share_within_standard, "ikm": fig.ikm}


def headlines(inputs, before_inputs, year_before, period: str | None, unit_level: bool = False) -> tuple[Headline, ...]:
    """Each signal's tiles over the view, with the target in force (the view's one agency's own, if
    leaders set one) and the figure of the period the page compares it with."""
    before_label = previous_label(inputs.year, period)
    appraisal_now, appraisal_before, appraisal_label = _appraisal(inputs, year_before, period, unit_level)
    training_now, training_before = _training(inputs, before_inputs)
    service_now, service_before = _service_figures(inputs), _service_figures(before_inputs)
    adoption_now = adoption_pipeline.figures(inputs) or {}
    adoption_before = adoption_pipeline.figures(before_inputs) or {}
    found = {"penilaian": (appraisal_now, appraisal_before, appraisal_label),
             "pengembangan": (training_now, training_before, before_label),
             "pelayanan": (service_now, service_before, before_label),
             "adopsi": (adoption_now, adoption_before, before_label)}
    agency_ids = list(inputs.agencies["agency_id"])
    agency = agency_ids[0] if len(agency_ids) == 1 else None
    out = []
    for signal, (_title, ids) in SIGNALS.items():
        now, before, label = found[signal]
        for metric_id in ids:
            value, previous = _figure(now.get(metric_id)), _figure(before.get(metric_id))
            out.append(Headline(inputs.metric(metric_id, agency), value, previous,
                                label if previous is not None else ""))
    return tuple(out)


def _figure(value) -> float | None:
    return None if missing(value) else float(value)


# --- what changed, from the two scorecards -----------------------------------------------------------
def _keys(card: pd.DataFrame) -> list[str]:
    return ["region", "agency_name", *(["unit_name"] if "unit_name" in card.columns else [])]


def group_name(row, unit_level: bool) -> str:
    """How a sentence names a group: 'Disdukcapil Kabupaten Lampung Tengah'; a unit by its own name."""
    return str(row["unit_name"]) if unit_level else f"{row['agency_name']} {row['region']}"


def band(metric: Metric) -> float | None:
    """The width of a metric's waspada band (target to warning line), the unit moves are weighed in."""
    if metric.target is None or metric.warning is None or metric.target == metric.warning:
        return None
    return abs(metric.target - metric.warning)


def changes(card: pd.DataFrame, previous: pd.DataFrame, targets: Targets | None = None,
            year: int | None = None) -> tuple[Change, ...]:
    """Per group judged in both periods and per scorecard metric with a value in both: newly needing
    action (perlu tindakan now, not before), recovered (the reverse), and the largest other moves (at
    least MIN_MOVE waspada bands; the curve, a yes/no per agency, only crosses). `card` and `previous`
    are metrics.scorecard.scorecard frames (each with its own statuses)."""
    targets = targets or Targets()
    keys = _keys(card)
    unit_level = "unit_name" in keys
    both = card[~card["too_small"]].merge(previous[~previous["too_small"]], on=keys, suffixes=("", "__before"))
    found = []
    for _, row in both.iterrows():
        name = group_name(row, unit_level)
        agency = row.get("agency_id")
        for metric_id in SCORECARD_METRICS:
            now, before = row[metric_id], row[f"{metric_id}__before"]
            if missing(now) or missing(before) or now == before:
                continue
            status, status_before = row[f"{metric_id}_status"], row[f"{metric_id}_status__before"]
            width = band(targets.metric(metric_id, year, None if missing(agency) else int(agency)))
            weight = abs(now - before) / width if width else 0.0
            if status == ACT and status_before != ACT:
                kind = FAILING
            elif status_before == ACT and status != ACT:
                kind = RECOVERED
            elif metric_id != "curve_compliant" and weight >= MIN_MOVE:
                kind = MOVED
            else:
                continue
            found.append(Change(kind, name, metric_id, float(before), float(now), status, weight))
    order = {FAILING: 0, RECOVERED: 1, MOVED: 2}
    return tuple(sorted(found, key=lambda c: (order[c.kind], -c.weight, c.name, c.metric_id)))


def _label(metric_id: str) -> str:
    """The metric's label inside a sentence: 'layanan tepat waktu'; a name stays capitalised
    ('Indeks Kepuasan Masyarakat (IKM)')."""
    label = CATALOGUE[metric_id].label
    words = label.split()
    if len(words) > 1 and words[1][:1].isupper():
        return label
    return label[:1].lower() + label[1:]


def sentence(change: Change) -> str:
    """One Indonesian sentence: 'Disdukcapil Kabupaten Lampung Tengah: layanan tepat waktu turun dari
    62,0% menjadi 41,0%, kini perlu tindakan.'"""
    if change.metric_id == "curve_compliant":  # a yes/no per agency: the sentence says which way it crossed
        return (f"{change.name}: sebaran predikat kini melanggar kurva (periode lalu patuh)." if change.now < change.before
                else f"{change.name}: sebaran predikat kini mematuhi kurva (periode lalu melanggar).")
    verb = "naik" if change.now > change.before else "turun"
    body = (f"{_label(change.metric_id)} {verb} dari {value_text(change.metric_id, change.before)} "
            f"menjadi {value_text(change.metric_id, change.now)}")
    tail = {FAILING: ", kini perlu tindakan", RECOVERED: f", kini {change.status}" if change.status else "",
            MOVED: ""}[change.kind]
    return f"{change.name}: {body}{tail}."


# --- the brief -------------------------------------------------------------------------------------
def top_ten(card: pd.DataFrame) -> pd.DataFrame:
    """Ringkasan's ten to handle first (the scorecard's rank among the groups judged), each with the
    metrics that need action and their values."""
    unit_level = "unit_name" in card.columns
    ranked = card[~card["too_small"]].sort_values("rank").head(TOP)
    rows = []
    for _, row in ranked.iterrows():
        needs = tuple(m for m in SCORECARD_METRICS if row[f"{m}_status"] == ACT)
        rows.append({"rank": int(row["rank"]), "name": row["unit_name"] if unit_level else row["agency_name"],
                     "region": row["region"], "headcount": int(row["headcount"]), "act_count": int(row["act_count"]),
                     "needs": needs, "values": tuple(float(row[m]) for m in needs)})
    return pd.DataFrame(rows, columns=["rank", "name", "region", "headcount", "act_count", "needs", "values"])


def build(inputs, before_inputs, year_before, period: str | None, cards: ScorecardView,
          unit_level: bool = False) -> Brief:
    """The brief of a view: `inputs` (MetricInputs of the chosen year and `period`), `before_inputs`
    (the previous period, vocab.periods.previous_period), `year_before` (the previous whole year, where
    the appraisal compares when the year has no earlier period) and `cards` (metrics.scorecard.view of
    the same inputs). `unit_level`: a unit is chosen (the appraisal tiles judge units)."""
    card = cards.card
    return Brief(
        year=int(inputs.year), period=period, appraisal_period=cards.appraisal_period, level=cards.level,
        previous_label=previous_label(inputs.year, period),
        headlines=headlines(inputs, before_inputs, year_before, period, unit_level),
        top=top_ten(card), changes=changes(card, cards.previous, inputs.targets, inputs.year),
        groups=len(card), judged=int((~card["too_small"]).sum()) if len(card) else 0,
        measured_at=inputs.measured_at, adoption_data_end=adoption_pipeline.window(inputs).data_end)


def needs_text(metric_ids: Sequence[str], values: Sequence[float]) -> str:
    """'Layanan tepat waktu 41,0%; Tingkat adopsi 62,1%' ('–' when none needs action)."""
    return "; ".join(f"{CATALOGUE[m].label} {value_text(m, v)}" for m, v in zip(metric_ids, values)) or "–"


def headline_change(h: Headline) -> str:
    return change_text(h.metric.id, h.change) or "–"
