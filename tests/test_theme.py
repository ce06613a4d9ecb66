"""Every colour pair the theme puts together is readable: WCAG 2.2 contrast, computed from the palettes."""

from __future__ import annotations

import pytest

from ui.theme import HIGH_CONTRAST, STANDARD, Palette

TEXT, NON_TEXT = 4.5, 3.0  # WCAG 1.4.3 (normal text) and 1.4.11 (outlines, controls)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def pairs(p: Palette) -> list[tuple[str, str, str, float]]:
    """(what, foreground, background, minimum) for every pairing in ui/theme.py's stylesheet."""
    return [
        ("text on the page", p.text, p.background, TEXT),
        ("text on a card, button or field", p.text, p.surface, TEXT),
        ("muted text (hints, placeholders) on the page", p.muted, p.background, TEXT),
        ("muted text on a field", p.muted, p.surface, TEXT),
        ("tile titles", p.primary, p.surface, TEXT),
        ("primary button text", p.on_primary, p.primary, TEXT),
        ("header text", p.on_primary, p.primary, TEXT),
        ("errors", p.danger, p.surface, TEXT),
        ("errors on the page", p.danger, p.background, TEXT),
        ("good verdicts", p.success, p.surface, TEXT),
        ("good verdicts on the page", p.success, p.background, TEXT),
        ("countdown", p.accent, p.surface, TEXT),
        ("microphone label", p.on_primary, p.accent, TEXT),
        ("text of a pressed button", p.text, p.pressed, TEXT),
        ("text of a disabled button", p.muted, p.disabled, TEXT),
        ("banner text", "#000000", p.banner, TEXT),
        ("outlines against the page", p.border, p.background, NON_TEXT),
        ("outlines against a card", p.border, p.surface, NON_TEXT),
        ("outline of a disabled button", p.border, p.disabled, NON_TEXT),
        ("focus ring against a card", p.focus, p.surface, NON_TEXT),
        ("focus ring against the page", p.focus, p.background, NON_TEXT),
        ("primary buttons against the page", p.primary, p.background, NON_TEXT),
        ("scroll bar handle against its track", p.border, p.background, NON_TEXT),
    ]


@pytest.mark.parametrize("theme", [STANDARD, HIGH_CONTRAST], ids=["standard", "high contrast"])
def test_every_colour_pair_is_readable(theme: Palette) -> None:
    poor = [
        f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, needs {need}:1"
        for what, fg, bg, need in pairs(theme)
        if contrast(fg, bg) < need
    ]
    assert not poor, "\n".join(poor)


def test_the_measure_is_right() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#b8c4d6", "#eef2f7") == pytest.approx(1.57, abs=0.01)  # the old outline
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
