"""What the subject access modules share: loading a request for its own partner only, and when
a request was answered (its response sent to print as a controlled copy, SEC-5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import NotFound
from mash_desktop.domain.roles import SUBJECT_ACCESS_OFFICERS
from mash_desktop.domain.working_days import london_date
from mash_desktop.services.authz import require_role
from mash_desktop.services.context import Actor
from mash_desktop.store.models import PrintJob, SubjectAccessRequest, User

SAR_OBJECT = "subject_access"


def load_request(
    session: Session, actor: Actor, request_id: int, doing: str
) -> tuple[SubjectAccessRequest, User]:
    """The request, when ``actor`` answers subject access for the partner it belongs to; a
    request of another partner is as good as absent (ISP-5.7.2: each answers its own)."""
    user = require_role(session, actor, SUBJECT_ACCESS_OFFICERS, doing)
    request = session.get(SubjectAccessRequest, request_id)
    if request is None or request.agency_id != user.agency_id:
        raise NotFound("No such subject access request for your organisation.")
    return request, user


def responded_on(session: Session, request_ids: Iterable[int]) -> dict[int, date]:
    """The day each request's response was first sent to print (a controlled copy)."""
    ids = [str(i) for i in request_ids]
    if not ids:
        return {}
    found: dict[int, date] = {}
    for object_id, sent_at, finished_at in session.execute(
        select(PrintJob.object_id, PrintJob.sent_at, PrintJob.finished_at).where(
            PrintJob.object_type == SAR_OBJECT,
            PrintJob.object_id.in_(ids),
            PrintJob.status.in_(("sent", "printed")),
        )
    ):
        at = sent_at or finished_at
        if at is not None:
            day = london_date(at)
            found[int(object_id)] = min(day, found.get(int(object_id), day))
    return found
