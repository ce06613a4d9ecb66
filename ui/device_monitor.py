"""Polls every device's health on a timer, off the GUI thread.

This is what makes hot-plug work without udev: each poll calls the
adapters' ``status()``, which reopen a device that came back. The board in
``KioskServices`` keeps the answers; the window tells the current screen
when something changed, so a print button can say "out of paper" before a
citizen presses it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk_app.composition import KioskServices
from kiosk_app.device_health import DeviceRole, DeviceStatus
from kiosk_app.hardware import check_all
from ui.jobs import BackgroundJobs


class DeviceMonitor(QObject):
    changed = Signal()

    def __init__(self, services: KioskServices, jobs: BackgroundJobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._jobs = jobs
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(services.settings.devices.poll_s * 1000)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def poll(self) -> None:
        """One round of status checks; skipped while the last round is still waiting on a device."""
        if self._busy or not self._services.hardware.by_role():
            return
        self._busy = True
        hardware = self._services.hardware
        self._jobs.run(lambda: check_all(hardware), self._done, self._failed)

    def _done(self, statuses: dict[DeviceRole, DeviceStatus]) -> None:
        self._busy = False
        if self._services.device_health.update(statuses):
            self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        raise error  # adapters turn device errors into statuses: anything else is a bug to show
