"""Password policy (SEC-7), after the NCSC's password guidance: length over complexity, no
composition rules and no expiry, but the most common passwords (and the user's own name)
refused. Plain rules; the list of common passwords is shipped in resources."""

from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 256
_TRAILING = "0123456789!\"£$%^&*()-_=+[]{};:'@#~,.<>/?\\| "
# Runs along the alphabet, the digits or a UK keyboard (rows, and columns walked down and
# up): 'abcdefghij', '1q2w3e4r5t', 'zaq12wsxcde' are as guessable as any listed password.
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p;/",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
)
MIN_RUN = 6  # a run this long or longer, forwards or backwards, is most of a password


def _is_run(lowered: str) -> bool:
    if len(lowered) < MIN_RUN:
        return False
    return any(lowered in run or lowered in run[::-1] for run in _RUNS)


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
    symbols_off = lowered.rstrip(_TRAILING[10:])  # '0987654321!' is the digits run
    if any(_is_run(form) for form in (lowered, symbols_off, base_form(password))):
        return "A run of letters, digits or keys is easy to guess. Three random words are not."
    squashed = lowered.replace(" ", "").replace(".", "").replace("-", "")
    for name in (username.lower(), *full_name.lower().split()):
        name = name.replace(".", "")
        if len(name) >= 3 and name in squashed:
            return "Do not use your name or user name in your password."
    return None
