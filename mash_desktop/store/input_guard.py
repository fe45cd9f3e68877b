"""The last line for input no service checked: nothing unstorable reaches the file.

Before every flush, each text and time value being written is checked (domain.input_rules);
one that cannot be stored as given (or is longer than its column) ends the transaction as a ValidationError naming the
field, instead of a UnicodeEncodeError from the driver or a time silently taken as UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.input_rules import length_problem, text_problem, time_problem


def refuse_unstorable(session: Session, _context: Any, _instances: Any) -> None:
    problems: dict[str, str] = {}
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            for value in state.attrs[attr.key].history.added:
                problem = None
                if isinstance(value, str):
                    limit = getattr(attr.columns[0].type, "length", None)
                    problem = text_problem(value) or length_problem(value, limit)
                elif isinstance(value, datetime):
                    problem = time_problem(value)
                if problem:
                    problems.setdefault(attr.key, problem)
    if problems:
        raise ValidationError(
            "Some details cannot be saved as typed: see the marked fields.", problems
        )
