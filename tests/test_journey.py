"""The citizen's shortest way: most asked procedures one tap from home, lists ordered by use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.catalogue.model import Procedure
from kiosk_app.composition import KioskServices
from kiosk_app.destinations import Category
from kiosk_app.procedure_use import ProcedureUse
from kiosk_app.session import Preferences
from kiosk_app.store import Store
from tests.catalogue_helpers import shipped
from tests.ui_helpers import tap
from ui.launcher import KioskRuntime
from ui.screens.base import ScreenId
from ui.screens.home import HomeScreen
from ui.screens.procedures import CategoryScreen

BIRTH, DEATH, MARRIAGE, COPY = "1.001193", "1.000656", "1.000894", "2.000815.000.00.00.H29"


def procedures() -> list[Procedure]:
    return list(shipped().procedures.values())


def test_the_centres_list_comes_first_then_what_citizens_begin_then_the_name(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "kiosk.sqlite3")
    use = ProcedureUse(store, [COPY, BIRTH])
    for _ in range(3):
        use.begun(DEATH)
    use.begun(MARRIAGE)
    codes = [p.code for p in use.ordered(procedures())]
    assert codes[:4] == [COPY, BIRTH, DEATH, MARRIAGE]
    rest = use.ordered(procedures())[4:]
    assert [p.name.vi for p in rest] == sorted(p.name.vi for p in rest)
    assert [p.code for p in use.most_asked(procedures(), 10)] == [COPY, BIRTH, DEATH, MARRIAGE]
    # The counts are kept: a restart orders the same way.
    store.close()
    again = ProcedureUse(Store.open(tmp_path / "kiosk.sqlite3"), [])
    assert [p.code for p in again.ordered(procedures())][:2] == [DEATH, MARRIAGE]


def test_a_most_asked_procedure_is_two_taps_from_the_attract_screen(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_vi"))  # tap 1
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    shown = [b.objectName() for b in home.common_buttons]
    assert shown == [f"common_{code}" for code in services.settings.catalogue.common[:10]]  # all ten
    birth = next(b for b in home.common_buttons if b.objectName() == f"common_{BIRTH}")
    tap(qtbot, birth)  # tap 2
    assert window.current is ScreenId.QUESTION
    flow = services.guide.flow
    assert flow is not None and flow.procedure.code == BIRTH and flow.answers == {}


def test_lists_put_what_is_begun_most_first(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    services.session.touch()
    category = services.catalogue.catalogue.in_category("civil_status")
    last = sorted(category, key=lambda p: p.name.vi)[-1]
    assert last.code not in services.settings.catalogue.common  # else the test would show nothing
    for _ in range(50):
        services.use.begun(last.code)
    window.go(Category("civil_status"))
    screen = window.current_screen
    assert isinstance(screen, CategoryScreen)
    names = [item.objectName() for item in screen.list.items]
    common = [f"procedure_{c}" for c in services.settings.catalogue.common]
    first_uncommon = next(n for n in names if n not in common)
    assert first_uncommon == f"procedure_{last.code}"


def test_large_text_in_landscape_keeps_tile_titles_and_drops_their_hints(
    qtbot: QtBot, runtime: KioskRuntime, services: KioskServices
) -> None:
    window = runtime.window
    window.resize(1920, 1080)
    window.show()
    tap(qtbot, window.screens[ScreenId.ATTRACT].findChild(QPushButton, "start_en"))
    home = window.screens[ScreenId.HOME]
    assert isinstance(home, HomeScreen)
    assert all(tile.subtitle.isVisible() for tile in home.tiles.values())
    services.session.set_preferences(Preferences("en", True, False, False))
    assert not any(tile.subtitle.isVisible() for tile in home.tiles.values())
    services.session.set_preferences(Preferences("en", False, False, False))
    assert all(tile.subtitle.isVisible() for tile in home.tiles.values())
