"""``kiosk sync``, ``kiosk dossier status``, ``kiosk licence verify`` and ``kiosk backend ...``.

The same ``BackendLink`` the screens use, without Qt. JSON shapes and exit
codes are contracts for scripts: 0 ok, 1 not found / offline / not valid,
2 malformed input or configuration.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk_app import dossier_code

if TYPE_CHECKING:
    from kiosk_app.backend.service import BackendLink
    from kiosk_app.settings import Settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def add_commands(sub: Any) -> None:
    sync = sub.add_parser("sync", help="sync licences, signing keys and the outbox with the backend")
    sync.add_argument("--once", action="store_true", required=True, help="one round of every job, then exit")
    sync.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    dossier = sub.add_parser("dossier", help="dossier status")
    dossier_sub = dossier.add_subparsers(dest="dossier_command", metavar="ACTION", required=True)
    status = dossier_sub.add_parser("status", help="a dossier's status by its code and the owner's ID number")
    status.add_argument("code")
    factor = status.add_mutually_exclusive_group(required=True)
    factor.add_argument("--owner-id", help="the owner's 12-digit ID number")
    factor.add_argument("--secret", help="the lookup secret printed on the appointment slip")
    status.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    licence = sub.add_parser("licence", help="electronic licences")
    licence_sub = licence.add_subparsers(dest="licence_command", metavar="ACTION", required=True)
    verify = licence_sub.add_parser("verify", help="check an e-licence QR payload offline")
    verify.add_argument("payload")
    verify.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    backend = sub.add_parser("backend", help="the backend simulator")
    backend_sub = backend.add_subparsers(dest="backend_command", metavar="ACTION", required=True)
    simulate = backend_sub.add_parser("simulate", help="run the backend simulator on 127.0.0.1")
    simulate.add_argument("--port", type=int, default=8787)
    simulate.add_argument("--faults", default="", help="e.g. latency=0.5,5xx=0.3,timeout=0.1,drop=0.1,reset")
    simulate.add_argument("--tls", action="store_true", help="HTTPS with a throwaway private CA")
    simulate.add_argument("--data-dir", type=Path, help="default: <data folder>/simulator")
    sample = backend_sub.add_parser("sample-licence", help="print a signed sample e-licence payload")
    sample.add_argument("--state", choices=("valid", "revoked", "expired"), default="valid")
    sample.add_argument("--index", type=int, default=0)
    sample.add_argument("--data-dir", type=Path, help="default: <data folder>/simulator")


def _print(payload: dict[str, Any], as_json: bool, text: str) -> None:
    print(json.dumps(payload, ensure_ascii=False) if as_json else text)


def _link(settings: Settings) -> BackendLink:
    # Imported on use: every ``kiosk`` command builds this module's parser, the kiosk's start included.
    from kiosk_app.backend.service import BackendLink, LinkConfig

    return BackendLink(LinkConfig.from_settings(settings), settings.data_dir())


def sync_command(settings: Settings, *, as_json: bool) -> int:
    link = _link(settings)
    try:
        if not link.configured:
            _print({"error": link.problem}, as_json, f"kiosk sync: {link.problem}")
            return EXIT_USAGE
        report = link.sync_once()
    finally:
        link.close()
    payload = report.as_json()
    if report.errors:
        payload["errors"] = list(report.errors)
    lines = [f"{name}: {value}" for name, value in payload.items()]
    _print(payload, as_json, "\n".join(lines))
    return EXIT_FAILED if report.errors else EXIT_OK


def dossier_status_command(
    settings: Settings, code_text: str, owner_id: str | None, secret: str | None, *, as_json: bool
) -> int:
    from kiosk_app.backend.errors import BackendError, BackendUnavailable, NotFound
    from kiosk_app.dossier_lookup import second_factor

    code = dossier_code.normalise(code_text)
    if code is None:
        _print({"error": "not a dossier code"}, as_json, "kiosk: that is not a dossier code")
        return EXIT_USAGE
    factor = second_factor(owner_id or secret or "")
    if factor is None or (owner_id is not None and factor[0] is None):
        _print({"error": "not an ID number or slip secret"}, as_json, "kiosk: the second factor is malformed")
        return EXIT_USAGE
    link = _link(settings)
    try:
        reply = link.dossier_status(code, owner_id=factor[0], lookup_secret=factor[1])
    except NotFound:
        _print({"error": "not found"}, as_json, "no dossier matches that code and second factor")
        return EXIT_FAILED
    except BackendUnavailable as exc:
        _print({"error": f"offline: {exc}"}, as_json, f"the backend cannot be reached: {exc}")
        return EXIT_FAILED
    except BackendError as exc:
        _print({"error": str(exc)}, as_json, f"the backend refused: {exc}")
        return EXIT_FAILED
    finally:
        link.close()
    payload = {
        "code": reply.code,
        "status_code": reply.status_code,
        "status": reply.status_label.en,
        "updated_at": reply.updated_at.isoformat(),
        "next_step": reply.next_step.en if reply.next_step else None,
    }
    _print(payload, as_json, "\n".join(f"{k}: {v}" for k, v in payload.items()))
    return EXIT_OK


def licence_verify_command(settings: Settings, payload_text: str, *, as_json: bool) -> int:
    link = _link(settings)
    try:
        check = link.check_licence(payload_text)
    finally:
        link.close()
    payload = check.as_json()
    _print(payload, as_json, "\n".join(f"{k}: {v}" for k, v in payload.items()))
    return EXIT_OK if check.trusted_valid else EXIT_FAILED


def simulator_dir(settings: Settings, given: Path | None) -> Path:
    return given or settings.data_dir() / "simulator"


def simulate_command(settings: Settings, args: argparse.Namespace) -> int:
    from kiosk_app.backend import simulator_process

    try:
        running = simulator_process.start(
            simulator_dir(settings, args.data_dir), port=args.port, faults=args.faults, tls=args.tls
        )
    except simulator_process.SimulatorError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    kiosk_id = settings.site.kiosk_id
    print(
        json.dumps(
            {
                "url": running.url,
                "ca_file": str(running.ca_file) if running.ca_file else None,
                "token_file": str(running.token_file(kiosk_id)),
            }
        ),
        flush=True,
    )
    print(
        f"backend simulator on {running.url}; in the site file set backend.url to it and "
        f"backend.token_file to {running.token_file(kiosk_id)}"
        + (f" and backend.ca_file to {running.ca_file}" if running.ca_file else "")
        + ". Ctrl+C stops it.",
        file=sys.stderr,
    )
    stop = False

    def on_signal(_signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stop and running.process.poll() is None:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return EXIT_OK


def sample_licence_command(settings: Settings, args: argparse.Namespace) -> int:
    from kiosk_app.backend import simulator_process

    try:
        print(
            simulator_process.sample_licence(
                simulator_dir(settings, args.data_dir), args.state, index=args.index
            )
        )
    except simulator_process.SimulatorError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
