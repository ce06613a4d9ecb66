"""How the kiosk was started; a module of its own so the start path can name it before importing the rest."""

from __future__ import annotations

import enum


class RunMode(enum.Enum):
    KIOSK = "kiosk"  # fullscreen, frameless, real devices
    DEMO = "demo"  # a window, simulated devices
    SELF_TEST = "self-test"  # offscreen, shows home, exits
