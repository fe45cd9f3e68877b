"""SEC-2 accounts and log-in; ISP-9.1.1 suspension; ISP-8 withdrawal."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import (
    AccountLocked,
    AccountSuspended,
    AgencyWithdrawn,
    AuthenticationError,
    LoggedOut,
    PermissionDenied,
    ValidationError,
)
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.settings import SettingsService
from mash_desktop.store.models import User
from tests.helpers.personas import TEST_PASSWORD


@pytest.mark.parametrize("store_engine", ["sqlcipher"])
def test_passwords_are_argon2_hashes(ctx, admin):
    # REQ: SEC-2 (on a hub the server keeps SCRAM verifiers: tests/core/store/test_hub_accounts.py)
    with ctx.store.transaction() as s:
        stored = s.get(User, admin.user_id).password_hash
    assert stored.startswith("$argon2id$") and TEST_PASSWORD not in stored


def test_lockout_after_five_failures(ctx, make_user, admin):
    # REQ: SEC-2
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    accounts = AccountService(ctx)
    for _ in range(4):  # no count of attempts left: it would tell that the name exists (SEC-7)
        with pytest.raises(AuthenticationError, match=r"^Wrong user name or password\.$"):
            accounts.login("desk.a", "wrong-password")
    # The fifth locks the account but says only what any wrong password says (SEC-7)...
    with pytest.raises(AuthenticationError, match=r"^Wrong user name or password\.$") as fifth:
        accounts.login("desk.a", "wrong-password")
    assert not isinstance(fifth.value, AccountLocked)
    with pytest.raises(AccountLocked, match="locked"):  # ...the owner learns it with theirs,
        accounts.login("desk.a", TEST_PASSWORD)  # which no longer helps
    user_id = next(u.id for u in accounts.list_users(admin) if u.username == "desk.a")
    accounts.unlock_account(admin, user_id)
    assert accounts.login("desk.a", TEST_PASSWORD).username == "desk.a"
    actions = [r.action for r in AuditService(ctx).search(admin, AuditFilter(actor="desk.a"))]
    assert actions.count("login.failed") == 5 and "account.locked" in actions


def test_success_resets_the_failure_count(ctx, make_user):
    # REQ: SEC-2
    make_user("desk.b", Role.DESK_OFFICER, "POLICE")
    accounts = AccountService(ctx)
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            accounts.login("desk.b", "nope-nope")
    accounts.login("desk.b", TEST_PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            accounts.login("desk.b", "nope-nope")
    accounts.login("desk.b", TEST_PASSWORD)


def test_suspension_refuses_login_and_ends_open_session(ctx, make_user, admin):
    # REQ: SEC-4 (ISP-9.1.1: suspended at once)
    desk = make_user("desk.c", Role.DESK_OFFICER, "HEALTH")
    accounts = AccountService(ctx)
    with pytest.raises(ValidationError):
        accounts.suspend(admin, desk.user_id, "  ")
    accounts.suspend(admin, desk.user_id, "Under investigation (synthetic)")
    with pytest.raises(AccountSuspended):
        accounts.login("desk.c", TEST_PASSWORD)
    with pytest.raises(AccountSuspended):  # the already-open session's next action
        SettingsService(ctx).get(desk, "idle_lock_minutes")
    accounts.reinstate(admin, desk.user_id)
    assert SettingsService(ctx).get(desk, "idle_lock_minutes") == 10


def test_a_refused_account_is_named_only_to_whoever_types_its_password(ctx, make_user, admin):
    """SEC-7: suspended, locked and withdrawn accounts, tried with a wrong password, get the
    very words an unknown user name gets; the reason is told only with the right password
    (on a hub the server checks the password before refusing the role)."""
    # REQ: SEC-7
    accounts = AccountService(ctx)
    suspended = make_user("desk.s", Role.DESK_OFFICER, "HEALTH")
    locked = make_user("desk.l", Role.DESK_OFFICER, "HEALTH")
    make_user("desk.w", Role.DESK_OFFICER, "PROBATION")
    accounts.suspend(admin, suspended.user_id, "Under investigation (synthetic)")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            accounts.login("desk.l", "wrong-password")
    accounts.set_agency_active(admin, "PROBATION", False)

    def message(username: str, password: str) -> tuple[type, str]:
        with pytest.raises(AuthenticationError) as caught:
            accounts.login(username, password)
        return type(caught.value), str(caught.value)

    unknown = message("nobody.here", "wrong-password")
    assert unknown == (AuthenticationError, "Wrong user name or password.")
    for name in ("desk.s", "desk.l", "desk.w"):
        assert message(name, "wrong-password") == unknown, name
    assert message("desk.s", TEST_PASSWORD)[0] is AccountSuspended
    assert message("desk.l", TEST_PASSWORD)[0] is AccountLocked
    assert "withdrawn" in message("desk.w", TEST_PASSWORD)[1]
    assert locked.user_id  # still refused: the lock stands whatever was typed


def test_only_administrators_manage_accounts(ctx, make_user):
    # REQ: SEC-2
    desk = make_user("desk.d", Role.DESK_OFFICER, "POLICE")
    with pytest.raises(PermissionDenied):
        AccountService(ctx).create_user(
            desk, "x.y", "X Y", TEST_PASSWORD, "POLICE", Role.ADMINISTRATOR
        )
    with pytest.raises(PermissionDenied):
        AccountService(ctx).suspend(desk, 1, "no")


def test_withdrawn_partner_loses_access(ctx, make_user, admin):
    # REQ: ISP-8
    probation = make_user("desk.p", Role.DESK_OFFICER, "PROBATION")
    AccountService(ctx).set_agency_active(admin, "PROBATION", False)
    with pytest.raises(AuthenticationError, match="withdrawn"):
        AccountService(ctx).login("desk.p", TEST_PASSWORD)
    with pytest.raises(AgencyWithdrawn, match="withdrawn"):  # an open session ends
        SettingsService(ctx).get(probation, "idle_lock_minutes")


def test_user_input_is_checked(ctx, admin):
    # REQ: SEC-2
    with pytest.raises(ValidationError) as err:
        AccountService(ctx).create_user(admin, "bad name!", "", "short", "NOPE", Role.DESK_OFFICER)
    assert set(err.value.fields) == {"username", "full_name", "password", "agency"}
    with pytest.raises(ValidationError, match="already exists"):
        AccountService(ctx).create_first_administrator("second", "Second", TEST_PASSWORD)


def test_a_logged_out_actor_is_refused_and_a_new_log_in_works(ctx, make_user, admin):
    # REQ: SEC-2, SEC-9 (issue 13): a window of the ended session left open changes nothing
    desk = make_user("desk.out", Role.DESK_OFFICER, "POLICE")
    accounts = AccountService(ctx)
    accounts.logout(desk)
    with pytest.raises(LoggedOut):
        SettingsService(ctx).get(desk, "idle_lock_minutes")
    refused = AuditService(ctx).search(admin, AuditFilter(actor="desk.out", action="access.refused"))
    assert len(refused) == 1 and "logged out" in refused[0].details
    again = accounts.login("desk.out", TEST_PASSWORD)
    assert again == desk  # the same person, a new log-in that acts
    assert SettingsService(ctx).get(again, "idle_lock_minutes")
