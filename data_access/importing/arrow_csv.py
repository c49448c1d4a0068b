"""Arrow's CSV reader for the data rows of a regular CSV: every row as wide as the first one, no
quotation mark and no NUL byte anywhere in the file, UTF-8. Such a file is what the systems export; it
is parsed in C, in threads, straight into Arrow string columns, with no Python object per cell.

`chunks` gives the rows in chunks of exactly `chunk_rows` rows, as reading.py's pandas reader cuts
them, so both readers give the same chunks with the same first lines. It stops at the first block
holding a row of another width (a short row, a stray separator): the generator then returns how many
rows it handed out, and the pandas reader, which pads short rows and names wide ones, goes on from
there (reading.py). A file it cannot take at all is told by `regular`, before anything is read.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

_BLOCK = 1 << 20
_BLOCK_BYTES = 4 << 20  # bytes Arrow parses at a time (each block in a thread of its own)


def regular(data: bytes | None, path: str | Path | None) -> bool:
    """Whether the file has no quotation mark and no NUL byte: its lines are then its rows, and
    Arrow's reader and pandas' read each cell alike (looked at block by block, in C)."""
    if data is not None:
        return b'"' not in data and b"\x00" not in data
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            if b'"' in block or b"\x00" in block:
                return False
    return True


def _input(data: bytes | None, path: str | Path | None, offset: int):
    stream = pa.BufferReader(data) if data is not None else pa.OSFile(str(path))
    stream.seek(offset)
    return stream


def chunks(data: bytes | None, path: str | Path | None, offset: int, delimiter: str, width: int,
           chunk_rows: int) -> Iterator[list[pa.ChunkedArray]]:
    """The rows from byte `offset` on, `width` string columns each, `chunk_rows` rows a chunk (the
    last one shorter; one empty chunk for no rows). Empty cells are empty strings; a blank line is a
    row of missing cells, as pandas keeps it. Returns None after the last row, or the rows handed out
    when a row of another width stopped it."""
    names = [f"c{i}" for i in range(width)]
    try:  # the first block is parsed as the reader opens
        reader = pacsv.open_csv(
            _input(data, path, offset),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=True, block_size=_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return 0
    pending: list[pa.RecordBatch] = []
    count = given = 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid:  # a row of another width: the pandas reader takes it from here
            return given
        pending.append(batch)
        count += batch.num_rows
        while count >= chunk_rows:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, chunk_rows).columns
            given += chunk_rows
            pending, count = table.slice(chunk_rows).to_batches(), count - chunk_rows
    if count or not given:
        yield pa.Table.from_batches(pending, schema=reader.schema).columns
    return None
