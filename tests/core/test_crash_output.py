"""SEC-1: no personal data in crash output or in SQL error messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from mash_desktop.store.models import Agency

ROOT = Path(__file__).resolve().parents[2]


def test_sql_errors_do_not_quote_values(ctx, admin):
    # REQ: SEC-1
    with pytest.raises(IntegrityError) as err, ctx.store.transaction() as s:
        s.add(Agency(code="POLICE", name="Zqxsecretname Synthetic", kind="police", active=True))
    assert "Zqxsecretname" not in str(err.value)


def test_unhandled_exception_prints_no_message(tmp_path: Path):
    # REQ: SEC-1
    code = (
        "from mash_desktop.crash import install_excepthook\n"
        "install_excepthook()\n"
        "raise ValueError('child Zqxsecretname born 01/02/2015')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "ValueError" in done.stderr
    assert "Zqxsecretname" not in done.stderr
