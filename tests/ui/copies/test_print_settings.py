"""The hub sets the printed-copy times on the administration screen (SEC-5)."""

from mash_desktop.services.settings import SettingsService
from tests.helpers.shots import save_shot
from ui.admin.admin_view import AdminView
from ui.kit.session import UiSession


def test_sec5_administrator_sets_the_print_times(qtbot, ctx, admin):
    # REQ: SEC-5 not collected after N minutes, an incident after a longer limit
    view = AdminView(UiSession(ctx, admin))
    qtbot.addWidget(view)
    times = view.print_settings
    assert times.boxes["copy_collect_minutes"].value() == 15
    assert times.boxes["copy_uncollected_incident_minutes"].value() == 60
    times.boxes["copy_collect_minutes"].setValue(20)
    times.boxes["copy_uncollected_incident_minutes"].setValue(20)
    assert not times.save()
    assert "must come later" in times.error.text()
    assert SettingsService(ctx).get(admin, "copy_collect_minutes") == 15  # nothing half-saved
    times.boxes["copy_uncollected_incident_minutes"].setValue(90)
    assert times.save()
    assert SettingsService(ctx).get(admin, "copy_collect_minutes") == 20
    assert SettingsService(ctx).get(admin, "copy_uncollected_incident_minutes") == 90
    view.resize(1366, 768)
    view.show()
    save_shot(view, "issue-19-admin-print-times.png")
