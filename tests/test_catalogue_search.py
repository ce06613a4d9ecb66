"""Search as people type and speak; the search/export CLI contracts; staff publishing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from kiosk_app.catalogue.calendar import WorkCalendar
from kiosk_app.catalogue.search import SearchIndex, fold
from kiosk_app.catalogue.service import CatalogueService
from tests.catalogue_helpers import SHIPPED, run_cli, script, shipped

INDEX = SearchIndex(shipped().procedures.values())


def top(query: str) -> str:
    hits = INDEX.search(query)
    assert hits, query
    return hits[0].procedure.code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("dang ky khai sinh", "1.001193"),
        ("khai sinh", "1.001193"),
        ("Đăng ký khai sinh", "1.001193"),
        ("đăng kí khai sinh", "1.001193"),  # i/y spelling
        ("DANG KY KHAI SINH", "1.001193"),
        ("giấy khai sinh", "1.001193"),
        ("khai sinnh", "1.001193"),  # one-letter typo
        ("kahi sinh", "1.001193"),  # swapped letters
        ("làm giấy khai sinh cho con", "1.001193"),
        ("Đăng ký kết hôn", "1.000894"),
        ("ket hon", "1.000894"),
        ("dang ki ket hon", "1.000894"),
        ("tôi muốn đăng ký kết hôn ạ", "1.000894"),
        ("sao y", "2.000815.000.00.00.H29"),
        ("sao y bản chính", "2.000815.000.00.00.H29"),
        ("chứng thực chữ ký", "2.000884"),
        ("xac nhan doc than", "1.004873"),
        ("tạm trú", "1.004194"),
        ("thuong tru", "1.004222"),
        ("nhập hộ khẩu", "1.004222"),
        ("hộ kinh doanh", "2.000575"),
        ("giay phep xay dung", "1.009994"),
        ("trợ cấp người cao tuổi", "1.001776"),
        ("khai tử", "1.000656"),
        ("birth registration", "1.001193"),
        ("Birth certificate", "1.001193"),
        ("I want to get married", "1.000894"),
        ("certified copy", "2.000815.000.00.00.H29"),
        ("temporary residence", "1.004194"),
        ("building permit", "1.009994"),
        ("2.000815", "2.000815.000.00.00.H29"),
    ],
)
def test_people_find_what_they_mean(query: str, code: str) -> None:
    assert top(query) == code


def test_nonsense_finds_nothing() -> None:
    assert INDEX.search("xyzzy qwrtp") == []
    assert INDEX.search("   ") == []


def test_scores_are_ranked() -> None:
    scores = [hit.score for hit in INDEX.search("đăng ký")]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 5


def test_folding() -> None:
    assert fold("Đăng Ký  KẾT-HÔN!") == "dang ki ket hon"
    assert fold("ĐĂNG KÍ") == fold("đăng ký")
    assert fold("e\u0301") == fold("é") == "e"  # decomposed input


def test_search_cli_contract(tmp_path: Path) -> None:
    result = run_cli("search", "ket hon", "--lang", "en", "--json", data=tmp_path)
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert rows[0]["code"] == "1.000894" and rows[0]["name"] == "Marriage registration"
    assert set(rows[0]) == {"code", "name", "score"}
    vietnamese = json.loads(run_cli("search", "ket hon", "--json", data=tmp_path).stdout)
    assert vietnamese[0]["name"] == "Đăng ký kết hôn"


def test_export_cli_has_everything(tmp_path: Path) -> None:
    result = run_cli("export", "--json", data=tmp_path)
    data = json.loads(result.stdout)
    assert len(data["procedures"]) == len(shipped().procedures)
    copy = next(p for p in data["procedures"] if p["code"] == "2.000815.000.00.00.H29")
    assert copy["fees"][0]["tiers"] == [{"first": 2, "each": 2000}, {"first": None, "each": 1000}]
    assert copy["fees"][0]["cap"] == 200000
    birth = next(p for p in data["procedures"] if p["code"] == "1.001193")
    assert birth["documents"][1]["when"] == {"answer": "has_birth_notice", "in": [True]}


def service(tmp_path: Path) -> CatalogueService:
    built = CatalogueService(
        tmp_path / "live", SHIPPED, calendar=WorkCalendar(), now=lambda: datetime(2026, 11, 30, 9)
    )
    built.load()
    return built


def test_first_start_seeds_from_the_shipped_scripts(tmp_path: Path) -> None:
    live = service(tmp_path)
    assert len(live.catalogue.procedures) == len(shipped().procedures)
    assert (tmp_path / "live" / "categories.yaml").exists()


def test_publish_refuses_a_broken_script_and_changes_nothing(tmp_path: Path) -> None:
    live = service(tmp_path)
    path = tmp_path / "live" / "birth-registration.yaml"
    before = path.read_bytes()
    problems = live.publish("birth-registration.yaml", before.replace(b"counter: 2", b"counter: 200"))
    assert problems and "counter must be from 1 to 99" in problems[0].message
    assert path.read_bytes() == before and live.history("birth-registration.yaml") == []


def test_publish_then_rollback(tmp_path: Path) -> None:
    live = service(tmp_path)
    path = tmp_path / "live" / "birth-registration.yaml"
    original = path.read_bytes()
    edited = original.replace('Đăng ký khai sinh"'.encode(), 'Đăng ký khai sinh cho trẻ"'.encode(), 1)
    assert live.publish("birth-registration.yaml", edited) == []
    assert live.catalogue.procedures["1.001193"].name.vi == "Đăng ký khai sinh cho trẻ"
    assert path.read_bytes() == edited
    assert len(live.history("birth-registration.yaml")) == 1
    assert not list((tmp_path / "live").glob(".*.tmp"))  # no temporary file left behind
    assert live.rollback("birth-registration.yaml") == []
    assert path.read_bytes() == original
    assert live.catalogue.procedures["1.001193"].name.vi == "Đăng ký khai sinh"


def test_publish_a_new_script_and_refuse_a_taken_code(tmp_path: Path) -> None:
    live = service(tmp_path)
    assert live.publish("test-procedure.yaml", script().encode()) == []
    assert "9.000001" in live.catalogue.procedures
    taken = script().replace('code: "9.000001"', 'code: "1.001193"').encode()
    problems = live.publish("another.yaml", taken)
    assert problems[0].message == "the code 1.001193 is already used by birth-registration.yaml"
    assert live.publish("../escape.yaml", script().encode())[0].message.startswith("a script's file name")


def test_validated_cache_round_trips_every_procedure(tmp_path: Path) -> None:
    from kiosk_app.catalogue.cache import procedure_from_dict
    from kiosk_app.catalogue.export import procedure as to_dict

    for procedure in shipped().procedures.values():
        again = procedure_from_dict(json.loads(json.dumps(to_dict(procedure))), procedure.source_file)
        assert again == procedure


@pytest.mark.expect_logs("procedure script has problems")
def test_the_cache_never_serves_changed_bytes(tmp_path: Path) -> None:
    live = service(tmp_path)
    assert (tmp_path / "live" / ".validated.json").exists()
    cached = service(tmp_path)  # a restart: served from the cache
    assert cached.catalogue.procedures == live.catalogue.procedures
    path = tmp_path / "live" / "birth-registration.yaml"
    # Changed behind the kiosk's back (not through publish): validated again, and refused.
    path.write_text(path.read_text(encoding="utf-8").replace("counter: 2", "counter: 0"), encoding="utf-8")
    again = service(tmp_path)
    assert "1.001193" not in again.catalogue.procedures
    assert (
        "counter must be from 1 to 99" in again.catalogue.files["birth-registration.yaml"].problems[0].message
    )
    # A damaged cache file is ignored, not trusted.
    (tmp_path / "live" / ".validated.json").write_text("{not json", encoding="utf-8")
    assert len(service(tmp_path).catalogue.procedures) == len(shipped().procedures) - 1


# --- filler words with their marks, and words still being typed -----------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("chữ ký", "signature"),
        ("chữ", "signature"),
        ("chu ky", "signature"),  # without marks: "chu" may be "chữ", so it is not filler
        ("bản sao", "copy"),
        ("ban sao", "copy"),
        ("chú ơi cho tôi hỏi chứng thực chữ ký", "signature"),  # "chú" with its marks is filler
        ("bạn ơi làm bản sao ở đâu", "copy"),
    ],
)
def test_filler_words_never_remove_a_word_that_differs_only_by_marks(query: str, first: str) -> None:
    wanted = {"signature": "chữ ký", "copy": "bản sao"}[first]
    top = INDEX.search(query, 1)[0].procedure
    assert wanted in top.name.vi.lower(), (query, top.name.vi)


@pytest.mark.parametrize("typed", ["c", "ch", "chữ", "chữ k", "chữ ký", "kh", "khai s", "bả", "bản s"])
def test_a_word_being_typed_never_ends_in_nothing_found(typed: str) -> None:
    assert INDEX.search(typed, 5, typing=True), typed


def test_the_letters_typed_so_far_lead_to_the_procedure() -> None:
    names = [hit.procedure.name.vi for hit in INDEX.search("chữ k", 1, typing=True)]
    assert names and "chữ ký" in names[0]
    names = [hit.procedure.name.vi for hit in INDEX.search("khai s", 3, typing=True)]
    assert "Đăng ký khai sinh" in names
