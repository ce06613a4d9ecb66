"""Passive authentication (ICAO 9303-11, 5.1): the chip's data is what the issuing state signed.

EF.SOD is a CMS SignedData over the LDS security object, which lists a hash
of every data group. Three checks, each refusing with its reason:

1. the signature over the signed attributes, with the document signer's
   certificate carried in EF.SOD, and the attributes' digest of the content;
2. the document signer's certificate, issued by a country signing CA that
   the site file trusts (``id_reader.country_signing_ca``), and in force;
3. each data group read, hashed, equal to the hash EF.SOD lists for it.

A card that passes all three carries data the issuing state signed; it does
not prove the chip is not a clone (that is chip or active authentication,
which the kiosk does not need for filling forms).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import algos, cms, core
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from devices.emrtd import tlv
from devices.emrtd.lds import TAG_SOD

LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(),  # noqa: S303 - older documents are signed with SHA-1; accepted as issued
    "sha224": hashes.SHA224(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


class NotVerifiedError(Exception):
    """The data could not be shown to be the issuing state's; the message says which check failed."""


class DataGroupHash(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declarative API
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declarative API
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):
    _fields = [  # noqa: RUF012 - asn1crypto's declarative API
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashes),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True)
class Verification:
    hash_algorithm: str
    document_signer: str
    country_signing_ca: str
    data_groups: tuple[int, ...]


def load_trust(path: Path) -> list[x509.Certificate]:
    """Country signing CA certificates from a PEM file (one or many) or one DER certificate."""
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        certificates = x509.load_pem_x509_certificates(data)
    else:
        certificates = [x509.load_der_x509_certificate(data)]
    for certificate in certificates:
        try:
            constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
        except x509.ExtensionNotFound:
            constraints = None
        if constraints is None or not constraints.ca:
            raise ValueError(f"{certificate.subject.rfc4514_string()} is not a CA certificate")
    return certificates


def _digest(name: str, data: bytes) -> bytes:
    if name not in HASHES:
        raise NotVerifiedError(f"EF.SOD uses an unsupported hash ({name})")
    return hashlib.new(name, data).digest()


def _verify_signature(certificate: x509.Certificate, signer: cms.SignerInfo, signed: bytes) -> None:
    algorithm = signer["signature_algorithm"]
    hash_name = signer["digest_algorithm"]["algorithm"].native
    if hash_name not in HASHES:
        raise NotVerifiedError(f"EF.SOD's signature uses an unsupported hash ({hash_name})")
    chosen = HASHES[hash_name]
    signature = signer["signature"].native
    key = certificate.public_key()
    kind = algorithm.signature_algo
    try:
        if kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed, ec.ECDSA(chosen))
        elif kind == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed, padding.PKCS1v15(), chosen)
        elif kind == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            params = algorithm["parameters"]
            pss_hash = HASHES.get(params["hash_algorithm"]["algorithm"].native)
            if pss_hash is None:
                raise NotVerifiedError("EF.SOD's RSA-PSS signature uses an unsupported hash")
            key.verify(
                signature,
                signed,
                padding.PSS(padding.MGF1(pss_hash), params["salt_length"].native),
                pss_hash,
            )
        else:
            raise NotVerifiedError(f"EF.SOD's signature algorithm ({kind}) does not fit its signer's key")
    except InvalidSignature:
        raise NotVerifiedError("EF.SOD's signature is wrong") from None


def _signer_certificate(signed_data: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    sid = signer["sid"]
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.issuer == wanted["issuer"]
                and certificate.serial_number == wanted["serial_number"].native
            ):
                return x509.load_der_x509_certificate(certificate.dump())
        elif certificate.key_identifier == sid.chosen.native:
            return x509.load_der_x509_certificate(certificate.dump())
    raise NotVerifiedError("EF.SOD does not carry its document signer's certificate")


def _chain(
    document_signer: x509.Certificate, trust: Sequence[x509.Certificate], now: datetime
) -> x509.Certificate:
    if not trust:
        raise NotVerifiedError("no country signing CA is configured (id_reader.country_signing_ca)")
    for ca in trust:
        if ca.subject != document_signer.issuer:
            continue
        try:
            document_signer.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            continue
        if not ca.not_valid_before_utc <= document_signer.not_valid_before_utc <= ca.not_valid_after_utc:
            raise NotVerifiedError("the document signer was issued outside its country signing CA's validity")
        if not document_signer.not_valid_before_utc <= now <= document_signer.not_valid_after_utc:
            raise NotVerifiedError("the document signer's certificate is not in force")
        return ca
    raise NotVerifiedError("the document signer was not issued by a configured country signing CA")


def verify(
    sod: bytes,
    data_groups: Mapping[int, bytes],
    trust: Sequence[x509.Certificate],
    *,
    now: datetime | None = None,
) -> Verification:
    """Check EF.SOD and the data groups read against it; NotVerifiedError with the reason otherwise."""
    now = now or datetime.now(UTC)
    try:
        info = cms.ContentInfo.load(tlv.only(sod, TAG_SOD))
        if info["content_type"].native != "signed_data":
            raise NotVerifiedError("EF.SOD is not a CMS SignedData")
        signed_data = info["content"]
        encapsulated = signed_data["encap_content_info"]
        if encapsulated["content_type"].dotted != LDS_SECURITY_OBJECT:
            raise NotVerifiedError("EF.SOD does not sign an LDS security object")
        content = encapsulated["content"].contents
        signers = signed_data["signer_infos"]
        if len(signers) != 1:
            raise NotVerifiedError(f"EF.SOD has {len(signers)} signers, not one")
        signer = signers[0]
        attributes = signer["signed_attrs"]
        if not attributes:
            raise NotVerifiedError("EF.SOD's signature has no signed attributes")
        by_type = {a["type"].native: a["values"] for a in attributes}
        digest = by_type.get("message_digest")
        kind = by_type.get("content_type")
        if digest is None or kind is None or kind[0].dotted != LDS_SECURITY_OBJECT:
            raise NotVerifiedError("EF.SOD's signed attributes lack the content type or digest")
        if digest[0].native != _digest(signer["digest_algorithm"]["algorithm"].native, content):
            raise NotVerifiedError("EF.SOD's content does not match its signed digest")
        certificate = _signer_certificate(signed_data, signer)
        # The signature covers the attributes as a DER SET (tag 31), not as the [0] they are stored in.
        _verify_signature(certificate, signer, b"\x31" + attributes.dump()[1:])
        ca = _chain(certificate, trust, now)
        security = LdsSecurityObject.load(content)
        hash_name = security["hash_algorithm"]["algorithm"].native
        listed = {
            entry["data_group_number"].native: entry["data_group_hash_value"].native
            for entry in security["data_group_hash_values"]
        }
    except NotVerifiedError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, tlv.TlvError) as exc:
        raise NotVerifiedError(f"EF.SOD is malformed ({exc.__class__.__name__})") from None
    for number, data in sorted(data_groups.items()):
        if number not in listed:
            raise NotVerifiedError(f"EF.SOD lists no hash for DG{number}")
        if _digest(hash_name, data) != listed[number]:
            raise NotVerifiedError(f"DG{number} does not match the hash EF.SOD lists for it")
    return Verification(
        hash_algorithm=hash_name,
        document_signer=certificate.subject.rfc4514_string(),
        country_signing_ca=ca.subject.rfc4514_string(),
        data_groups=tuple(sorted(data_groups)),
    )
