"""Replies composed from the procedure catalogue and engine: the same facts as the guided flow.

Vietnamese and English sentences live here, not in Qt's translation files,
because the command line answers too and must not load Qt. Korean exists
only so the Korean speech model can drive the end-to-end test; it is answered
in English.
"""

from __future__ import annotations

from kiosk_app.assistant.understand import Understanding
from kiosk_app.catalogue.catalogue import Catalogue
from kiosk_app.catalogue.conditions import holds
from kiosk_app.catalogue.model import Procedure
from kiosk_app.money import amount_text

PHRASES: dict[str, dict[str, str]] = {
    "vi": {
        "unknown": "Xin lỗi, tôi chưa nghe rõ. Bạn muốn làm gì? Bạn có thể chọn bên dưới.",
        "which": "Bạn hỏi về thủ tục nào? Hãy nói tên thủ tục, ví dụ “đăng ký khai sinh”.",
        "open": "Mở hướng dẫn: {name}.",
        "fee_free": "{name}: không mất lệ phí.",
        "fee": "{name}: lệ phí {amount}.",
        "fee_depends": "{name}: lệ phí tùy theo hồ sơ, từ {amount}. Mở hướng dẫn để tính đúng cho bạn.",
        "fee_depends_free": "{name}: nhiều trường hợp không mất lệ phí; mở hướng dẫn để biết"
        " trường hợp của bạn.",
        "time_same_day": "{name}: trả kết quả trong ngày làm việc.",
        "time": "{name}: {days} ngày làm việc.",
        "documents": "{name}: cần mang {list}.",
        "documents_more": " Tùy trường hợp có thể cần thêm giấy tờ; mở hướng dẫn để biết đủ.",
        "location": "{name}: nộp hồ sơ tại quầy số {counter}.",
        "status": "Tra cứu hồ sơ {code}.",
        "status_ask": "Mở tra cứu hồ sơ. Hãy quét giấy hẹn hoặc nhập mã hồ sơ.",
        "ticket": "Mở màn hình lấy số thứ tự.",
        "home": "Về màn hình chính.",
        "back": "Quay lại.",
        "repeat": "Tôi nhắc lại.",
        "help": "Bạn có thể hỏi: lệ phí, thời gian, giấy tờ cần mang, nộp ở đâu, hoặc tra cứu hồ sơ.",
        "language": "Đổi ngôn ngữ.",
        "staff": "Xin mời đến quầy số {counter}, cán bộ sẽ giúp bạn.",
        "money_free": "miễn phí",
        "and": "và",
    },
    "en": {
        "unknown": "Sorry, I did not catch that. What would you like to do? You can choose below.",
        "which": "Which procedure do you mean? Say its name, for example “birth registration”.",
        "open": "Opening the guide: {name}.",
        "fee_free": "{name}: there is no fee.",
        "fee": "{name}: the fee is {amount}.",
        "fee_depends": "{name}: the fee depends on your case, from {amount}. Open the guide to work it out.",
        "fee_depends_free": "{name}: free in many cases; open the guide to see what applies to you.",
        "time_same_day": "{name}: the result is ready the same working day.",
        "time": "{name}: {days} working days.",
        "documents": "{name}: bring {list}.",
        "documents_more": " Some cases need more papers; open the guide for the full list.",
        "location": "{name}: hand in your papers at counter {counter}.",
        "status": "Looking up dossier {code}.",
        "status_ask": "Opening dossier status. Scan your appointment slip or type its code.",
        "ticket": "Opening the queue ticket screen.",
        "home": "Going to the home screen.",
        "back": "Going back.",
        "repeat": "Here it is again.",
        "help": "You can ask about fees, time, papers to bring, where to go, or your dossier's status.",
        "language": "Changing the language.",
        "staff": "Please go to counter {counter}; a staff member will help you.",
        "money_free": "free",
        "and": "and",
    },
}


def _phrases(language: str) -> dict[str, str]:
    return PHRASES.get(language, PHRASES["en"])


def money(amount: int, language: str) -> str:
    if amount == 0:
        return _phrases(language)["money_free"]
    return amount_text(amount, language)


def _name(procedure: Procedure, language: str) -> str:
    return procedure.name.get(language if language in ("vi", "en") else "en")


def reply(
    understanding: Understanding, catalogue: Catalogue | None, language: str, *, help_counter: int
) -> str:
    """What the kiosk says back; facts from the catalogue and the engine, never invented."""
    say = _phrases(language)
    text_language = language if language in ("vi", "en") else "en"
    intent = understanding.intent
    code = understanding.slots.get("procedure")
    procedure = catalogue.procedures.get(code) if catalogue is not None and code else None
    if intent == "unknown":
        return say["unknown"]
    if intent in ("open_procedure", "ask_fee", "ask_time", "ask_documents", "ask_location"):
        if procedure is None:
            return say["which"]
        name = _name(procedure, text_language)
        if intent == "open_procedure":
            return say["open"].format(name=name)
        if intent == "ask_fee":
            return _fee(procedure, name, say, text_language)
        if intent == "ask_time":
            days = procedure.processing.working_days
            return (
                say["time_same_day"].format(name=name)
                if days == 0
                else say["time"].format(name=name, days=days)
            )
        if intent == "ask_documents":
            return _documents(procedure, name, say, text_language)
        return say["location"].format(name=name, counter=procedure.counter)
    if intent == "check_status":
        dossier = understanding.slots.get("dossier_code")
        return say["status"].format(code=dossier) if dossier else say["status_ask"]
    simple = {
        "take_ticket": "ticket", "go_home": "home", "go_back": "back", "repeat": "repeat",
        "help": "help", "change_language": "language",
    }  # fmt: skip
    if intent in simple:
        return say[simple[intent]]
    counter = understanding.slots.get("counter", help_counter)
    return say["staff"].format(counter=counter)


def _fee(procedure: Procedure, name: str, say: dict[str, str], language: str) -> str:
    fixed = [f for f in procedure.fees if f.when is None and f.per_unit_of is None and f.times is None]
    base = sum(f.amount for f in fixed)
    if len(fixed) != len(procedure.fees):
        # The cheapest case: conditional fees may not apply; per-unit fees count one unit.
        lowest = base + sum(
            f.tiers[0].each if f.tiers else f.amount
            for f in procedure.fees
            if f.when is None and f.per_unit_of is not None
        )
        if lowest == 0:
            return say["fee_depends_free"].format(name=name)
        return say["fee_depends"].format(name=name, amount=money(lowest, language))
    if base == 0:
        return say["fee_free"].format(name=name)
    return say["fee"].format(name=name, amount=money(base, language))


def _documents(procedure: Procedure, name: str, say: dict[str, str], language: str) -> str:
    # The documents every case needs: those with no condition (the engine's rule for no answers).
    needed = [d for d in procedure.documents if holds(d.when, {})]
    names = [d.name.get(language) for d in needed]
    listed = ", ".join(names[:-1]) + f" {say['and']} {names[-1]}" if len(names) > 1 else "".join(names)
    text = say["documents"].format(name=name, list=listed)
    if len(needed) != len(procedure.documents):
        text += say["documents_more"]
    return text
