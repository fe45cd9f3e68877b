"""NHS numbers: ten digits, the last a modulus 11 check digit (NHS Data Dictionary)."""

from __future__ import annotations


def normalise_nhs_number(text: str) -> str:
    """Strip the spaces and dashes people type ('943 476 5919' -> '9434765919')."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can have them (11 - r = 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_valid(text: str) -> bool:
    """True for a ten-digit number whose last digit is its modulus 11 check digit."""
    number = normalise_nhs_number(text)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return nhs_check_digit(number[:9]) == int(number[9])
