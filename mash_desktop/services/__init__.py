"""Use cases. Every call takes the acting user; every read of personal data and every change
leaves an audit entry, committed in the same transaction, before the data is returned."""
