"""Key recovery shares printed as controlled copies (SEC-10, SEC-5): one copy per named key
holder, registered before it is rendered and "sent" once rendered: like every copy, a share is
paper in its cabinet only when the administrator scans the printed sheet in (SEC-5). Kept apart from
``key_recovery`` so the print permissions table can name the share check without the copy
register importing itself back."""

from __future__ import annotations

from collections.abc import Sequence

import pypdfium2

from mash_desktop.printing.render import render_pdf
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.copies.register import CopyRegisterService, CopyRequest
from mash_desktop.services.copies.tracking import CopyTracking
from mash_desktop.services.governance.key_recovery import KeyRecoveryService

SHARE_PRINTER = "the administrator's printer (key share sheets)"


def print_shares(
    ctx: AppContext, admin: Actor, holders: Sequence[str], cabinet_id: int
) -> list[tuple[str, str, bytes]]:
    """Each share for its holder: (holder, copy reference, PDF)."""
    register = CopyRegisterService(ctx)
    printed: list[tuple[str, str, bytes]] = []
    documents = KeyRecoveryService(ctx).share_documents(admin, holders)
    for document, holder in zip(documents, holders, strict=True):
        job = register.register_print(admin, document, [CopyRequest(holder, cabinet_id)])
        stamp = job.stamps()[0]
        pdf = render_pdf(document, stamp)
        CopyTracking(ctx).mark_sent(admin, job.id, _pages(pdf), SHARE_PRINTER, None)
        printed.append((holder, stamp.reference, pdf))
    return printed


def _pages(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
