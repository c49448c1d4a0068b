"""Key tracking across the chunks of one import: each row's key and content as 64-bit hashes, and the
keys of the chunks checked so far, so a key repeated in a later chunk is still found (and named by
its first line) without keeping the rows."""
from __future__ import annotations

import numpy as np
import pandas as pd


def row_hashes(df: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One 64-bit hash per row of these columns (equal rows, equal hashes)."""
    return pd.util.hash_pandas_object(df[columns], index=False).to_numpy()


def push_run(runs: list, run, size, merge) -> None:
    """Append `run`, then merge the last two runs while the older is at most twice the newer's size
    (as a binary counter carries): each run stays at least twice the next, so over n rows added in
    chunks a row is merged about log2(chunks) times, not once per later chunk."""
    runs.append(run)
    while len(runs) > 1 and size(runs[-2]) <= 2 * size(runs[-1]):
        newer = runs.pop()
        runs.append(merge(runs.pop(), newer))


class SeenKeys:
    """The keys of the chunks checked so far, as sorted 64-bit hashes with each key's first line and
    the hash of its first row (24 bytes a row, not the rows): enough to find a key, or the very same
    row, again in a later chunk.

    Kept as a few sorted runs, oldest first (push_run): merging everything into one array with each
    chunk cost a quarter of an 11-million-row import (113 chunks)."""

    def __init__(self):
        self.runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (keys, lines, rows)

    def lookup(self, key_hash: np.ndarray, row_hash: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: the line where its key first appeared in an earlier chunk (0: it did not), and
        whether that earlier row was the very same row."""
        line = np.zeros(len(key_hash), dtype="int64")
        same = np.zeros(len(key_hash), dtype=bool)
        if not self.runs:
            return line, same
        # Searched in key order, each search starts where the last ended: far fewer cache misses.
        order = np.argsort(key_hash)
        wanted, wanted_rows = key_hash[order], row_hash[order]
        for keys, lines, rows in self.runs:  # oldest first: the first run holding a key has its first line
            pos = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
            found = (keys[pos] == wanted) & (line[order] == 0)
            line[order[found]] = lines[pos[found]]
            same[order[found]] = rows[pos[found]] == wanted_rows[found]
        return line, same

    def add(self, key_hash: np.ndarray, row_hash: np.ndarray, lines: np.ndarray) -> None:
        if not len(key_hash):
            return
        order = np.argsort(key_hash, kind="stable")
        push_run(self.runs, self._first((key_hash[order], lines[order], row_hash[order])),
                 size=lambda run: len(run[0]), merge=self._merge)

    @classmethod
    def _merge(cls, older, newer):
        # Two sorted runs, the older first: the stable sort merges them in one pass.
        merged = [np.concatenate([a, b]) for a, b in zip(older, newer)]
        order = np.argsort(merged[0], kind="stable")
        return cls._first(tuple(m[order] for m in merged))

    @staticmethod
    def _first(run: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The run with each key once, at its first (earliest) row."""
        keys = run[0]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        return tuple(part[first] for part in run)
