"""Use cases. Every call takes the acting user; every read of personal data and every change
leaves an audit entry, committed in the same transaction, before the data is returned."""

# Refusals are written to the audit trail by services/refusals.py, registered on import.
from mash_desktop.services import refusals as _refusals  # noqa: F401
