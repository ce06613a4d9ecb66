"""The kiosk's hardware: printer, scanners, ID-card reader, audio.

Each device kind gets a small interface, a real adapter, a simulator and a
diagnostics probe. Qt-free; the keyboard-wedge scanner's event filter is the
one part that lives in ``ui/``.
"""
