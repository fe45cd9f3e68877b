"""``mash-desktop --self-test`` from source: the flag, the window step, the platform choice."""

from __future__ import annotations

import sys

import pytest

from mash_desktop import __version__
from mash_desktop.domain.roles import Role
from mash_desktop.selftest import run_self_test
from ui import app, selftest
from ui.areas import Area, areas_for
from ui.kit.qt import QtWidgets


def test_self_test_flag_runs_every_step_and_exits_0(qtbot, capsys) -> None:
    assert app.main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    steps = [line.split(":")[0] for line in lines if line.startswith(("PASS", "FAIL"))]
    assert steps == [
        f"PASS {name}"
        for name in (
            "resources",
            "calendar",
            "store",
            "record",
            "audit",
            "pdf",
            "preview",
            "window",
            "cleanup",
        )
    ]
    window = next(line for line in lines if line.startswith("PASS window"))
    keys = [area.key for area in areas_for(Role.ADMINISTRATOR)]
    assert f"its {len(keys)} areas built ({', '.join(keys)}), closed" in window
    assert "'offscreen' platform" in window
    assert lines[-1] == f"self-test passed: 9 of 9 steps (mash-desktop {__version__})"


def test_no_display_means_offscreen_for_the_self_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert selftest.choose_platform() == "offscreen"

    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":7")
    assert selftest.choose_platform() == "default"  # a real screen: Qt's own platform

    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY")
    assert selftest.choose_platform() == "xcb"  # what the user set is kept


def test_a_dialog_fails_the_window_step_instead_of_hanging(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nagging_area(_session: object) -> QtWidgets.QWidget:
        QtWidgets.QMessageBox.warning(None, "Referral queue", "The queue could not be loaded.")
        return QtWidgets.QWidget()

    monkeypatch.setattr(
        "ui.main_window.areas_for", lambda _role: [Area("queue", "Referral queue", nagging_area)]
    )
    lines: list[str] = []
    report = run_self_test(selftest.GUI_STEPS, emit=lines.append)
    assert not report.ok
    window = next(r for r in report.results if r.name == "window")
    assert window.detail == (
        "RuntimeError: a dialog interrupted the window: "
        "Referral queue: The queue could not be loaded."
    )
