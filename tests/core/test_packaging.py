"""The installed package finds its resources, forms and migrations, not only the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_carries_resources_forms_and_migrations(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("mash_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "mash_desktop/_resources/README.md",
        "mash_desktop/_resources/fonts/DejaVuSans.ttf",
        "mash_desktop/_resources/style.qss",
        "mash_desktop/store/migrations/env.py",
        "mash_desktop/store/migrations/versions/0001_foundation.py",
        "ui/contacts/forms/intake.ui",
    ):
        assert needed in names, needed

    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "from mash_desktop.resources import resource_path; "
        "print(resource_path('fonts', 'DejaVuSans.ttf'))"
    )
    found = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip().startswith(str(target / "mash_desktop" / "_resources"))


def test_core_dumps_are_disabled() -> None:
    # REQ: SEC-1 (no decrypted pages in crash output)
    code = (
        "import resource; from mash_desktop.bootstrap import disable_core_dumps; "
        "disable_core_dumps(); print(resource.getrlimit(resource.RLIMIT_CORE))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "(0, 0)", done.stderr
