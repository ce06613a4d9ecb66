"""The touch-first look: one stylesheet, three switches.

Sizes are in pixels for a 1080p panel seen from about 60 cm: body text 28 px,
titles 48 px, and no touch target below 72 px (well over the 44-48 px minimum,
because elderly hands and gloved fingers miss). Large text scales type by 1.35;
high contrast is white and yellow on black (well above WCAG AAA's 7:1).
Widgets pick their look with a ``role`` property, never with inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_TARGET_PX = 72
FONT_FAMILIES = '"Noto Sans", "DejaVu Sans", sans-serif'


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    accent: str
    border: str  # outlines of buttons, keys, rows, tiles and fields: at least 3:1 to the page
    focus: str
    danger: str
    success: str  # a good verdict (a valid licence); never the only sign: the words say it too
    pressed: str  # a pressed control's background: light, so its text stays readable
    banner: str  # the notice banner's background (black text on it)
    disabled: str  # a disabled control's background


# Contrast (WCAG 2.2): text at least 4.5:1 to what it sits on (1.4.3), outlines and
# other non-text parts at least 3:1 to the page and the surface (1.4.11). The test
# tests/test_theme.py computes every pair from these colours.
STANDARD = Palette(
    background="#eef2f7",
    surface="#ffffff",
    text="#14213d",
    muted="#4a5568",
    primary="#0b4f9c",
    on_primary="#ffffff",
    accent="#c8102e",
    border="#6b7a90",
    focus="#b35c00",
    danger="#a4000f",
    success="#146c2e",
    pressed="#d5deea",
    banner="#f5a300",
    disabled="#e2e7ee",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    primary="#ffd400",
    on_primary="#000000",
    accent="#ffd400",
    border="#ffffff",
    focus="#00e5ff",
    danger="#ff6b6b",
    success="#66ff66",
    pressed="#333333",
    banner="#ffd400",
    disabled="#000000",
)


def palette(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else STANDARD


def stylesheet(*, large_text: bool, high_contrast: bool) -> str:
    p = palette(high_contrast)
    scale = 1.35 if large_text else 1.0

    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    def tile_px(size: float) -> str:
        # Tiles share a fixed screen: their text grows less, so a two-line title and
        # its hint still fit the tile with large text on (the home screen's six).
        return f"{round(size * (1 + (scale - 1) / 2))}px"

    border_w = 3 if high_contrast else 2
    return f"""
* {{ font-family: {FONT_FAMILIES}; color: {p.text}; }}
#KioskFrame, #KioskWindow, QStackedWidget, QWidget[role="screen"] {{ background: {p.background}; }}
QLabel {{ font-size: {px(28)}; background: transparent; }}
QLabel[role="title"] {{ font-size: {px(48)}; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {px(32)}; color: {p.muted}; }}
QLabel[role="body"] {{ font-size: {px(28)}; }}
QLabel[role="hint"] {{ font-size: {px(24)}; color: {p.muted}; }}
QLabel[role="notice"] {{
    font-size: {px(28)}; background: {p.surface}; border: {border_w}px solid {p.primary};
    border-radius: 12px; padding: 20px;
}}
QLabel[role="error"] {{ font-size: {px(28)}; color: {p.danger}; font-weight: 700; }}
QLabel[role="verdict-good"] {{ font-size: {px(48)}; font-weight: 800; color: {p.success}; }}
QLabel[role="verdict-bad"] {{ font-size: {px(48)}; font-weight: 800; color: {p.danger}; }}
QLabel[role="attract-title"] {{ font-size: {px(64)}; font-weight: 800; color: {p.primary}; }}
QLabel[role="attract-second"] {{ font-size: {px(40)}; color: {p.muted}; }}
QLabel[role="countdown"] {{ font-size: {px(96)}; font-weight: 800; color: {p.accent}; }}
QLabel[role="pin-display"] {{
    font-size: {px(56)}; letter-spacing: 12px; background: {p.surface};
    border: {border_w}px solid {p.border}; border-radius: 12px; padding: 12px;
}}
QLabel[role="number-display"] {{
    font-size: {px(56)}; font-weight: 700; background: {p.surface};
    border: {border_w}px solid {p.border}; border-radius: 12px; padding: 12px;
}}
QWidget[role="header"] {{ background: {p.primary}; }}
QWidget[role="header"] QLabel {{ color: {p.on_primary}; }}
QLabel[role="header-title"] {{ font-size: {px(30)}; font-weight: 700; color: {p.on_primary}; }}
QLabel[role="header-sub"] {{ font-size: {px(22)}; color: {p.on_primary}; }}
QLabel[role="banner"] {{
    font-size: {px(28)}; font-weight: 600; background: {p.banner}; color: #000000; padding: 16px 32px;
}}
QWidget[role="navbar"] {{ background: {p.surface}; border-top: {border_w}px solid {p.border}; }}
QWidget[role="card"] {{
    background: {p.surface}; border: {border_w}px solid {p.border}; border-radius: 20px;
}}
QPushButton {{
    min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px; font-size: {px(28)};
    background: {p.surface}; color: {p.text}; border: {border_w}px solid {p.border};
    border-radius: 14px; padding: 8px 20px;
}}
QPushButton:pressed {{ background: {p.pressed}; }}
QPushButton:focus {{ border: {border_w + 1}px solid {p.focus}; }}
QPushButton:disabled {{ color: {p.muted}; background: {p.disabled}; border-style: dashed; }}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; font-weight: 700;
}}
QPushButton[role="primary"]:pressed {{ background: {p.text}; }}
QPushButton[role="primary"]:disabled {{
    background: {p.disabled}; color: {p.muted}; border: {border_w}px dashed {p.border}; font-weight: 400;
}}
QPushButton[wide="true"] {{ min-width: 320px; }}
QPushButton[emphasis="big"] {{ min-height: {round(110 * scale)}px; font-size: {px(34)}; }}
QPushButton[role="tile"] {{
    padding: 0px; background: {p.surface}; border: {border_w}px solid {p.border};
    border-radius: 20px; min-height: {tile_px(120)};
}}
QPushButton[role="tile"]:checked {{ background: {p.pressed}; border: {border_w + 2}px solid {p.primary}; }}
QPushButton[role="list-item"] {{
    padding: 0px; background: {p.surface}; border: {border_w}px solid {p.border};
    border-radius: 16px; min-height: {round(88 * scale)}px;
}}
QPushButton[role="list-item"]:pressed {{ background: {p.pressed}; }}
QPushButton[role="list-item"] QLabel[role="tile-title"] {{ font-size: {px(30)}; }}
QLabel[role="fact-name"] {{ font-size: {px(28)}; font-weight: 700; color: {p.muted}; }}
QLabel[role="receipt"] {{
    font-size: {px(20)}; background: #ffffff; color: #000000; border: 2px solid {p.border};
    padding: 24px;
}}
QLabel[role="tile-title"] {{ font-size: {tile_px(38)}; font-weight: 700; color: {p.primary}; }}
QPushButton[role="tile"] QLabel[role="hint"] {{ font-size: {tile_px(24)}; }}
QPushButton[role="tile"]:pressed {{ background: {p.pressed}; }}
QPushButton[role="quick"] {{
    font-size: {tile_px(26)}; font-weight: 700; color: {p.primary}; padding: 8px 12px;
}}
QLabel[role="quick-title"] {{ font-size: {tile_px(26)}; font-weight: 700; color: {p.primary}; }}
QPushButton[role="nav"] {{ font-size: {px(26)}; font-weight: 600; min-width: {round(150 * scale)}px; }}
/* The focus ring is 1 px wider; the padding gives that pixel back, so a focused label is not cut. */
QPushButton[role="nav"]:focus {{ padding: 7px 19px; }}
QPushButton[role="toggle"] {{ font-size: {px(24)}; }}
QPushButton[role="toggle"]:checked {{
    background: {p.primary}; color: {p.on_primary}; border-color: {p.primary};
}}
QPushButton[role="choice"]:checked {{
    background: {p.primary}; color: {p.on_primary}; border-color: {p.primary}; font-weight: 700;
}}
QPushButton[role="face"] {{
    min-height: 170px; background: {p.surface}; border: {border_w}px solid {p.border};
    border-radius: 20px; font-size: {px(28)}; font-weight: 700;
}}
QPushButton[role="face"]:checked {{ background: {p.pressed}; border: {border_w + 3}px solid {p.primary}; }}
QPushButton[role="key"] {{
    font-size: {px(30)}; font-weight: 600; padding: 2px; min-height: 56px; min-width: 56px;
}}
QPushButton[role="quiet"] {{
    font-size: {px(20)}; color: {p.muted}; background: transparent; border-color: transparent;
}}
QScrollBar:vertical {{ width: 28px; background: {p.background}; }}
QScrollBar::handle:vertical {{ background: {p.border}; border-radius: 14px; min-height: 80px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
QPlainTextEdit {{
    font-family: "DejaVu Sans Mono", monospace; font-size: {px(20)}; background: {p.surface};
    border: {border_w}px solid {p.border}; border-radius: 8px;
}}
QLineEdit {{
    font-size: {px(36)}; min-height: {MIN_TARGET_PX}px; padding: 4px 16px; background: {p.surface};
    border: {border_w}px solid {p.border}; border-radius: 12px; placeholder-text-color: {p.muted};
}}
QLineEdit:focus {{ border-color: {p.focus}; }}
QPushButton[role="mic"] {{
    background: {p.accent}; color: {p.on_primary}; border-color: {p.accent}; font-weight: 800;
    font-size: {px(34)}; border-radius: 40px;
}}
QPushButton[role="mic"][listening="true"] {{ background: {p.danger}; border-color: {p.danger}; }}
QProgressBar[role="level"] {{
    min-height: 18px; max-height: 18px; border: {border_w}px solid {p.border}; border-radius: 9px;
    background: {p.surface};
}}
QProgressBar[role="level"]::chunk {{ background: {p.accent}; border-radius: 8px; }}
QLabel[role="reply"] {{
    font-size: {tile_px(32)}; font-weight: 600; background: {p.surface};
    border: {border_w}px solid {p.border}; border-radius: 16px; padding: 16px 24px;
}}
QWidget[role="overlay-card"] {{
    background: {p.surface}; border: {border_w + 1}px solid {p.accent}; border-radius: 24px;
}}
"""
