from ui.main_window import MainWindow
from ui.session import UiSession


def test_main_window_shows_areas_and_locks(qtbot, ctx, admin):
    # REQ: SEC-2
    window = MainWindow(UiSession(ctx, admin))
    qtbot.addWidget(window)
    window.show()
    assert window.nav.count() == 5
    window.lock("test")
    assert window.is_locked
