from mash_desktop.services.accounts import AccountService
from mash_desktop.services.audit import verify_store


def test_login_is_audited_and_chain_verifies(ctx, admin):
    # REQ: SEC-3
    AccountService(ctx).logout(admin)
    result = verify_store(ctx.store)
    assert result.ok, result.message
    assert result.count == 3  # first admin, login, logout
