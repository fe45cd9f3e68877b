"""Printing benchmarks (SEC-5): build time of a 20-page strategy record PDF, and of the copy
register report over 10,000 copies (query, document and PDF), on an encrypted store.

Run from the repository root:  python benchmarks/printing.py
Synthetic content only; prints its figures.
"""

from __future__ import annotations

import io
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue module (keyring needs it):
# put the repository root in place of the script's folder.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from pypdf import PdfReader
from sqlalchemy import insert

from mash_desktop.domain.clock import FixedClock
from mash_desktop.domain.copy_register import CopyStatus, make_reference, next_usable_serial
from mash_desktop.printing.document import (
    CopyStamp,
    Heading,
    KeyValues,
    Paragraph,
    PrintableDocument,
    Table,
)
from mash_desktop.printing.render import render_pdf
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.context import AppContext
from mash_desktop.services.copies.cabinets import CabinetService
from mash_desktop.services.copies.register import CopyFilter, CopyRegisterService
from mash_desktop.store.engine import open_store
from mash_desktop.store.keys import KeyMaterial
from mash_desktop.store.models import PaperCopy, PrintJob

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
STAMP = CopyStamp("MASH-C-2026-000001-1", 1, 3, "Ada Admin (admin)", NOW, "DS Kim Fenwick", "CAB-1")
WORDS = [
    "the",
    "child",
    "attended",
    "school",
    "on",
    "Monday",
    "with",
    "a",
    "visible",
    "injury",
    "and",
    "said",
    "that",
    "an",
    "adult",
    "at",
    "home",
    "had",
    "been",
    "angry;",
    "the",
    "school",
    "nurse",
    "recorded",
    "the",
    "account",
    "and",
    "the",
    "designated",
    "safeguarding",
    "lead",
    "informed",
    "the",
    "MASH",
    "the",
    "same",
    "morning,",
    "sharing",
    "attendance",
    "and",
    "previous",
    "concerns",
]


def _text(n: int, seed: int) -> str:
    return " ".join(WORDS[(seed + i * 7) % len(WORDS)] for i in range(n)).capitalize() + "."


def strategy_record(sections: int) -> PrintableDocument:
    """A strategy-discussion-record-like document with synthetic content."""
    blocks: list = [
        Heading("Discussion"),
        KeyValues(
            (
                ("Held (UK time)", "24/11/2026 11:00"),
                ("Chair", "Priya Lanesborough, LA manager"),
                ("Children", "Tamsin Okonedo-Vale (6), Jory Okonedo-Vale (3)"),
                (
                    "Trigger",
                    "MASH information sharing: reasonable cause to suspect significant harm",
                ),
            )
        ),
        Heading("Attendees"),
        Table(
            ("Name", "Agency", "Role", "Present"),
            tuple(
                (
                    f"Attendee {i}",
                    ("POLICE", "HEALTH", "LA-POOLE", "EDUCATION")[i % 4],
                    "Officer",
                    "Yes",
                )
                for i in range(8)
            ),
        ),
    ]
    for s in range(sections):
        blocks += [
            Heading(f"{s + 1}. Information shared by agency {s + 1}", 2),
            Paragraph(_text(160, s)),
            Paragraph(_text(120, s + 3)),
        ]
    blocks += [
        Heading("Actions"),
        Table(
            ("Action", "Owner", "Due", "Status"),
            tuple(
                (_text(14, i), ("Police", "Health", "LA")[i % 3], "01/12/2026", "Open")
                for i in range(30)
            ),
        ),
    ]
    return PrintableDocument(
        "strategy_record",
        "Strategy discussion record SD-2026-0042",
        "strategy_discussion",
        "42",
        tuple(blocks),
        ("POLICE", "HEALTH", "LA-POOLE"),
    )


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def time_it(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_strategy_record() -> None:
    sections = 10
    while pages(render_pdf(strategy_record(sections), STAMP)) < 20:
        sections += 2
    doc = strategy_record(sections)
    render_pdf(doc, STAMP)  # warm: fonts registered, modules loaded
    seconds, pdf = time_it(lambda: render_pdf(doc, STAMP), 5)
    print(
        f"strategy record: {pages(pdf)} pages, {len(pdf) / 1024:.0f} KiB, build {seconds * 1000:.0f} ms (median of 5)"
    )


def bench_register(copies: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(
            Path(folder) / "bench.db", KeyMaterial.raw(secrets.token_hex(32)), create=True
        )
        ctx = AppContext(store, FixedClock(NOW))
        accounts = AccountService(ctx)
        accounts.create_first_administrator("admin", "Ada Admin", "kettle-lantern-heron-1")
        admin = accounts.login("admin", "kettle-lantern-heron-1")
        cabinets = [
            CabinetService(ctx).add_cabinet(admin, f"CAB-{n}", f"Cabinet {n}", "MASH office")
            for n in range(1, 6)
        ]
        start = time.perf_counter()
        statuses = [
            CopyStatus.IN_CABINET,
            CopyStatus.CHECKED_OUT,
            CopyStatus.DESTROYED,
            CopyStatus.VOID,
        ]
        with store.transaction() as s:
            jobs, rows, serial = [], [], 0
            for j in range(copies // 2):
                jobs.append(
                    {
                        "id": j + 1,
                        "document_kind": "contact_summary",
                        "title": f"Contact summary C-2026-{j:05d}",
                        "object_type": "contact",
                        "object_id": str(j),
                        "source_agencies": "POLICE",
                        "copy_count": 2,
                        "requested_by_id": admin.user_id,
                        "requested_at": NOW - timedelta(minutes=copies - j),
                        "status": "printed",
                    }
                )
                for n in (1, 2):
                    serial = next_usable_serial(2026, serial)
                    status = statuses[(j + n) % 4]
                    rows.append(
                        {
                            "reference": make_reference(2026, serial),
                            "ref_year": 2026,
                            "ref_serial": serial,
                            "job_id": j + 1,
                            "copy_number": n,
                            "recipient": f"Officer {j % 97}",
                            "cabinet_id": cabinets[j % 5].id,
                            "status": status.value,
                            "holder": "Officer" if status is CopyStatus.CHECKED_OUT else None,
                            "due_back_at": NOW - timedelta(hours=1)
                            if status is CopyStatus.CHECKED_OUT
                            else None,
                            "created_at": NOW,
                            "updated_at": NOW,
                        }
                    )
            s.execute(insert(PrintJob), jobs)
            s.execute(insert(PaperCopy), rows)
        print(
            f"register: seeded {copies} copies in {time.perf_counter() - start:.2f} s (Core bulk insert, encrypted store)"
        )
        service = CopyRegisterService(ctx)
        seconds, doc = time_it(
            lambda: service.register_document(admin, CopyFilter(), limit=copies), 1
        )
        print(
            f"register report document ({copies} rows: query, audit, blocks): {seconds * 1000:.0f} ms"
        )
        seconds, pdf = time_it(lambda: render_pdf(doc, STAMP), 1)
        print(
            f"register report PDF: {pages(pdf)} pages, {len(pdf) / 1024:.0f} KiB, build {seconds:.2f} s"
        )
        seconds, _rows = time_it(
            lambda: service.list_copies(admin, CopyFilter(overdue_only=True), limit=copies), 3
        )
        print(
            f"register view query, overdue filter over {copies}: {seconds * 1000:.0f} ms (median of 3)"
        )
        store.close()


if __name__ == "__main__":
    bench_strategy_record()
    bench_register(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
