"""Small helpers every generator shares: time units, the export cut-off, allocation and draws."""
from __future__ import annotations

import numpy as np

from demo.scales import DEMO_END

TS = "datetime64[ns]"
DAY = np.timedelta64(1, "D")
MINUTE = np.timedelta64(1, "m")
CUTOFF = np.datetime64(DEMO_END, "m") + np.timedelta64(1440, "m")  # end of DEMO_END (exclusive)


def allocate(total: int, weights: np.ndarray, minimum: int | np.ndarray = 0) -> np.ndarray:
    """Counts summing to total: each its minimum (one for all, or one per weight) plus a share of the
    rest proportional to its weight (largest remainder). A total too small for every minimum gives
    each at most one, or none."""
    weights = np.asarray(weights, dtype=float)
    minimum = np.broadcast_to(np.asarray(minimum, dtype=np.int64), weights.shape)
    if total < minimum.sum():
        minimum = np.minimum(minimum, 1 if total >= len(weights) else 0)
    rest = total - minimum.sum()
    exact = rest * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    short = rest - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    return counts + minimum


def choice(rng: np.random.Generator, options, size: int, weights=None) -> np.ndarray:
    """rng.choice over a tuple of options, with weights that need not sum to 1."""
    values = np.asarray(options, dtype=object)
    if weights is None:
        return values[rng.integers(0, len(values), size)]
    p = np.asarray(weights, dtype=float)
    return values[rng.choice(len(values), size=size, p=p / p.sum())]


def ts(values) -> np.ndarray:
    return np.asarray(values).astype(TS)

