"""BER-TLV as smart cards use it: tags of one to three bytes, definite lengths.

Strict on what cannot be right (a length running past the data, an
indefinite length) and indifferent to tags it does not know: the caller
picks the tags it wants and skips the rest.
"""

from __future__ import annotations

from collections.abc import Iterator


class TlvError(ValueError):
    """The bytes are not well-formed TLV; the message says where."""


def _tag(data: bytes, at: int) -> tuple[int, int]:
    if at >= len(data):
        raise TlvError(f"a tag was expected at byte {at}")
    tag = data[at]
    at += 1
    if tag & 0x1F == 0x1F:  # more tag bytes follow, each with the top bit set but the last
        for _ in range(2):
            if at >= len(data):
                raise TlvError("a tag runs past the end of the data")
            tag = (tag << 8) | data[at]
            at += 1
            if not data[at - 1] & 0x80:
                break
        else:
            raise TlvError(f"a tag longer than three bytes at byte {at - 3}")
    return tag, at


def _length(data: bytes, at: int) -> tuple[int, int]:
    if at >= len(data):
        raise TlvError("a length was expected at the end of the data")
    first = data[at]
    at += 1
    if first < 0x80:
        return first, at
    count = first & 0x7F
    if count == 0 or count > 3:
        raise TlvError(f"unsupported length form 0x{first:02X} at byte {at - 1}")
    if at + count > len(data):
        raise TlvError("a length runs past the end of the data")
    return int.from_bytes(data[at : at + count], "big"), at + count


def is_constructed(tag: int) -> bool:
    first = tag
    while first > 0xFF:
        first >>= 8
    return bool(first & 0x20)


def header_length(data: bytes) -> tuple[int, int]:
    """(length of the tag and length fields, length of the value) of the first object in ``data``."""
    _, at = _tag(data, 0)
    length, at = _length(data, at)
    return at, length


def iterate(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each (tag, value) at this level of ``data``, in order."""
    at = 0
    while at < len(data):
        tag, at = _tag(data, at)
        length, at = _length(data, at)
        if at + length > len(data):
            raise TlvError(f"the value of tag {tag:X} runs past the end of the data")
        yield tag, data[at : at + length]
        at += length


def parse(data: bytes) -> list[tuple[int, bytes]]:
    return list(iterate(data))


def only(data: bytes, tag: int) -> bytes:
    """The value of ``data``'s single top-level object, which must carry ``tag``."""
    objects = parse(data)
    if len(objects) != 1 or objects[0][0] != tag:
        found = ", ".join(f"{t:X}" for t, _ in objects) or "nothing"
        raise TlvError(f"expected one object with tag {tag:X}, found {found}")
    return objects[0][1]


def find(data: bytes, tag: int) -> bytes | None:
    """The value of the first top-level object with ``tag``, or None."""
    for found, value in iterate(data):
        if found == tag:
            return value
    return None


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    if len(body) > 3:
        raise TlvError("a value too long for a smart card")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big") + encode_length(len(value)) + value
