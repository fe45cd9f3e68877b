"""ORM models. Importing this package registers every table on ``Base.metadata``."""

from mash_desktop.store.models.accounts import Agency, Setting, User
from mash_desktop.store.models.audit import AuditEntry
from mash_desktop.store.models.base import Base
from mash_desktop.store.models.contacts import Contact, Subject
from mash_desktop.store.models.queue import ContactDraft, PersonLink

__all__ = [
    "Agency",
    "AuditEntry",
    "Base",
    "Contact",
    "ContactDraft",
    "PersonLink",
    "Setting",
    "Subject",
    "User",
]
