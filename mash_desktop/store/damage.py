"""Telling a damaged page from data, on every transaction (past the open's full check).

When a page fails its HMAC, SQLCipher zeroes the page and hands the zeros to the read that
asked for it without an error, then refuses every later read from the file on that
connection. Where the zeroed page is the last overflow page of a long record, SQLite takes
the zeros as the record's tail: a date becomes NUL bytes, a narrative is cut. So before a
transaction is allowed to finish (and whenever it fails), one page is read from the file
itself, past the page cache: on a connection that met a damaged page that read fails, and
the transaction ends as DatabaseDamaged instead of handing zeros to a person.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from mash_desktop.store.errors import DatabaseDamaged

DAMAGED_IN_USE = (
    "The database file is damaged: a part of it failed its integrity check while it was "
    "being read, so nothing was shown or saved. Close MASH Desktop and restore the latest "
    "backup; 'mash-desktop check' lists the damaged pages."
)


def met_damage(session: Session) -> bool:
    """True when this session's connection has read a page that failed its HMAC."""
    if not session.in_transaction():
        return False
    try:
        conn = session.connection()
    except SQLAlchemyError:
        return False  # a transaction already failed for another reason: report that one
    try:
        # Drop unpinned pages from this connection's cache, so the next read comes from
        # the file through SQLCipher (alembic_version: a one-page table every store has).
        conn.exec_driver_sql("PRAGMA shrink_memory")
        conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except DBAPIError:
        conn.invalidate()  # the connection stays unusable: never hand it out again
        return True
    return False


def raise_if_damaged(session: Session, cause: BaseException | None = None) -> None:
    if met_damage(session):
        raise DatabaseDamaged(DAMAGED_IN_USE) from cause
