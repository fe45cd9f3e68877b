"""SEC-7: passwords people expect. A length-first policy with common passwords refused
(NCSC), users change their own, an administrator's password is changed at next login, and the
log-in never tells whether a user name exists."""

from __future__ import annotations

import pytest

from mash_desktop.domain.errors import AuthenticationError, ValidationError
from mash_desktop.domain.password_policy import MIN_LENGTH, password_problem
from mash_desktop.domain.roles import Role
from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import AuditFilter, AuditService
from mash_desktop.services.passwords import PasswordService, common_passwords
from tests.helpers.personas import TEST_PASSWORD

NEW = "heron kettle lantern"


# REQ: SEC-7
@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1!", "at least"),
        ("Password2026!", "most commonly used"),
        ("liverpool123", "most commonly used"),
        ("1234567890", "most commonly used"),
        ("aaaaaaaaaaaaaaa", "different characters"),
        ("pat.one.is.me.2026", "your name"),
        ("x" * 257 + "yz", "at most"),
        ("1q2w3e4r5t", "most commonly used"),  # on the shipped list
        ("sunshine2026!", "most commonly used"),  # a listed word with digits added
        ("abcdefghij", "run of"),  # the alphabet
        ("zaq12wsxcde", "run of"),  # keyboard columns walked
        ("0987654321!", "run of"),  # the digits backwards
    ],
)
def test_the_policy_refuses_short_common_and_personal_passwords(password, why):
    problem = password_problem(password, common_passwords(), "pat.one", "Pat One")
    assert problem is not None and why in problem.lower()


# REQ: SEC-7
def test_long_passwords_pass_without_composition_rules():
    assert MIN_LENGTH >= 10
    for ok in ("heron kettle lantern", "correcthorsebatterystaple", "test-password-1"):
        assert password_problem(ok, common_passwords(), "pat.one", "Pat One") is None


# REQ: SEC-7
def test_the_common_list_ships_in_resources_and_is_not_tiny():
    common = common_passwords()  # NCSC: block the most common passwords, tens of thousands
    assert len(common) >= 30_000 and "password" in common and "qwerty" in common


# REQ: SEC-7
def test_unknown_user_and_wrong_password_get_the_same_words(ctx, make_user):
    make_user("desk.a", Role.DESK_OFFICER, "POLICE")
    accounts = AccountService(ctx)
    messages = []
    for name in ("desk.a", "no.such.person", "desk\x00a", "desk.\ud800a"):  # pasted junk
        with pytest.raises(AuthenticationError) as caught:
            accounts.login(name, "not-the-password")
        messages.append(str(caught.value))
    assert set(messages) == {"Wrong user name or password."}
    assert "attempt" not in messages[0]


# REQ: SEC-7
def test_an_administrator_set_password_must_be_changed_at_next_login(ctx, admin, make_user):
    desk = make_user("desk.b", Role.DESK_OFFICER, "POLICE", "Bo Desk")
    passwords = PasswordService(ctx)
    assert passwords.must_change(desk)
    assert not passwords.must_change(admin)  # the first administrator chose their own
    passwords.change_own(desk, TEST_PASSWORD, NEW, NEW)
    assert not passwords.must_change(desk)
    assert AccountService(ctx).login("desk.b", NEW).username == "desk.b"
    with pytest.raises(AuthenticationError):
        AccountService(ctx).login("desk.b", TEST_PASSWORD)
    AccountService(ctx).reset_password(admin, desk.user_id, "admin chosen words 9")
    assert passwords.must_change(desk)
    actions = [r.action for r in AuditService(ctx).search(admin, AuditFilter(actor="desk.b"))]
    assert "account.change_password" in actions


# REQ: SEC-7
def test_changing_ones_own_password_checks_the_current_one_and_the_policy(ctx, make_user):
    desk = make_user("desk.c", Role.DESK_OFFICER, "POLICE", "Cy Desk")
    passwords = PasswordService(ctx)
    with pytest.raises(ValidationError) as caught:
        passwords.change_own(desk, "not my password", "Password2026!", "Password2026")
    assert set(caught.value.fields) == {"current", "password", "repeated"}
    with pytest.raises(ValidationError) as caught:
        passwords.change_own(desk, TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD)
    assert "differ" in caught.value.fields["password"]
    assert passwords.must_change(desk)  # nothing changed


# REQ: SEC-7
def test_an_administrator_cannot_set_a_common_password(ctx, admin):
    with pytest.raises(ValidationError, match="commonly used"):
        AccountService(ctx).create_user(
            admin, "desk.d", "Di Desk", "qwerty12345", "POLICE", Role.DESK_OFFICER
        )
