"""What the hub-only migrations share: run a list of statements on PostgreSQL only, and put
back an earlier migration's function definitions on downgrade."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path

from alembic import op

VERSIONS = Path(__file__).with_name("versions")


def on_hub() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def run_on_hub(statements: Iterable[str]) -> None:
    """Each statement in turn on a hub; nothing on a local store."""
    if not on_hub():
        return
    for statement in statements:
        op.execute(statement)


def earlier_definitions(migration_file: str, *markers: str) -> list[str]:
    """The CREATE FUNCTION statements of an earlier migration that contain any marker, as
    CREATE OR REPLACE: a downgrade puts them back as they were."""
    spec = importlib.util.spec_from_file_location(
        f"mash_migration_{migration_file[:4]}", VERSIONS / migration_file
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [
        str(s).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        for s in module.UPGRADE
        if "CREATE FUNCTION" in s and any(m in s for m in markers)
    ]
