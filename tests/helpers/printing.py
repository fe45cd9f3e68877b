"""Shared helpers for tests that print: cabinets, a synthetic contact, PDF read-back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.store.models import Agency, Contact, Subject


def add_cabinets(ctx, admin):
    service = CabinetService(ctx)
    return (
        service.add_cabinet(admin, "CAB-1", "Main office cabinet", "MASH office, room 2.14"),
        service.add_cabinet(admin, "CAB-2", "Managers' cabinet", "MASH office, room 2.16"),
    )


def add_contact(ctx, created_by_id: int) -> int:
    """A synthetic contact about an invented child."""
    now = datetime(2026, 11, 24, 8, 15, tzinfo=UTC)
    with ctx.store.transaction() as s:
        police = s.query(Agency).filter_by(code="POLICE").one()
        la = s.query(Agency).filter_by(code="LA-POOLE").one()
        contact = Contact(
            reference="C-2026-00017",
            la_agency_id=la.id,
            referrer_agency_id=police.id,
            referrer_name="PC Morwenna Quill",
            referrer_contact="secure email",
            channel="secure_email",
            received_at=now,
            concern="Neighbour reports a 6-year-old left alone overnight; bruising seen at school.",
            consent_obtained=False,
            consent_reason="Seeking consent could place the child at risk.",
            rag="red",
            rag_reason="Possible significant harm tonight.",
            decision_due_at=now + timedelta(hours=4),
            status="open",
            created_by_id=created_by_id,
            created_at=now,
            updated_at=now,
        )
        contact.subjects = [
            Subject(
                first_name="Tamsin",
                last_name="Okonedo-Vale",
                dob=date(2020, 3, 14),
                gender="female",
                address="7 Heron Quay, Poole",
                postcode="BH15 9ZZ",
                school="Harbourside Primary",
            ),
            Subject(
                is_child=False,
                relationship_to_child="mother",
                first_name="Delphine",
                last_name="Okonedo-Vale",
                address="7 Heron Quay, Poole",
            ),
        ]
        s.add(contact)
        s.flush()
        return contact.id


def pdf_texts(pdf: bytes) -> list[str]:
    """The text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def qr_codes(pdf: bytes, page: int = 0, dpi: int = 150) -> list[str]:
    """QR codes read from a rendered page, as a scanner would."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [r.text for r in zxingcpp.read_barcodes(image)]
