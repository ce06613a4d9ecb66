"""The ID-card reader: the kiosk's side of the chip boundary, over PC/SC or a software card.

``IdChipReader.read_card(can)`` returns a verified ``CitizenIdentity`` or
raises ``DeviceError`` with a problem the screens have words for: no card, a
refused access number, data that failed verification, or a fault. Both
readers run the same protocol (``devices.emrtd``): the PC/SC reader over
the system's pcscd, the simulated one over a software card holding an
invented citizen, whose data a test issuer signed, so the demo walks the
real protocol too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from devices.base import DeviceError, DeviceProblem, DeviceStatus, Health
from devices.cccd import CitizenIdentity
from devices.pcsc import Pcsc, PcscError, load_library

if TYPE_CHECKING:
    from cryptography import x509

    from devices.emrtd.issuing import CardHolder, SampleIssuer

Progress = Callable[[str], None]


class IdChipReader(Protocol):
    name: str
    kind: str

    @property
    def can_read_chip(self) -> bool:
        """False while the reader cannot verify identities (no country signing CA configured)."""

    def open(self) -> None: ...
    def close(self) -> None: ...
    def status(self) -> DeviceStatus: ...
    def read_card(self, can: str, progress: Progress | None = None) -> CitizenIdentity: ...


class CardConnection(Protocol):
    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


def read_verified(
    transport: CardConnection,
    can: str,
    trust: Sequence[x509.Certificate],
    progress: Progress | None = None,
) -> CitizenIdentity:
    """The chip's identity through PACE and passive authentication, or DeviceError saying why not."""
    # Imported on first read: the protocol's crypto is not needed to paint the first screen.
    from devices.emrtd.domain import UnsupportedPaceError
    from devices.emrtd.lds import DataGroupError
    from devices.emrtd.pace import AccessDeniedError, NotAuthenticError
    from devices.emrtd.passive_auth import NotVerifiedError
    from devices.emrtd.reader import read_identity
    from devices.emrtd.secure_messaging import SecureMessagingError
    from devices.emrtd.transport import CardGoneError, CardRefusedError

    try:
        return read_identity(transport, can, trust, progress=progress).identity
    except AccessDeniedError as exc:
        raise DeviceError(DeviceProblem.ACCESS_DENIED, str(exc)) from None
    except (NotAuthenticError, NotVerifiedError) as exc:
        raise DeviceError(DeviceProblem.NOT_AUTHENTIC, f"not verified: {exc}") from None
    except CardGoneError as exc:
        raise DeviceError(DeviceProblem.NO_CARD, str(exc)) from None
    except (SecureMessagingError, CardRefusedError, DataGroupError, UnsupportedPaceError) as exc:
        raise DeviceError(DeviceProblem.FAULT, f"{exc.__class__.__name__}: {exc}") from None


# The invented citizen on the self-check's card (not a real person).
SELF_CHECK_CARD = CitizenIdentity(
    "079090000001", "NGUYỄN THỬ NGHIỆM", date(1990, 1, 1), "male", "Kiểm tra", date(2021, 1, 1)
)


@functools.cache
def protocol_self_check() -> str:
    """PACE, secure messaging and passive authentication against a software card, once per process.

    This is what "the reader works" rests on besides the hardware: the
    protocol and its cryptography libraries load and agree with a card. An
    empty answer is success; otherwise the reason.
    """
    from devices.emrtd.issuing import SampleIssuer, software_card

    try:
        issuer = SampleIssuer.generate("Self-check CSCA")
        card = software_card(holder_of(SELF_CHECK_CARD), issuer)
        identity = read_verified(card, SELF_CHECK_CARD.id_number[-6:], [issuer.csca])
    except Exception as exc:  # noqa: BLE001 - any failure is the answer, for the technician
        return f"{exc.__class__.__name__}: {exc}"
    return "" if identity.verified and identity.id_number == SELF_CHECK_CARD.id_number else "wrong identity"


def holder_of(identity: CitizenIdentity) -> CardHolder:
    """What a software card for this (invented) identity holds."""
    from devices.emrtd.issuing import CardHolder

    return CardHolder(
        id_number=identity.id_number,
        full_name=identity.full_name,
        date_of_birth=identity.date_of_birth,
        sex="Nam" if identity.sex == "male" else "Nữ",
        residence=identity.address,
        issue_date=identity.issue_date,
        expiry_date=identity.expiry_date or identity.issue_date + timedelta(days=365 * 15),
        old_id_number=identity.old_id_number or "",
    )


@dataclass
class SimulatedIdReader:
    """A reader with an invented citizen's card on it, or none: a software card behind the real protocol.

    The card's data is signed by a test issuer made for this reader, which is
    also the only country signing CA it trusts (``trust``, to test refusals).
    ``leaves_after`` takes the card away after that many commands of the next read.
    """

    card: CitizenIdentity | None = None
    plugged: bool = True
    name: str = "simulated ID-card reader"
    kind: str = "id_reader"
    can_read_chip: bool = True
    trust: list[x509.Certificate] | None = None
    leaves_after: int | None = None
    _issuer: SampleIssuer | None = field(default=None, repr=False)

    def open(self) -> None:
        """Nothing to open."""

    def close(self) -> None:
        """Nothing to close."""

    def status(self) -> DeviceStatus:
        if not self.plugged:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.UNPLUGGED, "unplugged (simulated)")
        card = "card present" if self.card else "ready, no card"
        broken = protocol_self_check()  # once per process: the same protocol a real card gets
        if broken:
            return DeviceStatus(Health.DEGRADED, DeviceProblem.FAULT, f"{card}; PACE fails: {broken}")
        return DeviceStatus.ok(card)

    def issuer(self) -> SampleIssuer:
        """The demo's issuing state: made on the first read, trusted by this reader only."""
        from devices.emrtd.issuing import SampleIssuer

        if self._issuer is None:
            self._issuer = SampleIssuer.generate("Demo CSCA")
        return self._issuer

    def read_card(self, can: str, progress: Progress | None = None) -> CitizenIdentity:
        from devices.emrtd.issuing import software_card

        if not self.plugged:
            raise DeviceError(DeviceProblem.UNPLUGGED, "the reader is unplugged")
        if self.card is None:
            raise DeviceError(DeviceProblem.NO_CARD, "no card on the reader")
        issuer = self.issuer()
        card = software_card(holder_of(self.card), issuer, leaves_after=self.leaves_after)
        trust = self.trust if self.trust is not None else [issuer.csca]
        return read_verified(card, can, trust, progress)


class PcscContext(Protocol):
    """What the reader needs of PC/SC (``devices.pcsc.Pcsc``; tests pass a recording stand-in)."""

    def readers(self) -> list[str]: ...
    def connect(self, reader: str) -> AbstractContextManager[CardConnection]: ...
    def close(self) -> None: ...


def system_pcsc() -> PcscContext:
    """A context on the system's PC/SC service; DeviceError when there is no library or no service."""
    lib = load_library()
    if lib is None:
        raise DeviceError(DeviceProblem.FAULT, "libpcsclite is not installed (Debian package libpcsclite1)")
    try:
        return Pcsc(lib)
    except PcscError as exc:
        raise DeviceError(
            DeviceProblem.UNPLUGGED if exc.no_service else DeviceProblem.FAULT, str(exc)
        ) from None


@dataclass
class _PcscTransport:
    """A PC/SC connection as the protocol's transport: a card taken away is ``CardGoneError``."""

    connection: CardConnection

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        from devices.emrtd.transport import CardGoneError

        try:
            return self.connection.transmit(apdu)
        except PcscError as exc:
            if exc.no_card:
                raise CardGoneError(str(exc)) from None
            raise


class PcscIdReader:
    """A PC/SC reader; reads the chip with PACE and verifies it against the site's country signing CA."""

    kind = "id_reader"

    def __init__(
        self,
        name: str,
        reader_filter: str = "",
        *,
        trust_file: Path | None = None,
        open_context: Callable[[], PcscContext] = system_pcsc,
    ) -> None:
        self.name = name
        self._filter = reader_filter.casefold()
        self._open_context = open_context
        self._trust_file = trust_file
        self._trust: list[x509.Certificate] | None = None
        self._trust_problem = ""

    @property
    def can_read_chip(self) -> bool:
        return bool(self.trust())

    def trust(self) -> list[x509.Certificate]:
        """The country signing CAs from the site file's path, read once; empty (with a reason) if none."""
        if self._trust is None:
            from devices.emrtd.passive_auth import load_trust

            self._trust = []
            if self._trust_file is None:
                self._trust_problem = "no country signing CA is configured (id_reader.country_signing_ca)"
            else:
                try:
                    self._trust = load_trust(self._trust_file)
                except (OSError, ValueError) as exc:
                    self._trust_problem = f"the country signing CA file cannot be used: {exc}"
        return self._trust

    def open(self) -> None:
        """Each check opens and releases its own PC/SC context, so a restarted pcscd is no problem."""

    def close(self) -> None:
        """Nothing stays open between checks."""

    def _reader(self, pcsc: PcscContext) -> str:
        readers = pcsc.readers()
        wanted = [r for r in readers if self._filter in r.casefold()]
        if not wanted:
            seen = ", ".join(readers) if readers else "none"
            raise DeviceError(
                DeviceProblem.UNPLUGGED, f"no matching card reader is plugged in (seen: {seen})"
            )
        return wanted[0]

    def status(self) -> DeviceStatus:
        try:
            pcsc = self._open_context()
        except DeviceError as exc:
            return DeviceStatus(Health.OFFLINE, exc.problem, str(exc))
        try:
            reader = self._reader(pcsc)
            try:
                with pcsc.connect(reader):
                    card = "card present"
            except PcscError as exc:
                if not exc.no_card:
                    return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, f"{reader}: {exc}")
                card = "no card"
        except DeviceError as exc:
            return DeviceStatus(Health.OFFLINE, exc.problem, str(exc))
        except PcscError as exc:
            return DeviceStatus(Health.OFFLINE, DeviceProblem.FAULT, str(exc))
        finally:
            pcsc.close()
        broken = protocol_self_check()
        if broken:
            return DeviceStatus(
                Health.DEGRADED, DeviceProblem.FAULT, f"{reader}, {card}; PACE fails: {broken}"
            )
        if not self.trust():
            return DeviceStatus(
                Health.DEGRADED, DeviceProblem.FAULT, f"{reader}, {card}; {self._trust_problem}"
            )
        return DeviceStatus.ok(f"{reader}, {card}; PACE and passive authentication ready")

    def read_card(self, can: str, progress: Progress | None = None) -> CitizenIdentity:
        trust = self.trust()
        if not trust:
            raise DeviceError(DeviceProblem.FAULT, self._trust_problem)
        pcsc = self._open_context()
        try:
            reader = self._reader(pcsc)
            with pcsc.connect(reader) as card:
                return read_verified(_PcscTransport(card), can, trust, progress)
        except PcscError as exc:
            raise DeviceError(
                DeviceProblem.NO_CARD if exc.no_card else DeviceProblem.FAULT, str(exc)
            ) from None
        finally:
            pcsc.close()
