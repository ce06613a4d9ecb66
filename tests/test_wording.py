"""How the core words a procedure's facts: each fact said once, in the citizen's language."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk_app.messages import MessageCatalogue
from kiosk_app.wording import channels_text
from tests.catalogue_helpers import shipped

COPY = "2.000815.000.00.00.H29"


@pytest.mark.parametrize(
    ("channels", "online", "en", "vi"),
    [
        (("in_person",), "none", "In person only.", "Chỉ nộp trực tiếp."),
        (("in_person", "post"), "none", "Submit in person, by post.", "Nộp hồ sơ: trực tiếp, qua bưu chính."),
        (
            ("in_person", "online"),
            "partial",
            "Submit in person, online. Can be started online; some steps are in person.",
            None,
        ),
    ],
)
def test_how_to_submit_is_said_once(channels: tuple[str, ...], online: str, en: str, vi: str | None) -> None:
    procedure = dataclasses.replace(shipped().procedures[COPY], channels=channels, online=online)
    catalogue = MessageCatalogue()
    assert channels_text(procedure, catalogue.texts("en")) == en
    said_vi = channels_text(procedure, catalogue.texts("vi"))
    if vi is not None:
        assert said_vi == vi
    assert said_vi.count("trực tiếp") <= 2 and "In person" not in said_vi
