"""The voice service's announcements, brought to the GUI thread as Qt signals.

``kiosk_app.assistant.voice.VoiceService`` does the work (models, listening,
understanding) and announces from its listening thread; this bridge re-emits
each announcement as a signal, which Qt queues to the GUI thread. It also runs
the model loading as a background job once the first screen has painted.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk_app.assistant.voice import VoiceService, VoiceState
from ui.jobs import BackgroundJobs


class VoiceBridge(QObject):
    level_changed = Signal(float)
    partial_changed = Signal(str)
    heard = Signal(object)  # kiosk_app.assistant.pipeline.Heard
    state_changed = Signal(object)  # VoiceState
    failed = Signal(str)

    def __init__(self, service: VoiceService, jobs: BackgroundJobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._jobs = jobs
        service.level_changed.connect(self.level_changed.emit)
        service.partial_changed.connect(self.partial_changed.emit)
        service.heard.connect(self.heard.emit)
        service.state_changed.connect(self.state_changed.emit)
        service.failed.connect(self.failed.emit)

    def load_models(self) -> None:
        """Load the configured speech models off the GUI thread (seconds, hundreds of MB)."""
        if self.service.start_loading():
            self._jobs.run(self.service.prepare_models, self.service.install, self.service.load_failed)

    @property
    def state(self) -> VoiceState:
        return self.service.state

    def close(self) -> None:
        for event, slot in (
            (self.service.level_changed, self.level_changed.emit),
            (self.service.partial_changed, self.partial_changed.emit),
            (self.service.heard, self.heard.emit),
            (self.service.state_changed, self.state_changed.emit),
            (self.service.failed, self.failed.emit),
        ):
            event.disconnect(slot)
