"""Agencies on screen by name, never by code (issue 13: "LA-DORSET", "POLICE" are codes).

The names are read once when a session starts (``remember``); a table column or a heading
calls ``agency_words(code)``. A code unknown here (an agency added during this session) is
shown as it is until the next log-in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_NAMES: dict[str, str] = {}


def remember(names: Mapping[str, str]) -> None:
    _NAMES.update(names)


def agency_words(code: str | None) -> str:
    if not code:
        return ""
    return _NAMES.get(code, code)


def agencies_words(codes: Iterable[str]) -> str:
    return ", ".join(agency_words(c) for c in codes)


def known_agencies() -> Mapping[str, str]:
    """Code -> name of every agency this session knows (for audit details)."""
    return _NAMES
