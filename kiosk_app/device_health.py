"""The last known health of every device, and what a citizen should be told about it.

The UI polls the devices every ``devices.poll_s`` seconds (off the GUI
thread) and hands the statuses here. A device that was unplugged and comes
back is simply OK at the next poll: adapters reconnect inside ``status()``.
Changes are logged once, when they happen, for the technician; citizens only
hear about a device when they are about to need it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from devices.base import DeviceError, DeviceProblem, DeviceRole, DeviceStatus, Health

# The device vocabulary the screens need, from the core (screens never import devices/).
__all__ = ["DeviceError", "DeviceHealthBoard", "DeviceProblem", "DeviceRole", "DeviceStatus", "Health"]

log = logging.getLogger(__name__)


@dataclass
class DeviceHealthBoard:
    statuses: dict[DeviceRole, DeviceStatus] = field(default_factory=dict)

    def update(self, statuses: dict[DeviceRole, DeviceStatus]) -> set[DeviceRole]:
        """Record a poll; the roles whose health or problem changed."""
        changed = set()
        for role, status in statuses.items():
            before = self.statuses.get(role)
            if before is None or (before.health, before.problem) != (status.health, status.problem):
                changed.add(role)
                level = logging.INFO if status.health is Health.OK else logging.WARNING
                log.log(
                    level,
                    "device health changed",
                    extra={"role": role.value, "health": status.health.value, "problem": status.problem.value,
                           "detail": status.detail},
                )  # fmt: skip
        self.statuses.update(statuses)
        return changed

    def summary(self) -> dict[str, str]:
        """Role -> ok/degraded/offline, for the heartbeat (a copy: read from the network thread)."""
        return {role.value: status.health.value for role, status in list(self.statuses.items())}

    def blocking_problem(self, role: DeviceRole) -> DeviceProblem | None:
        """Why a citizen cannot use this device now, or None (unknown, OK or merely degraded)."""
        status = self.statuses.get(role)
        if status is None or status.health is not Health.OFFLINE:
            return None
        return status.problem
