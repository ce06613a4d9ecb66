"""One asyncio loop in its own thread for everything that talks to the network.

Why not the qasync loop on the GUI thread: every feed page is decoded and
written to SQLite with fsync, and a slow TLS handshake or a big page there
would be a frozen screen. Here the GUI thread never runs network code; it
hands coroutines over (``submit``) and gets a ``concurrent.futures.Future``
back, which ``ui/jobs.py`` waits on in a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio
    import concurrent.futures

log = logging.getLogger(__name__)
T = TypeVar("T")


class NetworkLoop:
    def __init__(self, name: str = "network") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> asyncio.AbstractEventLoop:
        """The loop, started on first use (a kiosk with no backend never makes the thread)."""
        import asyncio  # on first use: a kiosk starts without it

        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._loop.set_exception_handler(self._unhandled)
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            return self._loop

    def _run(self) -> None:
        import asyncio

        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        import asyncio

        return asyncio.run_coroutine_threadsafe(coroutine, self.start())

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Block until done (a worker thread or the CLI; never the GUI thread, never this loop's)."""
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError("NetworkLoop.run called from its own thread")
        return self.submit(coroutine).result(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or loop.is_closed():
            return
        import asyncio
        import concurrent.futures

        async def cancel_all() -> None:
            # Cancelled until done: a task may catch one cancellation at an unlucky moment.
            while tasks := [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                for task in tasks:
                    task.cancel()
                await asyncio.wait(tasks, timeout=0.5)

        try:
            asyncio.run_coroutine_threadsafe(cancel_all(), loop).result(timeout)
        except (concurrent.futures.TimeoutError, RuntimeError):
            log.warning("network tasks did not stop in time")
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        if not thread.is_alive():
            loop.close()

    @staticmethod
    def _unhandled(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        log.error(
            "unhandled error on the network loop: %s",
            type(exc).__name__ if exc else context.get("message", "?"),
        )
