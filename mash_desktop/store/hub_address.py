"""Whether a ``--db`` value names a hub server rather than a file. Kept apart from
hub_connection (which loads the PostgreSQL driver) so that a local start asks it for free."""

from __future__ import annotations

from pathlib import Path

HUB_DRIVERS = ("postgresql", "postgres", "postgresql+psycopg")


def is_hub_address(text_value: str | Path | None) -> bool:
    value = str(text_value or "")
    return any(value.startswith(f"{driver}:") for driver in HUB_DRIVERS)


def db_argument(value: str) -> Path | str:
    """A hub address stays text (a Path would fold its '//'); anything else is a file."""
    return value if is_hub_address(value) else Path(value)
