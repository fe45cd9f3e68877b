"""The workstation bundle, built from this checkout and run as a workstation would run it:
no project venv, no PYTHONPATH, no display, a HOME of its own, a working folder outside the
checkout. Build time and size are printed (run with -s to see them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from mash_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("resources", "calendar", "store", "record", "audit", "pdf", "preview", "window", "cleanup")

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(sys.platform == "win32", reason="Windows builds with installer/build.ps1"),
]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once for the module with installer/build.sh and this interpreter."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is not installed: pip install -e '.[bundle]'")
    out = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "MASH_BUILD_PYTHON": sys.executable}
    started = time.perf_counter()
    build = subprocess.run(
        [
            "bash",
            str(ROOT / "installer" / "build.sh"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            "--no-check",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    folder = out / "dist" / "mash-desktop"
    # PyInstaller links some libraries into _internal/: count each file once.
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle built in {seconds:.0f} s, {size / 2**20:.0f} MiB, {folder}")
    shutil.rmtree(out / "work", ignore_errors=True)
    return folder


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a locked-down workstation gives the app: no Python of ours anywhere."""
    home.mkdir(parents=True, exist_ok=True)
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **extra}


def run(
    bundle: Path,
    args: list[str],
    env: dict[str, str],
    cwd: Path,
    wrap: Sequence[str] = (),
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*wrap, str(bundle / "mash-desktop"), *args],
        input=stdin,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def assert_self_test_passed(stdout: str, bundle: Path) -> list[str]:
    lines = [line for line in stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert [line.split(":")[0] for line in lines] == [f"PASS {step}" for step in STEPS], stdout
    assert f"resources in {bundle}" in stdout  # from the bundle, not from the checkout
    assert stdout.rstrip().endswith(f"self-test passed: 9 of 9 steps (mash-desktop {__version__})")
    return lines


def test_version_and_self_test_run_without_python(bundle: Path, tmp_path: Path) -> None:
    # REQ: SEC-1
    env = clean_env(tmp_path / "home")
    version = run(bundle, ["--version"], env, tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"mash-desktop {__version__}"

    result = run(bundle, ["--self-test"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = assert_self_test_passed(result.stdout, bundle)
    assert "'offscreen' platform, its " in lines[STEPS.index("window")]
    assert "DejaVuSans and 9 fonts for other scripts embedded" in lines[STEPS.index("pdf")]
    assert "names in 20 scripts read back" in lines[STEPS.index("preview")]
    assert not list(tmp_path.glob("mash-selftest-*")), "the temporary store was left behind"


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs xvfb-run (Debian xvfb)")
def test_self_test_shows_the_window_on_x11(bundle: Path, tmp_path: Path) -> None:
    # The xcb platform plugin and its libraries are in the bundle (the GTK tree is not).
    env = clean_env(tmp_path / "home")
    result = run(
        bundle,
        ["--self-test"],
        env,
        tmp_path,
        wrap=["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = assert_self_test_passed(result.stdout, bundle)
    assert "'xcb' platform, its " in lines[STEPS.index("window")]


def test_cli_init_verify_and_backup_with_a_passphrase(bundle: Path, tmp_path: Path) -> None:
    # REQ: SEC-1, SEC-3
    db = tmp_path / "data" / "mash.db"
    env = clean_env(
        tmp_path / "home",
        MASH_PASSPHRASE="a long synthetic passphrase",
        MASH_ADMIN_PASSWORD="heron-kettle-lantern-1",
    )
    init = run(bundle, ["--db", str(db), "init"], env, tmp_path)
    assert init.returncode == 0, init.stderr
    verify = run(bundle, ["--db", str(db), "audit", "verify"], env, tmp_path)
    assert verify.returncode == 0, verify.stderr
    assert "verified" in verify.stdout
    copy = tmp_path / "backup.db"
    backup = run(  # an administrator's backup (SEC-10): the first administrator's password
        bundle,
        ["--db", str(db), "backup", str(copy), "--password-stdin"],
        env,
        tmp_path,
        stdin="heron-kettle-lantern-1\n",
    )
    assert backup.returncode == 0, backup.stderr
    assert copy.stat().st_size > 0
    assert not copy.read_bytes().startswith(b"SQLite format 3")  # encrypted like the store


@pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring (Debian dbus-bin, gnome-keyring)",
)
def test_frozen_app_keeps_its_key_in_the_secret_service(bundle: Path, tmp_path: Path) -> None:
    # REQ: SEC-2
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    db = tmp_path / "data" / "mash.db"
    env = clean_env(
        tmp_path / "home",
        XDG_RUNTIME_DIR=str(runtime),
        MASH_ADMIN_PASSWORD="heron-kettle-lantern-1",
    )
    script = (
        "echo synthetic-unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
        '"$0" --db "$1" init && "$0" --db "$1" audit verify && "$0" --self-test'
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script, str(bundle / "mash-desktop"), str(db)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified" in result.stdout
    assert "INFO keyring: SecretService.Keyring (secure" in result.stdout
