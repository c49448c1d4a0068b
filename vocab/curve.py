"""The distribution curve of SE MenPANRB 3/2023: the bounds on each agency's spread of staff predikat,
per organisation predikat, declared once as data (the setting `distribution_rules` stores them as a table)."""
from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from vocab import codes

SOURCE = (
    "Pola distribusi predikat kinerja pegawai menurut predikat kinerja organisasi: "
    "Surat Edaran MenPANRB Nomor 3 Tahun 2023 (pelaksanaan PermenPANRB Nomor 6 Tahun 2022). "
    "Angka batas diambil dari sumber sekunder yang mengutip surat edaran tersebut (lampirannya hanya "
    "memuat gambar kurva), belum diverifikasi terhadap naskah resmi."
)

# --- the distribution rules (SE MenPANRB 3/2023) ----------------------------------------------------
_ISTIMEWA, _ORG_BAIK, _ORG_BUTUH_PERBAIKAN, _ORG_KURANG, _ORG_SANGAT_KURANG = codes.ORG_PREDIKAT
_SB, _B, _BP, _K, _SK = (codes.PREDIKAT_SANGAT_BAIK, codes.PREDIKAT_BAIK,
                         codes.PREDIKAT_BUTUH_PERBAIKAN, codes.PREDIKAT_KURANG,
                         codes.PREDIKAT_SANGAT_KURANG)

MEASURE_SHARE, MEASURE_COUNT = "share", "count"
OPERATORS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}


@dataclass(frozen=True)
class DistributionRule:
    """One bound on a unit's staff: the sum of `predikat` (share or count) `op` `threshold`."""

    id: str
    description: str  # Indonesian, shown to users when the rule fails
    predikat: tuple[str, ...]  # one predikat, or several whose counts are added
    measure: str  # MEASURE_SHARE (of rated staff) or MEASURE_COUNT (of staff)
    op: str  # "<=", ">=" or "=="
    threshold: Fraction | int  # a Fraction for shares, an int for counts

    def __post_init__(self):
        unknown = set(self.predikat) - set(codes.PREDIKAT_ORDER)
        if unknown or not self.predikat:
            raise ValueError(f"rule {self.id}: unknown predikat {sorted(unknown)}")
        if self.op not in OPERATORS:
            raise ValueError(f"rule {self.id}: unknown operator {self.op!r}")
        expected = Fraction if self.measure == MEASURE_SHARE else int
        if self.measure not in (MEASURE_SHARE, MEASURE_COUNT):
            raise ValueError(f"rule {self.id}: unknown measure {self.measure!r}")
        if not isinstance(self.threshold, expected):
            raise ValueError(f"rule {self.id}: a {self.measure} needs a {expected.__name__} threshold")

    def passes(self, counts: Mapping[str, int] | pd.DataFrame, rated):
        """Whether counts (predikat -> int, or a frame with one column per predikat) meet the rule.

        Works on scalars and on columns alike. Shares compare by integer cross-multiplication,
        n/rated op a/b  <=>  n*b op a*rated, so 7 of 10 meets "at most 70%" exactly.
        """
        n = sum(counts[p] for p in self.predikat)
        compare = OPERATORS[self.op]
        if self.measure == MEASURE_COUNT:
            return compare(n, self.threshold)
        return compare(n * self.threshold.denominator, self.threshold.numerator * rated)


def _pct(value: int) -> Fraction:
    return Fraction(value, 100)


# One entry per organisation predikat (codes.ORG_PREDIKAT), its rules all to be met. The numbers are
# unverified (see SOURCE): they live only here.
DISTRIBUTION_RULES: dict[str, tuple[DistributionRule, ...]] = {
    _ISTIMEWA: (
        DistributionRule("istimewa_sb_max70", "Sangat Baik paling banyak 70%",
                         (_SB,), MEASURE_SHARE, "<=", _pct(70)),
    ),
    _ORG_BAIK: (
        DistributionRule("baik_b_max70", "Baik paling banyak 70%",
                         (_B,), MEASURE_SHARE, "<=", _pct(70)),
        DistributionRule("baik_bp_k_min1",
                         "Butuh Perbaikan + Kurang/Misconduct paling sedikit 1 orang",
                         (_BP, _K), MEASURE_COUNT, ">=", 1),
    ),
    _ORG_BUTUH_PERBAIKAN: (
        DistributionRule("bp_bp_min60", "Butuh Perbaikan paling sedikit 60%",
                         (_BP,), MEASURE_SHARE, ">=", _pct(60)),
        DistributionRule("bp_sb_max10", "Sangat Baik paling banyak 10%",
                         (_SB,), MEASURE_SHARE, "<=", _pct(10)),
    ),
    _ORG_KURANG: (
        DistributionRule("kurang_k_min60", "Kurang/Misconduct paling sedikit 60%",
                         (_K,), MEASURE_SHARE, ">=", _pct(60)),
        DistributionRule("kurang_bp_min10", "Butuh Perbaikan paling sedikit 10%",
                         (_BP,), MEASURE_SHARE, ">=", _pct(10)),
        DistributionRule("kurang_sb_max10", "Sangat Baik paling banyak 10%",
                         (_SB,), MEASURE_SHARE, "<=", _pct(10)),
    ),
    _ORG_SANGAT_KURANG: (
        DistributionRule("sk_sk_min60", "Sangat Kurang paling sedikit 60%",
                         (_SK,), MEASURE_SHARE, ">=", _pct(60)),
        DistributionRule("sk_k_bp_min10", "Kurang/Misconduct + Butuh Perbaikan paling sedikit 10%",
                         (_K, _BP), MEASURE_SHARE, ">=", _pct(10)),
        DistributionRule("sk_sb_none", "Sangat Baik tidak ada (0 orang)",
                         (_SB,), MEASURE_COUNT, "==", 0),
    ),
}

# The staff predikat the SE expects to be the "sebagian besar" (largest group) under each
# organisation predikat.
ORG_LARGEST_PREDIKAT: dict[str, str] = {
    _ISTIMEWA: _SB,
    _ORG_BAIK: _B,
    _ORG_BUTUH_PERBAIKAN: _BP,
    _ORG_KURANG: _K,
    _ORG_SANGAT_KURANG: _SK,
}

# --- the rules as a table (the setting `distribution_rules`) -----------------------------------------
_MEASURE_LABELS = {MEASURE_SHARE: "persen", MEASURE_COUNT: "orang"}
_OP_WORDS = {"<=": "paling banyak", ">=": "paling sedikit", "==": "tepat"}
Rules = Mapping[str, tuple[DistributionRule, ...]]


def rules_table(rules: Rules | None = None) -> list[dict]:
    """The rules as plain rows (the form the setting stores): predikat_organisasi, predikat (list),
    ukuran ("persen" or "orang"), operator, batas (a percentage 0–100, or a number of people), id."""
    rows = []
    for org, org_rules in (DISTRIBUTION_RULES if rules is None else rules).items():
        for r in org_rules:
            limit = r.threshold * 100 if r.measure == MEASURE_SHARE else r.threshold
            rows.append({"predikat_organisasi": org, "predikat": list(r.predikat),
                         "ukuran": _MEASURE_LABELS[r.measure], "operator": r.op,
                         "batas": int(limit) if limit == int(limit) else float(limit), "id": r.id})
    return rows


def _describe(predikat: tuple[str, ...], measure: str, op: str, limit) -> str:
    text = f"{limit:g}".replace(".", ",")
    if measure == MEASURE_COUNT and op == "==" and limit == 0:
        return f"{' + '.join(predikat)} tidak ada (0 orang)"
    return f"{' + '.join(predikat)} {_OP_WORDS[op]} {text}{'%' if measure == MEASURE_SHARE else ' orang'}"


def rules_from_table(rows: Iterable[Mapping]) -> dict[str, tuple[DistributionRule, ...]]:
    """The rules from rows as rules_table gives them; a bad row raises ValueError (in Indonesian)
    naming the row. Every organisation predikat must keep at least one rule."""
    by_org: dict[str, list[DistributionRule]] = {org: [] for org in codes.ORG_PREDIKAT}
    measures = {v: k for k, v in _MEASURE_LABELS.items()}
    for i, row in enumerate(rows, start=1):
        where = f"Aturan kurva baris {i}"
        org = row.get("predikat_organisasi")
        if org not in by_org:
            raise ValueError(f"{where}: predikat organisasi '{org}' tidak dikenal "
                             f"(pilih {', '.join(codes.ORG_PREDIKAT)}).")
        predikat = row.get("predikat")
        predikat = tuple(p.strip() for p in (predikat.split("+") if isinstance(predikat, str) else predikat or ()))
        unknown = [p for p in predikat if p not in codes.PREDIKAT_ORDER]
        if not predikat or unknown:
            raise ValueError(f"{where}: predikat pegawai '{', '.join(unknown) or '(kosong)'}' tidak dikenal "
                             f"(pilih dari {', '.join(codes.PREDIKAT_ORDER)}).")
        measure = measures.get(row.get("ukuran"))
        if measure is None:
            raise ValueError(f"{where}: ukuran harus 'persen' atau 'orang'.")
        op = row.get("operator")
        if op not in _OP_WORDS:
            raise ValueError(f"{where}: operator harus '<=', '>=' atau '=='.")
        try:
            limit = Fraction(str(row.get("batas")))
        except (ValueError, TypeError):
            raise ValueError(f"{where}: batas '{row.get('batas')}' bukan angka.") from None
        if measure == MEASURE_SHARE and not 0 <= limit <= 100:
            raise ValueError(f"{where}: batas persen harus antara 0 dan 100.")
        if measure == MEASURE_COUNT and (limit < 0 or limit.denominator != 1):
            raise ValueError(f"{where}: batas jumlah orang harus bilangan bulat 0 atau lebih.")
        threshold = limit / 100 if measure == MEASURE_SHARE else int(limit)
        rule_id = row.get("id") or f"{codes.name_key(org).lower().replace(' ', '_')}_{i}"
        by_org[org].append(DistributionRule(str(rule_id), _describe(predikat, measure, op, float(limit)),
                                            predikat, measure, op, threshold))
    empty = [org for org, found in by_org.items() if not found]
    if empty:
        raise ValueError(f"Setiap predikat organisasi perlu sedikitnya satu aturan kurva; belum ada untuk: "
                         f"{', '.join(empty)}.")
    return {org: tuple(found) for org, found in by_org.items()}
