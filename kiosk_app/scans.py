"""What a scanned code is, so it can be routed to the right screen from anywhere.

Order matters: a citizen-ID QR is recognised by its full structure first;
then e-licences and dossier slips by their markers; any other URL is a URL;
everything else is unknown and gets a kind message. The e-licence and
dossier-slip QR formats are not national standards: the markers below are
what our backend prints and what one-door systems commonly print, and are
the place to extend when a new format turns up.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlparse

from devices.cccd import CitizenIdentity, IdPayloadError, parse_cccd
from kiosk_app import dossier_code

DOSSIER_QUERY_KEYS = ("ma", "mahoso", "ma_ho_so", "mahs", "code", "dossier", "hoso")
# A slip's lookup URL may carry an opaque id instead of the code (``.../tra-cuu-ho-so?ref=...``).
SLIP_PATH_MARKERS = ("tra-cuu", "tracuu", "tra_cuu", "ho-so", "hoso", "dossier", "lookup")
SLIP_QUERY_KEYS = ("ref", "id", "token", "key", "matracuu", "ma_tra_cuu")
SLIP_REF = re.compile(r"[A-Za-z0-9_-]{8,64}")
# giấy phép điện tử, as the issuing agencies sign them (docs/e-licence-qr.md): GPDT1:, later GPDT2:...
LICENCE_PREFIX = re.compile(r"GPDT[0-9]{0,2}:", re.IGNORECASE)
LICENCE_PATH_MARKERS = ("giay-phep", "giayphep", "licence", "license", "e-permit")
# An online booking: its code (LH + date + number) bare, or in a booking page's URL.
BOOKING_CODE = re.compile(r"LH[0-9]{9,11}", re.IGNORECASE)
BOOKING_PATH_MARKERS = ("lich-hen", "lichhen", "dat-lich", "datlich", "booking", "appointment")
BOOKING_QUERY_KEYS = ("code", "ma", "malichhen", "booking")


class ScanKind(enum.Enum):
    CITIZEN_ID = "citizen_id"
    DOSSIER = "dossier"
    DOSSIER_SLIP = "dossier_slip"  # a slip's lookup URL with an opaque id, not the code
    BOOKING = "booking"  # an appointment booked online: check in for its ticket
    LICENCE = "licence"
    URL = "url"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    value: str  # the dossier code, the slip's opaque id, the licence payload, the URL; empty for an ID
    identity: CitizenIdentity | None = None


def classify(payload: str, *, today: date) -> Scan:
    text = payload.strip()
    if "|" in text:
        try:
            return Scan(ScanKind.CITIZEN_ID, "", parse_cccd(text, today=today))
        except IdPayloadError:
            return Scan(ScanKind.UNKNOWN, "")
    if LICENCE_PREFIX.match(text):
        return Scan(ScanKind.LICENCE, text)
    code = dossier_code.normalise(text)
    if code is not None:
        return Scan(ScanKind.DOSSIER, code)
    if BOOKING_CODE.fullmatch(text):
        return Scan(ScanKind.BOOKING, text.upper())
    url = urlparse(text)
    if url.scheme in ("http", "https") and url.netloc:
        if any(marker in url.path.lower() for marker in LICENCE_PATH_MARKERS):
            return Scan(ScanKind.LICENCE, text)
        query = {key.lower(): values for key, values in parse_qs(url.query).items()}
        for key in DOSSIER_QUERY_KEYS:
            for value in query.get(key, []):
                code = dossier_code.normalise(value)
                if code is not None:
                    return Scan(ScanKind.DOSSIER, code)
        if any(marker in url.path.lower() for marker in BOOKING_PATH_MARKERS):
            for key in BOOKING_QUERY_KEYS:
                for value in query.get(key, []):
                    if BOOKING_CODE.fullmatch(value):
                        return Scan(ScanKind.BOOKING, value.upper())
        if any(marker in url.path.lower() for marker in SLIP_PATH_MARKERS):
            for key in SLIP_QUERY_KEYS:
                for value in query.get(key, []):
                    if SLIP_REF.fullmatch(value):
                        return Scan(ScanKind.DOSSIER_SLIP, value)
        return Scan(ScanKind.URL, text)
    return Scan(ScanKind.UNKNOWN, "")
