"""The copy register's tables exist in a new store (their drift is checked by
test_schema_matches_models)."""

from sqlalchemy import inspect

PRINTING_TABLES = {"cabinets", "print_jobs", "paper_copies", "copy_events", "security_incidents"}


def test_store_opens_with_the_printing_tables(ctx):
    # REQ: SEC-5
    names = set(inspect(ctx.store.engine).get_table_names())
    assert names >= PRINTING_TABLES
