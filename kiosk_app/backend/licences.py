"""Checking an e-licence QR offline: the issuer's signature, then its status in the replica.

The payload (``docs/e-licence-qr.md``) is ``GPDT1:`` + Base45(zlib(COSE_Sign1)),
modelled on the EU Digital COVID Certificate. The signature is checked
against the trust list the kiosk synced (``BackendStore.trusted_key``), with
no network: a valid signature says the issuing agency made this payload;
the replica says whether the licence still stands (revoked, expired) as of
the last sync, and the answer says how old that knowledge is.

Every way a payload can be wrong ends in ``signature: invalid`` with a
reason; nothing in a payload is executed or trusted before the signature
checks (the algorithm is fixed, never taken from the payload's header).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zlib
from datetime import UTC, date, datetime

import base45
import cbor2
from pycose.algorithms import EdDSA
from pycose.headers import KID, Algorithm
from pycose.keys.curves import Ed25519
from pycose.keys.okp import OKPKey
from pycose.messages.sign1message import Sign1Message

from kiosk_app import dossier_code
from kiosk_app.backend.licence_types import LicenceCheck, LicenceClaims, Reason, Standing
from kiosk_app.backend.local import BackendStore

__all__ = ["LicenceCheck", "LicenceClaims", "Reason", "Standing", "check_licence", "self_check", "unpack"]

PREFIX = "GPDT1:"
MAX_TEXT = 4096  # a QR code holds at most ~4,300 alphanumeric characters
MAX_INFLATED = 16 * 1024
CLAIM_ISSUER = 1
CLAIM_EXPIRES = 4
CLAIM_ISSUED_AT = 6
CLAIM_LICENCE = -70001
LICENCE_ID = re.compile(r"(?P<dossier>.+)-KQ(?P<n>[0-9]{1,3})")
HEADER_CRITICAL = 2  # COSE "crit"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK_SKEW_S = 24 * 3600  # a payload "signed tomorrow" is wrong, a few hours off is a clock


class PayloadError(ValueError):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def licence_ref(licence_id: str) -> bytes:
    return hashlib.sha256(licence_id.encode()).digest()


def unpack(text: str) -> Sign1Message:
    """Text -> the COSE_Sign1 message, or ``PayloadError``. The signature is not checked here."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise PayloadError(Reason.TOO_LARGE, f"longer than {MAX_TEXT} characters")
    if not text.upper().startswith(PREFIX):
        if text.lower().startswith(("https://", "http://")):
            raise PayloadError(Reason.WEB_LINK, "a web link, not a signed e-licence")
        raise PayloadError(Reason.NOT_A_LICENCE, f"does not start with {PREFIX}")
    try:
        # Base45 has no lower-case letters: a scanner in Caps Lock mode sends the same code lower-cased.
        compressed = base45.b45decode(text[len(PREFIX) :].upper())
    except (ValueError, KeyError, TypeError):
        raise PayloadError(Reason.CORRUPT, "not Base45 text (damaged or mistyped)") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_INFLATED)
    except zlib.error:
        raise PayloadError(Reason.CORRUPT, "the compressed data is damaged") from None
    if inflater.unconsumed_tail:
        raise PayloadError(Reason.TOO_LARGE, f"inflates beyond {MAX_INFLATED} bytes")
    if not inflater.eof:
        raise PayloadError(Reason.TRUNCATED, "the compressed data ends early (cut off)")
    if inflater.unused_data:
        # One payload, one text: bytes after the stream would let many texts pass as one licence.
        raise PayloadError(Reason.CORRUPT, "data after the compressed stream")
    if not _one_cbor_item(raw):
        raise PayloadError(Reason.NOT_COSE, "not exactly one CBOR item")
    try:
        message = Sign1Message.decode(raw)
    except Exception:  # noqa: BLE001 - pycose raises many types for malformed CBOR; all mean the same
        raise PayloadError(Reason.NOT_COSE, "not a COSE_Sign1 message") from None
    if not isinstance(message, Sign1Message) or not isinstance(message.payload, bytes):
        raise PayloadError(Reason.NOT_COSE, "not a COSE_Sign1 message")
    if any(_label(key) == HEADER_CRITICAL for key in (*message.phdr, *message.uhdr)):
        # RFC 9052: a verifier must refuse critical parameters it does not understand; we know none.
        raise PayloadError(Reason.NOT_COSE, "critical header parameters this kiosk does not understand")
    return message


def _label(key: object) -> object:
    """A header's integer label, whether pycose gave its attribute class or the raw label."""
    identifier = getattr(key, "identifier", None)
    return identifier if isinstance(identifier, int) else key


def _one_cbor_item(data: bytes) -> bool:
    stream = io.BytesIO(data)
    try:
        cbor2.CBORDecoder(stream).decode()
    except Exception:  # noqa: BLE001 - malformed CBOR is answered by the caller
        return False
    return stream.tell() == len(data)


def check_licence(text: str, store: BackendStore, *, now: datetime | None = None) -> LicenceCheck:
    now = now or datetime.now(UTC)
    synced = store.licences_synced_at()
    data_as_of = datetime.fromtimestamp(synced, UTC) if synced else None

    def refused(reason: Reason, detail: str) -> LicenceCheck:
        return LicenceCheck(False, reason, detail, None, checked_at=now, data_as_of=data_as_of)

    try:
        message = unpack(text)
    except PayloadError as exc:
        return refused(exc.reason, str(exc))
    if message.phdr.get(Algorithm) is not EdDSA:
        return refused(Reason.UNSUPPORTED_ALGORITHM, "only EdDSA signatures are accepted")
    kid = message.phdr.get(KID)
    if not isinstance(kid, bytes) or len(kid) != 8:
        return refused(Reason.NOT_COSE, "no key id in the protected header")
    if store.key_count() == 0:
        return refused(Reason.NO_TRUST_LIST, "this kiosk has no signing keys yet (it has not synced)")
    key = store.trusted_key(base64.b64encode(kid).decode())
    if key is None:
        return refused(Reason.UNKNOWN_KEY, "signed with a key this kiosk does not trust")
    if key.revoked:
        return refused(Reason.KEY_REVOKED, "signed with a key that was revoked")
    message.key = OKPKey(crv=Ed25519, x=key.public_key)
    try:
        good = bool(message.verify_signature())
    except Exception:  # noqa: BLE001 - a malformed signature field is a bad signature
        good = False
    if not good:
        return refused(Reason.BAD_SIGNATURE, "the signature does not match (the payload was altered)")
    # Signed by a trusted key: now the claims may be read.
    try:
        claims = _claims(message.payload or b"")
    except PayloadError as exc:
        return refused(exc.reason, str(exc))
    signed = claims.issued_at.timestamp()
    if not key.not_before <= signed <= key.not_after:
        return refused(Reason.KEY_NOT_VALID_THEN, "signed outside the key's period of validity")
    if signed > now.timestamp() + CLOCK_SKEW_S:
        return refused(Reason.BAD_CLAIMS, "signed in the future")
    standing = _standing(claims, store, now.date())
    return LicenceCheck(
        True, None, "", standing, claims, key.agency_vi, key.agency_en, checked_at=now, data_as_of=data_as_of
    )


def _standing(claims: LicenceClaims, store: BackendStore, today: date) -> Standing:
    record = store.licence(licence_ref(claims.licence_id))
    valid_until = claims.valid_until
    if record is not None:
        if record.revoked:
            return Standing.REVOKED
        valid_until = record.valid_until  # the replica knows extensions the payload cannot
    if valid_until is not None and valid_until < today:
        return Standing.EXPIRED
    return Standing.VALID if record is not None else Standing.UNKNOWN


def _claims(payload: bytes) -> LicenceClaims:
    if not _one_cbor_item(payload):
        raise PayloadError(Reason.BAD_CLAIMS, "the claims are not one CBOR item")
    try:
        claims = cbor2.loads(payload)
    except Exception:  # noqa: BLE001 - any CBOR failure means the same to a citizen
        raise PayloadError(Reason.BAD_CLAIMS, "the claims are not CBOR") from None
    if not isinstance(claims, dict):
        raise PayloadError(Reason.BAD_CLAIMS, "the claims are not a map")
    licence = claims.get(CLAIM_LICENCE)
    issued_at = claims.get(CLAIM_ISSUED_AT)
    issuer = claims.get(CLAIM_ISSUER)
    # type() is, not isinstance: True is an int to Python, not a signing time.
    if not isinstance(licence, dict) or type(issued_at) is not int or not isinstance(issuer, str):
        raise PayloadError(Reason.BAD_CLAIMS, "the licence, issuer or signing time is missing")
    kind = licence.get("type")
    values = {name: licence.get(name) for name in ("id", "holder", "valid_from")}
    if (
        type(licence.get("v")) is not int
        or licence.get("v") != 1
        or not all(isinstance(v, str) and 0 < len(v) <= 200 for v in values.values())
        or not isinstance(kind, dict)
        or not all(isinstance(kind.get(lang), str) for lang in ("vi", "en"))
    ):
        raise PayloadError(Reason.BAD_CLAIMS, "the licence claims are incomplete")
    match = LICENCE_ID.fullmatch(str(values["id"]))
    if match is None or dossier_code.normalise(match["dossier"]) != match["dossier"]:
        raise PayloadError(Reason.BAD_CLAIMS, "the licence ID is not <dossier code>-KQ<n>")
    until = licence.get("valid_until")
    if not ISO_DATE.fullmatch(str(values["valid_from"])) or (
        isinstance(until, str) and not ISO_DATE.fullmatch(until)
    ):
        raise PayloadError(Reason.BAD_CLAIMS, "a date in the claims is not YYYY-MM-DD")
    try:
        valid_from = date.fromisoformat(str(values["valid_from"]))
        valid_until = date.fromisoformat(until) if isinstance(until, str) else None
        signed = datetime.fromtimestamp(issued_at, UTC)
    except (ValueError, OverflowError, OSError):
        raise PayloadError(Reason.BAD_CLAIMS, "a date in the claims is not a real date") from None
    if until is not None and not isinstance(until, str):
        raise PayloadError(Reason.BAD_CLAIMS, "valid_until is not a date")
    return LicenceClaims(
        licence_id=str(values["id"]),
        type_vi=str(kind["vi"])[:200],
        type_en=str(kind["en"])[:200],
        holder=str(values["holder"]),
        valid_from=valid_from,
        valid_until=valid_until,
        issuer=issuer[:200],
        issued_at=signed,
    )


def self_check() -> bool:
    """Sign a throwaway payload and check it through the same layers (the bundle's ``--self-test``).

    A frozen build that lost a CBOR, COSE or Base45 piece would otherwise fail
    only when a citizen scans a licence.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    claims = {CLAIM_ISSUER: "self-test", CLAIM_ISSUED_AT: 0, CLAIM_LICENCE: {"v": 1}}
    message = Sign1Message(phdr={Algorithm: EdDSA, KID: b"selftest"}, payload=cbor2.dumps(claims))
    message.key = OKPKey(crv=Ed25519, x=public, d=raw)
    text = PREFIX + base45.b45encode(zlib.compress(message.encode())).decode("ascii")
    decoded = unpack(text)
    decoded.key = OKPKey(crv=Ed25519, x=public)
    return bool(decoded.verify_signature()) and cbor2.loads(decoded.payload or b"") == claims
