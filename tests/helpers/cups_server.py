"""A private CUPS print server for tests that print for real (SEC-5, SEC-1).

``cups_server`` starts its own ``cupsd`` with its config, spool, state and log folders under
tmp_path, listening on a free 127.0.0.1 port and on a socket of its own, with one queue,
"MASH-Office", made with the CUPS-PDF driver (Debian ``printer-driver-cups-pdf``). Its device
is a file in tmp_path instead of the cups-pdf backend, because that backend writes to folders
fixed in /etc/cups-pdf.conf (the user's home), outside tmp_path. libcups, and so Qt's print
path and the app's job follower, are pointed at it through ``CUPS_SERVER``.

CUPS runs its filters as the unprivileged ``lp`` user, who cannot enter pytest's temp root
(pytest keeps it mode 0700 and resets it on every run). So the folders the filters read (the
server's config with the queue's PPD, the spool with the job's data, its cache) live in a
private temp folder of their own, mode 0711, removed when the server stops; the socket, the
logs and the printer's output stay in tmp_path.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import cups
import pytest
import zxingcpp
from PIL import Image

QUEUE = "MASH-Office"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CupsServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = root / "run" / "cups.sock"
        self.output = root / "out" / "printed.ps"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.filters_dir: Path | None = None  # what lp must reach: config, spool, cache

    # --- life ---------------------------------------------------------------------------
    def start(self) -> None:
        for sub in ("run", "log", "out"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        shared = Path(tempfile.mkdtemp(prefix="mash-test-cupsd-"))
        self.filters_dir = shared
        shared.chmod(0o711)
        for sub in ("conf/ppd", "spool/tmp", "cache"):
            (shared / sub).mkdir(parents=True)
        self.output.touch()  # CUPS writes to a file device only if it exists already
        (shared / "conf" / "cups-files.conf").write_text(
            f"ServerRoot {shared}/conf\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
            f"RequestRoot {shared}/spool\nTempDir {shared}/spool/tmp\n"
            f"StateDir {self.root}/run\nCacheDir {shared}/cache\n"
            f"ErrorLog {self.root}/log/error_log\nAccessLog {self.root}/log/access_log\n"
            f"PageLog {self.root}/log/page_log\nFileDevice Yes\nUser lp\nGroup lp\n"
            "SystemGroup root\n"
        )
        (shared / "conf" / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{self.port}\nListen {self.socket}\nLogLevel info\n"
            "Browsing No\nBrowseLocalProtocols none\nDefaultAuthType None\nWebInterface No\n"
            "DirtyCleanInterval 0\n"  # job history on disk at once: tests read job names there
            # what the README asks of the hub's print server: no job files kept
            "PreserveJobFiles No\nPreserveJobHistory Yes\n"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        self.process = subprocess.Popen(
            [
                "cupsd",
                "-f",
                "-c",
                str(shared / "conf" / "cupsd.conf"),
                "-s",
                str(shared / "conf" / "cups-files.conf"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test cupsd did not start: " + self.log_tail())
            time.sleep(0.05)
        cups.setServer(str(self.socket))  # libcups keeps the first server it saw per thread

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        cups.setServer("")  # back to CUPS_SERVER / client.conf for whatever runs next
        if self.filters_dir is not None:
            shutil.rmtree(self.filters_dir, ignore_errors=True)
            self.filters_dir = None

    def log_tail(self) -> str:
        log = self.root / "log" / "error_log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"

    # --- the queue ----------------------------------------------------------------------
    def admin(self, *args: str) -> None:
        env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        subprocess.run(args, check=True, env=env, capture_output=True, timeout=30)

    def add_queue(self) -> None:
        self.admin("lpadmin", "-p", QUEUE, "-E", "-v", f"file:{self.output}", "-P", str(PPD))
        self.admin("lpadmin", "-d", QUEUE)

    def reject(self) -> None:
        self.admin("cupsreject", QUEUE)

    def pause(self) -> None:
        self.admin("cupsdisable", QUEUE)

    def cancel(self, job_id: int) -> None:
        self.admin("cancel", str(job_id))

    def jobs(self) -> dict[int, dict[str, object]]:
        return cups.Connection().getJobs(
            which_jobs="all",
            my_jobs=True,  # the job name is private to its owner (CUPS' default policy)
            requested_attributes=["job-id", "job-name", "job-state"],
        )

    @property
    def job_names(self) -> dict[int, str]:
        """Each job's name as the server keeps it in its job history (the control file)."""
        names = {}
        assert self.filters_dir is not None
        for control in (self.filters_dir / "spool").glob("c*"):
            data = control.read_bytes()
            at = data.find(b"\x00\x08job-name")
            if at < 0:
                continue
            start = at + 10
            length = int.from_bytes(data[start : start + 2], "big")
            names[int(control.name[1:])] = data[start + 2 : start + 2 + length].decode()
        return names

    def wait_for_state(self, job_id: int, state: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            attrs = cups.Connection().getJobAttributes(job_id, requested_attributes=["job-state"])
            if attrs["job-state"] == state:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} is {attrs['job-state']}: {self.log_tail()}")
            time.sleep(0.2)

    def scan_printed_page(self, page: int = 1, dpi: int = 150) -> list[str]:
        """The QR codes on a page of what the printer put out, read as a scanner would."""
        png = self.root / "out" / f"page{page}.png"
        subprocess.run(
            [
                shutil.which("gs") or "gs",
                "-q",
                "-dSAFER",
                "-dBATCH",
                "-dNOPAUSE",
                "-sDEVICE=png16m",
                f"-r{dpi}",
                f"-dFirstPage={page}",
                f"-dLastPage={page}",
                f"-sOutputFile={png}",
                str(self.output),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        with Image.open(png) as image:
            return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.fixture
def cups_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CupsServer]:
    """A private cupsd with the CUPS-PDF queue "MASH-Office"."""
    server = CupsServer(tmp_path / "cups")
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    server.start()
    try:
        server.add_queue()
        yield server
    finally:
        server.stop()


@pytest.fixture
def cups_server_without_printers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CupsServer]:
    """A private cupsd with no queue at all: a workstation with no printer set up."""
    server = CupsServer(tmp_path / "cups")
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    server.start()
    try:
        yield server
    finally:
        server.stop()
