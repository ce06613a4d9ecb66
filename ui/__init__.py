"""The kiosk's screens: the only package that imports PySide6 (plus qasync)."""
