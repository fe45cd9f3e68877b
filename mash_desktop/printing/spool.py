"""What the print spooler knows of a job (SEC-5: follow the print where the platform allows).

On Linux and macOS, Qt hands a print to CUPS (``cupsPrintFile``) and keeps the job id to
itself, and its ``QPainter.end()`` returns true even when CUPS refused the job. So the app
names each job after its copy references (unique, and never personal data) and asks CUPS,
through pycups (OpenPrinting's binding of the same libcups Qt uses, so both talk to the same
server: ``CUPS_SERVER``, ``client.conf``), for the job of that name, then for its state.

On Windows there is no CUPS: Qt gives no job id, so only Qt's own return values are followed
and the officer's check-in scan is what puts a copy in a cabinet (see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from mash_desktop.domain.print_tracking import IPP_JOB_STATES, SpoolState

IPP_PRINTER_STOPPED = 5


@dataclass(frozen=True)
class PrinterProblem:
    """Why a printer is not printing, in the words of the person at the desk."""

    refusing: bool  # the printer takes no jobs at all: nothing will print
    text: str


class PrintSpool(Protocol):
    def last_job_id(self) -> int:
        """The highest id among this user's jobs so far (0 if none): taken before printing."""

    def find_job(self, printer: str, job_name: str, after: int) -> int | None:
        """This user's job on ``printer`` made since job ``after``, called ``job_name``; None
        if the printer took no such job."""

    def job_state(self, job_id: int) -> SpoolState:
        """The job's state, UNKNOWN if the spooler cannot say."""

    def cancel(self, job_id: int) -> bool:
        """Cancel a job that has not printed; True if the spooler did."""

    def printer_problem(self, printer: str) -> PrinterProblem | None:
        """Why ``printer`` is not printing now, or None when it is ready."""


class CupsSpool:
    """The CUPS server libcups is pointed at (``CUPS_SERVER`` or ``client.conf``)."""

    def __init__(self, cups_module: Any) -> None:
        self._cups = cups_module

    def _connect(self) -> Any:
        return self._cups.Connection()

    def _my_jobs(self) -> dict[int, dict[str, Any]]:
        jobs: dict[int, dict[str, Any]] = self._connect().getJobs(
            which_jobs="all",
            my_jobs=True,
            requested_attributes=["job-id", "job-name", "job-printer-uri"],
        )
        return jobs

    def last_job_id(self) -> int:
        return max(self._my_jobs(), default=0)

    def find_job(self, printer: str, job_name: str, after: int) -> int | None:
        new = {
            job_id: attrs
            for job_id, attrs in self._my_jobs().items()
            if job_id > after
            and str(attrs.get("job-printer-uri", "")).rsplit("/", 1)[-1] == printer
        }
        named = [job_id for job_id, attrs in new.items() if attrs.get("job-name") == job_name]
        if named:
            return max(named)
        # CUPS stops reporting a finished job's name once it unloads it from memory: a fast
        # printer can finish first. The one new, unnamed job on that printer is then ours.
        unnamed = [job_id for job_id, attrs in new.items() if "job-name" not in attrs]
        return unnamed[0] if len(new) == 1 and unnamed else None

    def job_state(self, job_id: int) -> SpoolState:
        try:
            attrs = self._connect().getJobAttributes(job_id, requested_attributes=["job-state"])
        except (self._cups.IPPError, RuntimeError):
            return SpoolState.UNKNOWN
        return IPP_JOB_STATES.get(int(attrs.get("job-state", 0)), SpoolState.UNKNOWN)

    def cancel(self, job_id: int) -> bool:
        try:
            self._connect().cancelJob(job_id)
        except (self._cups.IPPError, RuntimeError):
            return False
        return True

    def printer_problem(self, printer: str) -> PrinterProblem | None:
        try:
            attrs = self._connect().getPrinterAttributes(
                printer,
                requested_attributes=["printer-is-accepting-jobs", "printer-state"],
            )
        except (self._cups.IPPError, RuntimeError):
            return PrinterProblem(
                True,
                f"The printer {printer} cannot be reached. Check that it is switched on and "
                "connected, or choose another printer; if it still fails, call IT support.",
            )
        if not attrs.get("printer-is-accepting-jobs", True):
            return PrinterProblem(
                True,
                f"The printer {printer} is refusing print jobs at the moment. Choose another "
                "printer, or ask IT support to set it to accept jobs again.",
            )
        if int(attrs.get("printer-state", 0)) == IPP_PRINTER_STOPPED:
            return PrinterProblem(
                False,
                f"The printer {printer} is paused. Your copies wait in its queue until it is "
                "resumed; if they do not print soon they are cancelled and marked void.",
            )
        return None


def local_spool() -> PrintSpool | None:
    """The spooler this workstation prints through, when the app can ask it (CUPS)."""
    try:
        import cups  # type: ignore[import-not-found,unused-ignore]  # pycups: not on Windows
    except ImportError:
        return None
    return CupsSpool(cups)
