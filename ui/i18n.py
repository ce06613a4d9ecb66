"""Language switching through Qt's translation system.

Source strings are English; ``translations/kiosk_vi.ts`` holds Vietnamese and
is compiled to ``.qm`` by the set-up. Switching installs or removes the
translator; Qt then sends every widget a LanguageChange event and each screen
re-reads its texts (see ``ui.screens.base.Screen.retranslate``).

Write strings as ``translate("Context", "Text")`` with literals, so that
``pyside6-lupdate`` finds them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTranslator

from kiosk_app import paths

log = logging.getLogger(__name__)

translate = QCoreApplication.translate
SOURCE_LANGUAGE = "en"


class LanguageSwitcher:
    def __init__(self, app: QCoreApplication, folder: Path | None = None) -> None:
        self._app = app
        self._folder = folder or paths.translations_dir()
        self._translator: QTranslator | None = None
        # One translator per language, loaded once: a new one on every switch was never
        # freed (each held its own copy of the .qm file; 8 MB per 1,000 visits).
        self._loaded: dict[str, QTranslator] = {}
        self.language = SOURCE_LANGUAGE
        self.missing: set[str] = set()

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.close()
        if language != SOURCE_LANGUAGE:
            translator = self._loaded.get(language)
            qm = self._folder / f"kiosk_{language}.qm"
            if translator is None:
                candidate = QTranslator(self._app)
                if candidate.load(str(qm)):
                    translator = self._loaded[language] = candidate
                else:
                    candidate.deleteLater()
            if translator is not None:
                self._app.installTranslator(translator)
                self._translator = translator
            elif language not in self.missing:
                # The screen still works, in English; the technician sees why.
                self.missing.add(language)
                log.error("translation file missing or unreadable", extra={"file": str(qm)})
        self.language = language
        # QApplication posts LanguageChange to each window; deliver it now so
        # that texts (and what audio guidance reads next) are already switched.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def available(self, language: str) -> bool:
        """Whether this language can be shown (its compiled translation loads)."""
        if language == SOURCE_LANGUAGE:
            return True
        return QTranslator().load(str(self._folder / f"kiosk_{language}.qm"))

    def close(self) -> None:
        """Back to the source language: remove our translator from the application."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        self.language = SOURCE_LANGUAGE
