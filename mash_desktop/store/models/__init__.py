"""ORM models. Importing this package registers every table on ``Base.metadata``."""

from mash_desktop.store.models.accounts import Agency, Setting, User
from mash_desktop.store.models.audit import AuditEntry
from mash_desktop.store.models.base import Base
from mash_desktop.store.models.contacts import Contact, ContactDraft, PersonLink, Subject
from mash_desktop.store.models.copies import Cabinet, CopyEventRow, PaperCopy, PrintJob
from mash_desktop.store.models.drafts import FormDraft
from mash_desktop.store.models.governance import (
    AgreementAcknowledgement,
    AgreementSignatory,
    AgreementVersion,
    DestructionProposal,
    GovernanceConcern,
    LegalHold,
)
from mash_desktop.store.models.incidents import SecurityIncident
from mash_desktop.store.models.research import (
    Disclosure,
    FindingAmendment,
    IntelligencePackage,
    PackageItem,
    PermissionRequest,
    ResearchFinding,
    ResearchRequest,
    ResearchSystemsChecked,
    SharingDecision,
    WithholdReversal,
)
from mash_desktop.store.models.rights import (
    PersonRight,
    SubjectAccessItem,
    SubjectAccessRedaction,
    SubjectAccessRequest,
    SubjectAccessSubject,
)
from mash_desktop.store.models.strategy import (
    StrategyAction,
    StrategyActionFeedback,
    StrategyAttendee,
    StrategyConferenceRequest,
    StrategyCopy,
    StrategyDiscussion,
    StrategyEscalation,
    StrategyInvitation,
    StrategyMissingReason,
    StrategyOutcomeFeedback,
)

__all__ = [
    "Agency",
    "AgreementAcknowledgement",
    "AgreementSignatory",
    "AgreementVersion",
    "AuditEntry",
    "Base",
    "Cabinet",
    "Contact",
    "ContactDraft",
    "CopyEventRow",
    "DestructionProposal",
    "Disclosure",
    "FindingAmendment",
    "FormDraft",
    "GovernanceConcern",
    "IntelligencePackage",
    "LegalHold",
    "PackageItem",
    "PaperCopy",
    "PermissionRequest",
    "PersonLink",
    "PersonRight",
    "PrintJob",
    "ResearchFinding",
    "ResearchRequest",
    "ResearchSystemsChecked",
    "SecurityIncident",
    "Setting",
    "SharingDecision",
    "StrategyAction",
    "StrategyActionFeedback",
    "StrategyAttendee",
    "StrategyConferenceRequest",
    "StrategyCopy",
    "StrategyDiscussion",
    "StrategyEscalation",
    "StrategyInvitation",
    "StrategyMissingReason",
    "StrategyOutcomeFeedback",
    "Subject",
    "SubjectAccessItem",
    "SubjectAccessRedaction",
    "SubjectAccessRequest",
    "SubjectAccessSubject",
    "User",
    "WithholdReversal",
]
