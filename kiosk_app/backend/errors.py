"""What a backend call can end in, and the one rule for the backend's URL.

Light on purpose (no httpx): screens and use cases name these errors, and
they are imported before the first paint.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class BackendError(Exception):
    """Base of what a backend call can end in; the message never holds personal data."""


class BackendUnavailable(BackendError):  # noqa: N818 - it names the state, as the screens say it
    """No usable answer: offline, timed out, a 5xx, a dropped connection, or a garbled reply."""

    def __init__(self, message: str, *, garbled: bool = False) -> None:
        super().__init__(message)
        self.garbled = garbled


class BackendRefused(BackendError):  # noqa: N818
    """The backend answered with a 4xx from the contract: ``status`` and its stable ``code``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


class NotFound(BackendRefused):
    pass


class CursorReset(BackendRefused):
    """410 on the licence feed: start again without a cursor."""


class BackendConfigError(ValueError):
    pass


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url.rstrip("/")
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url.rstrip("/")
    raise BackendConfigError(
        f"the backend URL must be https:// (plain http only to this machine's loopback), not {url!r}"
    )
