"""Sign-in, sessions and integration tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from casebook import settings
from casebook.auth import ratelimit
from casebook.auth.actor import ACTOR_COLUMNS, ACTOR_FROM, Actor, team_ids_of
from casebook.auth.models import ApiToken, Session
from casebook.auth.passwords import verify_password
from casebook.auth.tokens import new_token, token_hash
from casebook.errors import Forbidden, InputError, Unauthenticated
from casebook.realtime import access
from casebook.sql import Sql
from casebook.users.emails import MAX_LENGTH, normalize_email
from casebook.users.models import User

KNOWN_SCOPES = frozenset({"cases:read", "cases:write", "webform:submit"})


@dataclass(frozen=True, slots=True)
class SignedIn:
    token: str
    csrf_token: str
    user: User
    actor: Actor


async def login(*, email: str, password: str, client: str) -> SignedIn:
    await ratelimit.check_login(email=email, client=client)
    address = normalize_email(email)
    # No stored address is longer; looking one up would fail the column's validation (INTERNAL).
    user = await User.get_or_none(email=address, is_active=True) if len(address) <= MAX_LENGTH else None
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthenticated("Wrong e-mail or password.")
    token = new_token("cbs")
    csrf = secrets.token_urlsafe(24)
    await Session.create(
        token_hash=token_hash(token),
        csrf_token=csrf,
        user=user,
        expires_at=datetime.now(UTC) + timedelta(days=settings.SESSION_DAYS),
    )
    return SignedIn(token=token, csrf_token=csrf, user=user, actor=await Actor.for_user(user))


async def logout(*, token: str) -> None:
    digest = token_hash(token)
    await Session.filter(token_hash=digest).delete()
    await access.credential_ended(session=digest)


async def end_sessions(*, user_id: int, keep_token: str | None = None) -> None:
    """Ends every session of the user but the one of `keep_token`, and closes their sockets."""
    keep = token_hash(keep_token) if keep_token else None
    await delete_sessions(user_id=user_id, keep_session=keep)
    await access.credential_ended(user_id=user_id, keep_session=keep)


async def delete_sessions(*, user_id: int, keep_session: str | None = None) -> None:
    """The delete alone, for a caller that publishes the notice after its own commit."""
    sessions = Session.filter(user_id=user_id)
    if keep_session is not None:
        sessions = sessions.exclude(token_hash=keep_session)
    await sessions.delete()


@dataclass(frozen=True, slots=True)
class Authenticated:
    actor: Actor
    csrf_token: str | None  # set for sessions, None for integration tokens


async def authenticate(token: str) -> Authenticated | None:
    """Resolves a session token or an integration token; None when it is unknown or expired."""
    digest = token_hash(token)
    if token.startswith("cbs_"):
        return await _session(digest)
    if token.startswith("cbt_"):
        api_token = await ApiToken.get_or_none(token_hash=digest, revoked_at=None)
        if api_token is None:
            return None
        return Authenticated(
            actor=Actor(
                user_id=None,
                role=None,
                name=f"API: {api_token.name}",
                scopes=frozenset(api_token.scopes),
                token_id=api_token.id,
            ),
            csrf_token=None,
        )
    return None


async def _session(digest: str) -> Authenticated | None:
    # Every request runs this: bound queries and no model instances (bench/README.md).
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT {ACTOR_COLUMNS}, s.expires_at, s.csrf_token {ACTOR_FROM} JOIN sessions s ON s.user_id = u.id "
        f"WHERE s.token_hash = {sql.p(digest)}"
    )
    if not rows:
        return None
    row = rows[0]
    expires = row["expires_at"]
    if isinstance(expires, str):  # SQLite hands back text
        expires = datetime.fromisoformat(expires)
    if expires < datetime.now(UTC) or not row["is_active"]:
        return None
    return Authenticated(actor=Actor.from_row(row, await team_ids_of(row)), csrf_token=row["csrf_token"])


async def create_api_token(*, actor: Actor, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    if not actor.is_admin:
        raise Forbidden("Only admins create integration tokens.")
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("name", "Give the token a name of at most 200 characters.")
    unknown = sorted(set(scopes) - KNOWN_SCOPES)
    if unknown or not scopes:
        raise InputError("scopes", f"Scopes must be among {', '.join(sorted(KNOWN_SCOPES))}.")
    token = new_token("cbt")
    api_token = await ApiToken.create(
        name=name, token_hash=token_hash(token), scopes=sorted(set(scopes)), created_by_id=actor.user_id
    )
    return api_token, token


async def revoke_api_token(*, actor: Actor, token_id: int) -> None:
    if not actor.is_admin:
        raise Forbidden("Only admins revoke integration tokens.")
    await ApiToken.filter(id=token_id).update(revoked_at=datetime.now(UTC))
    await access.credential_ended(token_id=token_id)
