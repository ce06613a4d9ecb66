"""``python -m backend_simulator``: serve the contract, or print a signed sample licence.

``serve`` prints one JSON line once it listens (``{"url", "ca_file",
"credentials"}``), so whoever started it knows the port it got.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import secrets
import socket
import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from backend_simulator import data
from backend_simulator.faults import FaultBox, Faults, FaultSpecError
from backend_simulator.signing import sign_licence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backend_simulator", description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True, help="the simulator's SQLite and credentials")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--licences", type=int, default=100_000, help="licences seeded in a new data folder")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve")
    serve.add_argument("--port", type=int, default=8787, help="0: any free port")
    serve.add_argument("--faults", default="", help="e.g. latency=0.2,5xx=0.3,timeout=0.1,reset")
    serve.add_argument("--tls", action="store_true", help="HTTPS with a throwaway private CA")
    serve.add_argument(
        "--kiosk", action="append", default=[], metavar="ID=TOKEN", help="a kiosk and its token"
    )
    sample = sub.add_parser("sample-licence")
    sample.add_argument("--state", choices=("valid", "revoked", "expired"), default="valid")
    sample.add_argument("--index", type=int, default=0, help="which matching licence (0: the first)")
    args = parser.parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    db = data.connect(args.data_dir / "backend.sqlite3")
    data.seed(db, seed=args.seed, licences=args.licences, today=date.today())
    if args.command == "sample-licence":
        return _sample(db, args.seed, args.state, args.index)
    try:
        faults = Faults.parse(args.faults)
    except FaultSpecError as exc:
        print(f"backend_simulator: {exc}", file=sys.stderr)
        return 2
    return _serve(db, args, faults)


def _sample(db: sqlite3.Connection, seed: int, state: str, index: int) -> int:
    today = date.today().isoformat()
    where = {
        "valid": "status = 'valid' AND (valid_until IS NULL OR valid_until >= ?)",
        "revoked": "status = 'revoked' AND ? IS NOT NULL",
        "expired": "status = 'valid' AND valid_until < ?",
    }[state]
    row = db.execute(
        f"SELECT licence_id, kind, holder, valid_from, valid_until, key_name, signed_at FROM licences "  # noqa: S608
        f"WHERE {where} ORDER BY seq LIMIT 1 OFFSET ?",
        (today, index),
    ).fetchone()
    if row is None:
        print(f"backend_simulator: no {state} licence in the sample data", file=sys.stderr)
        return 1
    kind_vi, kind_en = data.LICENCE_KINDS[row[1]]
    key = data.keys(seed)[row[5]]
    payload = sign_licence(
        key,
        {
            "v": 1,
            "id": row[0],
            "type": {"vi": kind_vi, "en": kind_en},
            "holder": row[2],
            "valid_from": row[3],
            "valid_until": row[4],
        },
        issuer=data.AGENCIES[row[5]][1],
        issued_at=datetime.fromisoformat(row[6]),
    )
    print(payload)
    return 0


def _serve(db: sqlite3.Connection, args: argparse.Namespace, faults: Faults) -> int:
    import uvicorn

    from backend_simulator.app import Simulator, build_app

    credentials = args.data_dir / "credentials"
    credentials.mkdir(exist_ok=True)
    kiosks = [tuple(k.split("=", 1)) for k in args.kiosk if "=" in k]
    if not kiosks:
        kiosks = [(kiosk, secrets.token_urlsafe(24)) for kiosk in data.DEMO_KIOSKS]
    with data.transaction(db):
        for kiosk, token in kiosks:
            db.execute(
                "INSERT INTO kiosks VALUES (?, ?) ON CONFLICT (kiosk_id) DO UPDATE SET token_sha = excluded.token_sha",
                (kiosk, data.token_sha(token)),
            )
            path = credentials / f"{kiosk}.token"
            path.write_text(token + "\n")
            path.chmod(0o600)
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets it knows are TCP, and a small
    # reply written in two parts otherwise waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]
    ssl: dict[str, str] = {}
    ca_file = None
    if args.tls:
        from backend_simulator.tls import make_certificates

        ca, cert, key = make_certificates(args.data_dir / "tls")
        ssl = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
        ca_file = str(ca)
    simulator = Simulator(db, FaultBox(faults, seed=args.seed), today=date.today, seed=args.seed)
    # A simulated dropped connection is the point of the "drop" fault, not an error to print.
    logging.getLogger("uvicorn.error").addFilter(
        lambda record: not (record.exc_info and isinstance(record.exc_info[1], ConnectionAbortedError))
    )
    config = uvicorn.Config(
        build_app(simulator),
        log_level="warning",
        access_log=False,
        lifespan="off",
        **ssl,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    scheme = "https" if args.tls else "http"
    ready = {
        "url": f"{scheme}://127.0.0.1:{port}",
        "ca_file": ca_file,
        "credentials": str(credentials),
        "started_at": datetime.now(UTC).isoformat(),
        "key_ids": {name: base64.b64encode(k.kid).decode() for name, k in data.keys(args.seed).items()},
    }

    async def run() -> None:
        serving = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started and not serving.done():
            await asyncio.sleep(0.01)
        if server.started:
            print(json.dumps(ready), flush=True)
        await serving

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
