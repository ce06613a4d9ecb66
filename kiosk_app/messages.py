"""Text the core renders (checklists, receipts, spoken replies, fee and time wording), in both languages.

One gettext catalogue for everything outside Qt's widgets: the screen, the
receipt and the assistant phrase the same thing the same way, with plural
forms. Source strings are English; ``kiosk_app/locale/vi/LC_MESSAGES/kiosk.po``
holds Vietnamese and is compiled to ``kiosk.mo`` by the set-up (as Qt's
``.ts`` is compiled to ``.qm`` for the widgets' own words).

Write messages as ``texts.tr("literal")`` and ``texts.ntr("one", "many", n)``
with literal strings: ``tests/test_messages.py`` finds them there and checks
that each has its Vietnamese, with the same ``{placeholders}``.
"""

from __future__ import annotations

import gettext
import logging
import threading
from pathlib import Path

from kiosk_app import paths

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"


class Texts:
    """The catalogue in one language."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def tr(self, message: str, /, **values: object) -> str:
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def ntr(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """A message whose words depend on a count; ``{n}`` is the count."""
        return self._translations.ngettext(singular, plural, count).format(n=count, **values)


class MessageCatalogue:
    """Every language's ``Texts``, loaded once each; a missing translation falls back to English, logged."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder or paths.install_root() / "kiosk_app" / "locale"
        self._loaded: dict[str, Texts] = {}
        self._lock = threading.Lock()

    def texts(self, language: str) -> Texts:
        with self._lock:
            found = self._loaded.get(language)
            if found is None:
                found = self._loaded[language] = Texts(language, self._translations(language))
            return found

    def available(self, language: str) -> bool:
        return (
            language == SOURCE_LANGUAGE
            or (self._folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )

    def _translations(self, language: str) -> gettext.NullTranslations:
        if language == SOURCE_LANGUAGE:
            return gettext.NullTranslations()
        try:
            return gettext.translation(DOMAIN, str(self._folder), languages=[language])
        except OSError:
            # The kiosk keeps working in English; the technician finds out why.
            log.error("message catalogue missing", extra={"language": language, "folder": str(self._folder)})
            return gettext.NullTranslations()
