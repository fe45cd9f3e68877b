"""Accounts, agencies and log-in (SEC-2, ISP-8, ISP-9.1.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mash_desktop.domain.errors import (
    AccountLocked,
    AuthenticationError,
    NotFound,
    ValidationError,
)
from mash_desktop.domain.input_rules import input_problems, text_problem
from mash_desktop.domain.password_policy import MIN_LENGTH, password_problem
from mash_desktop.domain.roles import ADMINISTRATORS, BOARD_REPORTERS, DEFAULT_AGENCIES, Role
from mash_desktop.domain.security_incidents import IncidentKind
from mash_desktop.services.audit import record
from mash_desktop.services.authz import require_active, require_role
from mash_desktop.services.context import Actor, AppContext
from mash_desktop.services.incidents import record_incident
from mash_desktop.services.login_checks import login_refusal, verify_password
from mash_desktop.services.passwords import check_new_password, common_passwords
from mash_desktop.store.models import Agency, User

MAX_FAILED_ATTEMPTS = 5
WRONG_LOGIN = "Wrong user name or password."
MIN_PASSWORD_LENGTH = MIN_LENGTH


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    agency_code: str
    agency_name: str
    role: Role
    suspended: bool
    locked: bool
    last_login_at: datetime | None


@dataclass(frozen=True)
class AgencyRow:
    id: int
    code: str
    name: str
    kind: str
    active: bool


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        agency_code=user.agency.code,
        agency_kind=user.agency.kind,
        role=Role(user.role),
    )


def _check_password(password: str, username: str = "", full_name: str = "") -> None:
    check_new_password(password, username, full_name)


def _user_row(user: User) -> UserRow:
    return UserRow(
        user.id,
        user.username,
        user.full_name,
        user.agency.code,
        user.agency.name,
        Role(user.role),
        user.suspended,
        user.locked,
        user.last_login_at,
    )


class AccountService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- first run -------------------------------------------------------------------
    def has_users(self) -> bool:
        with self.ctx.store.read() as session:
            return bool(session.scalar(select(func.count(User.id))))

    def ensure_agencies(self, session: Session) -> None:
        existing = set(session.scalars(select(Agency.code)))
        for spec in DEFAULT_AGENCIES:
            if spec.code not in existing:
                session.add(
                    Agency(code=spec.code, name=spec.name, kind=spec.kind.value, active=True)
                )
        session.flush()

    def create_first_administrator(
        self, username: str, full_name: str, password: str, agency_code: str = "LA-DORSET"
    ) -> Actor:
        """First run only: the partner list and the first administrator."""
        _check_password(password, username, full_name)
        with self.ctx.store.transaction() as session:
            if session.scalar(select(func.count(User.id))):
                raise ValidationError("An administrator already exists; log in instead.")
            self.ensure_agencies(session)
            user = self._new_user(
                session, username, full_name, password, agency_code, Role.ADMINISTRATOR
            )
            record(
                session,
                self.ctx,
                None,
                "account.create_first_admin",
                "user",
                user.id,
                {"username": username},
                actor_name=username,
            )
            return actor_for(user)

    def _new_user(
        self,
        session: Session,
        username: str,
        full_name: str,
        password: str,
        agency_code: str,
        role: Role,
    ) -> User:
        errors = input_problems({"username": username, "full_name": full_name})
        username = username.strip().lower()
        errors.update({} if role in set(Role) else {"role": "Choose a role from the list."})
        if (
            not username
            or not username.replace(".", "").replace("-", "").replace("_", "").isalnum()
        ):
            errors.setdefault("username", "Letters, digits, dots, dashes or underscores only.")
        if not full_name.strip():
            errors.setdefault("full_name", "Enter the person's full name.")
        problem = password_problem(password, common_passwords(), username, full_name)
        if problem:
            errors["password"] = problem
        agency = session.scalar(select(Agency).where(Agency.code == agency_code))
        if agency is None:
            errors["agency"] = f"Unknown agency {agency_code}."
        # Only a user name fit to store is looked up (PostgreSQL refuses a NUL even in a query)
        if "username" not in errors and session.scalar(
            select(User.id).where(User.username == username)
        ):
            errors["username"] = f"The user name {username} is taken."
        if errors:
            raise ValidationError(
                "The account cannot be created: " + "; ".join(errors.values()), errors
            )
        user = User(
            username=username,
            full_name=full_name.strip(),
            agency=agency,
            role=Role(role).value,
            password_hash=self.ctx.store.passwords.new_secret(session, username, password),
            created_at=self.ctx.clock.now(),
            failed_attempts=0,
            locked=False,
            suspended=False,
        )
        session.add(user)
        session.flush()
        return user

    # --- log in, lock, unlock ------------------------------------------------------------
    def login(self, username: str, password: str) -> Actor:
        """The password is checked outside any writing transaction (argon2 is slow by design,
        and on a hub it is a round trip to the server), so simultaneous log-ins on one store
        never queue behind each other's hash; only the short outcome below takes the lock."""
        username = username.strip().lower()
        if text_problem(username):  # no account has such a name, and PostgreSQL refuses a
            username = "?"  # NUL even in a query: an unknown user like any other
        with self.ctx.store.read() as session:
            stored = session.scalar(select(User.password_hash).where(User.username == username))
        verified = verify_password(self.ctx.store, username, stored, password)
        failure: AuthenticationError | None = None
        with self.ctx.store.transaction() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                record(
                    session,
                    self.ctx,
                    None,
                    "login.failed",
                    "user",
                    "",
                    {"reason": "unknown user"},
                    actor_name=username[:80] or "?",
                )
                failure = AuthenticationError(WRONG_LOGIN)
            elif refused := login_refusal(user):
                reason, failure = refused
                record(
                    session,
                    self.ctx,
                    None,
                    "login.refused",
                    "user",
                    user.id,
                    {"reason": reason},
                    actor_name=username,
                )
                if not verified:
                    # Only the account's owner learns why: to anyone else a suspended,
                    # locked or withdrawn name looks like any wrong password (SEC-7), and
                    # "suspended" would tell them someone is under investigation.
                    failure = AuthenticationError(WRONG_LOGIN)
            elif not (
                verified
                if user.password_hash == stored  # else changed meanwhile: check it again
                else verify_password(self.ctx.store, username, user.password_hash, password)
            ):
                failure = self._count_failure(session, user, "login.failed")
            else:
                user.failed_attempts = 0
                user.last_login_at = self.ctx.clock.now()
                if refreshed := self.ctx.store.passwords.refreshed(user.password_hash, password):
                    user.password_hash = refreshed
                actor = actor_for(user)
                record(session, self.ctx, actor, "login", "user", user.id)
                return actor
        raise failure

    def _count_failure(
        self, session: Session, user: User, action: str, wrong: str = WRONG_LOGIN
    ) -> AuthenticationError:
        user.failed_attempts += 1
        details = {"attempt": user.failed_attempts}
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked = True
            self.ctx.store.passwords.set_login_allowed(session, user.username, False)
            record(
                session, self.ctx, None, action, "user", user.id, details, actor_name=user.username
            )
            incident = record_incident(
                session,
                self.ctx,
                None,
                IncidentKind.UNAUTHORISED_ACCESS,
                f"Account {user.username} locked after {user.failed_attempts} failed password "
                "attempts (attempted unauthorised access?)",
                "user",
                user.id,
            )
            incident.user_id = user.id  # whose account: an administrator may suspend it
            incident.username = user.username
            incident.agency_code = user.agency.code
            record(
                session,
                self.ctx,
                None,
                "account.locked",
                "user",
                user.id,
                {"after_attempts": user.failed_attempts},
                actor_name=user.username,
            )
            if action == "login.failed":  # told as any wrong password (SEC-7); the owner
                return AuthenticationError(wrong)  # learns of the lock with the right one
            return AccountLocked(
                f"Wrong password {user.failed_attempts} times: the account is now locked. "
                "An administrator must unlock it."
            )
        record(session, self.ctx, None, action, "user", user.id, details, actor_name=user.username)
        # The same words as for an unknown user, and no count of attempts left: either would
        # tell someone trying names that this one exists (SEC-7).
        return AuthenticationError(wrong)

    def logout(self, actor: Actor) -> None:
        """The log-out is audited, and from now on this actor is refused everywhere: a window
        of the ended session left open can change nothing (SEC-2)."""
        try:
            with self.ctx.store.transaction() as session:
                record(session, self.ctx, actor, "logout", "user", actor.user_id)
        finally:
            actor.login.ended = True

    def lock_session(self, actor: Actor, reason: str) -> None:
        with self.ctx.store.transaction() as session:
            record(
                session, self.ctx, actor, "session.lock", "user", actor.user_id, {"reason": reason}
            )

    def unlock_session(self, actor: Actor, password: str) -> None:
        """Re-enter the password after an idle or manual lock; failures count toward lockout."""
        with self.ctx.store.read() as session:  # the hash is checked outside the lock, as at
            stored = require_active(session, actor).password_hash  # log-in
        verified = verify_password(self.ctx.store, actor.username, stored, password)
        failure: AuthenticationError | None = None
        with self.ctx.store.transaction() as session:
            user = require_active(session, actor)
            if (
                verified
                if user.password_hash == stored
                else verify_password(self.ctx.store, user.username, user.password_hash, password)
            ):
                user.failed_attempts = 0
                record(session, self.ctx, actor, "session.unlock", "user", actor.user_id)
                return
            failure = self._count_failure(
                session, user, "session.unlock_failed", "Wrong password. Try again, or log out."
            )
        raise failure

    def check_active(self, actor: Actor) -> None:
        with self.ctx.store.read() as session:
            require_active(session, actor)

    # --- administration --------------------------------------------------------------
    def list_users(self, admin: Actor) -> list[UserRow]:
        with self.ctx.store.read() as session:
            require_role(session, admin, BOARD_REPORTERS, "see the user list")
            users = session.scalars(select(User).order_by(User.username)).all()
            return [_user_row(u) for u in users]

    def list_agencies(self, actor: Actor, include_withdrawn: bool = True) -> list[AgencyRow]:
        with self.ctx.store.read() as session:
            require_active(session, actor)
            query = select(Agency).order_by(Agency.name)
            if not include_withdrawn:
                query = query.where(Agency.active.is_(True))
            return [
                AgencyRow(a.id, a.code, a.name, a.kind, a.active) for a in session.scalars(query)
            ]

    def create_user(
        self,
        admin: Actor,
        username: str,
        full_name: str,
        password: str,
        agency_code: str,
        role: Role,
    ) -> UserRow:
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "create accounts")
            user = self._new_user(session, username, full_name, password, agency_code, role)
            user.must_change_password = True  # set by an administrator: changed at next login
            record(
                session,
                self.ctx,
                admin,
                "account.create",
                "user",
                user.id,
                {"username": user.username, "role": role.value, "agency": agency_code},
            )
            return _user_row(user)

    def _admin_change(
        self, session: Session, admin: Actor, user_id: int, action: str, details: dict[str, object]
    ) -> User:
        require_role(session, admin, ADMINISTRATORS, "manage accounts")
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("No such user.")
        record(
            session,
            self.ctx,
            admin,
            action,
            "user",
            user.id,
            {"username": user.username, **details},
        )
        return user

    def suspend(self, admin: Actor, user_id: int, reason: str) -> None:
        """Suspend at once (ISP-9.1.1): refused at log-in and at the user's next action."""
        if not reason.strip():
            raise ValidationError("Record why the account is suspended.", {"reason": "Required."})
        if user_id == admin.user_id:
            raise ValidationError("You cannot suspend your own account.")
        with self.ctx.store.transaction() as session:
            user = self._admin_change(
                session, admin, user_id, "account.suspend", {"reason": reason}
            )
            user.suspended = True
            user.suspended_reason = reason.strip()
            self.ctx.store.passwords.set_login_allowed(session, user.username, False)

    def reinstate(self, admin: Actor, user_id: int) -> None:
        with self.ctx.store.transaction() as session:
            user = self._admin_change(session, admin, user_id, "account.reinstate", {})
            user.suspended = False
            user.suspended_reason = None
            self.ctx.store.passwords.set_login_allowed(session, user.username, not user.locked)

    def unlock_account(self, admin: Actor, user_id: int) -> None:
        with self.ctx.store.transaction() as session:
            user = self._admin_change(session, admin, user_id, "account.unlock", {})
            user.locked = False
            user.failed_attempts = 0
            self.ctx.store.passwords.set_login_allowed(session, user.username, not user.suspended)

    def reset_password(self, admin: Actor, user_id: int, new_password: str) -> None:
        with self.ctx.store.transaction() as session:
            user = self._admin_change(session, admin, user_id, "account.reset_password", {})
            _check_password(new_password, user.username, user.full_name)
            user.password_hash = self.ctx.store.passwords.new_secret(session, user.username, new_password)
            user.must_change_password = True  # the administrator knows it: changed at next login
            user.failed_attempts = 0
            user.locked = False
            self.ctx.store.passwords.set_login_allowed(session, user.username, not user.suspended)

    def set_agency_active(self, admin: Actor, agency_code: str, active: bool) -> None:
        """A partner withdrawing (ISP-8): its users lose access; what it shared stays."""
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "change the partner list")
            agency = session.scalar(select(Agency).where(Agency.code == agency_code))
            if agency is None:
                raise NotFound(f"No agency {agency_code}.")
            if admin.agency_code == agency_code and not active:
                raise ValidationError("You cannot withdraw your own agency.")
            agency.active = active
            agency.withdrawn_at = None if active else self.ctx.clock.now()
            for u in session.scalars(select(User).where(User.agency_id == agency.id)):
                self.ctx.store.passwords.set_login_allowed(session, u.username, active and not (u.suspended or u.locked))
            record(
                session,
                self.ctx,
                admin,
                "agency.withdraw" if not active else "agency.rejoin",
                "agency",
                agency.code,
            )

    def add_agency(self, admin: Actor, code: str, name: str, kind: str) -> None:
        with self.ctx.store.transaction() as session:
            require_role(session, admin, ADMINISTRATORS, "change the partner list")
            code = code.strip().upper()
            if not code or not name.strip():
                raise ValidationError("Enter a code and a name for the agency.")
            if session.scalar(select(Agency.id).where(Agency.code == code)):
                raise ValidationError(f"The agency code {code} is taken.")
            session.add(Agency(code=code, name=name.strip(), kind=kind, active=True))
            record(session, self.ctx, admin, "agency.add", "agency", code, {"name": name})
