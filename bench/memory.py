"""Peak memory of the current process alone."""
from __future__ import annotations

from pathlib import Path


def peak_rss_mb() -> float:
    """The high-water mark of this process's resident memory (VmHWM in /proc/self/status), in MB.

    Not resource.getrusage's ru_maxrss: Linux carries the peak of the process that started this one
    into it (Python starts children with vfork and exec), so a benchmark parent holding a province's
    demo frames (2,3 GB) made the page-serving child it started report 2,3 GB too."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("VmHWM is missing from /proc/self/status")
