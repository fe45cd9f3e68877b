"""Input that cannot be stored as given gets a clear answer naming its field.

Text with a lone surrogate (half of a character, often from a broken copy and paste) cannot
be written as UTF-8; control characters other than tab and line breaks are invisible and
change what a printed record says; a time without a time zone is ambiguous by an hour around
the clock change. Each is refused with a message for the field, never stored or guessed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import datetime
from enum import Enum

# C0 and C1 controls except tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

BROKEN_TEXT = (
    "This text contains a broken character that cannot be saved (often left by copying "
    "from another program): retype the part that looks wrong."
)
CONTROL_TEXT = (
    "This text contains an invisible control character that cannot be saved: "
    "retype it or paste it as plain text."
)
NAIVE_TIME = "Give the time with its time zone (UK time is assumed nowhere)."


def text_problem(text: str) -> str | None:
    if _SURROGATE.search(text):
        return BROKEN_TEXT
    if _CONTROL.search(text):
        return CONTROL_TEXT
    return None


def length_problem(text: str, limit: int | None) -> str | None:
    """A text longer than its field holds: the same answer on both engines (PostgreSQL
    refuses it, SQLite would keep it)."""
    if limit is not None and len(text) > limit:
        return f"Too long: at most {limit} characters ({len(text)} typed)."
    return None


def time_problem(at: datetime) -> str | None:
    return NAIVE_TIME if at.tzinfo is None or at.utcoffset() is None else None


def input_problems(
    value: object, name: str = "", aliases: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Field name -> message for every text or time in ``value`` (a dataclass, sequence,
    mapping or plain value) that cannot be stored. Nested names join with dots and list
    positions (``child.0.first_name``); ``aliases`` renames fields to the form's names."""
    aliases = aliases or {}
    problems: dict[str, str] = {}

    def visit(item: object, path: str) -> None:
        if isinstance(item, Enum):
            return
        if isinstance(item, str):
            problem = text_problem(item)
        elif isinstance(item, datetime):
            problem = time_problem(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                visit(getattr(item, f.name), _join(path, aliases.get(f.name, f.name)))
            return
        elif isinstance(item, Mapping):
            for key, sub in item.items():
                visit(sub, _join(path, str(key)))
            return
        elif isinstance(item, list | tuple | set | frozenset):
            for n, sub in enumerate(item):
                visit(sub, _join(path, str(n)))
            return
        else:
            return
        if problem and path not in problems:
            problems[path or "value"] = problem

    visit(value, name)
    return problems


def _join(path: str, part: str) -> str:
    return f"{path}.{part}" if path else part
