"""A phrase staff teach in a procedure script works in search and in the assistant after a publish, no restart."""

from __future__ import annotations

from kiosk_app.composition import KioskServices

SCRIPT = "household-business.yaml"
TAUGHT_VI = "ép nước mía"  # a sugarcane-juice stall; no shipped script or example knows these words
TAUGHT_EN = "sugarcane press"  # no shipped script knows these words either


def test_a_taught_phrase_is_understood_after_publishing(services: KioskServices) -> None:
    catalogue = services.catalogue
    assistant = services.voice.assistant()
    question_vi = f"tôi muốn {TAUGHT_VI} trước nhà"
    assert assistant.ask(question_vi, "vi").understanding.intent == "unknown"
    assert all(hit.procedure.code != "2.000575" for hit in catalogue.search(TAUGHT_EN)[:1])
    source = (catalogue.folder / SCRIPT).read_text(encoding="utf-8")
    taught = source.replace(
        "also_known_as:\n  vi: [",
        f"also_known_as:\n  vi: [{TAUGHT_VI}, ",
    ).replace("  en: [business licence,", f"  en: [{TAUGHT_EN}, business licence,")
    assert taught != source
    assert catalogue.publish(SCRIPT, taught.encode("utf-8")) == []
    # Same services, no restart: search and the assistant read the published script.
    hits = catalogue.search(TAUGHT_EN)
    assert hits and hits[0].procedure.code == "2.000575"
    understood = services.voice.assistant().ask(question_vi, "vi").understanding
    assert understood.intent == "open_procedure" and understood.slots["procedure"] == "2.000575"
    english = services.voice.assistant().ask(f"I want to start a {TAUGHT_EN}", "en").understanding
    assert english.slots.get("procedure") == "2.000575"
