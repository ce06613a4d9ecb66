"""Property tests for everything the kiosk reads from outside: backend replies and e-licence QR payloads.

Part 1: every reply model (``kiosk_app/backend/models.py``) turns any bytes into a
typed value or ``GarbledReply``, never anything else, and what it accepts is what
``docs/backend-api.yaml`` allows (checked against the contract's own JSON
Schemas); the real ``BackendClient``, on an ``httpx.MockTransport``, ends every
call in a typed value, ``BackendUnavailable`` or one of the contract's refusals,
and retries exactly the calls that are safe to repeat.

Part 2: ``check_licence`` verifies a correctly signed payload and refuses every
damaged, forged or mis-signed one with ``signature_valid False`` and the specific
``Reason``, and never raises, whatever text it is given.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import dataclasses
import hashlib
import json
import random
import re
import string
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import base45
import cbor2
import httpx
import jsonschema_rs
import msgspec
import msgspec.inspect as mi
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from backend_simulator.signing import SigningKey, sign_licence
from kiosk_app.backend import models
from kiosk_app.backend.client import (
    MAX_REPLY_BYTES,
    BackendClient,
    BackendRefused,
    BackendUnavailable,
    ClientSettings,
    CursorReset,
    NotFound,
)
from kiosk_app.backend.licences import (
    MAX_INFLATED,
    MAX_TEXT,
    PREFIX,
    LicenceCheck,
    Reason,
    Standing,
    check_licence,
)
from kiosk_app.backend.local import BackendStore

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)

REPO = Path(__file__).resolve().parent.parent
CONTRACT = yaml.safe_load((REPO / "docs" / "backend-api.yaml").read_text(encoding="utf-8"))

# Each reply model and the contract schema it stands for.
REPLY_SCHEMAS: dict[type[Any], str] = {
    models.DossierStatusReply: "DossierStatus",
    models.LicencePage: "LicencePage",
    models.KeyList: "KeyList",
    models.DocumentsOnFile: "DocumentsOnFile",
    models.Ticket: "Ticket",
    models.NumberBlock: "NumberBlock",
    models.EventAck: "EventAck",
    models.HeartbeatAck: "HeartbeatAck",
}
REPLIES = list(REPLY_SCHEMAS)
REPLY_IDS = [kind.__name__ for kind in REPLIES]


def _validator(schema_name: str) -> jsonschema_rs.Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": CONTRACT["components"]}
    return jsonschema_rs.validator_for(schema, validate_formats=True)


VALIDATORS = {kind: _validator(name) for kind, name in REPLY_SCHEMAS.items()}
ERROR_VALIDATOR = _validator("Error")


# --- JSON values ----------------------------------------------------------------------
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=15,
)


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _without_nulls(value: Any) -> Any:
    """The JSON a backend following the contract sends: absent optional fields left out, not null."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _contract_errors(kind: type[Any], instance: object) -> list[jsonschema_rs.ValidationError]:
    return list(VALIDATORS[kind].iter_errors(instance))


def _known_laxness(error: jsonschema_rs.ValidationError, instance: object) -> bool:
    """Where ``models`` knowingly accepts what the contract forbids.

    ``DossierStatusReply.procedure`` may be null in the model, read the same as absent; the
    contract makes it optional, not nullable. Reading null kindly costs the citizen nothing.
    """
    return (
        error.instance_path == ["procedure"]
        and isinstance(instance, dict)
        and instance.get("procedure") is None
    )


# msgspec messages for values the contract allows and the model (more strictly) does not.
KNOWN_STRICTNESS = (
    "Expected `int`, got `float`",  # the contract's "integer" admits 1.0
    "Expected `str` of length <= 500",  # Ticket/NumberBlock.service and EventAck.key have no limit there
    "Integer value out of range",  # beyond 64 bits
)


def _decodes_as_the_contract_says(kind: type[Any], body: bytes) -> Any:
    """Decode ``body``: a typed value or ``GarbledReply``, and agreement with the contract either way."""
    try:
        value: object = models.decode(body, kind)
    except models.GarbledReply as exc:
        try:
            instance = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
        if VALIDATORS[kind].is_valid(instance):
            assert any(fragment in str(exc) for fragment in KNOWN_STRICTNESS), (
                f"the contract allows this {kind.__name__} but the model refused it: {exc}"
            )
        return None
    assert isinstance(value, kind)
    instance = json.loads(body)  # what msgspec accepted, Python's JSON reader reads too
    unexplained = [e.message for e in _contract_errors(kind, instance) if not _known_laxness(e, instance)]
    assert not unexplained, f"the model accepted a {kind.__name__} the contract forbids: {unexplained}"
    return value


# --- valid replies ----------------------------------------------------------------------
OFFSETS = [
    UTC,
    timezone(timedelta(hours=7)),
    timezone(timedelta(hours=-9, minutes=-30)),
    timezone(timedelta(0)),
]
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.sampled_from(OFFSETS)
)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1))
words = st.text(max_size=30)
texts = st.builds(models.Text, vi=words, en=words)
dossier_codes = st.from_regex(r"[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}", fullmatch=True)
big = st.integers(min_value=1, max_value=2**63 - 1)
cursors = st.from_regex(r"e[0-9]{1,9}\.[0-9]{1,18}", fullmatch=True)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


history_entries = st.builds(
    models.HistoryEntry, status_code=st.integers(1, 10), status_label=texts, at=moments
)
licence_records = st.builds(
    models.LicenceRecord,
    ref=st.binary(min_size=32, max_size=32).map(bytes.hex),
    status=st.sampled_from(["valid", "revoked"]),
    valid_from=days,
    seq=big,
    valid_until=st.none() | days,
    revoked_at=st.none() | moments,
)
signing_keys = st.builds(
    models.SigningKey,
    kid=st.binary(min_size=8, max_size=8).map(_b64),
    agency=texts,
    alg=st.just("EdDSA"),
    public_key=st.binary(min_size=32, max_size=32).map(_b64),
    not_before=moments,
    not_after=moments,
    revoked=st.booleans(),
)
documents = st.builds(
    models.DocumentOnFile,
    procedure=st.text(max_size=40),
    document=st.text(max_size=40),
    title=texts,
    state=st.sampled_from(["digitised", "reusable"]),
    held_since=st.none() | days,
)
lanes = st.sampled_from(["standard", "priority", "appointment"])
VALID: dict[type[Any], st.SearchStrategy[Any]] = {
    models.DossierStatusReply: st.builds(
        models.DossierStatusReply,
        code=dossier_codes,
        status_code=st.integers(1, 10),
        status_label=texts,
        updated_at=moments,
        history=st.lists(history_entries, max_size=3),
        procedure=st.none() | texts,
        return_date=st.none() | days,
        next_step=st.none() | texts,
        counter=st.none() | st.integers(1, 99),
    ),
    models.LicencePage: st.builds(
        models.LicencePage,
        items=st.lists(licence_records, max_size=3),
        next_cursor=cursors,
        more=st.booleans(),
    ),
    models.KeyList: st.builds(models.KeyList, keys=st.lists(signing_keys, max_size=3)),
    models.DocumentsOnFile: st.builds(models.DocumentsOnFile, documents=st.lists(documents, max_size=3)),
    models.Ticket: st.builds(
        models.Ticket,
        number=big,
        service=words,
        lane=lanes,
        day=days,
        issued_at=moments,
        counter=st.none() | st.integers(1, 99),
        people_ahead=st.none() | st.integers(0, 2**63 - 1),
    ),
    models.NumberBlock: st.builds(models.NumberBlock, service=words, day=days, first=big, last=big),
    models.EventAck: st.builds(models.EventAck, key=words, duplicate=st.booleans()),
    models.HeartbeatAck: st.builds(models.HeartbeatAck, server_time=moments),
}


# One plain, contract-following reply of each kind.
SAMPLES: dict[type[Any], object] = {
    models.DossierStatusReply: models.DossierStatusReply(
        "000.00.29.H29-251201-0007",
        4,
        models.Text("Đang xử lý", "In progress"),
        datetime(2025, 12, 2, 8, 30, tzinfo=timezone(timedelta(hours=7))),
        [models.HistoryEntry(4, models.Text("Đang xử lý", "In progress"), datetime(2025, 12, 2, tzinfo=UTC))],
    ),
    models.LicencePage: models.LicencePage([], "e1.5000", False),
    models.KeyList: models.KeyList([]),
    models.DocumentsOnFile: models.DocumentsOnFile([]),
    models.Ticket: models.Ticket(
        12, "ho-tich", "standard", date(2025, 12, 2), datetime(2025, 12, 2, tzinfo=UTC)
    ),
    models.NumberBlock: models.NumberBlock("ho-tich", date(2025, 12, 2), 101, 120),
    models.EventAck: models.EventAck("key-0123456789", False),
    models.HeartbeatAck: models.HeartbeatAck(datetime(2025, 12, 2, tzinfo=UTC)),
}


def _as_json(value: object) -> Any:
    """A reply as the contract's JSON (absent optionals left out)."""
    return _without_nulls(msgspec.to_builtins(value))


# --- where a reply can be damaged ---------------------------------------------------------
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Slot:
    path: JsonPath
    type: mi.Type
    required: bool


def _walk(t: mi.Type, value: object, path: JsonPath) -> Iterator[tuple[JsonPath, mi.StructType]]:
    """Every object inside ``value`` that is a struct, with its path."""
    if isinstance(t, mi.UnionType):
        for member in t.types:
            yield from _walk(member, value, path)
    elif isinstance(t, mi.StructType) and isinstance(value, dict):
        yield path, t
        for field in t.fields:
            if field.name in value:
                yield from _walk(field.type, value[field.name], (*path, field.name))
    elif isinstance(t, mi.ListType) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(t.item_type, item, (*path, index))


def _slots(kind: type[Any], value: object) -> list[Slot]:
    found: list[Slot] = []
    for path, struct in _walk(mi.type_info(kind), value, ()):
        container = _get(value, path)
        assert isinstance(container, dict)
        found.extend(
            Slot((*path, field.name), field.type, field.required)
            for field in struct.fields
            if field.name in container
        )
    return found


def _get(value: Any, path: JsonPath) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(value: Any, path: JsonPath, new: object) -> Any:
    changed = copy.deepcopy(value)
    _get(changed, path[:-1])[path[-1]] = new
    return changed


def _drop(value: Any, path: JsonPath) -> Any:
    changed = copy.deepcopy(value)
    del _get(changed, path[:-1])[path[-1]]
    return changed


def _json_kinds(t: mi.Type) -> set[str]:
    """The JSON kinds of value a field of type ``t`` can be."""
    if isinstance(t, mi.UnionType):
        return set().union(*(_json_kinds(member) for member in t.types))
    if isinstance(t, mi.IntType):
        return {"int"}
    if isinstance(t, mi.StrType | mi.DateType | mi.DateTimeType):
        return {"str"}
    if isinstance(t, mi.LiteralType):
        return {"str" if isinstance(v, str) else "int" for v in t.values}
    if isinstance(t, mi.BoolType):
        return {"bool"}
    if isinstance(t, mi.ListType):
        return {"list"}
    if isinstance(t, mi.StructType):
        return {"dict"}
    if isinstance(t, mi.NoneType):
        return {"null"}
    raise AssertionError(f"a reply field of an unexpected type: {t}")


KIND_SAMPLES: dict[str, object] = {
    "int": 7,
    "float": 2.5,
    "str": "x",
    "bool": True,
    "list": [],
    "dict": {},
    "null": None,
}


def _out_of_range(t: mi.Type, current: object) -> list[object]:
    """Values of the right JSON kind that break the field's range, length, pattern or enumeration."""
    if isinstance(t, mi.UnionType):
        return [bad for member in t.types for bad in _out_of_range(member, current)]
    bad: list[object] = []
    if isinstance(t, mi.IntType):
        if t.ge is not None:
            bad += [t.ge - 1, t.ge - 2**70]
        if t.le is not None:
            bad += [t.le + 1, 2**64]
    elif isinstance(t, mi.StrType):
        if t.max_length is not None:
            bad.append("\U0001f600" * (t.max_length + 1))
        if t.pattern is not None:
            bad += ["!", "A" * 200]
            if isinstance(current, str):  # Python's $ matches before a final newline; the contract's does not
                bad += [current + "\n", "\n" + current, current + " "]
    elif isinstance(t, mi.LiteralType):
        bad += [f"not-{t.values[0]}", str(t.values[0]).upper(), ""]
    elif isinstance(t, mi.DateType):
        bad += ["2025-02-30", "2025-13-01", "25-01-01", "2025-01-01T00:00:00Z", ""]
    elif isinstance(t, mi.DateTimeType):
        bad += ["2025-02-30T10:00:00Z", "2025-01-01T25:00:00Z", "2025-01-01", "yesterday", ""]
    return bad


def _decode_value(kind: type[Any], instance: object) -> object:
    return models.decode(_dumps(instance), kind)


# === Part 1a: the reply models ===========================================================
@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(body=st.binary(max_size=300))
def test_arbitrary_bytes_are_a_value_or_garbled(kind: type[Any], body: bytes) -> None:
    value = _decodes_as_the_contract_says(kind, body)
    assert value is None or isinstance(value, kind)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(instance=json_values)
def test_arbitrary_json_is_a_value_or_garbled(kind: type[Any], instance: object) -> None:
    value = _decodes_as_the_contract_says(kind, _dumps(instance))
    if not isinstance(instance, dict):
        assert value is None, "a reply is always a JSON object"


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_objects_with_the_right_field_names_and_any_values_are_a_value_or_garbled(
    kind: type[Any], data: st.DataObject
) -> None:
    info = mi.type_info(kind)
    assert isinstance(info, mi.StructType)
    names = [field.name for field in info.fields]
    instance = data.draw(st.fixed_dictionaries({}, optional={name: json_values for name in names}))
    _decodes_as_the_contract_says(kind, _dumps(instance))


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_valid_reply_round_trips_and_keeps_the_contract(kind: type[Any], data: st.DataObject) -> None:
    value = data.draw(VALID[kind])
    instance = _as_json(value)
    assert _contract_errors(kind, instance) == [], "the test's own valid reply breaks the contract"
    assert _decode_value(kind, instance) == value
    assert models.decode(msgspec.json.encode(value), kind) == value  # with the optional fields as null


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_reply_missing_a_required_field_is_garbled(kind: type[Any], data: st.DataObject) -> None:
    instance = _as_json(data.draw(VALID[kind]))
    required = [slot for slot in _slots(kind, instance) if slot.required]
    slot = data.draw(st.sampled_from(required))
    damaged = _drop(instance, slot.path)
    assert not VALIDATORS[kind].is_valid(damaged)
    with pytest.raises(models.GarbledReply, match="does not fit the contract"):
        _decode_value(kind, damaged)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_reply_missing_an_optional_field_still_decodes(kind: type[Any], data: st.DataObject) -> None:
    value = data.draw(VALID[kind])
    instance = msgspec.to_builtins(value)  # optionals present, as null where unset
    optional = [slot for slot in _slots(kind, instance) if not slot.required]
    if not optional:
        return
    slot = data.draw(st.sampled_from(optional))
    decoded = _decode_value(kind, _drop(instance, slot.path))
    assert isinstance(decoded, kind)
    assert msgspec.to_builtins(decoded) == _set(instance, slot.path, None)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data(), name=st.text(min_size=1, max_size=12), extra=json_values)
def test_a_reply_with_an_unknown_field_is_garbled(
    kind: type[Any], data: st.DataObject, name: str, extra: object
) -> None:
    instance = _as_json(data.draw(VALID[kind]))
    where, struct = data.draw(st.sampled_from(list(_walk(mi.type_info(kind), instance, ()))))
    if name in {field.name for field in struct.fields}:
        return
    damaged = _set(instance, (*where, name), extra)
    assert not VALIDATORS[kind].is_valid(damaged)
    with pytest.raises(models.GarbledReply, match="does not fit the contract"):
        _decode_value(kind, damaged)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_field_of_the_wrong_json_type_is_garbled(kind: type[Any], data: st.DataObject) -> None:
    instance = _as_json(data.draw(VALID[kind]))
    slot = data.draw(st.sampled_from(_slots(kind, instance)))
    wrong = [sample for name, sample in KIND_SAMPLES.items() if name not in _json_kinds(slot.type)]
    damaged = _set(instance, slot.path, data.draw(st.sampled_from(wrong)))
    assert not VALIDATORS[kind].is_valid(damaged)
    with pytest.raises(models.GarbledReply, match="does not fit the contract"):
        _decode_value(kind, damaged)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_a_field_out_of_range_or_pattern_or_enumeration_is_garbled(
    kind: type[Any], data: st.DataObject
) -> None:
    instance = _as_json(data.draw(VALID[kind]))
    breakable = [
        (slot, bad)
        for slot in _slots(kind, instance)
        for bad in _out_of_range(slot.type, _get(instance, slot.path))
    ]
    assume(breakable)  # an empty list has nothing out of range
    slot, bad = data.draw(st.sampled_from(breakable))
    damaged = _set(instance, slot.path, bad)
    with pytest.raises(models.GarbledReply, match="does not fit the contract"):
        _decode_value(kind, damaged)


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data(), replacement=json_values)
def test_any_field_replaced_by_any_json_is_a_value_or_garbled(
    kind: type[Any], data: st.DataObject, replacement: object
) -> None:
    instance = _as_json(data.draw(VALID[kind]))
    slot = data.draw(st.sampled_from(_slots(kind, instance)))
    _decodes_as_the_contract_says(kind, _dumps(_set(instance, slot.path, replacement)))


@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
@settings(FUZZ, max_examples=40)
@given(data=st.data(), cut=st.integers(min_value=0))
def test_a_cut_off_or_byte_damaged_reply_is_a_value_or_garbled(
    kind: type[Any], data: st.DataObject, cut: int
) -> None:
    body = _dumps(_as_json(data.draw(VALID[kind])))
    cut %= len(body)
    with pytest.raises(models.GarbledReply, match="not valid JSON"):
        models.decode(body[:cut], kind)
    position = data.draw(st.integers(0, len(body) - 1))
    damaged = body[:position] + bytes([data.draw(st.integers(0, 255))]) + body[position + 1 :]
    _decodes_as_the_contract_says(kind, damaged)


@pytest.mark.parametrize(
    ("kind", "field", "limit", "item"),
    [
        (
            models.DossierStatusReply,
            "history",
            50,
            {"status_code": 1, "status_label": {"vi": "a", "en": "b"}, "at": "2025-01-01T00:00:00Z"},
        ),
        (
            models.LicencePage,
            "items",
            5000,
            {"ref": "0" * 64, "status": "valid", "valid_from": "2025-01-01", "seq": 1},
        ),
        (
            models.KeyList,
            "keys",
            200,
            {
                "kid": "AAAAAAAAAAA=",
                "agency": {"vi": "a", "en": "b"},
                "alg": "EdDSA",
                "public_key": "A" * 43 + "=",
                "not_before": "2025-01-01T00:00:00Z",
                "not_after": "2026-01-01T00:00:00Z",
                "revoked": False,
            },
        ),
        (
            models.DocumentsOnFile,
            "documents",
            200,
            {"procedure": "p", "document": "d", "title": {"vi": "a", "en": "b"}, "state": "reusable"},
        ),
    ],
    ids=["history-50", "items-5000", "keys-200", "documents-200"],
)
def test_lists_are_taken_up_to_the_contracts_limit_and_no_further(
    kind: type[Any], field: str, limit: int, item: dict[str, object]
) -> None:
    base = _as_json(SAMPLES[kind])
    base[field] = []
    full = {**base, field: [item] * limit}
    assert VALIDATORS[kind].is_valid(full)
    assert len(getattr(_decode_value(kind, full), field)) == limit
    over = {**base, field: [item] * (limit + 1)}
    assert not VALIDATORS[kind].is_valid(over)
    with pytest.raises(models.GarbledReply, match=f"length <= {limit}"):
        _decode_value(kind, over)


def test_texts_are_taken_up_to_500_characters_however_many_bytes() -> None:
    at_limit = {"server_time": "2025-01-01T00:00:00+07:00"}
    assert models.decode(_dumps(at_limit), models.HeartbeatAck).server_time.utcoffset() == timedelta(hours=7)
    ack = {"key": "\U0001f600" * 500, "duplicate": False}  # 2,000 bytes of UTF-8
    assert models.decode(_dumps(ack), models.EventAck).key == "\U0001f600" * 500
    with pytest.raises(models.GarbledReply):
        models.decode(_dumps({"key": "\U0001f600" * 501, "duplicate": False}), models.EventAck)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b"[]",
        b"{}",
        b"\xef\xbb\xbf{}",
        b"[" * 100_000,
        b'{"server_time": "2025-01-01T00:00:00Z"} trailing',
        b'{"server_time": "2025-01-01T00:00:00Z"}\x00',
        b'{"server_time": "\\ud800"}',
        b'{"server_time": NaN}',
        b"\xff\xfe{\x00}\x00",
    ],
)
@pytest.mark.parametrize("kind", REPLIES, ids=REPLY_IDS)
def test_odd_bodies_are_garbled(kind: type[Any], body: bytes) -> None:
    with pytest.raises(models.GarbledReply):
        models.decode(body, kind)


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        (models.HeartbeatAck, b'{"server_time": "2025-06-01T12:00:00"}'),
        (
            models.KeyList,
            b'{"keys": [{"kid": "AAAAAAAAAAA=", "agency": {"vi": "a", "en": "b"}, "alg": "EdDSA",'
            b' "public_key": "' + b"A" * 43 + b'=", "not_before": "2025-01-01T00:00:00",'
            b' "not_after": "2026-01-01T00:00:00", "revoked": false}]}',
        ),
    ],
    ids=["heartbeat", "key-window"],
)
def test_a_date_time_without_an_offset_is_garbled(kind: type[Any], body: bytes) -> None:
    assert not VALIDATORS[kind].is_valid(json.loads(body))  # the contract says no
    # Accepted, its instant would depend on the kiosk's time zone (a key's window, a status's time).
    with pytest.raises(models.GarbledReply, match="does not fit the contract"):
        models.decode(body, kind)


def test_a_dossier_status_for_something_that_is_not_a_dossier_code_is_garbled() -> None:
    reply = {
        "code": "<b>not a code</b>",
        "status_code": 4,
        "status_label": {"vi": "a", "en": "b"},
        "updated_at": "2025-01-01T00:00:00Z",
        "history": [],
    }
    assert not VALIDATORS[models.DossierStatusReply].is_valid(reply)
    try:
        _decode_value(models.DossierStatusReply, reply)
    except models.GarbledReply:
        return
    raise AssertionError("a dossier status whose code is not a dossier code was accepted")


# === Part 1b: the client on a mock transport ==============================================
TOKEN = "t0ken-for-tests"
KEY = "key-0123456789"
SETTINGS = ClientSettings(url="http://127.0.0.1:8787", token=TOKEN, kiosk_id="kiosk-01", retries=3)
ETAG = '"keys-v7"'


@dataclass(frozen=True)
class Operation:
    name: str
    kind: type[Any]
    call: Callable[[BackendClient], Awaitable[object]]
    retried: bool  # safe to repeat: a read, or a write that carries an Idempotency-Key


async def _keys(client: BackendClient) -> object:
    return await client.signing_keys(ETAG)


OPERATIONS = [
    Operation(
        "dossier_status",
        models.DossierStatusReply,
        lambda c: c.dossier_status("000.00.29.H29-251201-0007", owner_id="079090001234"),
        True,
    ),
    Operation("licence_changes", models.LicencePage, lambda c: c.licence_changes("abc", limit=10), True),
    Operation("signing_keys", models.KeyList, _keys, True),
    Operation(
        "documents_on_file",
        models.DocumentsOnFile,
        lambda c: c.documents_on_file("079090001234", ["1.001"], chip_verified=True, consent=True),
        True,
    ),
    Operation("issue_ticket", models.Ticket, lambda c: c.issue_ticket(KEY, "ho-tich", "standard"), True),
    Operation("reserve_block", models.NumberBlock, lambda c: c.reserve_block(KEY, "ho-tich", 20), True),
    Operation("submit_event", models.EventAck, lambda c: c.submit_event(KEY, b'{"kind": "rating"}'), True),
    Operation("heartbeat", models.HeartbeatAck, lambda c: c.heartbeat({"outbox_pending": 0}), True),
]
OPERATION_IDS = [op.name for op in OPERATIONS]


@dataclass
class Outcome:
    result: object
    error: BaseException | None
    requests: list[httpx.Request]
    pauses: list[float]


Handler = Callable[[httpx.Request], httpx.Response]


def _run(handler: Handler, call: Callable[[BackendClient], Awaitable[object]], **overrides: Any) -> Outcome:
    """One call on a fresh client whose transport is ``handler``; sleeps are recorded, not waited."""
    requests: list[httpx.Request] = []
    pauses: list[float] = []

    def recording(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return handler(request)

    async def no_sleep(seconds: float) -> None:
        pauses.append(seconds)

    async def main() -> Outcome:
        settings_ = dataclasses.replace(SETTINGS, **overrides)
        client = BackendClient(
            settings_, transport=httpx.MockTransport(recording), sleep=no_sleep, rng=random.Random(7)
        )
        try:
            result = await call(client)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            return Outcome(None, exc, requests, pauses)
        finally:
            await client.close()
        return Outcome(result, None, requests, pauses)

    return asyncio.run(main())


def _reply(status: int, content_type: str | None, body: bytes, **headers: str) -> Handler:
    all_headers = {"etag": ETAG, **headers}
    if content_type is not None:
        all_headers["content-type"] = content_type
    return lambda _request: httpx.Response(status, headers=all_headers, content=body)


JSON_TYPES = ["application/json", "application/json; charset=utf-8"]
OTHER_TYPES = ["text/html; charset=utf-8", "text/plain", "application/xml", "", None]
STATUSES = [200, 201, 202, 204, 304, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 504]


def _bodies(kind: type[Any]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        VALID[kind].map(lambda value: _dumps(_as_json(value))),
        st.builds(lambda e, c: _dumps({"error": e, "code": c}), st.text(max_size=30), st.text(max_size=40)),
        json_values.map(_dumps),
        st.binary(max_size=100),
        st.just(b""),
    )


@pytest.mark.parametrize("op", OPERATIONS, ids=OPERATION_IDS)
@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_every_reply_ends_in_a_value_or_a_contract_error(op: Operation, data: st.DataObject) -> None:
    status = data.draw(st.sampled_from(STATUSES))
    content_type = data.draw(st.sampled_from(JSON_TYPES + OTHER_TYPES))
    body = data.draw(_bodies(op.kind))
    outcome = _run(_reply(status, content_type, body), op.call)
    error, calls = outcome.error, len(outcome.requests)

    assert error is None or isinstance(error, BackendUnavailable | BackendRefused), repr(error)
    assert len(outcome.pauses) == calls - 1
    is_json = content_type in JSON_TYPES
    if status >= 500 or status == 429:
        assert isinstance(error, BackendUnavailable)
        if is_json:  # an outage: repeated, as the call is safe to repeat, then given up
            assert not error.garbled
            assert calls == SETTINGS.retries + 1
        return
    assert calls == 1, "only an outage or a lost connection is worth a second try"
    if not is_json and status not in (204, 304):
        assert isinstance(error, BackendUnavailable) and error.garbled, "a reply that is not JSON is garbled"
        return
    if 200 <= status < 300 or status == 304:
        if op.kind is models.KeyList and status == 304:
            assert error is None and outcome.result == (None, ETAG)
            return
        try:
            expected = models.decode(body, op.kind)
        except models.GarbledReply:
            assert isinstance(error, BackendUnavailable) and error.garbled
            return
        if isinstance(expected, models.NumberBlock) and expected.first > expected.last:
            # Fits the schema, means nothing: a block that ends before it starts is garbled.
            assert isinstance(error, BackendUnavailable) and error.garbled
            return
        assert error is None
        assert outcome.result == ((expected, ETAG) if op.kind is models.KeyList else expected)
        return
    try:
        problem = msgspec.json.decode(body, type=models.ErrorReply)
    except msgspec.MsgspecError:
        assert isinstance(error, BackendUnavailable) and error.garbled, (
            "a refusal without its code is garbled"
        )
        return
    assert isinstance(error, BackendRefused) and not isinstance(error, BackendUnavailable)
    assert (error.status, error.code) == (status, problem.code)
    assert isinstance(error, NotFound) == (status == 404)
    assert isinstance(error, CursorReset) == (status == 410 and problem.code == "cursor_reset")


@pytest.mark.parametrize("op", OPERATIONS, ids=OPERATION_IDS)
def test_a_valid_reply_is_returned_typed_and_the_request_carries_no_personal_data_in_the_url(
    op: Operation,
) -> None:
    value = SAMPLES[op.kind]
    outcome = _run(_reply(200, "application/json", msgspec.json.encode(value)), op.call)
    assert outcome.error is None
    assert outcome.result == ((value, ETAG) if op.kind is models.KeyList else value)
    (request,) = outcome.requests
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    for personal in ("079090001234", "000.00.29.H29-251201-0007"):
        assert personal not in str(request.url)


@pytest.mark.parametrize("op", OPERATIONS, ids=OPERATION_IDS)
@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("cut off")],
    ids=["connect", "read-timeout", "protocol"],
)
def test_a_lost_connection_is_unavailable_and_a_safe_call_is_retried(
    op: Operation, failure: Exception
) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise failure

    outcome = _run(handler, op.call)
    assert isinstance(outcome.error, BackendUnavailable) and not outcome.error.garbled
    assert len(outcome.requests) == SETTINGS.retries + 1
    assert len(outcome.pauses) == SETTINGS.retries
    caps = [min(SETTINGS.backoff_cap_s, SETTINGS.backoff_base_s * 2**i) for i in range(SETTINGS.retries)]
    assert all(0 <= pause <= cap for pause, cap in zip(outcome.pauses, caps, strict=True))
    assert type(failure).__name__ in str(outcome.error)  # the kind of failure, for the technician


@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if op.name in ("issue_ticket", "reserve_block", "submit_event")]
)
def test_a_keyed_write_is_retried_with_the_same_key_and_body(op: Operation) -> None:
    answers = iter([503, 502, 200])
    value = SAMPLES[op.kind]

    def handler(_request: httpx.Request) -> httpx.Response:
        status = next(answers)
        body = msgspec.json.encode(value) if status == 200 else b'{"error": "down", "code": "unavailable"}'
        return httpx.Response(status, headers={"content-type": "application/json"}, content=body)

    outcome = _run(handler, op.call)
    assert outcome.error is None and outcome.result == value
    assert len(outcome.requests) == 3
    assert {r.headers["idempotency-key"] for r in outcome.requests} == {KEY}
    assert len({r.content for r in outcome.requests}) == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(
            503, headers={"content-type": "application/json"}, content=b'{"error": "x", "code": "y"}'
        ),
        httpx.ConnectError("refused"),
    ],
    ids=["503", "connect"],
)
def test_a_write_without_an_idempotency_key_is_never_retried(failure: httpx.Response | Exception) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        if isinstance(failure, Exception):
            raise failure
        return failure

    async def unkeyed(client: BackendClient) -> object:
        # No public call writes without a key; the one request path is what decides.
        return await client._call("event", "POST", "/v1/events", json={"kind": "rating"})

    async def keyed(client: BackendClient) -> object:
        return await client._call("event", "POST", "/v1/events", json={"kind": "rating"}, key=KEY)

    once = _run(handler, unkeyed)
    assert isinstance(once.error, BackendUnavailable)
    assert len(once.requests) == 1 and once.pauses == []
    assert "idempotency-key" not in once.requests[0].headers
    again = _run(handler, keyed)
    assert isinstance(again.error, BackendUnavailable)
    assert len(again.requests) == SETTINGS.retries + 1


@pytest.mark.parametrize("op", OPERATIONS, ids=OPERATION_IDS)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 422])
def test_a_refusal_is_never_retried(op: Operation, status: int) -> None:
    outcome = _run(_reply(status, "application/json", b'{"error": "no", "code": "refused"}'), op.call)
    assert isinstance(outcome.error, BackendRefused) and outcome.error.code == "refused"
    assert len(outcome.requests) == 1


def test_a_call_past_its_deadline_stops_retrying() -> None:
    outcome = _run(_reply(503, "application/json", b"{}"), OPERATIONS[0].call, deadline_s=0.0)
    assert isinstance(outcome.error, BackendUnavailable)
    assert len(outcome.requests) == 0, "with no time left nothing is sent"


def test_a_redirect_is_not_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host != "127.0.0.1":
            raise AssertionError("followed a redirect off the backend")
        return httpx.Response(302, headers={"location": "https://portal.example.invalid/login"})

    outcome = _run(handler, OPERATIONS[0].call)
    assert isinstance(outcome.error, BackendUnavailable) and outcome.error.garbled
    assert len(outcome.requests) == 1


@pytest.mark.parametrize("op", OPERATIONS, ids=OPERATION_IDS)
def test_a_reply_declared_too_large_is_garbled_without_being_read(op: Operation) -> None:
    outcome = _run(
        _reply(200, "application/json", b"{}", **{"content-length": str(MAX_REPLY_BYTES + 1)}), op.call
    )
    assert isinstance(outcome.error, BackendUnavailable) and outcome.error.garbled
    assert "too large" in str(outcome.error)
    assert len(outcome.requests) == 1


def test_a_streamed_reply_is_cut_off_once_it_is_too_large() -> None:
    sent: list[int] = []
    chunk = b" " * (1024 * 1024)

    async def endless() -> Any:
        for _ in range(64):
            sent.append(len(chunk))
            yield chunk

    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "application/json"}, content=endless())

    outcome = _run(handler, OPERATIONS[-1].call)
    assert isinstance(outcome.error, BackendUnavailable) and outcome.error.garbled
    assert sum(sent) <= MAX_REPLY_BYTES + len(chunk), "read on past the limit"
    assert len(outcome.requests) == 1


def test_a_reply_just_under_the_limit_is_read() -> None:
    body = b'{"key": "k", "duplicate": false}'
    padded = body[:-1] + b" " * (MAX_REPLY_BYTES - len(body)) + b"}"
    outcome = _run(_reply(200, "application/json", padded), OPERATIONS[6].call)
    assert outcome.error is None and outcome.result == models.EventAck("k", False)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_reply_whose_compression_is_damaged_is_garbled(encoding: str) -> None:
    outcome = _run(
        _reply(200, "application/json", b"not compressed at all", **{"content-encoding": encoding}),
        OPERATIONS[-1].call,
    )
    assert isinstance(outcome.error, BackendUnavailable), f"escaped as {type(outcome.error).__name__}"


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_error_page_is_an_outage_and_retried(status: int) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
    outcome = _run(_reply(status, "text/html", page), OPERATIONS[0].call)
    assert isinstance(outcome.error, BackendUnavailable)
    assert len(outcome.requests) == SETTINGS.retries + 1, "an outage behind a proxy is not retried"


# === Part 2: e-licence payloads ============================================================
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SIGNED = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
ISSUER = "Sở Tư pháp TP.HCM"
BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
DOSSIER = "000.00.29.H29-250901"
LICENCE_ID_PATTERN = re.compile(r"[0-9A-Z]{1,3}(?:\.[0-9A-Z]{1,3}){1,5}-[0-9]{6}-[0-9]{4,8}-KQ[0-9]{1,3}")
CORRUPTED = {Reason.CORRUPT, Reason.TRUNCATED, Reason.TOO_LARGE}

GOOD = SigningKey.derived("so-tu-phap-test", 11)
REVOKED = SigningKey.derived("compromised-test", 11)
OLD = SigningKey.derived("retired-test", 11)  # valid 2020-2021 only
FUTURE = SigningKey.derived("next-test", 11)  # valid from 2027
UNTRUSTED = SigningKey.derived("nobody", 11)

ID_VALID = f"{DOSSIER}-0001-KQ1"
ID_REVOKED = f"{DOSSIER}-0002-KQ1"
ID_EXPIRED = f"{DOSSIER}-0003-KQ2"
ID_EXTENDED = f"{DOSSIER}-0004-KQ1"
ID_UNKNOWN = f"{DOSSIER}-0005-KQ1"


def _trusted(key: SigningKey, start: datetime, end: datetime, *, revoked: bool = False) -> models.SigningKey:
    return models.SigningKey(
        kid=key.kid_text,
        agency=models.Text("Sở Tư pháp", "Department of Justice"),
        alg="EdDSA",
        public_key=_b64(key.public_raw),
        not_before=start,
        not_after=end,
        revoked=revoked,
    )


def _record(
    licence_id: str, *, revoked: bool = False, valid_until: date | None = None
) -> models.LicenceRecord:
    return models.LicenceRecord(
        ref=hashlib.sha256(licence_id.encode()).hexdigest(),
        status="revoked" if revoked else "valid",
        valid_from=date(2025, 9, 1),
        seq=1,
        valid_until=valid_until,
        revoked_at=datetime(2025, 10, 1, tzinfo=UTC) if revoked else None,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackendStore]:
    """A kiosk that synced: four keys in its trust list, four licences in its replica."""
    opened = BackendStore.open(tmp_path_factory.mktemp("licences") / "backend.sqlite3")
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC))
    opened.replace_keys(
        [
            _trusted(GOOD, *window),
            _trusted(REVOKED, *window, revoked=True),
            _trusted(OLD, datetime(2020, 1, 1, tzinfo=UTC), datetime(2021, 12, 31, tzinfo=UTC)),
            _trusted(FUTURE, datetime(2027, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)),
        ],
        '"etag"',
        now=NOW.timestamp(),
    )
    cursor = opened.start_full_pass()
    page = models.LicencePage(
        [
            _record(ID_VALID, valid_until=date(2030, 1, 1)),
            _record(ID_REVOKED, revoked=True, valid_until=date(2030, 1, 1)),
            _record(ID_EXPIRED, valid_until=date(2026, 1, 1)),
            _record(ID_EXTENDED, valid_until=date(2031, 1, 1)),
        ],
        "e1.4",
        False,
    )
    opened.apply_page(page, cursor.generation, now=NOW.timestamp())
    yield opened
    opened.close()


def _licence(licence_id: str = ID_VALID, **changes: object) -> dict[str, object]:
    licence: dict[str, object] = {
        "v": 1,
        "id": licence_id,
        "type": {"vi": "Giấy chứng nhận đăng ký hộ kinh doanh", "en": "Household business certificate"},
        "holder": "Nguyễn Văn An",
        "valid_from": "2025-09-01",
        "valid_until": "2030-01-01",
    }
    licence.update(changes)
    return licence


def _sign(licence: dict[str, object], key: SigningKey = GOOD, *, at: datetime = SIGNED) -> str:
    return sign_licence(key, licence, issuer=ISSUER, issued_at=at)


def _pack(raw: bytes) -> str:
    encoded: bytes = base45.b45encode(zlib.compress(raw, 9))
    return PREFIX + encoded.decode("ascii")


def _unpack_raw(text: str) -> bytes:
    return zlib.decompress(base45.b45decode(text[len(PREFIX) :]))


def _claims(licence: object, *, at: datetime = SIGNED, issuer: object = ISSUER) -> dict[int, object]:
    return {1: issuer, 6: int(at.timestamp()), -70001: licence}


def _cose(
    protected: dict[int, object] | None,
    payload: bytes | None,
    *,
    signer: SigningKey = GOOD,
    unprotected: dict[int, object] | None = None,
    signature: bytes | None = None,
) -> bytes:
    """A COSE_Sign1 built by hand, so that any header can say anything."""
    header = cbor2.dumps(protected) if protected is not None else b""
    to_sign = cbor2.dumps(["Signature1", header, b"", payload])
    signed = signer.private.sign(to_sign) if signature is None else signature
    return cbor2.dumps(cbor2.CBORTag(18, [header, unprotected or {}, payload, signed]))


def _signed_claims(claims: object, key: SigningKey = GOOD) -> str:
    return _pack(_cose({1: -8, 4: key.kid}, cbor2.dumps(claims), signer=key))


def _check(text: str, store: BackendStore) -> LicenceCheck:
    result = check_licence(text, store, now=NOW)
    assert isinstance(result, LicenceCheck)
    if result.signature_valid:
        assert result.reason is None and result.standing is not None and result.claims is not None
    else:
        assert result.reason is not None and result.detail, "a refusal says why"
        assert result.standing is None and result.claims is None, "nothing in a refused payload is believed"
    assert result.checked_at == NOW
    return result


def _refused(text: str, store: BackendStore) -> Reason:
    result = _check(text, store)
    assert not result.signature_valid
    assert result.reason is not None
    return result.reason


PAYLOAD = _sign(_licence())


def test_a_correctly_signed_payload_verifies(store: BackendStore) -> None:
    result = _check(PAYLOAD, store)
    assert result.signature_valid and result.trusted_valid
    assert result.standing is Standing.VALID
    assert result.claims is not None
    assert result.claims.licence_id == ID_VALID
    assert result.claims.holder == "Nguyễn Văn An"
    assert result.claims.issuer == ISSUER
    assert result.claims.issued_at == SIGNED
    assert result.claims.valid_until == date(2030, 1, 1)
    assert (result.agency_vi, result.agency_en) == ("Sở Tư pháp", "Department of Justice")
    assert result.data_as_of == NOW
    assert result.as_json()["signature"] == "valid" and "reason" not in result.as_json()


def test_a_payload_without_valid_until_verifies(store: BackendStore) -> None:
    licence = _licence()
    del licence["valid_until"]
    result = _check(_signed_claims(_claims(licence)), store)
    assert result.signature_valid and result.claims is not None and result.claims.valid_until is None


@pytest.mark.parametrize("around", ["\r\n", " ", "\t", "\n\n"])
def test_whitespace_a_scanner_adds_around_the_payload_is_ignored(store: BackendStore, around: str) -> None:
    assert _check(around + PAYLOAD + around, store).signature_valid


def test_every_single_character_change_is_refused(store: BackendStore) -> None:
    replacements = BASE45_ALPHABET + "agz#~\x00é\U0001f600"
    for position, original in enumerate(PAYLOAD):
        for replacement in replacements:
            if replacement == original:
                continue
            changed = PAYLOAD[:position] + replacement + PAYLOAD[position + 1 :]
            result = _check(changed, store)
            where = f"{replacement!r} for {original!r} at {position}"
            if position < len(PREFIX):
                if replacement.upper() == original:
                    assert result.signature_valid, f"the prefix is read in any case: {where}"
                else:
                    assert result.reason is Reason.NOT_A_LICENCE, where
                continue
            if replacement.upper() == original:
                # Base45 has no lower case: a Caps Lock scanner's lower-cased code is the same code.
                assert result.signature_valid, f"a lower-cased payload was refused: {where}"
                continue
            assert not result.signature_valid, f"a changed payload verified: {where}"
            if replacement.upper() not in BASE45_ALPHABET:
                assert result.reason is Reason.CORRUPT, where
            else:
                assert result.reason in CORRUPTED, f"{where}: {result.reason}"


def test_every_truncation_is_refused(store: BackendStore) -> None:
    for length in range(len(PAYLOAD)):
        reason = _refused(PAYLOAD[:length], store)
        # A cut can end in a space, one of Base45's letters, which the check strips with the whitespace.
        base45_length = len(PAYLOAD[:length].strip()) - len(PREFIX)
        if length < len(PREFIX):
            assert reason is Reason.NOT_A_LICENCE, length
        elif base45_length % 3 == 1:
            assert reason is Reason.CORRUPT, length  # no Base45 text is 3n+1 characters long
        else:
            assert reason in {Reason.CORRUPT, Reason.TRUNCATED}, (length, reason)
    assert _refused(PREFIX, store) is Reason.TRUNCATED  # nothing after the prefix: an empty zlib stream


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_a_sampled_truncation_of_any_signed_payload_is_refused(
    store: BackendStore, data: st.DataObject
) -> None:
    holder = data.draw(st.text(min_size=1, max_size=200))
    payload = _sign(_licence(holder=holder))
    assert _check(payload, store).signature_valid
    length = data.draw(st.integers(0, len(payload) - 1))
    reason = _refused(payload[:length], store)
    assert reason in CORRUPTED | {Reason.NOT_A_LICENCE}


@pytest.mark.parametrize(
    "change",
    [str.lower, str.swapcase, lambda text: text[: len(PREFIX)] + text[len(PREFIX) :].lower()],
    ids=["lower", "swapcase", "body-lower"],
)
def test_a_case_change_of_the_base45_text_is_the_same_code(
    store: BackendStore, change: Callable[[str], str]
) -> None:
    # Base45 has no lower-case letters: a keyboard-wedge scanner in Caps Lock sends the same code.
    changed = change(PAYLOAD)
    assert changed != PAYLOAD
    result = _check(changed, store)
    assert result.signature_valid and result.claims == _check(PAYLOAD, store).claims


def test_a_lower_case_prefix_alone_is_accepted(store: BackendStore) -> None:
    assert _check(PREFIX.lower() + PAYLOAD[len(PREFIX) :], store).signature_valid


@settings(FUZZ, max_examples=100)
@given(
    position=st.integers(min_value=len(PREFIX)),
    intruder=st.characters(codec="utf-8").filter(
        lambda c: c.upper() == c and c not in BASE45_ALPHABET and not c.isspace()
    ),
    replace=st.booleans(),
)
def test_a_character_outside_the_base45_alphabet_is_corrupt(
    store: BackendStore, position: int, intruder: str, replace: bool
) -> None:
    position = len(PREFIX) + (position - len(PREFIX)) % (len(PAYLOAD) - len(PREFIX))
    changed = PAYLOAD[:position] + intruder + PAYLOAD[position + (1 if replace else 0) :]
    assert _refused(changed, store) is Reason.CORRUPT


def test_a_zlib_bomb_is_refused_without_inflating_it(store: BackendStore) -> None:
    bomb = _pack(b"\x00" * (2 * 1024 * 1024))
    assert len(bomb) <= MAX_TEXT
    assert _refused(bomb, store) is Reason.TOO_LARGE


def test_a_payload_longer_than_a_qr_code_holds_is_too_large(store: BackendStore) -> None:
    assert _refused(PREFIX + "0" * MAX_TEXT, store) is Reason.TOO_LARGE
    assert _check(PAYLOAD + " " * MAX_TEXT, store).signature_valid  # whitespace around is not counted


def _cose_of_size(size: int) -> bytes:
    """A signed COSE_Sign1 of exactly ``size`` bytes (padded in the licence type)."""
    padding = 1000  # from 256 to 65,535 characters a CBOR text's length header is 3 bytes
    for _ in range(3):
        raw = _unpack_raw(_sign(_licence(type={"vi": "a", "en": "x" * padding})))
        if len(raw) == size:
            return raw
        padding += size - len(raw)
    raise AssertionError(f"no padding gives {size} bytes")


def test_the_inflated_size_is_taken_up_to_its_limit_and_no_further(store: BackendStore) -> None:
    assert _check(_pack(_cose_of_size(MAX_INFLATED)), store).signature_valid
    assert _refused(_pack(_cose_of_size(MAX_INFLATED + 1)), store) is Reason.TOO_LARGE


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00",
        b"not cbor at all",
        cbor2.dumps([1, 2, 3, 4]),
        cbor2.dumps({"a": 1}),
        cbor2.dumps(cbor2.CBORTag(18, [])),
    ],
)
def test_compressed_data_that_is_not_a_cose_sign1_is_refused(store: BackendStore, raw: bytes) -> None:
    assert _refused(_pack(raw), store) is Reason.NOT_COSE


@pytest.mark.parametrize(
    "wrapped",
    [
        lambda raw: base45.b45encode(raw).decode(),  # not compressed
        lambda raw: base45.b45encode(zlib.compress(raw)[2:-4]).decode(),  # raw deflate, no zlib frame
        lambda raw: base45.b45encode(zlib.compress(raw)[:-1] + b"\x00").decode(),  # a wrong checksum
    ],
    ids=["uncompressed", "raw-deflate", "checksum"],
)
def test_a_wrong_compression_frame_is_corrupt(store: BackendStore, wrapped: Callable[[bytes], str]) -> None:
    assert _refused(PREFIX + wrapped(_unpack_raw(PAYLOAD)), store) is Reason.CORRUPT


def test_a_payload_signed_by_a_key_not_in_the_trust_list_is_unknown(store: BackendStore) -> None:
    assert _refused(_sign(_licence(), UNTRUSTED), store) is Reason.UNKNOWN_KEY


def test_a_payload_re_signed_by_another_key_under_a_trusted_kid_is_a_bad_signature(
    store: BackendStore,
) -> None:
    forged = _pack(_cose({1: -8, 4: GOOD.kid}, cbor2.dumps(_claims(_licence())), signer=UNTRUSTED))
    assert _refused(forged, store) is Reason.BAD_SIGNATURE


def test_altered_claims_under_the_original_signature_are_a_bad_signature(store: BackendStore) -> None:
    message = cbor2.loads(_unpack_raw(PAYLOAD))
    header, unprotected, _payload, signature = message.value
    altered = cbor2.dumps(_claims(_licence(holder="Trần Thị Bình")))
    forged = cbor2.dumps(cbor2.CBORTag(18, [header, unprotected, altered, signature]))
    assert _refused(_pack(forged), store) is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(
    "signature", [b"", b"\x00" * 64, b"\x00" * 63, b"\xff" * 200], ids=["empty", "zeros", "short", "long"]
)
def test_a_malformed_signature_is_a_bad_signature(store: BackendStore, signature: bytes) -> None:
    payload = _pack(_cose({1: -8, 4: GOOD.kid}, cbor2.dumps(_claims(_licence())), signature=signature))
    assert _refused(payload, store) is Reason.BAD_SIGNATURE


@pytest.mark.parametrize("alg", [-7, -35, -36, -37, -257, 5, 0, -9, "ES256", None], ids=repr)
def test_a_protected_header_naming_another_algorithm_is_unsupported(store: BackendStore, alg: object) -> None:
    protected: dict[int, object] = {4: GOOD.kid} if alg is None else {1: alg, 4: GOOD.kid}
    payload = _pack(_cose(protected, cbor2.dumps(_claims(_licence()))))
    assert _refused(payload, store) in {Reason.UNSUPPORTED_ALGORITHM, Reason.NOT_COSE}
    if isinstance(alg, int) and alg in (-7, -35, -36, -37, -257, 5):
        assert _refused(payload, store) is Reason.UNSUPPORTED_ALGORITHM


def test_an_algorithm_only_in_the_unprotected_header_is_unsupported(store: BackendStore) -> None:
    payload = _pack(_cose({4: GOOD.kid}, cbor2.dumps(_claims(_licence())), unprotected={1: -8}))
    assert _refused(payload, store) is Reason.UNSUPPORTED_ALGORITHM


@pytest.mark.parametrize("alg", [-7, -8], ids=["ES256", "EdDSA"])
def test_an_algorithm_in_both_headers_is_refused(store: BackendStore, alg: int) -> None:
    # RFC 9052: a parameter must not be in both buckets; pycose refuses to verify it.
    payload = _pack(_cose({1: -8, 4: GOOD.kid}, cbor2.dumps(_claims(_licence())), unprotected={1: alg}))
    assert _refused(payload, store) in {Reason.BAD_SIGNATURE, Reason.NOT_COSE}  # malformed, said either way


@pytest.mark.parametrize(
    ("protected", "unprotected"),
    [
        ({1: -8}, {}),
        ({1: -8}, {4: GOOD.kid}),  # only in the unprotected header: not bound by the signature
        ({1: -8, 4: GOOD.kid[:7]}, {}),
        ({1: -8, 4: GOOD.kid + b"\x00"}, {}),
        ({1: -8, 4: b""}, {}),
    ],
    ids=["none", "unprotected", "7-bytes", "9-bytes", "empty"],
)
def test_a_missing_or_malformed_kid_is_not_cose(
    store: BackendStore, protected: dict[int, object], unprotected: dict[int, object]
) -> None:
    payload = _pack(_cose(protected, cbor2.dumps(_claims(_licence())), unprotected=unprotected))
    assert _refused(payload, store) is Reason.NOT_COSE


def test_a_kid_not_in_the_trust_list_is_unknown(store: BackendStore) -> None:
    payload = _pack(_cose({1: -8, 4: b"\x01" * 8}, cbor2.dumps(_claims(_licence()))))
    assert _refused(payload, store) is Reason.UNKNOWN_KEY


def test_a_payload_signed_with_a_revoked_key_is_refused(store: BackendStore) -> None:
    assert _refused(_sign(_licence(), REVOKED), store) is Reason.KEY_REVOKED


@pytest.mark.parametrize(
    ("key", "at"),
    [
        (OLD, SIGNED),
        (FUTURE, SIGNED),
        (GOOD, datetime(2024, 12, 31, 23, 59, tzinfo=UTC)),
        (GOOD, datetime(2029, 1, 1, tzinfo=UTC)),
    ],
    ids=["retired-key", "key-not-yet-valid", "before-window", "after-window"],
)
def test_a_payload_signed_outside_its_keys_validity_is_refused(
    store: BackendStore, key: SigningKey, at: datetime
) -> None:
    assert _refused(_sign(_licence(), key, at=at), store) is Reason.KEY_NOT_VALID_THEN


def test_a_payload_signed_at_the_edges_of_its_keys_validity_verifies(store: BackendStore) -> None:
    for at in (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=1)):
        assert _check(_sign(_licence(), at=at), store).signature_valid


def test_a_payload_signed_in_the_future_is_refused(store: BackendStore) -> None:
    tomorrow = NOW + timedelta(days=2)
    assert _refused(_sign(_licence(), at=tomorrow), store) is Reason.BAD_CLAIMS
    assert _check(_sign(_licence(), at=NOW + timedelta(hours=3)), store).signature_valid  # a clock a bit off


def test_without_a_trust_list_nothing_verifies(tmp_path: Path) -> None:
    empty = BackendStore.open(tmp_path / "backend.sqlite3")
    try:
        result = check_licence(PAYLOAD, empty, now=NOW)
        assert not result.signature_valid and result.reason is Reason.NO_TRUST_LIST
        assert result.data_as_of is None
    finally:
        empty.close()


def _without(mapping: dict[Any, object], *path: object) -> dict[Any, object]:
    changed = copy.deepcopy(mapping)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return changed


def _with(mapping: dict[Any, object], value: object, *path: object) -> dict[Any, object]:
    changed = copy.deepcopy(mapping)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


BASE_CLAIMS = _claims(_licence())
BAD_CLAIMS: dict[str, object] = {
    "no-issuer": _without(BASE_CLAIMS, 1),
    "no-signing-time": _without(BASE_CLAIMS, 6),
    "no-licence": _without(BASE_CLAIMS, -70001),
    "no-version": _without(BASE_CLAIMS, -70001, "v"),
    "no-id": _without(BASE_CLAIMS, -70001, "id"),
    "no-type": _without(BASE_CLAIMS, -70001, "type"),
    "no-type-vi": _without(BASE_CLAIMS, -70001, "type", "vi"),
    "no-type-en": _without(BASE_CLAIMS, -70001, "type", "en"),
    "no-holder": _without(BASE_CLAIMS, -70001, "holder"),
    "no-valid-from": _without(BASE_CLAIMS, -70001, "valid_from"),
    "version-2": _with(BASE_CLAIMS, 2, -70001, "v"),
    "version-text": _with(BASE_CLAIMS, "1", -70001, "v"),
    "empty-holder": _with(BASE_CLAIMS, "", -70001, "holder"),
    "long-holder": _with(BASE_CLAIMS, "x" * 201, -70001, "holder"),
    "holder-number": _with(BASE_CLAIMS, 7, -70001, "holder"),
    "type-text": _with(BASE_CLAIMS, "licence", -70001, "type"),
    "type-vi-number": _with(BASE_CLAIMS, 1, -70001, "type", "vi"),
    "valid-from-not-a-date": _with(BASE_CLAIMS, "2025-02-30", -70001, "valid_from"),
    "valid-until-not-a-date": _with(BASE_CLAIMS, "someday", -70001, "valid_until"),
    "valid-until-number": _with(BASE_CLAIMS, 20300101, -70001, "valid_until"),
    "issuer-number": _with(BASE_CLAIMS, 5, 1),
    "signing-time-text": _with(BASE_CLAIMS, "2025-09-01", 6),
    "signing-time-float": _with(BASE_CLAIMS, 1.7e9, 6),
    "signing-time-beyond-dates": _with(BASE_CLAIMS, 10**20, 6),
    "signing-time-negative-beyond-dates": _with(BASE_CLAIMS, -(10**20), 6),
    "licence-list": _with(BASE_CLAIMS, [1, 2], -70001),
    "claims-list": [ISSUER, 1, {}],
    "claims-text": "claims",
}


@pytest.mark.parametrize("claims", list(BAD_CLAIMS.values()), ids=list(BAD_CLAIMS))
def test_claims_that_are_incomplete_or_of_the_wrong_type_are_refused(
    store: BackendStore, claims: object
) -> None:
    assert _refused(_signed_claims(claims), store) is Reason.BAD_CLAIMS


def test_claims_that_are_not_cbor_are_refused(store: BackendStore) -> None:
    payload = _pack(_cose({1: -8, 4: GOOD.kid}, b"\x1f\xff\xff"))
    assert _refused(payload, store) is Reason.BAD_CLAIMS


@pytest.mark.parametrize(
    "licence_id",
    [
        "",
        "KQ1",
        "-KQ1",
        DOSSIER + "-0001",
        DOSSIER + "-0001-KQ",
        DOSSIER + "-0001-KQ1234",
        DOSSIER + "-0001-kq1",
        DOSSIER + "-0001-KQ1 ",
        " " + DOSSIER + "-0001-KQ1",
        DOSSIER + "-0001-KQ1\n",
        DOSSIER.lower() + "-0001-KQ1",
        "000.00.29.H29-25090-0001-KQ1",
        "0000.00.29.H29-250901-0001-KQ1",
        "H29-250901-0001-KQ1",
        "000.00.29.H29-250901-001-KQ1",
        "+" + DOSSIER + "-0001X-KQ1",  # an HIBC-wrapped code is a slip's spelling, not the licence's
        DOSSIER + "-0001-KQ-1",
        DOSSIER + "-0001-KQ1-KQ1",
    ],
)
def test_a_licence_id_that_is_not_a_dossier_code_and_kq_n_is_refused(
    store: BackendStore, licence_id: str
) -> None:
    assert LICENCE_ID_PATTERN.fullmatch(licence_id) is None
    assert _refused(_sign(_licence(licence_id)), store) is Reason.BAD_CLAIMS


ascii_or_other = st.characters(codec="utf-8", exclude_categories=["Nd", "Cs"]) | st.sampled_from(
    string.digits + string.ascii_uppercase + ".-KQ"
)


@settings(FUZZ, max_examples=100)
@given(
    licence_id=st.text(ascii_or_other, max_size=60)
    | st.from_regex(LICENCE_ID_PATTERN, fullmatch=True)
    | st.builds(
        lambda code, cut, junk: code[:cut] + junk + code[cut:],
        st.from_regex(LICENCE_ID_PATTERN, fullmatch=True),
        st.integers(0, 40),
        st.text(ascii_or_other, min_size=1, max_size=2),
    )
)
@example(licence_id=ID_VALID)
def test_a_licence_id_is_accepted_exactly_when_it_is_a_dossier_code_and_kq_n(
    store: BackendStore, licence_id: str
) -> None:
    result = _check(_sign(_licence(licence_id)), store)
    if licence_id and LICENCE_ID_PATTERN.fullmatch(licence_id):
        assert result.signature_valid, result.detail
        assert result.claims is not None and result.claims.licence_id == licence_id
    else:
        assert result.reason is Reason.BAD_CLAIMS


@pytest.mark.parametrize(
    "digits", ["٢٥٠٩٠١", "２５０９０１", "२५०९०१"], ids=["arabic-indic", "fullwidth", "devanagari"]
)
def test_a_licence_id_with_non_ascii_digits_is_refused(store: BackendStore, digits: str) -> None:
    licence_id = f"000.00.29.H29-{digits}-0001-KQ1"
    assert LICENCE_ID_PATTERN.fullmatch(licence_id) is None
    assert _check(_sign(_licence(licence_id)), store).reason is Reason.BAD_CLAIMS


@pytest.mark.parametrize(
    ("licence_id", "valid_until", "standing"),
    [
        (ID_VALID, "2030-01-01", Standing.VALID),
        (ID_REVOKED, "2030-01-01", Standing.REVOKED),
        (ID_EXPIRED, "2030-01-01", Standing.EXPIRED),  # the replica's end date is past
        (ID_EXTENDED, "2025-12-31", Standing.VALID),  # the replica knows an extension the payload cannot
        (ID_UNKNOWN, "2030-01-01", Standing.UNKNOWN),
        (ID_UNKNOWN, "2026-02-28", Standing.EXPIRED),  # not in the replica, but its own end date is past
        (ID_UNKNOWN, None, Standing.UNKNOWN),
    ],
    ids=[
        "valid",
        "revoked",
        "expired-in-replica",
        "extended",
        "unknown",
        "unknown-but-expired",
        "unknown-open",
    ],
)
def test_a_valid_signature_gets_its_standing_from_the_replica(
    store: BackendStore, licence_id: str, valid_until: str | None, standing: Standing
) -> None:
    result = _check(_sign(_licence(licence_id, valid_until=valid_until)), store)
    assert result.signature_valid
    assert result.standing is standing
    assert result.trusted_valid == (standing is Standing.VALID)
    assert result.as_json()["status"] == standing.value


def test_a_revoked_licence_stays_revoked_whatever_its_payload_says(store: BackendStore) -> None:
    for valid_until in ("2099-01-01", None, "2020-01-01"):
        result = _check(_sign(_licence(ID_REVOKED, valid_until=valid_until)), store)
        assert result.standing is Standing.REVOKED


# --- never raises ---------------------------------------------------------------------
@settings(FUZZ, max_examples=150)
@given(
    text=st.text() | st.text().map(lambda t: PREFIX + t) | st.text(BASE45_ALPHABET).map(lambda t: PREFIX + t)
)
@example(text="")
@example(text=PREFIX)
@example(text="gpdt1:" + "\udc80")
@example(text=PREFIX + "\x00" * 10)
def test_any_text_gets_a_verdict_never_an_exception(store: BackendStore, text: str) -> None:
    result = _check(text, store)
    assert not result.signature_valid


@settings(FUZZ, max_examples=100)
@given(raw=st.binary(max_size=400))
def test_any_bytes_behind_base45_or_zlib_get_a_verdict(store: BackendStore, raw: bytes) -> None:
    assert _refused(PREFIX + base45.b45encode(raw).decode(), store) in CORRUPTED
    assert _refused(_pack(raw), store) in {Reason.NOT_COSE, Reason.CORRUPT, Reason.TRUNCATED}


cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=12) | st.text(max_size=12) | st.floats(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.integers(-70002, 10) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(FUZZ, max_examples=100)
@given(
    protected=st.dictionaries(st.sampled_from([1, 2, 3, 4, 5, 6]), cbor_values, max_size=4)
    | st.fixed_dictionaries(
        {1: st.just(-8), 4: st.just(GOOD.kid)}, optional={2: cbor_values, 3: cbor_values}
    ),
    unprotected=st.dictionaries(st.integers(-10, 10), cbor_values, max_size=3),
    payload=st.none() | st.binary(max_size=40) | cbor_values.map(cbor2.dumps),
    signature=st.none() | st.binary(max_size=80),
)
def test_any_cose_structure_gets_a_verdict(
    store: BackendStore,
    protected: dict[int, object],
    unprotected: dict[int, object],
    payload: bytes | None,
    signature: bytes | None,
) -> None:
    message = _cose(protected, payload, unprotected=unprotected, signature=signature)
    result = _check(_pack(message), store)
    if result.signature_valid:  # only a genuine signature over claims that fit can get here
        assert signature is None and protected.get(1) == -8 and protected.get(4) == GOOD.kid
        assert payload is not None and result.claims is not None


@settings(FUZZ, max_examples=100)
@given(
    licence=st.dictionaries(
        st.sampled_from(["v", "id", "type", "holder", "valid_from", "valid_until", "extra"]),
        cbor_values,
        max_size=7,
    )
    | st.builds(
        lambda changes: {**_licence(), **changes},
        st.dictionaries(
            st.sampled_from(["v", "id", "type", "holder", "valid_from", "valid_until"]),
            cbor_values,
            max_size=2,
        ),
    ),
    issuer=cbor_values | st.text(max_size=300),
    at=st.integers(-(2**70), 2**70)
    | st.integers(int(SIGNED.timestamp()) - 10**7, int(SIGNED.timestamp()) + 10**7),
)
def test_any_claims_under_a_genuine_signature_get_a_verdict(
    store: BackendStore, licence: dict[str, object], issuer: object, at: int
) -> None:
    claims = {1: issuer, 6: at, -70001: licence}
    result = _check(_signed_claims(claims), store)
    if result.signature_valid:
        assert result.claims is not None
        assert LICENCE_ID_PATTERN.fullmatch(result.claims.licence_id)
        assert isinstance(issuer, str) and result.claims.issuer == issuer[:200]
        assert 0 < len(result.claims.holder) <= 200
    else:
        assert result.reason in {Reason.BAD_CLAIMS, Reason.KEY_NOT_VALID_THEN}


@settings(FUZZ, max_examples=150)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["flip", "insert", "delete"]), st.integers(min_value=0), st.integers(0, 255)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_cose_message_is_refused_or_carries_the_signed_claims(
    store: BackendStore, edits: list[tuple[str, int, int]]
) -> None:
    raw = bytearray(_unpack_raw(PAYLOAD))
    for action, where, byte in edits:
        position = where % (len(raw) + 1)
        if action == "insert":
            raw[position:position] = bytes([byte])
        elif position < len(raw) and action == "flip":
            raw[position] ^= byte or 1
        elif position < len(raw):
            del raw[position]
    result = _check(_pack(bytes(raw)), store)
    if result.signature_valid:  # a change the signature does not cover (trailing bytes): same claims
        original = _check(PAYLOAD, store)
        assert result.claims == original.claims
    else:
        assert result.reason in {
            Reason.NOT_COSE,
            Reason.BAD_SIGNATURE,
            Reason.UNSUPPORTED_ALGORITHM,
            Reason.UNKNOWN_KEY,
        }


@settings(FUZZ, max_examples=150)
@given(
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.text(min_size=0, max_size=2), st.integers(0, 2)),
        min_size=1,
        max_size=3,
    )
)
def test_a_mutated_payload_text_is_refused_or_carries_the_signed_claims(
    store: BackendStore, edits: list[tuple[int, str, int]]
) -> None:
    text = PAYLOAD
    for where, inserted, removed in edits:
        position = where % (len(text) + 1)
        text = text[:position] + inserted + text[position + removed :]
    result = _check(text, store)
    if result.signature_valid:
        assert result.claims == _check(PAYLOAD, store).claims
