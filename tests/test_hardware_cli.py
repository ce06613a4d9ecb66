"""`kiosk diagnose` and `kiosk print test` as a technician runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.catalogue_helpers import run_kiosk


def test_diagnose_demo_is_all_ok(tmp_path: Path) -> None:
    result = run_kiosk("diagnose", "--demo", "--json", data=tmp_path)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert {"devices", "usb"} <= set(report)
    assert [(d["kind"], d["status"]) for d in report["devices"]] == [
        ("printer", "ok"),
        ("scanner", "ok"),
        ("id_reader", "ok"),
        ("microphone", "ok"),
        ("speaker", "ok"),
    ]
    assert all(set(d) == {"name", "kind", "status", "detail"} for d in report["devices"])
    assert isinstance(report["usb"], list)


def test_diagnose_names_what_is_wrong_and_fails(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "printer:\n  connection: file\n  file: /nonexistent/lp0\nscanner:\n  connection: serial\n  serial_port: /dev/ttyNOPE9\n",
        encoding="utf-8",
    )
    result = run_kiosk("diagnose", "--config", str(site), "--json", data=tmp_path)
    assert result.returncode == 1
    devices = {d["kind"]: d for d in json.loads(result.stdout)["devices"]}
    assert devices["printer"]["status"] == "offline" and "/nonexistent/lp0" in devices["printer"]["detail"]
    assert devices["scanner"]["status"] == "offline" and "/dev/ttyNOPE9" in devices["scanner"]["detail"]
    assert "\n" not in devices["printer"]["detail"]


def test_a_printer_that_is_not_required_does_not_fail_the_diagnosis(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "printer:\n  connection: file\n  file: /nonexistent/lp0\n  required: false\nscanner:\n  connection: keyboard\n",
        encoding="utf-8",
    )
    assert run_kiosk("diagnose", "--config", str(site), data=tmp_path).returncode == 0


def test_print_test_to_a_file_printer_and_to_the_simulator(tmp_path: Path) -> None:
    spool = tmp_path / "lp0"
    site = tmp_path / "site.yaml"
    site.write_text(f"printer:\n  connection: file\n  file: {spool}\n", encoding="utf-8")
    result = run_kiosk("print", "test", "--config", str(site), data=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"\x1dv0" in spool.read_bytes()
    demo = run_kiosk("print", "test", "--demo", data=tmp_path)
    assert demo.returncode == 0 and (tmp_path / "last-test-page.png").exists()
    missing = tmp_path / "no-printer.yaml"
    missing.write_text("printer:\n  connection: file\n  file: /nonexistent/lp0\n", encoding="utf-8")
    failed = run_kiosk("print", "test", "--config", str(missing), data=tmp_path)
    assert failed.returncode == 1 and "did not print" in failed.stdout


def test_diagnose_reports_a_pcsc_id_reader_and_its_requirement(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "printer:\n  connection: none\nscanner:\n  connection: keyboard\n"
        "id_reader:\n  connection: pcsc\n  required: true\n",
        encoding="utf-8",
    )
    result = run_kiosk("diagnose", "--config", str(site), "--json", data=tmp_path)
    devices = json.loads(result.stdout)["devices"]
    [reader] = [d for d in devices if d["kind"] == "id_reader"]
    assert {d["kind"] for d in devices} == {"id_reader", "microphone", "speaker"}
    # Without pcscd (CI) the reader is offline; with one it is degraded (no PACE yet).
    # Either way a required reader that cannot read chips fails the diagnosis.
    assert reader["status"] in ("offline", "degraded") and result.returncode == 1
    assert reader["detail"]
