"""Password policy (SEC-7), after the NCSC's password guidance: length over complexity, no
composition rules and no expiry, but the most common passwords (and the user's own name)
refused. Plain rules; the list of common passwords is shipped in resources."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 256
_TRAILING = "0123456789!\"£$%^&*()-_=+[]{};:'@#~,.<>/?\\| "


def base_form(password: str) -> str:
    """'Password2026!' -> 'password': what people add to a common word does not hide it."""
    return password.lower().rstrip(_TRAILING)


def password_problem(
    password: str, common: frozenset[str], username: str = "", full_name: str = ""
) -> str | None:
    """Why this password is refused, in plain words; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return (
            f"Use at least {MIN_LENGTH} characters. Three random words make a long password "
            "that is easy to remember."
        )
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if len(set(password)) <= 2:
        return "Use more than one or two different characters."
    lowered = password.lower()
    if lowered in common or base_form(password) in common:
        return "This is one of the most commonly used passwords. Choose another."
    squashed = lowered.replace(" ", "").replace(".", "").replace("-", "")
    for name in (username.lower(), *full_name.lower().split()):
        name = name.replace(".", "")
        if len(name) >= 3 and name in squashed:
            return "Do not use your name or user name in your password."
    return None
