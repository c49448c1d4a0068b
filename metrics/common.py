"""Small helpers the metric modules share: grouped sums and safe ratios."""
from __future__ import annotations

from collections.abc import Iterable
import numpy as np
import pandas as pd

from vocab.indicators import TOO_SMALL  # noqa: F401  (the metric modules' shared name for it)

def aggregate(frame: pd.DataFrame, by: Iterable[str], **aggs) -> pd.DataFrame:
    """Named aggregation per group; by=() gives one row over everything. Missing keys form their own group."""
    keys, overall = list(by), not list(by)
    if overall:
        frame, keys = frame.assign(_all=0), ["_all"]
    if all(how in ("sum", "size") for _, how in aggs.values()):
        # One pass for the common case: named .agg() runs one kernel per output column.
        columns = list(dict.fromkeys(c for c, how in aggs.values() if how == "sum"))
        sums = frame[keys + columns].assign(_size=1).groupby(keys, sort=True, dropna=False,
                                                             observed=True).sum()
        out = pd.DataFrame({name: sums["_size" if how == "size" else column]
                            for name, (column, how) in aggs.items()}, index=sums.index)
    else:
        out = frame.groupby(keys, sort=True, dropna=False, observed=True).agg(**aggs)
    return out.reset_index(drop=overall)


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator as floats, NaN (not 0) where the denominator is 0."""
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=den != 0)
