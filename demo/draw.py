"""Small helpers every generator shares: time units, the export cut-off, allocation and draws."""
from __future__ import annotations

import numpy as np

from demo.scales import DEMO_END

TS = "datetime64[ns]"
DAY = np.timedelta64(1, "D")
MINUTE = np.timedelta64(1, "m")
CUTOFF = np.datetime64(DEMO_END, "m") + np.timedelta64(1440, "m")  # end of DEMO_END (exclusive)


def allocate(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Counts summing to total, proportional to weights (largest remainder), each >= minimum."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    if total < minimum * n:
        minimum = 0
    rest = total - minimum * n
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

