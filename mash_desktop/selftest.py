"""``mash-desktop --self-test``: prove that this installation works, step by step.

Run on a workstation after installing (or by the bundle test after building): each step
exercises one thing the application needs at run time, in the order it needs them, against
a throw-away encrypted store in a temporary folder that is deleted at the end:

- resources: shipped fonts, stylesheet, icon, migrations and name romanisation tables present;
- calendar: the Europe/London time zone and England's bank holidays load;
- store: a new SQLCipher store, keyed with a random passphrase (no keyring needed), migrated;
- record: the first administrator written and logged in (argon2), then read back after the
  store is closed and opened again with the same passphrase;
- audit: the audit hash chain verifies against its checkpoint;
- pdf: a one-page A4 PDF through ``render_pdf`` with a name in every script, all fonts embedded;
- preview: that page drawn by pdfium, as the print preview does, and every name read back;
- extra steps the caller adds (the GUI adds "window": the main window opened and closed);
- cleanup: the temporary folder is gone.

Nothing here imports Qt; the GUI step lives in ``ui/selftest.py``. No personal data is used:
the records are synthetic and the folder is removed.
"""

from __future__ import annotations

import importlib
import inspect
import secrets
import shutil
import tempfile
import time
import typing
from collections.abc import Callable, Sequence
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring

from mash_desktop import __version__
from mash_desktop.domain.clock import SystemClock
from mash_desktop.printing.document import Heading, KeyValues, Paragraph, PrintableDocument
from mash_desktop.printing.sample_names import NAMES_BY_SCRIPT, check_embedded, check_read_back
from mash_desktop.resources import resource_path, resources_dir
from mash_desktop.services.context import Actor, AppContext

SELFTEST_USER = "selftest.admin"
PDF_FONT = "DejaVuSans"


@dataclass
class SelfTestState:
    """What the steps share: the temporary folder, the open store and the logged-in actor."""

    folder: Path
    passphrase: str = field(repr=False)
    ctx: AppContext | None = None
    actor: Actor | None = None
    password: str = field(default="", repr=False)

    @property
    def db_path(self) -> Path:
        return self.folder / "selftest.db"

    def require_ctx(self) -> AppContext:
        if self.ctx is None:
            raise RuntimeError("no store is open (an earlier step failed)")
        return self.ctx

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("nobody is logged in (an earlier step failed)")
        return self.actor


# A step returns a one-line description of what it proved, or raises to fail.
StepFn = Callable[[SelfTestState], str]
Step = tuple[str, StepFn]


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        status = "PASS" if self.ok else "FAIL"
        return f"{status} {self.name}: {self.detail} ({self.seconds:.2f} s)"


@dataclass(frozen=True)
class SelfTestReport:
    results: tuple[StepResult, ...]

    @property
    def ok(self) -> bool:
        return bool(self.results) and all(r.ok for r in self.results)

    def summary(self) -> str:
        passed = sum(r.ok for r in self.results)
        verdict = "passed" if self.ok else "FAILED"
        return f"self-test {verdict}: {passed} of {len(self.results)} steps (mash-desktop {__version__})"


# --- the core steps ------------------------------------------------------------------------
def step_resources(state: SelfTestState) -> str:
    from mash_desktop.domain.names import check_romanisation
    from mash_desktop.printing.fonts import FALLBACKS
    from mash_desktop.store.migrate import MIGRATIONS_DIR, known_heads

    for parts in (
        ("fonts", "DejaVuSans.ttf"),
        ("fonts", "DejaVuSans-Bold.ttf"),
        *(("fonts", fallback.file) for fallback in FALLBACKS),
        ("style.qss",),
        ("icons", "mash.svg"),
    ):
        resource_path(*parts)
    check_romanisation()
    if not (MIGRATIONS_DIR / "env.py").is_file():
        raise FileNotFoundError(f"alembic env.py missing from {MIGRATIONS_DIR}")
    heads = sorted(known_heads())
    return f"resources in {resources_dir()}; migrations heads {', '.join(heads)}"


def step_calendar(state: SelfTestState) -> str:
    """UK time and bank holidays: both come from data packages loaded by name at run time."""
    import zoneinfo
    from datetime import date

    import holidays

    # Windows has no system time-zone database: prove the shipped tzdata alone suffices.
    system_paths = zoneinfo.TZPATH
    zoneinfo.reset_tzpath(to=[])
    try:
        zone = zoneinfo.ZoneInfo.no_cache("Europe/London")
    finally:
        zoneinfo.reset_tzpath(to=system_paths)
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    offset = summer.utcoffset()
    if offset is None or offset.total_seconds() != 3600:
        raise RuntimeError("Europe/London does not give BST in July")
    bank = holidays.country_holidays("GB", subdiv="ENG", years=2026, observed=True)
    if date(2026, 12, 28) not in bank:  # Boxing Day 2026 is a Saturday: Monday substitutes
        raise RuntimeError("the England bank holidays are incomplete")
    return (
        f"Europe/London from the tzdata package (BST in July), "
        f"{len(bank)} bank holidays in England in 2026"
    )


def step_store(state: SelfTestState) -> str:
    import sqlcipher3.dbapi2

    from mash_desktop.store.engine import SQLITE_PLAIN_HEADER, open_store
    from mash_desktop.store.keys import KeyMaterial

    store = open_store(state.db_path, KeyMaterial.passphrase(state.passphrase), create=True)
    state.ctx = AppContext(store=store, clock=SystemClock())
    raw = store.engine.raw_connection()  # outside a transaction, so the checkpoint can run
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        version = dbapi.execute("PRAGMA cipher_version").fetchone()[0]
        dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()
    with state.db_path.open("rb") as fh:
        header = fh.read(16)
    if not version:
        raise RuntimeError("the SQLite library in use is not SQLCipher")
    if header == SQLITE_PLAIN_HEADER:
        raise RuntimeError("the store was written unencrypted")
    sqlite = sqlcipher3.dbapi2.sqlite_version
    return f"encrypted store created and migrated (SQLCipher {version}, SQLite {sqlite})"


def step_record(state: SelfTestState) -> str:
    from mash_desktop.services.accounts import AccountService
    from mash_desktop.store.engine import open_store
    from mash_desktop.store.keys import KeyMaterial

    ctx = state.require_ctx()
    state.password = secrets.token_urlsafe(12)
    AccountService(ctx).create_first_administrator(
        SELFTEST_USER, "Self Test", state.password, "LA-DORSET"
    )
    # Close and reopen: the record must come back from the encrypted file, not from memory.
    ctx.store.close()
    state.ctx = None
    store = open_store(state.db_path, KeyMaterial.passphrase(state.passphrase))
    state.ctx = AppContext(store=store, clock=SystemClock())
    state.actor = AccountService(state.ctx).login(SELFTEST_USER, state.password)
    users = AccountService(state.ctx).list_users(state.actor)
    if [u.full_name for u in users if u.username == SELFTEST_USER] != ["Self Test"]:
        raise RuntimeError("the administrator written was not read back")
    return f"administrator written, store reopened, read back and logged in ({len(users)} user)"


def step_audit(state: SelfTestState) -> str:
    from mash_desktop.services.audit import verify_store

    result = verify_store(state.require_ctx().store)
    if not result.ok:
        raise RuntimeError(f"audit chain broken: {result.message}")
    if result.count < 2:
        raise RuntimeError(f"audit chain too short ({result.count} entries) for what was done")
    return f"hash chain and checkpoint agree: {result.message}"


def step_pdf(state: SelfTestState) -> str:
    doc = selftest_document()
    target = state.folder / "selftest.pdf"
    data, how = render_document(doc)
    target.write_bytes(data)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise RuntimeError("the PDF written is not a complete PDF file")
    if PDF_FONT.encode() not in data:
        raise RuntimeError(f"the PDF does not embed the {PDF_FONT} font")
    return f"{len(data):,} byte PDF built {how}, {PDF_FONT} and {check_embedded(data)}"


def step_preview(state: SelfTestState) -> str:
    """The print preview's renderer (pdfium, a native library) draws the PDF's first page."""
    import pypdfium2

    document = pypdfium2.PdfDocument((state.folder / "selftest.pdf").read_bytes())
    try:
        bitmap = document[0].render(scale=50 / 72)
        width, height = bitmap.width, bitmap.height
        if not (width and height):
            raise RuntimeError("pdfium drew an empty page")
        names = check_read_back(document[0].get_textpage().get_text_range())
        return f"page 1 of {len(document)} drawn by pdfium at 50 dpi ({width}x{height} px); {names}"
    finally:
        document.close()


def step_cleanup(state: SelfTestState) -> str:
    if state.ctx is not None:
        state.ctx.store.close()
        state.ctx = None
    shutil.rmtree(state.folder, ignore_errors=True)
    if state.folder.exists():
        raise RuntimeError(f"the temporary folder {state.folder} could not be removed")
    return "temporary store and files deleted"


CORE_STEPS: tuple[Step, ...] = (
    ("resources", step_resources),
    ("calendar", step_calendar),
    ("store", step_store),
    ("record", step_record),
    ("audit", step_audit),
    ("pdf", step_pdf),
    ("preview", step_preview),
)


# --- the PDF -------------------------------------------------------------------------------
def selftest_document() -> PrintableDocument:
    """A synthetic document: nothing personal, just enough blocks to exercise the renderer."""
    return PrintableDocument(
        kind="self_test",
        title="MASH Desktop self-test",
        object_type="selftest",
        object_id="1",
        blocks=(
            Heading("Installation self-test"),
            Paragraph("This page proves that PDFs can be built on this workstation."),
            KeyValues(
                (
                    ("Version", __version__),
                    ("Built", datetime.now(UTC).strftime("%d/%m/%Y %H:%M UTC")),
                )
            ),
            Heading("Names in every script (invented)", 2),
            KeyValues(NAMES_BY_SCRIPT),
        ),
    )


def render_document(doc: PrintableDocument) -> tuple[bytes, str]:
    """Render through ``mash_desktop.printing.render`` when the app has it, else plain ReportLab.

    Returns the PDF bytes and how they were made (for the step's line).
    """
    try:
        render = importlib.import_module("mash_desktop.printing.render")
    except ModuleNotFoundError as exc:
        if exc.name != "mash_desktop.printing.render":
            raise
        return minimal_pdf(doc), "with plain ReportLab (mash_desktop.printing.render absent)"
    render_pdf = getattr(render, "render_pdf", None)
    if render_pdf is None:
        return minimal_pdf(doc), "with plain ReportLab (printing.render has no render_pdf)"
    try:
        stamp = _selftest_stamp(render_pdf)
    except (TypeError, ValueError, NameError) as exc:
        return minimal_pdf(doc), f"with plain ReportLab (no self-test stamp for render_pdf: {exc})"
    result = render_pdf(doc, stamp)
    return _pdf_bytes(result), "through mash_desktop.printing.render.render_pdf"


def _selftest_stamp(render_pdf: Callable[..., Any]) -> Any:
    """A stamp for ``render_pdf(doc, stamp)`` built from its annotated type.

    The stamp (copy number, reference, printed by...) belongs to the printing package; the
    self-test fills a dataclass of that type with harmless values by field type.
    """
    params = list(inspect.signature(render_pdf).parameters.values())
    if len(params) < 2:
        raise TypeError("render_pdf takes no stamp")
    hints = typing.get_type_hints(render_pdf)
    stamp_type = hints.get(params[1].name)
    if stamp_type is None or not is_dataclass(stamp_type) or not isinstance(stamp_type, type):
        raise TypeError(f"the stamp type {stamp_type!r} is not a dataclass")
    field_hints = typing.get_type_hints(stamp_type)
    values: dict[str, Any] = {}
    for f in fields(stamp_type):
        if not f.init or f.default is not MISSING or f.default_factory is not MISSING:
            continue
        values[f.name] = _sample_value(f.name, field_hints.get(f.name))
    return stamp_type(**values)


def _sample_value(name: str, hint: Any) -> Any:
    if hint is int:
        return 1
    if hint is str:
        return f"SELFTEST-{name.upper()}"
    if hint is datetime:
        return datetime.now(UTC)
    if hint is bool:
        return False
    raise TypeError(f"cannot fill stamp field {name} of type {hint!r}")


def _pdf_bytes(result: Any) -> bytes:
    if isinstance(result, bytes | bytearray):
        return bytes(result)
    if isinstance(result, str | Path):
        return Path(result).read_bytes()
    getvalue = getattr(result, "getvalue", None)
    if callable(getvalue):
        return bytes(getvalue())
    raise TypeError(f"render_pdf returned {type(result).__name__}, not PDF bytes")


def minimal_pdf(doc: PrintableDocument) -> bytes:
    """A one-page A4 PDF of ``doc`` with plain ReportLab and the shipped DejaVu font."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(PDF_FONT, str(resource_path("fonts", "DejaVuSans.ttf"))))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=11, leading=14)
    heading = ParagraphStyle("heading", parent=body, fontSize=16, leading=20)
    story: list[Any] = [RLParagraph("OFFICIAL-SENSITIVE", body), Spacer(1, 6)]
    story.append(RLParagraph(doc.title, heading))
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(RLParagraph(block.text, heading))
        elif isinstance(block, Paragraph):
            story.append(RLParagraph(block.text, body))
        elif isinstance(block, KeyValues):
            story.append(
                RLTable(
                    [list(pair) for pair in block.pairs],
                    style=[("FONT", (0, 0), (-1, -1), PDF_FONT)],
                    hAlign="LEFT",
                )
            )
        story.append(Spacer(1, 6))
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=doc.title, author="MASH Desktop").build(story)
    return out.getvalue()


# --- running ---------------------------------------------------------------------------------
def run_self_test(
    extra_steps: Sequence[Step] = (),
    emit: Callable[[str], None] = print,
    folder: Path | None = None,
) -> SelfTestReport:
    """Run the core steps, then ``extra_steps``, then cleanup; one line per step to ``emit``.

    After the first failure the remaining steps are reported as not run (they depend on the
    earlier ones); cleanup always runs. ``folder`` (for tests) is used instead of a new
    temporary folder and removed at the end as well.
    """
    work = folder or Path(tempfile.mkdtemp(prefix="mash-selftest-"))
    work.mkdir(parents=True, exist_ok=True, mode=0o700)
    state = SelfTestState(folder=work, passphrase=secrets.token_urlsafe(24))
    emit(f"INFO keyring: {keyring_info()}")
    results: list[StepResult] = []
    failed = False
    for name, fn in (*CORE_STEPS, *extra_steps):
        if failed:
            result = StepResult(name, False, "not run (an earlier step failed)", 0.0)
        else:
            result = _run_step(name, fn, state)
            failed = not result.ok
        results.append(result)
        emit(result.line())
    cleanup = _run_step("cleanup", step_cleanup, state)
    results.append(cleanup)
    emit(cleanup.line())
    report = SelfTestReport(tuple(results))
    emit(report.summary())
    return report


def keyring_info() -> str:
    """Which keyring the app would keep its key in here (information only: without a secure
    one the app asks for a passphrase instead, which the self-test uses anyway)."""
    try:
        from mash_desktop.store.keys import backend_is_secure

        backend = keyring.get_keyring()
        name = (
            f"{type(backend).__module__.removeprefix('keyring.backends.')}.{type(backend).__name__}"
        )
        if backend_is_secure(backend):
            return f"{name} (secure: keys are kept there)"
        return f"{name} (not secure: the app will ask for a database passphrase)"
    except Exception as exc:  # information only: never fails the self-test
        return f"could not be queried ({type(exc).__name__}: {exc})"


def _run_step(name: str, fn: StepFn, state: SelfTestState) -> StepResult:
    started = time.perf_counter()
    try:
        detail = fn(state)
        ok = True
    except Exception as exc:  # a self-test reports every failure as a failed step
        detail = f"{type(exc).__name__}: {exc}"
        ok = False
    return StepResult(name, ok, detail, time.perf_counter() - started)
