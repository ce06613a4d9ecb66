"""Blocking work off the GUI thread, results back on it.

A job is a plain function run in a worker thread. It never touches a widget;
its result (or exception) is handed to the success or failure callback on
the GUI thread through a queued Qt signal. The same rule Anki keeps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from shiboken6 import Shiboken

log = logging.getLogger(__name__)
T = TypeVar("T")


class BackgroundJobs(QObject):
    _finished = Signal(object)  # a callable to run on the GUI thread

    def __init__(self, parent: QObject | None = None, *, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiosk-job")
        self._finished.connect(self._deliver)
        self.pending = 0

    def run(
        self,
        job: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.pending += 1

        def done(future: Future[T]) -> None:
            error = future.exception()
            if error is not None:
                self._finished.emit(lambda: self._fail(error, on_failure))
            else:
                result = future.result()
                self._finished.emit(lambda: on_success(result) if self._alive(on_success) else None)

        self._pool.submit(job).add_done_callback(done)

    @staticmethod
    def _fail(error: BaseException, on_failure: Callable[[BaseException], None] | None) -> None:
        if on_failure is None:
            raise error
        if BackgroundJobs._alive(on_failure):
            on_failure(error)

    def _deliver(self, callback: Any) -> None:
        self.pending -= 1
        callback()

    @staticmethod
    def _alive(callback: Callable[..., object]) -> bool:
        """False when the callback belongs to a widget Qt has deleted meanwhile (its screen was
        dropped at the end of a visit): the result is for nobody and is dropped."""
        owner = getattr(callback, "__self__", None)
        return not isinstance(owner, QObject) or Shiboken.isValid(owner)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
