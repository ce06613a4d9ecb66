"""A sample issuer: a country signing CA, a document signer, and the signed files of an invented card.

The demo's chip and the tests' cards get their EF.SOD from here, signed the
way an issuing state signs (CMS over the LDS security object, ECDSA P-256,
SHA-256), under keys generated on the spot. Nothing here is trusted by a
kiosk in service: its site file names the real country signing CA.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from devices.emrtd import tlv
from devices.emrtd.lds import DG_FILES, EF_COM, EF_SOD, TAG_SOD, encode_com, encode_dg1, encode_dg13, td1
from devices.emrtd.passive_auth import LDS_SECURITY_OBJECT, DataGroupHash, LdsSecurityObject

if TYPE_CHECKING:
    from devices.emrtd.software_card import SoftwareCard


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test issuer (not a real authority)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    signer: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    start: datetime,
    years: int,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return builder.sign(signer, hashes.SHA256())


@dataclass
class SampleIssuer:
    csca: x509.Certificate
    csca_key: ec.EllipticCurvePrivateKey
    document_signer: x509.Certificate
    signer_key: ec.EllipticCurvePrivateKey

    @classmethod
    def generate(cls, name: str = "Test CSCA", *, start: datetime | None = None) -> SampleIssuer:
        start = start or datetime.now(UTC) - timedelta(days=30)
        csca_key = ec.generate_private_key(ec.SECP256R1())
        signer_key = ec.generate_private_key(ec.SECP256R1())
        csca_name = _name(name)
        csca = _certificate(csca_name, csca_key, csca_name, csca_key, ca=True, start=start, years=15)
        signer = _certificate(
            _name(f"{name} document signer"),
            signer_key,
            csca_name,
            csca_key,
            ca=False,
            start=start + timedelta(days=1),
            years=10,
        )
        return cls(csca, csca_key, signer, signer_key)

    def csca_pem(self) -> bytes:
        return self.csca.public_bytes(serialization.Encoding.PEM)

    def sign(self, data_groups: dict[int, bytes]) -> bytes:
        """EF.SOD over these data groups (SHA-256 hashes, one signer, its certificate inside)."""
        security = LdsSecurityObject(
            {
                "version": 0,
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "data_group_hash_values": [
                    DataGroupHash(
                        {"data_group_number": n, "data_group_hash_value": hashlib.sha256(d).digest()}
                    )
                    for n, d in sorted(data_groups.items())
                ],
            }
        ).dump()
        attributes = cms.CMSAttributes(
            [
                cms.CMSAttribute({"type": "content_type", "values": [LDS_SECURITY_OBJECT]}),
                cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(security).digest()]}),
            ]
        )
        signature = self.signer_key.sign(attributes.dump(), ec.ECDSA(hashes.SHA256()))
        certificate = asn1_x509.Certificate.load(
            self.document_signer.public_bytes(serialization.Encoding.DER)
        )
        signer = cms.SignerInfo(
            {
                "version": "v1",
                "sid": cms.SignerIdentifier(
                    {
                        "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                            {"issuer": certificate.issuer, "serial_number": certificate.serial_number}
                        )
                    }
                ),
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "signed_attrs": attributes,
                "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
                "signature": signature,
            }
        )
        signed = cms.SignedData(
            {
                "version": "v3",
                "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
                "encap_content_info": {
                    "content_type": LDS_SECURITY_OBJECT,
                    "content": core.ParsableOctetString(security),
                },
                "certificates": [certificate],
                "signer_infos": [signer],
            }
        )
        return tlv.encode(TAG_SOD, cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())


@dataclass(frozen=True)
class CardHolder:
    """What an invented citizen's card says (the fields of DG13 the kiosk uses, and a few more)."""

    id_number: str
    full_name: str
    date_of_birth: date
    sex: str  # "Nam" or "Nữ", as the card writes it
    residence: str
    issue_date: date
    expiry_date: date
    home_town: str = "Hồ Chí Minh"
    old_id_number: str = ""
    parents: tuple[str, ...] = ()


def _ddmmyyyy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def card_files(holder: CardHolder, issuer: SampleIssuer) -> dict[int, bytes]:
    """EF.COM, DG1, DG13 and EF.SOD of a card for ``holder``, by file identifier."""
    dg13: dict[int, str | tuple[str, ...]] = {
        1: holder.id_number,
        2: holder.full_name,
        3: _ddmmyyyy(holder.date_of_birth),
        4: holder.sex,
        5: "Việt Nam",
        6: "Kinh",
        7: "Không",
        8: holder.home_town,
        9: holder.residence,
        10: "Nốt ruồi C:2cm trên trước đầu mày phải",
        11: _ddmmyyyy(holder.issue_date),
        12: _ddmmyyyy(holder.expiry_date),
        13: holder.parents,
    }
    if holder.old_id_number:
        dg13[15] = holder.old_id_number
    sex = "M" if holder.sex == "Nam" else "F"
    surname, _, given = holder.full_name.partition(" ")
    names = f"{ascii_name(surname)}<<{ascii_name(given).replace(' ', '<')}"
    mrz = td1(
        holder.id_number[-9:],
        holder.id_number,
        holder.date_of_birth.strftime("%y%m%d"),
        sex,
        holder.expiry_date.strftime("%y%m%d"),
        names,
    )
    groups = {1: encode_dg1(mrz), 13: encode_dg13(dg13)}
    files = {DG_FILES[n]: data for n, data in groups.items()}
    files[EF_COM] = encode_com(sorted(groups))
    files[EF_SOD] = issuer.sign(groups)
    return files


def ascii_name(text: str) -> str:
    """A name as the MRZ writes it: Vietnamese letters without their marks, upper case."""
    import unicodedata

    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


def software_card(
    holder: CardHolder, issuer: SampleIssuer, *, leaves_after: int | None = None
) -> SoftwareCard:
    """A card for ``holder`` that opens with the last 6 digits of the ID number, as a CCCD does.

    It offers PACE on brainpoolP256r1 and on NIST P-256, both with AES-128,
    as cards in the field do.
    """
    from devices.emrtd.domain import PACE_ECDH_GM, parameters
    from devices.emrtd.software_card import SoftwareCard

    offered = [parameters(f"{PACE_ECDH_GM}.2", 13), parameters(f"{PACE_ECDH_GM}.2", 12)]
    return SoftwareCard(
        card_files(holder, issuer), holder.id_number[-6:].encode("ascii"), offered, leaves_after=leaves_after
    )
