"""Passwords people expect (SEC-7): the policy applied wherever a password is set, a user
changing their own, and a password set by an administrator changed at the next login."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from mash_desktop.domain.errors import ValidationError
from mash_desktop.domain.password_policy import password_problem
from mash_desktop.resources import resource_path
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.store.models import User

COMMON_PASSWORDS_FILE = "common-passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resource_path(COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_new_password(password: str, username: str = "", full_name: str = "") -> None:
    """Raise a ValidationError (field ``password``) when the policy refuses it."""
    problem = password_problem(password, common_passwords(), username, full_name)
    if problem:
        raise ValidationError(f"Choose another password: {problem}", {"password": problem})


class PasswordService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def must_change(self, actor: Actor) -> bool:
        """True after an administrator set or reset this user's password."""
        with self.ctx.store.read() as s:
            return bool(s.scalar(select(User.must_change_password).where(User.id == actor.user_id)))

    def change_own(self, actor: Actor, current: str, new: str, repeated: str) -> None:
        """The user changes their own password; the current one proves it is them."""
        with self.ctx.store.transaction() as s:
            user = require_active(s, actor)
            current_ok = self.ctx.store.passwords.matches(
                s, user.username, user.password_hash, current
            )
            errors: dict[str, str] = {}
            if not current_ok:
                errors["current"] = "This is not your current password."
            if new != repeated:
                errors["repeated"] = "The two new passwords are not the same."
            if new == current:
                errors["password"] = "The new password must differ from the current one."
            if "password" not in errors:
                problem = password_problem(new, common_passwords(), user.username, user.full_name)
                if problem:
                    errors["password"] = problem
            if errors:
                record(
                    s,
                    self.ctx,
                    actor,
                    "account.change_password_refused",
                    "user",
                    user.id,
                    {"why": sorted(errors)},
                )
                raise ValidationError("The password was not changed.", errors)
            user.password_hash = self.ctx.store.passwords.new_secret(s, user.username, new)
            user.must_change_password = False
            record(s, self.ctx, actor, "account.change_password", "user", user.id)
