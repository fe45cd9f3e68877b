"""The self-test's steps, run from source (the bundle test runs them frozen)."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from mash_desktop import __version__
from mash_desktop.selftest import (
    SELFTEST_USER,
    SelfTestState,
    minimal_pdf,
    render_document,
    run_self_test,
    selftest_document,
)
from mash_desktop.services.context import Actor

CORE = ["resources", "calendar", "store", "record", "audit", "pdf", "preview"]


def test_core_steps_pass_one_line_each_and_leave_nothing_behind(tmp_path: Path) -> None:
    lines: list[str] = []
    folder = tmp_path / "selftest"
    report = run_self_test(emit=lines.append, folder=folder)
    assert report.ok, "\n".join(lines)
    assert [r.name for r in report.results] == [*CORE, "cleanup"]
    assert lines[0].startswith("INFO keyring: ")
    assert [line.split(":")[0] for line in lines[1:-1]] == [
        f"PASS {name}" for name in [*CORE, "cleanup"]
    ]
    assert lines[-1] == f"self-test passed: 8 of 8 steps (mash-desktop {__version__})"
    assert not folder.exists()


def test_the_temporary_store_is_encrypted_on_disk(tmp_path: Path) -> None:
    # REQ: SEC-1
    seen: dict[str, bytes] = {}

    def look_at_the_files(state: SelfTestState) -> str:
        for path in state.folder.glob("selftest.db*"):
            seen[path.name] = path.read_bytes()
        return "looked"

    report = run_self_test(
        [("look", look_at_the_files)], emit=lambda _line: None, folder=tmp_path / "st"
    )
    assert report.ok
    assert seen["selftest.db"][:16] != b"SQLite format 3\x00"
    for name, data in seen.items():
        assert SELFTEST_USER.encode() not in data, name
        assert b"Self Test" not in data, name


def test_a_failed_step_fails_the_run_skips_the_rest_and_still_cleans_up(tmp_path: Path) -> None:
    lines: list[str] = []
    ran: list[str] = []

    def broken(_state: SelfTestState) -> str:
        raise RuntimeError("the platform plugin could not be loaded")

    def after(_state: SelfTestState) -> str:
        ran.append("after")
        return "ran"

    folder = tmp_path / "st"
    report = run_self_test([("broken", broken), ("after", after)], emit=lines.append, folder=folder)
    assert not report.ok
    by_name = {r.name: r for r in report.results}
    assert by_name["broken"].detail == "RuntimeError: the platform plugin could not be loaded"
    assert not by_name["after"].ok
    assert by_name["after"].detail == "not run (an earlier step failed)"
    assert ran == []
    assert by_name["cleanup"].ok
    assert not folder.exists()
    assert "FAIL broken: RuntimeError: the platform plugin could not be loaded (" in "\n".join(
        lines
    )
    assert lines[-1].startswith("self-test FAILED: 8 of 10 steps")


def test_the_minimal_pdf_embeds_the_font_and_reads_back() -> None:
    data = minimal_pdf(selftest_document())
    page = PdfReader(BytesIO(data)).pages[0]
    text = page.extract_text()
    assert "OFFICIAL-SENSITIVE" in text
    assert "MASH Desktop self-test" in text
    assert __version__ in text
    fonts = page["/Resources"]["/Font"]
    base_fonts = {str(fonts[name].get_object()["/BaseFont"]) for name in fonts}
    assert any(font.endswith("DejaVuSans") for font in base_fonts), base_fonts


@dataclass(frozen=True)
class FakeStamp:
    """Shaped like the printing package's CopyStamp: required fields, then defaults."""

    reference: str
    copy_number: int
    copy_count: int
    printed_by: str
    printed_at: datetime
    recipient: str = "kept"


@dataclass(frozen=True)
class UnfillableStamp:
    actor: Actor


def _fake_render_module(stamp_type: type, calls: list[object]) -> types.ModuleType:
    module = types.ModuleType("mash_desktop.printing.render")

    def render_pdf(doc, stamp):  # type: ignore[no-untyped-def]
        calls.append(stamp)
        return minimal_pdf(doc)

    render_pdf.__annotations__ = {"doc": object, "stamp": stamp_type, "return": bytes}
    module.render_pdf = render_pdf  # type: ignore[attr-defined]
    return module


def test_pdf_goes_through_printing_render_when_the_app_has_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    monkeypatch.setitem(
        sys.modules, "mash_desktop.printing.render", _fake_render_module(FakeStamp, calls)
    )
    data, how = render_document(selftest_document())
    assert how == "through mash_desktop.printing.render.render_pdf"
    assert data.startswith(b"%PDF-")
    (stamp,) = calls
    assert isinstance(stamp, FakeStamp)
    assert (stamp.reference, stamp.copy_number, stamp.copy_count) == ("SELFTEST-REFERENCE", 1, 1)
    assert stamp.recipient == "kept"
    assert stamp.printed_at.tzinfo is not None


def test_pdf_falls_back_to_plain_reportlab_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setitem(
        sys.modules, "mash_desktop.printing.render", _fake_render_module(UnfillableStamp, calls)
    )
    data, how = render_document(selftest_document())
    assert data.startswith(b"%PDF-")
    assert how.startswith("with plain ReportLab (no self-test stamp for render_pdf: ")
    assert calls == []

    monkeypatch.setitem(sys.modules, "mash_desktop.printing.render", None)  # as if absent
    data, how = render_document(selftest_document())
    assert data.startswith(b"%PDF-")
    assert how == "with plain ReportLab (mash_desktop.printing.render absent)"
