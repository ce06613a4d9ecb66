"""The kiosk's Qt-free core: settings, citizen sessions, storage, logging, CLI.

Nothing in this package imports PySide6; the screens in ``ui/`` are a client of it.
"""

__version__ = "0.1.0"
