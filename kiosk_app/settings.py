"""Settings: one schema (config/schema.yaml), defaults, site-file overrides.

The schema declares every setting once: type, default, allowed values and a
description. A site file overrides defaults by the same dotted names, nested
as YAML mappings. Validation collects every problem at once and names the
setting, the value, what is allowed and the line, so a technician can fix a
site file in one pass.
"""

from __future__ import annotations

import math
import re
import reprlib
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from kiosk_app import paths
from kiosk_app.catalogue.reader import Reader

CURRENT_VERSION = 1
MAX_SITE_FILE_BYTES = 64 * 1024
FIRST_YEAR, LAST_YEAR = 2000, 2100  # holidays a kiosk in service can meet
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TYPES = {
    "string",
    "integer",
    "number",
    "boolean",
    "choice",
    "string_list",
    "url",
    "pin_hash",
    "path",
    "counters",
    "date_list",
}


class SchemaError(Exception):
    """The schema file itself is wrong: a developer's mistake, not a site's."""


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: str
    default: Any
    description: str
    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    min_items: int | None = None

    def allowed(self) -> str:
        """What this setting accepts, in words for the person editing the file."""
        if self.type == "integer":
            return f"a whole number from {self.min:g} to {self.max:g}"
        if self.type == "number":
            return f"a number from {self.min:g} to {self.max:g}"
        if self.type == "boolean":
            return "true or false"
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        if self.type == "string_list":
            return "a list of " + (", ".join(self.choices) if self.choices else "texts, each once")
        if self.type == "url":
            return "an http:// or https:// address"
        if self.type == "pin_hash":
            return "empty or a hash made by `kiosk pin hash`"
        if self.type == "counters":
            return "a list of {number, name_vi, name_en} with distinct numbers 1-99"
        if self.type == "path":
            return "a folder path, or empty for the default"
        if self.type == "date_list":
            return f"a list of real dates written YYYY-MM-DD, years {FIRST_YEAR} to {LAST_YEAR}"
        low = self.min_length or 0
        high = self.max_length or 1000
        text = f"text of {low} to {high} characters"
        if self.pattern:
            text += f" matching {self.pattern}"
        return text


@dataclass(frozen=True)
class SettingsProblem:
    """One thing wrong with a site file."""

    setting: str
    value: str
    message: str
    line: int | None = None
    column: int | None = None

    def describe(self, filename: str = "") -> str:
        where = f"{filename}:{self.line}: " if filename and self.line else ""
        if filename and self.line and self.column:
            where = f"{filename}:{self.line}:{self.column}: "
        if filename and not self.line:
            where = f"{filename}: "
        return f"{where}{self.setting} = {self.value}: {self.message}"


class ConfigError(Exception):
    def __init__(self, problems: list[SettingsProblem], filename: str = "") -> None:
        self.problems = problems
        self.filename = filename
        super().__init__("\n".join(p.describe(filename) for p in problems))


# --- the typed settings the rest of the kiosk reads ---------------------------


@dataclass(frozen=True)
class Counter:
    number: int
    name_vi: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


@dataclass(frozen=True)
class SiteSettings:
    kiosk_id: str
    centre_name_vi: str
    centre_name_en: str
    ward: str
    address: str
    counters: tuple[Counter, ...]
    help_counter: int
    phone: str

    def centre_name(self, language: str) -> str:
        return self.centre_name_vi if language == "vi" else self.centre_name_en

    def counter(self, number: int) -> Counter | None:
        return next((counter for counter in self.counters if counter.number == number), None)


@dataclass(frozen=True)
class UiSettings:
    languages: tuple[str, ...]
    default_language: str
    orientation: str
    large_text: bool
    high_contrast: bool
    audio_guidance: bool


@dataclass(frozen=True)
class SessionSettings:
    idle_timeout_s: int
    warning_s: int


@dataclass(frozen=True)
class SecuritySettings:
    staff_pin_hash: str
    technician_pin_hash: str
    max_pin_attempts: int
    lockout_s: int


@dataclass(frozen=True)
class StorageSettings:
    data_dir: str


@dataclass(frozen=True)
class LoggingSettings:
    dir: str
    level: str
    max_bytes: int
    backup_count: int


@dataclass(frozen=True)
class BackendSettings:
    url: str
    timeout_s: float
    deadline_s: float
    token_file: str
    ca_file: str
    licence_sync_s: int
    key_refresh_s: int
    heartbeat_s: int
    lookups_per_visit: int


@dataclass(frozen=True)
class AssistantSettings:
    enabled: bool
    model_vi: str
    model_en: str
    demo_model: str
    grammar: bool
    voice_vi: str
    voice_en: str
    speech_rate: int


@dataclass(frozen=True)
class QueueSettings:
    enabled: bool
    priority_groups: tuple[str, ...]
    offline_block_size: int
    offline_low_water: int


@dataclass(frozen=True)
class PaymentSettings:
    bank_bin: str
    account_number: str
    account_name: str


@dataclass(frozen=True)
class MetricsSettings:
    enabled: bool
    port: int


@dataclass(frozen=True)
class DeviceSettings:
    simulated: bool
    poll_s: int


@dataclass(frozen=True)
class PrinterSettings:
    connection: str
    profile: str
    usb_vendor_id: int
    usb_product_id: int
    usb_in_endpoint: int
    usb_out_endpoint: int
    timeout_ms: int
    serial_port: str
    serial_baudrate: int
    host: str
    port: int
    file: str
    cups_name: str
    required: bool


@dataclass(frozen=True)
class ScannerSettings:
    connection: str
    serial_port: str
    serial_baudrate: int
    usb_vendor_id: int
    usb_product_id: int
    wedge_max_gap_ms: int
    wedge_min_length: int
    wedge_prefix: str
    required: bool


@dataclass(frozen=True)
class IdReaderSettings:
    connection: str
    reader_name: str
    required: bool
    country_signing_ca: str = ""


@dataclass(frozen=True)
class CatalogueSettings:
    folder: str
    common: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarSettings:
    holidays: tuple[date, ...]
    saturday_is_working_day: bool


@dataclass(frozen=True)
class Settings:
    site: SiteSettings
    ui: UiSettings
    session: SessionSettings
    security: SecuritySettings
    storage: StorageSettings
    logging: LoggingSettings
    backend: BackendSettings
    queue: QueueSettings
    payment: PaymentSettings
    metrics: MetricsSettings
    assistant: AssistantSettings
    devices: DeviceSettings
    catalogue: CatalogueSettings
    calendar: CalendarSettings
    printer: PrinterSettings
    scanner: ScannerSettings
    id_reader: IdReaderSettings
    source: str = field(default="(defaults)")

    def data_dir(self) -> Path:
        return Path(self.storage.data_dir).expanduser() if self.storage.data_dir else paths.default_data_dir()

    def catalogue_dir(self) -> Path:
        """Where the procedure scripts in service live (staff publish there)."""
        return (
            Path(self.catalogue.folder).expanduser()
            if self.catalogue.folder
            else self.data_dir() / "procedures"
        )

    def log_dir(self) -> Path:
        return Path(self.logging.dir).expanduser() if self.logging.dir else self.data_dir() / "logs"


SECTION_TYPES: dict[str, type] = {
    "site": SiteSettings,
    "ui": UiSettings,
    "session": SessionSettings,
    "security": SecuritySettings,
    "storage": StorageSettings,
    "logging": LoggingSettings,
    "backend": BackendSettings,
    "queue": QueueSettings,
    "payment": PaymentSettings,
    "metrics": MetricsSettings,
    "assistant": AssistantSettings,
    "devices": DeviceSettings,
    "catalogue": CatalogueSettings,
    "calendar": CalendarSettings,
    "printer": PrinterSettings,
    "scanner": ScannerSettings,
    "id_reader": IdReaderSettings,
}


# --- the schema ---------------------------------------------------------------

# libyaml's safe loader when PyYAML was built with it (the wheels are): the
# same safe subset of YAML, parsed in C, which matters for start-up time.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse once with the safe loader: the data, and the node tree (for line numbers).

    Safe means plain data only: tags such as !!python/object are refused.
    """
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, node


def load_schema(path: Path | None = None) -> dict[str, SettingSpec]:
    schema_path = path or paths.schema_file()
    raw, _ = parse_yaml(schema_path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("settings"), dict):
        raise SchemaError(f"{schema_path}: expected a 'settings' mapping")
    specs: dict[str, SettingSpec] = {}
    for key, entry in raw["settings"].items():
        if not isinstance(entry, dict) or entry.get("type") not in _TYPES:
            raise SchemaError(f"{schema_path}: {key}: missing or unknown type")
        if not entry.get("description"):
            raise SchemaError(f"{schema_path}: {key}: every setting needs a description")
        spec = SettingSpec(
            key=key,
            type=entry["type"],
            default=entry.get("default"),
            description=" ".join(str(entry["description"]).split()),
            min=entry.get("min"),
            max=entry.get("max"),
            min_length=entry.get("min_length"),
            max_length=entry.get("max_length"),
            pattern=entry.get("pattern"),
            choices=tuple(entry.get("choices", ())),
            min_items=entry.get("min_items"),
        )
        _, error = check_value(spec, spec.default)
        if error:
            raise SchemaError(f"{schema_path}: {key}: the default breaks its own rule: {error}")
        specs[key] = spec
    return specs


def _is_valid_hash(value: str) -> bool:
    # Imported on use: the site file is read on the way to the first paint (hashlib is not small).
    from kiosk_app.pins import is_valid_hash

    return is_valid_hash(value)


def check_value(spec: SettingSpec, value: Any) -> tuple[Any, str | None]:
    """Return (normalised value, None) or (None, what is wrong)."""
    wanted = f"expected {spec.allowed()}"
    kind = spec.type
    if kind in ("string", "path", "pin_hash", "url", "choice"):
        if not isinstance(value, str):
            return None, wanted
        if kind == "choice" and value not in spec.choices:
            return None, wanted
        if kind == "pin_hash" and value and not _is_valid_hash(value):
            return None, wanted
        if kind == "url":
            try:
                parsed = urlparse(value)
                port = parsed.port  # raises on a port that is not a number 0-65535
            except ValueError:  # "http://[" and other addresses urlparse cannot split
                return None, wanted
            if parsed.scheme not in ("http", "https") or not parsed.hostname or port == 0:
                return None, wanted
        if kind == "string":
            if spec.min_length is not None and len(value) < spec.min_length:
                return None, wanted
            if spec.max_length is not None and len(value) > spec.max_length:
                return None, wanted
            if spec.pattern and not re.fullmatch(spec.pattern, value):
                return None, wanted
        return value, None
    if kind == "boolean":
        return (value, None) if isinstance(value, bool) else (None, wanted)
    if kind in ("integer", "number"):
        numeric = isinstance(value, int) and not isinstance(value, bool)
        if kind == "number":
            numeric = numeric or isinstance(value, float)
        if not numeric or (isinstance(value, float) and not math.isfinite(value)):
            return None, wanted
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            return None, wanted
        return (float(value) if kind == "number" else value), None
    if kind == "string_list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, wanted
        if spec.choices and any(v not in spec.choices for v in value):
            return None, wanted
        if len(set(value)) != len(value) or len(value) < (spec.min_items or 0):
            return None, wanted
        return tuple(value), None
    if kind == "counters":
        return _check_counters(value, wanted)
    if kind == "date_list":
        return _check_dates(value, wanted)
    raise SchemaError(f"unknown type {kind}")  # pragma: no cover - load_schema rejects it


def _check_counters(value: Any, wanted: str) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, wanted
    counters: list[Counter] = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"number", "name_vi", "name_en"}:
            return None, wanted
        number, name_vi, name_en = item["number"], item["name_vi"], item["name_en"]
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 99:
            return None, wanted
        if not (isinstance(name_vi, str) and name_vi and isinstance(name_en, str) and name_en):
            return None, wanted
        counters.append(Counter(number, name_vi, name_en))
    if len({c.number for c in counters}) != len(counters):
        return None, wanted
    return tuple(counters), None


def _check_dates(value: Any, wanted: str) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return None, wanted
    days: list[date] = []
    for item in value:
        # Plain YAML data keeps 2026-04-30 as text; a date object comes only from code.
        if isinstance(item, date) and not isinstance(item, datetime):
            day: date | None = item
        else:
            try:
                day = date.fromisoformat(item) if isinstance(item, str) and _ISO_DAY.match(item) else None
            except ValueError:
                return None, f"{_show(item)} is not a real date; expected {wanted.removeprefix('expected ')}"
        if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
            return None, wanted
        days.append(day)
    return tuple(sorted(set(days))), None


# --- site files -------------------------------------------------------------------


def _show(value: Any) -> str:
    text = reprlib.repr(value)  # bounded however large the value (never builds the whole text)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class _Entry:
    """One setting as written: its dotted name, the value's node, and where the name is."""

    key: str
    node: yaml.Node
    line: int
    column: int


def _entries(reader: Reader, node: yaml.MappingNode, prefix: str, known: set[str], out: list[_Entry]) -> None:
    """Every setting in a mapping, dotted; a mapping is a section unless the schema names its key."""
    seen: set[str] = set()
    for key_node, value_node in node.value:
        name = Reader.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if name is None or isinstance(name, bool):
            reader.problem(key_node, "a setting's name is a word such as 'ui' or 'timeout_s'")
            continue
        key = f"{prefix}{name}"
        if key in seen:
            reader.problem(key_node, f"'{key}' is set twice")
            continue
        seen.add(key)
        if isinstance(value_node, yaml.MappingNode) and key not in known:
            _entries(reader, value_node, key + ".", known, out)
        else:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            out.append(_Entry(key, value_node, line, column))


def _plain_value(node: yaml.Node) -> Any:
    """Python data from a node tree the reader accepted (no aliases, bounded depth)."""
    if isinstance(node, yaml.SequenceNode):
        return [_plain_value(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(Reader.scalar(key)): _plain_value(value) for key, value in node.value}
    return Reader.scalar(node)


def read_site_file(
    path: Path, schema: dict[str, SettingSpec], positions: dict[str, tuple[int, int]] | None = None
) -> tuple[dict[str, Any], list[SettingsProblem]]:
    """Validated overrides from a site file, and every problem found in it, each with its line.

    The file is read as plain YAML data (the reader procedure scripts use): no
    tags, anchors or aliases, at most 64 KB, so that no file can make the
    check slow, large or crash; dates and numbers are typed by the schema.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, [SettingsProblem("(file)", str(path), "the file does not exist")]
    except OSError as exc:
        return {}, [SettingsProblem("(file)", str(path), f"cannot be read ({exc.strerror})")]
    reader = Reader(str(path))
    root = reader.parse(data, what="a site file", max_bytes=MAX_SITE_FILE_BYTES, empty_ok=True)
    if root is not None and not isinstance(root, yaml.MappingNode):
        reader.problem(root, "a site file is a mapping of sections (site:, ui:, ...)")
        root = None
    entries: list[_Entry] = []
    if root is not None:
        _entries(reader, root, "", set(schema) | {"version"}, entries)
    problems = [
        SettingsProblem("(file)", "", problem.message, problem.line, problem.column)
        for problem in reader.problems
    ]
    overrides: dict[str, Any] = {}
    for entry in entries:
        value = _plain_value(entry.node)
        where = {"line": entry.line, "column": entry.column}
        if positions is not None:
            positions[entry.key] = (entry.line, entry.column)
        if entry.key == "version":
            if value != CURRENT_VERSION:
                problems.append(
                    SettingsProblem(
                        "version",
                        _show(value),
                        f"this kiosk reads site files of version {CURRENT_VERSION}",
                        **where,
                    )
                )
            continue
        spec = schema.get(entry.key)
        if spec is None:
            from difflib import get_close_matches  # only for a misspelt key

            close = get_close_matches(entry.key, list(schema), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(SettingsProblem(entry.key, _show(value), f"unknown setting{hint}", **where))
            continue
        normalised, error = check_value(spec, value)
        if error:
            # A PIN hash, even a broken one, holds the salt and key: never echoed to the journal.
            shown = "(hidden)" if spec.type == "pin_hash" else _show(value)
            problems.append(SettingsProblem(entry.key, shown, error, **where))
        else:
            overrides[entry.key] = normalised
    return overrides, problems


def _cross_checks(values: dict[str, Any], positions: dict[str, tuple[int, int]]) -> list[SettingsProblem]:
    """Rules that tie two settings together; the problem points at whichever of the two the file sets."""
    problems = []
    if values["ui.default_language"] not in values["ui.languages"]:
        line, column = positions.get("ui.default_language") or positions.get("ui.languages") or (None, None)
        problems.append(
            SettingsProblem(
                "ui.default_language",
                _show(values["ui.default_language"]),
                "must be one of the languages in ui.languages " + _show(list(values["ui.languages"])),
                line,
                column,
            )
        )
    return problems


def build_settings(values: dict[str, Any], source: str) -> Settings:
    sections: dict[str, dict[str, Any]] = {name: {} for name in SECTION_TYPES}
    for key, value in values.items():
        section, _, name = key.partition(".")
        sections[section][name] = value
    built = {name: cls(**sections[name]) for name, cls in SECTION_TYPES.items()}
    return Settings(**built, source=source)


def load_settings(site_file: Path | None = None, schema_path: Path | None = None) -> Settings:
    """Defaults, overridden by the site file; raises ConfigError naming every problem."""
    schema = load_schema(schema_path)
    values: dict[str, Any] = {}
    for key, spec in schema.items():
        values[key], _ = check_value(spec, spec.default)
    if site_file is None:
        return build_settings(values, "(defaults)")
    positions: dict[str, tuple[int, int]] = {}
    overrides, problems = read_site_file(site_file, schema, positions)
    values.update(overrides)
    if not problems:
        problems = _cross_checks(values, positions)
    if problems:
        raise ConfigError(problems, str(site_file))
    return build_settings(values, str(site_file))


def section_fields() -> set[str]:
    """Every dotted name the typed settings hold (a test checks it equals the schema)."""
    return {f"{section}.{f.name}" for section, cls in SECTION_TYPES.items() for f in fields(cls)}
