"""Facts about a whole column of text read from its Arrow buffers in one pass, so that a check that
cannot find anything in it is not run cell by cell: no cell to trim, no character outside ASCII, no NUL
byte, no word that could match. Each answer is conservative: False ("look at the cells") whenever the
column is not Arrow text or the bytes do not settle it, so the checks' results never change.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _chunks(series: pd.Series) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """Per Arrow chunk of a text column: its value offsets and its bytes (None when it is no Arrow text)."""
    if not isinstance(series.dtype, pd.StringDtype) or series.dtype.storage != "pyarrow":
        return None
    array = series.array.__arrow_array__()
    out = []
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        kind = "int64" if pa.types.is_large_string(chunk.type) else "int32"
        buffers = chunk.buffers()
        offsets = np.frombuffer(buffers[1], dtype=kind)[chunk.offset:chunk.offset + len(chunk) + 1]
        data = np.frombuffer(buffers[2], dtype="uint8") if buffers[2] is not None else np.zeros(0, "uint8")
        out.append((offsets, data[offsets[0]:offsets[-1]] if len(offsets) else data[:0]))
    return out


def plain(series: pd.Series) -> bool:
    """Every cell ASCII without NUL (no control character below the tab either)."""
    chunks = _chunks(series)
    return chunks is not None and all(not len(d) or (d.max() < 0x80 and d.min() >= 0x09) for _, d in chunks)


def trimmed(series: pd.Series) -> bool:
    """No cell starts or ends with whitespace (nor with a character outside ASCII, which might be):
    stripping changes nothing. Empty cells are missing here, as read."""
    chunks = _chunks(series)
    if chunks is None:
        return False
    for offsets, data in chunks:
        starts, ends = offsets[:-1] - offsets[0], offsets[1:] - offsets[0]
        filled = ends > starts
        for at in (starts[filled], ends[filled] - 1):
            edge = data[at]
            if len(edge) and ((edge <= 0x20) | (edge >= 0x7F)).any():
                return False
    return True


def shortest(series: pd.Series) -> int | None:
    """The fewest bytes in a present cell (None when no cell is present or it is no Arrow text)."""
    if _chunks(series) is None:
        return None
    return pc.min(pc.binary_length(series.array.__arrow_array__())).as_py()


def without_words(series: pd.Series, words: tuple[bytes, ...]) -> bool:
    """No cell can contain any of these lower-case ASCII words, in any case: the column is ASCII and
    none of them is found in its bytes lowered (a word across two cells only makes it look)."""
    chunks = _chunks(series)
    if chunks is None:
        return False
    for _, data in chunks:
        if len(data) and data.max() >= 0x80:
            return False
        lowered = (data | 0x20).tobytes()
        if any(word in lowered for word in words):
            return False
    return True
