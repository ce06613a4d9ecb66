"""PACE's parameters: which protocol object identifier means what, and the curves behind the numbers.

ICAO 9303-11 names a protocol by OID (mapping, key agreement, cipher) and
the curve by a standardized domain-parameter number. The curves' arithmetic
comes from ``ecdsa`` (python-ecdsa); points travel uncompressed (04 || x || y).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecdsa import curves, ellipticcurve

from devices.emrtd.cipher import Suite

ID_PACE = "0.4.0.127.0.7.2.2.4"
PACE_ECDH_GM = f"{ID_PACE}.2"
# The last arc of a PACE OID is its cipher suite.
SUITES = {"1": None, "2": Suite(128), "3": Suite(192), "4": Suite(256)}  # 1 is 3DES, not built
MAPPINGS = {
    "1": "DH generic mapping",
    "2": "ECDH generic mapping",
    "3": "DH integrated mapping",
    "4": "ECDH integrated mapping",
    "6": "ECDH chip authentication mapping",
}

# Standardized domain parameters (9303-11, 9.5.1) that are elliptic curves.
CURVES: dict[int, curves.Curve] = {
    8: curves.NIST192p,
    9: curves.BRAINPOOLP192r1,
    10: curves.NIST224p,
    11: curves.BRAINPOOLP224r1,
    12: curves.NIST256p,
    13: curves.BRAINPOOLP256r1,
    14: curves.BRAINPOOLP320r1,
    15: curves.NIST384p,
    16: curves.BRAINPOOLP384r1,
    17: curves.BRAINPOOLP512r1,
    18: curves.NIST521p,
}


class UnsupportedPaceError(ValueError):
    """The card offers only PACE variants this reader does not speak; the message names them."""


@dataclass(frozen=True)
class PaceParameters:
    oid: str
    parameter_id: int
    suite: Suite
    curve: curves.Curve

    @property
    def oid_der(self) -> bytes:
        """The OID's content bytes, as MSE:Set AT and the authentication token carry them."""
        return encode_oid(self.oid)

    @property
    def coordinate_length(self) -> int:
        return (int(self.curve.curve.p()).bit_length() + 7) // 8

    def encode_point(self, point: ellipticcurve.PointJacobi) -> bytes:
        size = self.coordinate_length
        return b"\x04" + int(point.x()).to_bytes(size, "big") + int(point.y()).to_bytes(size, "big")

    def decode_point(self, data: bytes) -> ellipticcurve.PointJacobi:
        """A point the other side sent, refused unless it is a proper point of this curve."""
        size = self.coordinate_length
        if len(data) != 1 + 2 * size or data[0] != 0x04:
            raise ValueError("a public key is not an uncompressed point of the agreed curve")
        x, y = int.from_bytes(data[1 : 1 + size], "big"), int.from_bytes(data[1 + size :], "big")
        curve = self.curve.curve
        if x >= curve.p() or y >= curve.p() or not curve.contains_point(x, y):
            raise ValueError("a public key is not on the agreed curve")
        return ellipticcurve.PointJacobi(curve, x, y, 1, self.curve.order)

    @property
    def name(self) -> str:
        bits = self.suite.key_bits
        return f"PACE ECDH-GM AES-{bits} on {self.curve.name}"


def describe(oid: str, parameter_id: int | None) -> str:
    if not oid.startswith(ID_PACE + "."):
        return oid
    mapping, _, suite = oid[len(ID_PACE) + 1 :].partition(".")
    cipher = {"1": "3DES", "2": "AES-128", "3": "AES-192", "4": "AES-256"}.get(suite, suite)
    return f"PACE {MAPPINGS.get(mapping, mapping)} {cipher} (parameters {parameter_id})"


def parameters(oid: str, parameter_id: int | None) -> PaceParameters:
    """The parameters for an offer; UnsupportedPaceError if this reader cannot use it."""
    if not oid.startswith(PACE_ECDH_GM + "."):
        raise UnsupportedPaceError(
            f"{describe(oid, parameter_id)} is not supported (only ECDH generic mapping)"
        )
    suite = SUITES.get(oid.rsplit(".", 1)[1])
    if suite is None:
        raise UnsupportedPaceError(f"{describe(oid, parameter_id)} is not supported (3DES or unknown cipher)")
    if parameter_id is None or parameter_id not in CURVES:
        raise UnsupportedPaceError(f"{describe(oid, parameter_id)}: only standardized elliptic curves")
    return PaceParameters(oid, parameter_id, suite, CURVES[parameter_id])


def encode_oid(oid: str) -> bytes:
    arcs = [int(part) for part in oid.split(".")]
    numbers = [arcs[0] * 40 + arcs[1], *arcs[2:]]
    out = bytearray()
    for number in numbers:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


def decode_oid(data: bytes) -> str:
    if not data or data[-1] & 0x80:
        raise ValueError("an object identifier is cut short")
    numbers, value = [], 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    first = min(numbers[0] // 40, 2)
    return ".".join(str(n) for n in [first, numbers[0] - 40 * first, *numbers[1:]])
