"""Shared helpers for tests that print: cabinets, a synthetic contact, PDF read-back."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
import zxingcpp
from pypdf import PdfReader

from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.tracking import CopyTracking
from tests.helpers.contacts import child, log_contact


def add_cabinets(ctx, admin):
    service = CabinetService(ctx)
    return (
        service.add_cabinet(admin, "CAB-1", "Main office cabinet", "MASH office, room 2.14"),
        service.add_cabinet(admin, "CAB-2", "Managers' cabinet", "MASH office, room 2.16"),
    )


def add_contact(ctx: AppContext, officer: Actor | None = None) -> int:
    """A synthetic contact about an invented child in Poole, logged through intake."""
    mother = replace(
        child("Delphine", "Okonedo-Vale", dob=None),
        relationship_to_child="mother",
        gender="",
        school="",
        postcode="",
        address="7 Heron Quay, Poole",
    )
    detail = log_contact(
        ctx,
        replace(
            child("Tamsin", "Okonedo-Vale", dob=date(2020, 3, 14)),
            gender="female",
            address="7 Heron Quay, Poole",
            postcode="BH15 9ZZ",
            school="Harbourside Primary",
        ),
        officer=officer,
        received_at=datetime(2026, 11, 24, 8, 15, tzinfo=UTC),
        household=(mother,),
        la_agency_code="LA-POOLE",
        referrer_agency_code="POLICE",
        referrer_name="PC Morwenna Quill",
        referrer_contact="secure email",
        concern="Neighbour reports a 6-year-old left alone overnight; bruising seen at school.",
        consent_obtained=False,
        consent_reason="Seeking consent could place the child at risk.",
        rag="red",
        rag_reason="Possible significant harm tonight.",
    )
    return detail.id


def send_and_collect(ctx, actor, job, pages: int = 1, printer: str = "MASH-Office") -> None:
    """What printing does for real (tests/ui/test_print_to_cups.py): the printer takes the
    job, then the officer scans each copy into its cabinet."""
    tracking = CopyTracking(ctx)
    tracking.mark_sent(actor, job.id, pages, printer, None)
    for copy in job.copies:
        tracking.check_in(actor, copy.reference)


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
