"""A tiny typed observer, so Qt-free services can announce changes.

The UI connects Qt slots to these; services never learn that Qt exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Event(Generic[T]):
    def __init__(self) -> None:
        self._handlers: list[Callable[[T], None]] = []

    def connect(self, handler: Callable[[T], None]) -> None:
        self._handlers.append(handler)

    def disconnect(self, handler: Callable[[T], None]) -> None:
        self._handlers.remove(handler)

    def emit(self, value: T) -> None:
        # Copy: a handler may disconnect itself while we iterate.
        for handler in list(self._handlers):
            handler(value)
