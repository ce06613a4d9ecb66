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
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlparse

from devices.cccd import CitizenIdentity, IdPayloadError, parse_cccd
from kiosk_app import dossier_code

DOSSIER_QUERY_KEYS = ("ma", "mahoso", "ma_ho_so", "mahs", "code", "dossier", "hoso")
LICENCE_PREFIX = "GPDT:"  # giấy phép điện tử, as our backend signs them
LICENCE_PATH_MARKERS = ("giay-phep", "giayphep", "licence", "license", "e-permit")


class ScanKind(enum.Enum):
    CITIZEN_ID = "citizen_id"
    DOSSIER = "dossier"
    LICENCE = "licence"
    URL = "url"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    value: str  # the dossier code, the licence payload, the URL; empty for an ID (see identity)
    identity: CitizenIdentity | None = None


def classify(payload: str, *, today: date) -> Scan:
    text = payload.strip()
    if "|" in text:
        try:
            return Scan(ScanKind.CITIZEN_ID, "", parse_cccd(text, today=today))
        except IdPayloadError:
            return Scan(ScanKind.UNKNOWN, "")
    if text.upper().startswith(LICENCE_PREFIX):
        return Scan(ScanKind.LICENCE, text)
    code = dossier_code.normalise(text)
    if code is not None:
        return Scan(ScanKind.DOSSIER, code)
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
        return Scan(ScanKind.URL, text)
    return Scan(ScanKind.UNKNOWN, "")
