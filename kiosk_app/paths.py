"""Where the kiosk finds its shipped data and where it keeps its own.

Shipped data (config schema, procedures, speech models, translations) sits next
to the code: in the repository when run from source, under the bundle's
``_internal`` folder when frozen by PyInstaller. ``KIOSK_HOME`` overrides both,
which is how a technician points a kiosk at a different data tree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "hcmc-kiosk"


def install_root() -> Path:
    """The folder holding ``config/``, ``procedures/``, ``assistant_models/``."""
    override = os.environ.get("KIOSK_HOME")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def config_dir() -> Path:
    return install_root() / "config"


def schema_file() -> Path:
    return config_dir() / "schema.yaml"


def translations_dir() -> Path:
    return install_root() / "ui" / "translations"


def default_data_dir() -> Path:
    """Writable state (SQLite store, logs) when the site file names none."""
    override = os.environ.get("KIOSK_DATA_DIR")
    if override:
        return Path(override)
    # The XDG rule, written out: the kiosk runs on Linux only, and this saves
    # an import on every start.
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_NAME
