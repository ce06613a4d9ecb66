"""What the first screen shows, remembered so that a restart paints it before reading the site file.

A kiosk restarts far more often than its site file changes (the morning boot,
a power cut, a watchdog restart). Parsing and validating the site file costs
PyYAML's import, the settings classes and the schema check: tens of
milliseconds before anything is on screen. So after every successful load the
kiosk writes down the few facts its first screen needs, together with the
exact text of the site file they came from; the next start with the same text
paints from them at once and validates the file behind the painted screen, as
it always does. A different text, another mode, a newer schema or any doubt
about the record means no record: the file is read first, as before.

The record holds the centre's names and display choices only, never anything
about a citizen. It imports nothing beyond the standard library's basics
(hashlib alone would cost more than it saves: the text is compared as is).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk_app import __version__, paths
from kiosk_app.run_mode import RunMode

if TYPE_CHECKING:
    from kiosk_app.settings import Settings

RECORD_NAME = "first-screen.json"
# Bump when the record's fields or their meaning change.
RECORD_FORMAT = 1
# A site file is a few kilobytes; anything far larger is not worth keeping a copy of.
MAX_SITE_TEXT = 256 * 1024


@dataclass(frozen=True)
class FirstScreen:
    """The facts the attract screen (and the frame around it) are painted from."""

    centre_name_vi: str
    centre_name_en: str
    default_language: str
    languages: tuple[str, ...]
    large_text: bool
    high_contrast: bool
    demo: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> FirstScreen:
        return cls(
            centre_name_vi=settings.site.centre_name_vi,
            centre_name_en=settings.site.centre_name_en,
            default_language=settings.ui.default_language,
            languages=tuple(settings.ui.languages),
            large_text=settings.ui.large_text,
            high_contrast=settings.ui.high_contrast,
            demo=settings.devices.simulated,
        )

    def title(self) -> str:
        return self.centre_name_vi if self.default_language == "vi" else self.centre_name_en


def record_file() -> Path:
    # The default data folder, not the site's: where the site keeps its data is in the
    # very file this record lets the start skip. In service it is KIOSK_DATA_DIR (/var/lib/...).
    return paths.default_data_dir() / RECORD_NAME


def _key(site_file: Path, mode: RunMode, site_text: str) -> dict[str, Any]:
    schema = paths.schema_file().stat()
    return {
        "format": RECORD_FORMAT,
        "version": __version__,
        "schema": [schema.st_size, schema.st_mtime_ns],
        "mode": mode.value,
        "site_file": str(site_file),
        "site_text": site_text,
    }


def _read_text(site_file: Path) -> str | None:
    try:
        with site_file.open("rb") as handle:
            data = handle.read(MAX_SITE_TEXT + 1)
        return data.decode("utf-8") if len(data) <= MAX_SITE_TEXT else None
    except (OSError, UnicodeDecodeError):
        return None


def recall(site_file: Path, mode: RunMode, record: Path | None = None) -> FirstScreen | None:
    """The first screen last painted from exactly this site file in this mode, or None."""
    site_text = _read_text(site_file)
    if site_text is None:
        return None
    try:
        stored = json.loads((record or record_file()).read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or stored.get("key") != _key(site_file, mode, site_text):
            return None
        facts = stored["facts"]
        first = FirstScreen(
            centre_name_vi=str(facts["centre_name_vi"]),
            centre_name_en=str(facts["centre_name_en"]),
            default_language=str(facts["default_language"]),
            languages=tuple(str(language) for language in facts["languages"]),
            large_text=facts["large_text"] is True,
            high_contrast=facts["high_contrast"] is True,
            demo=facts["demo"] is True,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no record, a torn one, one from an older kiosk: read the site file instead
    return first if first.languages else None


def remember(site_file: Path, mode: RunMode, first: FirstScreen, record: Path | None = None) -> bool:
    """Write the record after a successful load; False when it could not be written (a start goes on)."""
    site_text = _read_text(site_file)
    if site_text is None:
        return False
    target = record or record_file()
    content = json.dumps(
        {"key": _key(site_file, mode, site_text), "facts": asdict(first)}, ensure_ascii=False, indent=1
    )
    try:
        from kiosk_app.atomic_file import write_atomically  # after the paint: tempfile is not free

        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content.encode("utf-8"))
    except OSError:
        return False
    return True
