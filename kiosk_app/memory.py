"""Giving memory freed by a visit back to the operating system.

A kiosk runs for months. Python and Qt free what a visit used, but glibc keeps
the freed heap for reuse, and a printed checklist (rendered in a worker
thread, shown as a picture) leaves it fragmented: the soak saw resident memory
creep by about 1.3 MB a thousand visits with every Python object accounted
for. Trimming the heap when a visit ends (the attract screen shows, nobody
waits) halves that and lowers the level by about 10 MB (bench/soak.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache

log = logging.getLogger(__name__)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_freed_memory() -> bool:
    """glibc's malloc_trim(0): True when memory went back to the system (False elsewhere, or none)."""
    libc = _libc()
    if libc is None:
        return False
    return bool(libc.malloc_trim(0))
