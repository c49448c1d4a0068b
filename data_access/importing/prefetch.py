"""The next chunk of a file read while the current one is checked and written: a reader thread runs the
chunks' generator one chunk ahead. Arrow parses and SQLite writes outside Python's lock, so on two
cores the reading of chunk n+1 overlaps the writing of chunk n. The chunks, and any error the reading
raises, come out in the file's order, at the point where reading them in line would have raised it.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator

_AHEAD = 1  # chunks read ahead: one chunk of rows more in memory
_POLL_S = 0.1


def prefetched(chunks: Iterable) -> Iterator:
    """The items of `chunks`, read in a thread of their own, one ahead of the caller. Stopping early
    (the generator closed) stops the reader and closes `chunks` in its thread."""
    ready: queue.Queue = queue.Queue(maxsize=_AHEAD)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        source = iter(chunks)
        try:
            for chunk in source:
                if not put(("chunk", chunk)):
                    return
            put(("end", None))
        except BaseException as exc:  # handed to the caller, raised where it would have been
            put(("error", exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="import-reader", daemon=True)
    reader.start()
    try:
        while True:
            what, item = ready.get()
            if what == "end":
                return
            if what == "error":
                raise item
            yield item
    finally:
        stop.set()
        reader.join()
