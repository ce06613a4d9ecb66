"""Plain words for a device problem, for the citizen in front of the kiosk.

Technicians read the device's own detail on their screen and in the log;
a citizen gets one short sentence and where to go for help.
"""

from __future__ import annotations

from kiosk_app.device_health import DeviceError, DeviceProblem
from ui.i18n import translate


def printer_problem(problem: DeviceProblem) -> str:
    messages = {
        DeviceProblem.PAPER_OUT: translate("DeviceWords", "The printer is out of paper."),
        DeviceProblem.COVER_OPEN: translate("DeviceWords", "The printer's cover is open."),
    }
    return messages.get(problem, translate("DeviceWords", "The printer is not working right now."))


def print_failure(error: BaseException) -> str:
    """What to tell a citizen whose print failed; anything but a device's failure is a bug, raised again."""
    if not isinstance(error, DeviceError):
        raise error
    return printer_problem(error.problem)


def id_reader_problem(problem: DeviceProblem) -> str:
    messages = {
        DeviceProblem.NO_CARD: translate("DeviceWords", "No card was found on the reader."),
        DeviceProblem.UNPLUGGED: translate("DeviceWords", "The ID-card reader is not working right now."),
    }
    return messages.get(problem, translate("DeviceWords", "The card could not be read."))
