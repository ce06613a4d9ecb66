"""Money, days and dates the way each language writes them."""

from __future__ import annotations

from datetime import date

from kiosk_app.money import amount_text
from ui.i18n import translate


def money(amount: int, language: str) -> str:
    if amount == 0:
        return translate("Formatting", "Free")
    return amount_text(amount, language)


def processing_time(working_days: int) -> str:
    if working_days == 0:
        return translate("Formatting", "The same working day")
    if working_days == 1:
        return translate("Formatting", "1 working day")
    return translate("Formatting", "{days} working days").format(days=working_days)


def day(value: date, language: str) -> str:
    weekdays_vi = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
    if language == "vi":
        return f"{weekdays_vi[value.weekday()]}, {value.day:02d}/{value.month:02d}/{value.year}"
    return value.strftime("%A %d %B %Y")
