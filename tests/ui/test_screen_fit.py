"""Every area and the main dialogs fit a 1366x768 workstation screen, also at 125% scaling:
each window's frame and every button not inside a scrolling area lie inside the screen
(issue 13). Each size runs in its own process, on an offscreen screen of that size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("scale", "logical"), [(1.0, "1366x768"), (1.25, "1093x614")])
def test_every_area_and_dialog_fits_a_1366x768_screen(tmp_path, scale, logical):
    screen = {
        "synchronousWindowSystemEvents": False,
        "windowFrameMargins": True,
        "screens": [
            {
                "name": "hub",
                "x": 0,
                "y": 0,
                "width": 1366,
                "height": 768,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": scale,
            }
        ],
    }
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("MASH_SCREENSHOTS", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_fit_probe", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("checked ") and int(lines[-1].split()[1]) >= 45
    assert lines[:-1] == [], f"at {logical} logical pixels:\n" + "\n".join(lines[:-1])
