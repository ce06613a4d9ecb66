"""Which procedures come first: the centre's own list, then what citizens here begin most.

Lists of procedures (a category, the home screen's most asked) put first what
citizens most often need, so the common case is the shortest. The order is
the site file's ``catalogue.common``, then an anonymous count of how often
each procedure was begun at this kiosk, then the name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from kiosk_app.catalogue.model import Procedure


class UseCounts(Protocol):
    def count_begun(self, code: str) -> None: ...

    def procedure_use(self) -> dict[str, int]: ...


class ProcedureUse:
    def __init__(
        self, counts: UseCounts, common: Iterable[str], *, on_begun: Callable[[str], None] | None = None
    ) -> None:
        self._counts = counts
        self._on_begun = on_begun
        self._common = {code: rank for rank, code in enumerate(common)}
        self._cache: dict[str, int] | None = None

    def begun(self, code: str) -> None:
        self._counts.count_begun(code)
        self._cache = None
        if self._on_begun is not None:
            self._on_begun(code)

    def _begun_counts(self) -> dict[str, int]:
        """The counts, read once and again only after a procedure was begun (a small table)."""
        if self._cache is None:
            self._cache = self._counts.procedure_use()
        return self._cache

    def ordered(self, procedures: Iterable[Procedure], language: str = "vi") -> list[Procedure]:
        counts = self._begun_counts()
        unranked = len(self._common)
        return sorted(
            procedures,
            key=lambda p: (self._common.get(p.code, unranked), -counts.get(p.code, 0), p.name.get(language)),
        )

    def most_asked(
        self, procedures: Iterable[Procedure], limit: int, language: str = "vi"
    ) -> list[Procedure]:
        """The first ``limit`` in that order, among those the centre names or citizens have begun."""
        counts = self._begun_counts()
        asked = [p for p in procedures if p.code in self._common or counts.get(p.code, 0) > 0]
        return self.ordered(asked, language)[:limit]
