"""What an e-licence check says (no cryptography here: screens import it before the first paint)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Reason(enum.Enum):
    """Why a payload was refused; the value is the stable code the CLI prints."""

    NOT_A_LICENCE = "not_a_licence"
    WEB_LINK = "web_link"  # a link to a licence page: nothing signed to check offline
    CORRUPT = "corrupt"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    NOT_COSE = "not_cose"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    NO_TRUST_LIST = "no_trust_list"
    UNKNOWN_KEY = "unknown_key"
    KEY_REVOKED = "key_revoked"
    KEY_NOT_VALID_THEN = "key_not_valid_then"
    BAD_SIGNATURE = "bad_signature"
    BAD_CLAIMS = "bad_claims"


class Standing(enum.Enum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LicenceClaims:
    licence_id: str
    type_vi: str
    type_en: str
    holder: str
    valid_from: date
    valid_until: date | None
    issuer: str
    issued_at: datetime


@dataclass(frozen=True)
class LicenceCheck:
    signature_valid: bool
    reason: Reason | None
    detail: str
    standing: Standing | None  # None when the signature failed: nothing in the payload is believed
    claims: LicenceClaims | None = None
    agency_vi: str = ""
    agency_en: str = ""
    checked_at: datetime | None = None
    data_as_of: datetime | None = None  # when the replica was last complete; None: never synced

    @property
    def trusted_valid(self) -> bool:
        return self.signature_valid and self.standing is Standing.VALID

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "signature": "valid" if self.signature_valid else "invalid",
            "status": self.standing.value if self.standing else None,
            "licence_id": self.claims.licence_id if self.claims else None,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
        }
        if self.reason is not None:
            out["reason"] = self.reason.value
            out["detail"] = self.detail
        return out
