"""The ``kiosk`` command: every way to start, check or inspect the kiosk.

Reports print plain text for people and JSON with ``--json`` for scripts.
Commands that need no screen (config check, pin hash) never import Qt, so they
work over SSH on a kiosk whose display is broken.

Exit codes: 0 ok, 1 the check failed, 2 the command or its config is wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk_app import __version__, backend_cli, paths
from kiosk_app.run_mode import RunMode

if TYPE_CHECKING:
    from kiosk_app.first_screen import FirstScreen
    from kiosk_app.settings import Settings

# Each command imports what it needs when it runs: ``kiosk run`` paints its first screen
# before the services exist (ui/start.py), so nothing here may pull them in.

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
SYSTEM_SITE_FILE = Path("/etc/hcmc-kiosk/site.yaml")


def _parser(*, starting: bool = False) -> argparse.ArgumentParser:
    """Every command; with ``starting``, only what starting the kiosk takes (a dozen fewer parsers)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Public-service kiosk for a one-stop centre.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", type=Path, help="site file (default: $KIOSK_CONFIG, then %(default)s)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start offscreen, load config, open the store, show the home screen, exit",
    )
    parser.add_argument("--json", action="store_true", help="print reports as JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="kiosk mode: fullscreen, frameless, real devices")
    run.add_argument("--config", type=Path, default=argparse.SUPPRESS)

    demo = sub.add_parser("demo", help="a window with simulated devices, for demos and development")
    demo.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    demo.add_argument(
        "--size",
        default="1920x1080",
        help="window size, e.g. 1920x1080 (landscape) or 1080x1920 (portrait); default %(default)s",
    )
    if starting:
        return parser

    config = sub.add_parser("config", help="site files")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = config_sub.add_parser("check", help="validate a site file against the schema")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    defaults = config_sub.add_parser("defaults", help="print every setting with its default and description")
    defaults.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    procedures = sub.add_parser("procedures", help="procedure scripts: check, search, export")
    procedures_sub = procedures.add_subparsers(dest="procedures_command", metavar="ACTION", required=True)
    proc_check = procedures_sub.add_parser(
        "check", help="validate scripts (files or folders); exit 1 on any problem"
    )
    proc_check.add_argument("paths", nargs="*", type=Path, help="default: the catalogue in service")
    proc_check.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    proc_search = procedures_sub.add_parser("search", help="search the catalogue as a citizen would")
    proc_search.add_argument("query")
    proc_search.add_argument("--lang", choices=("vi", "en"), default="vi")
    proc_search.add_argument("--limit", type=int, default=10)
    proc_search.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    proc_export = procedures_sub.add_parser("export", help="the whole catalogue")
    proc_export.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    receipt = sub.add_parser("receipt", help="receipts as they print")
    receipt_sub = receipt.add_subparsers(dest="receipt_command", metavar="ACTION", required=True)
    preview = receipt_sub.add_parser("preview", help="write the receipt image that would print")
    preview.add_argument("--kind", choices=("ticket", "checklist", "status", "test"), required=True)
    preview.add_argument("--out", type=Path, required=True, help="PNG file to write")
    preview.add_argument("--lang", choices=("vi", "en"), default="vi")
    preview.add_argument("--paper", choices=("58", "80"), default="80")
    preview.add_argument("--config", type=Path, default=argparse.SUPPRESS)

    diagnose = sub.add_parser(
        "diagnose", help="every device's status and the USB bus; exit 1 if a required one fails"
    )
    diagnose.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    diagnose.add_argument("--demo", action="store_true", help="the example site with simulated devices")
    diagnose.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    print_cmd = sub.add_parser("print", help="printer actions")
    print_sub = print_cmd.add_subparsers(dest="print_command", metavar="ACTION", required=True)
    print_test = print_sub.add_parser("test", help="print the test page on the configured printer")
    print_test.add_argument("--config", type=Path, default=argparse.SUPPRESS)
    print_test.add_argument("--demo", action="store_true", help="the example site with the simulated printer")

    identity = sub.add_parser("id", help="citizen ID card data")
    identity_sub = identity.add_subparsers(dest="id_command", metavar="ACTION", required=True)
    id_parse = identity_sub.add_parser("parse", help="parse the QR payload of a citizen ID card (CCCD)")
    id_parse.add_argument("payload")
    id_parse.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    assistant = sub.add_parser("assistant", help="the virtual assistant without a screen")
    assistant_sub = assistant.add_subparsers(dest="assistant_command", metavar="ACTION", required=True)
    understand = assistant_sub.add_parser("understand", help="intent, slots and reply for a sentence")
    understand.add_argument("text")
    understand.add_argument("--lang", choices=["vi", "en", "ko"], default="vi")
    understand.add_argument("--json", action="store_true")
    transcribe = assistant_sub.add_parser("transcribe", help="recognise speech in a WAV file")
    transcribe.add_argument("file")
    transcribe.add_argument("--model", help="model name from `kiosk models list` (default: the first usable)")
    transcribe.add_argument("--grammar", action="store_true", help="only the assistant's phrases, plus [unk]")
    transcribe.add_argument(
        "--lang", choices=["vi", "en", "ko"], help="grammar language (default: the model's)"
    )
    transcribe.add_argument("--json", action="store_true")
    train = assistant_sub.add_parser(
        "train", help="build the trained classifier from the examples (needs numpy; skipped when current)"
    )
    train.add_argument("--lang", choices=["vi", "en"], help="one language (default: both)")
    train.add_argument("--check", action="store_true", help="only say whether each model is current")
    train.add_argument("--force", action="store_true", help="train even when current")

    models = sub.add_parser("models", help="speech models under assistant_models/")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    models_list = models_sub.add_parser("list", help="the models the kiosk knows and where they are")
    models_list.add_argument("--json", action="store_true")
    models_check = models_sub.add_parser("check", help="check each model's layout and checksums")
    models_check.add_argument("name", nargs="?")
    models_check.add_argument("--json", action="store_true")
    models_install = models_sub.add_parser("install", help="install a model from a .zip or a folder")
    models_install.add_argument("source", metavar="ZIP_OR_DIR")
    models_install.add_argument("--name", help="name to install under (default: the folder's name)")
    models_install.add_argument("--lang", help="language of the model (vi, en, ko)")

    backend_cli.add_commands(sub)

    pin = sub.add_parser("pin", help="staff and technician PINs")
    pin_sub = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    pin_hash = pin_sub.add_parser("hash", help="make the hash to put in a site file")
    pin_hash.add_argument("--stdin", action="store_true", help="read the PIN from standard input")
    return parser


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    # Starting the kiosk is timed to its first paint: it skips building the other commands' parsers.
    asks_help = bool({"-h", "--help"} & set(given))
    starting = bool(given) and given[0] in ("run", "demo", "--self-test") and not asks_help
    args = _parser(starting=starting).parse_args(given)
    if args.self_test:
        return _self_test(args)
    if args.command == "config":
        if args.config_command == "check":
            return _config_check(args.file, as_json=args.json)
        return _config_defaults(as_json=args.json)
    if args.command == "pin":
        return _pin_hash(from_stdin=args.stdin)
    if args.command == "procedures":
        from kiosk_app.catalogue_cli import procedures_command

        return procedures_command(args)
    if args.command == "receipt":
        from kiosk_app.receipt_cli import preview_receipt

        settings = _load(args, RunMode.DEMO)
        return (
            EXIT_USAGE
            if settings is None
            else preview_receipt(settings, args.kind, args.out, args.lang, args.paper)
        )
    if args.command in ("diagnose", "print"):
        from kiosk_app.hardware_cli import diagnose_command, print_test_command

        mode = RunMode.DEMO if args.demo else RunMode.KIOSK
        settings = _load_settings_only(args, mode)
        if settings is None:
            return EXIT_USAGE
        if args.command == "diagnose":
            return diagnose_command(settings, as_json=args.json)
        return print_test_command(settings)
    if args.command == "id":
        return _id_parse(args.payload, as_json=args.json)
    if args.command == "assistant":
        from kiosk_app.assistant import cli as assistant_cli

        if args.assistant_command == "understand":
            return assistant_cli.understand_command(args)
        if args.assistant_command == "train":
            return assistant_cli.train_command(args)
        return assistant_cli.transcribe_command(args)
    if args.command == "models":
        from kiosk_app.assistant import cli as assistant_cli

        return assistant_cli.models_command(args)
    if args.command in ("sync", "dossier", "licence", "backend"):
        return _backend_command(args)
    if args.command in ("run", "demo"):
        return _start(args, RunMode.KIOSK if args.command == "run" else RunMode.DEMO)
    _parser().print_help()
    return EXIT_USAGE


def _site_file(args: argparse.Namespace, mode: RunMode) -> Path:
    if args.config:
        return Path(args.config)
    if os.environ.get("KIOSK_CONFIG"):
        return Path(os.environ["KIOSK_CONFIG"])
    if mode is RunMode.KIOSK:
        return SYSTEM_SITE_FILE
    # Demo and self-test show the example ward-level centre.
    return paths.config_dir() / "site-example.yaml"


def _load(args: argparse.Namespace, mode: RunMode) -> Settings | None:
    from kiosk_app.settings import ConfigError, load_settings

    site = _site_file(args, mode)
    try:
        settings = load_settings(site)
    except ConfigError as exc:
        print(
            f"kiosk: the site file has problems and the kiosk will not start:\n{exc}",
            file=sys.stderr,
        )
        return None
    if mode is RunMode.KIOSK and not settings.security.technician_pin_hash:
        print(
            f"kiosk: {site}: security.technician_pin_hash is empty; kiosk mode needs it so that "
            "a technician can leave. Make one with `kiosk pin hash`.",
            file=sys.stderr,
        )
        return None
    if mode is not RunMode.KIOSK:
        settings = dataclasses.replace(
            settings, devices=dataclasses.replace(settings.devices, simulated=True)
        )
    return settings


def _load_settings_only(args: argparse.Namespace, mode: RunMode) -> Settings | None:
    """The site file for a tool command: no PIN needed; demo mode forces the simulators."""
    from kiosk_app.settings import ConfigError, load_settings

    site = _site_file(args, mode)
    try:
        settings = load_settings(site)
    except ConfigError as exc:
        print(f"kiosk: the site file has problems:\n{exc}", file=sys.stderr)
        return None
    if mode is RunMode.DEMO:
        settings = dataclasses.replace(
            settings, devices=dataclasses.replace(settings.devices, simulated=True)
        )
    return settings


def _backend_command(args: argparse.Namespace) -> int:
    """The backend's commands read the site file in service, or the example one on a development machine."""
    explicit = args.config or os.environ.get("KIOSK_CONFIG") or SYSTEM_SITE_FILE.exists()
    settings = _load_settings_only(args, RunMode.KIOSK if explicit else RunMode.DEMO)
    if settings is None:
        return EXIT_USAGE
    as_json = getattr(args, "json", False)
    if args.command == "sync":
        return backend_cli.sync_command(settings, as_json=as_json)
    if args.command == "dossier":
        return backend_cli.dossier_status_command(
            settings, args.code, args.owner_id, args.secret, as_json=as_json
        )
    if args.command == "licence":
        return backend_cli.licence_verify_command(settings, args.payload, as_json=as_json)
    if args.backend_command == "simulate":
        return backend_cli.simulate_command(settings, args)
    return backend_cli.sample_licence_command(settings, args)


def _start(args: argparse.Namespace, mode: RunMode) -> int:
    size = _parse_size(getattr(args, "size", "1920x1080"))
    if size is None:
        print(f"kiosk: --size wants WIDTHxHEIGHT, e.g. 1080x1920, not {args.size!r}", file=sys.stderr)
        return EXIT_USAGE
    prepared = _first_screen(args, mode)
    if prepared is None:
        return EXIT_USAGE
    first, load, _ = prepared
    simulator: Any = None

    def start_simulator(settings: Settings) -> Settings:
        # The demo talks to the backend simulator over HTTPS with its own private CA,
        # exactly as a kiosk in service talks to the city's backend. Started once the
        # first screen shows: the simulator takes a moment to come up.
        nonlocal simulator
        from kiosk_app.backend import simulator_process

        try:
            started = simulator_process.start(settings.data_dir() / "simulator", tls=True)
        except simulator_process.SimulatorError as exc:
            print(f"kiosk: {exc}; the demo runs without a backend", file=sys.stderr)
            return settings
        simulator = started
        return started.connect(settings)

    from ui.start import launch  # the one step up from the core: paint, then start the screens

    try:
        code = launch(
            first, load, mode, window_size=size, prepare=start_simulator if mode is RunMode.DEMO else None
        )
    finally:
        if simulator is not None:
            simulator.stop()
    return EXIT_USAGE if code is None else code


def _first_screen(
    args: argparse.Namespace, mode: RunMode
) -> tuple[FirstScreen, Callable[[], Settings | None], bool] | None:
    """What to paint first, and how to load the settings behind it.

    A restart with the same site file paints from the record of the last start
    (kiosk_app/first_screen.py) and validates the file behind the painted
    screen; otherwise the file is loaded (and any problem reported) before
    anything shows. Either way the kiosk runs on freshly validated settings.
    """
    from kiosk_app import first_screen

    site = _site_file(args, mode)
    remembered = first_screen.recall(site, mode)
    loaded: Settings | None = None
    if remembered is not None:
        painted = remembered
    else:
        loaded = _load(args, mode)
        if loaded is None:
            return None
        painted = first_screen.FirstScreen.from_settings(loaded)

    def load() -> Settings | None:
        settings = loaded or _load(args, mode)
        if settings is not None:
            shown = first_screen.FirstScreen.from_settings(settings)
            if shown != remembered:  # written again only when what the first screen shows changed
                first_screen.remember(site, mode, shown)
        return settings

    return painted, load, remembered is not None


def _parse_size(text: str) -> tuple[int, int] | None:
    width, _, height = text.partition("x")
    if not (width.isdigit() and height.isdigit()):
        return None
    w, h = int(width), int(height)
    return (w, h) if 320 <= w <= 8000 and 320 <= h <= 8000 else None


def _self_test(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepared = _first_screen(args, RunMode.SELF_TEST)
    if prepared is None:
        return EXIT_FAILED
    from ui.start import self_test

    first, load, remembered = prepared
    report = self_test(first, load)
    # Whether this start painted from the record of the last one (a restart) or read the file first.
    report["first_screen_remembered"] = remembered
    return _report_self_test(report, args.json)


def _report_self_test(report: dict[str, Any], as_json: bool) -> int:
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    elif report["ok"]:
        details = ", ".join(f"{k}={v}" for k, v in report.items() if k != "ok")
        print(f"self-test ok: {details}")
    else:
        print(f"self-test FAILED: {report.get('reason')}", file=sys.stderr)
    return EXIT_OK if report["ok"] else EXIT_FAILED


def _config_check(file: Path, *, as_json: bool) -> int:
    from kiosk_app.settings import ConfigError, load_schema, load_settings, read_site_file

    schema = load_schema()
    _, problems = read_site_file(file, schema)
    if not problems:
        try:
            load_settings(file)
        except ConfigError as exc:
            problems = exc.problems
    if as_json:
        print(
            json.dumps(
                {
                    "file": str(file),
                    "valid": not problems,
                    "problems": [dataclasses.asdict(p) for p in problems],
                },
                ensure_ascii=False,
            )
        )
    elif problems:
        print(f"{file}: {len(problems)} problem(s)")
        for problem in problems:
            print("  " + problem.describe(str(file)))
    else:
        print(f"{file}: valid")
    return EXIT_FAILED if problems else EXIT_OK


def _config_defaults(*, as_json: bool) -> int:
    from kiosk_app.settings import load_schema

    schema = load_schema()
    if as_json:
        print(
            json.dumps(
                {
                    k: {"type": s.type, "default": s.default, "description": s.description}
                    for k, s in schema.items()
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    for key, spec in schema.items():
        print(f"{key} = {spec.default!r}\n    {spec.description}\n    allowed: {spec.allowed()}")
    return EXIT_OK


def _id_parse(payload: str, *, as_json: bool) -> int:
    """Exit 0 with the fields, or 2 with {error} when the payload is not a valid CCCD QR."""
    from devices.cccd import IdPayloadError, parse_cccd

    try:
        identity = parse_cccd(payload, today=date.today())
    except IdPayloadError as exc:
        if as_json:
            print(json.dumps({"error": f"not a valid citizen ID QR code: {exc}"}, ensure_ascii=False))
        else:
            print(f"kiosk: not a valid citizen ID QR code: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fields = identity.as_dict()
    if as_json:
        print(json.dumps(fields, ensure_ascii=False))
    else:
        for key, value in fields.items():
            print(f"{key}: {value if value is not None else '-'}")
    return EXIT_OK


def _pin_hash(*, from_stdin: bool) -> int:
    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("PIN (4-12 digits): ")
        if getpass.getpass("Again: ") != pin:
            print("kiosk: the two PINs differ", file=sys.stderr)
            return EXIT_USAGE
    try:
        from kiosk_app.pins import hash_pin

        print(hash_pin(pin))
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
