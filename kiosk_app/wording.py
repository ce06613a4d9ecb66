"""The one way each fact is worded, for the screens, the receipts and the assistant alike.

Money or "free", the counter of a procedure, the help counter, working days,
dates, a procedure's fee in one line and how it can be submitted: each has one
function here, in the catalogue's words (``kiosk_app.messages``).
"""

from __future__ import annotations

from datetime import date

from kiosk_app.catalogue.model import Procedure
from kiosk_app.messages import Texts
from kiosk_app.money import amount_text
from kiosk_app.settings import SiteSettings

_WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def price(amount: int, texts: Texts, *, short: bool = False) -> str:
    """An amount of đồng, or "Free" for nothing; ``short`` for the narrow receipt."""
    if amount == 0:
        return texts.tr("Free")
    return amount_text(amount, texts.language, short=short)


def counter_label(site: SiteSettings, number: int, texts: Texts) -> str:
    counter = site.counter(number)
    if counter is None:
        return texts.tr("Counter {number}", number=number)
    return texts.tr("Counter {number} ({name})", number=number, name=counter.name(texts.language))


def help_counter_text(site: SiteSettings, texts: Texts) -> str:
    """Where a citizen goes when the kiosk cannot help: the site's information counter."""
    counter = site.counter(site.help_counter)
    if counter is None:
        return texts.tr("Please ask at counter {number}.", number=site.help_counter)
    return texts.tr(
        "Please ask at counter {number} ({name}).", number=counter.number, name=counter.name(texts.language)
    )


def processing_time(working_days: int, texts: Texts) -> str:
    if working_days == 0:
        return texts.tr("The same working day")
    return texts.ntr("{n} working day", "{n} working days", working_days)


def day(value: date, texts: Texts) -> str:
    if texts.language == "vi":
        return f"{_WEEKDAYS_VI[value.weekday()]}, {value.day:02d}/{value.month:02d}/{value.year}"
    return value.strftime("%A %d %B %Y")


def fee_summary(procedure: Procedure, texts: Texts) -> str:
    """The fee in one line, before any question is answered."""
    fixed = procedure.fixed_fee
    if fixed is None:
        return texts.tr("Depends on your answers; shown on your checklist")
    return price(fixed, texts)


def channels_text(procedure: Procedure, texts: Texts) -> str:
    names = {
        "in_person": texts.tr("in person"),
        "online": texts.tr("online"),
        "post": texts.tr("by post"),
    }
    if procedure.online == "none" and tuple(procedure.channels) == ("in_person",):
        return texts.tr("In person only.")  # said once, not "Submit in person. In person only."
    listed = ", ".join(names[channel] for channel in procedure.channels)
    if procedure.online == "none":
        return texts.tr("Submit {channels}.", channels=listed)
    online = {
        "full": texts.tr("Can be done fully online."),
        "partial": texts.tr("Can be started online; some steps are in person."),
    }[procedure.online]
    return texts.tr("Submit {channels}. {online}", channels=listed, online=online)
