"""ORM models. Importing this package registers every table on ``Base.metadata``."""

from mash_desktop.store.models.accounts import Agency, Setting, User
from mash_desktop.store.models.audit import AuditEntry
from mash_desktop.store.models.base import Base
from mash_desktop.store.models.contacts import Contact, Subject
from mash_desktop.store.models.printing import (
    Cabinet,
    CopyEventRow,
    PaperCopy,
    PrintJob,
    SecurityIncident,
)

__all__ = [
    "Agency",
    "AuditEntry",
    "Base",
    "Cabinet",
    "Contact",
    "CopyEventRow",
    "PaperCopy",
    "PrintJob",
    "SecurityIncident",
    "Setting",
    "Subject",
    "User",
]
