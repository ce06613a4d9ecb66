"""Amounts of Vietnamese đồng as each language writes them: 28.000 đồng, 28,000 VND."""

from __future__ import annotations


def amount_text(amount: int, language: str, *, short: bool = False) -> str:
    """The amount with its currency; ``short`` uses "đ" where space is tight (receipts).

    Saying "free" for zero is left to the caller, in its own words.
    """
    if language == "vi":
        return f"{amount:,}".replace(",", ".") + (" đ" if short else " đồng")
    return f"{amount:,} VND"
