from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from casebook.assignment.queue import drain_later
from casebook.auth import ratelimit
from casebook.auth.actor import Actor
from casebook.auth.passwords import check_password, hash_password, verify_password
from casebook.auth.services import delete_sessions
from casebook.auth.tokens import token_hash
from casebook.contacts.models import Contact
from casebook.enums import Role
from casebook.errors import InputError, NotFound
from casebook.permissions import require_admin
from casebook.realtime import access
from casebook.teams.models import Team
from casebook.users.absences import zone
from casebook.users.emails import MAX_LENGTH, normalize_email
from casebook.users.models import User
from casebook.validation import text

# Columns an Actor is built from (auth/actor.py): a change ends the snapshot an open socket holds.
RIGHTS_FIELDS = ("role", "portal_account_access", "portal_can_create", "contact_id")
ADMIN_ONLY = frozenset({"role", "is_active", "portal_account_access", "portal_can_create"})
SETTABLE = (
    "role",
    "is_active",
    "is_away",
    "auto_follow",
    "email_notifications",
    "portal_account_access",
    "portal_can_create",
)


async def create_user(
    *,
    actor: Actor,
    email: str,
    password: str | None,
    name: str,
    role: Role,
    contact_email: str | None = None,
    **options: Any,
) -> User:
    """A CUSTOMER is linked to the Contact with `contact_email` (default: their own e-mail),
    which is created when it does not exist yet."""
    require_admin(actor)
    # Normalised before the length check: NFKC may lengthen an address.
    email_ = text("email", normalize_email(email), MAX_LENGTH, required=True) or ""
    if "@" not in email_:
        raise InputError("email", "That is not an e-mail address.")
    name_ = text("name", name, 200, required=True)
    if password is not None:
        check_password(password, user_inputs=(email_, name_))
    if await User.exists(email=email_):
        raise InputError("email", "A user with this e-mail address exists.")
    async with in_transaction():
        contact = None
        if role is Role.CUSTOMER:
            given = (
                text("contactEmail", normalize_email(contact_email), MAX_LENGTH) if contact_email else None
            )
            contact = await _contact_for(given or email_, name_)
        return await User.create(
            email=email_,
            name=name_,
            role=role,
            password_hash=hash_password(password) if password else None,
            contact=contact,
            **{k: v for k, v in options.items() if v is not None},
        )


async def _contact_for(email: str, name: str | None) -> Contact:
    found = await Contact.get_or_none(email=email)
    return found if found is not None else await Contact.create(name=name, email=email)


async def update_user(*, actor: Actor, user_id: int, session_token: str | None = None, **fields: Any) -> User:
    """`session_token`: the session the actor acts through, kept when they change their own password.

    A password change ends the user's other sessions; deactivation ends all of them (so that a
    reactivation revives none). Open sockets follow after the commit: 4401 for ended sessions,
    4403 when the rights changed.
    """
    own = actor.user_id == user_id
    if not own:
        require_admin(actor)
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("No such user.")
    if ADMIN_ONLY & fields.keys():
        require_admin(actor)
    rights_before = tuple(getattr(user, f) for f in RIGHTS_FIELDS)
    was_active = user.is_active
    changed: list[str] = []
    if "name" in fields:
        user.name = text("name", fields["name"], 200, required=True)  # type: ignore[assignment]
        changed.append("name")
    new_password = fields.get("password")
    if new_password is not None:
        if own:
            await ratelimit.check_current_password(user_id=user.id)
            if not verify_password(user.password_hash, fields.get("current_password") or ""):
                raise InputError("currentPassword", "That is not your current password.")
        check_password(new_password, user_inputs=(user.email, user.name))
        user.password_hash = hash_password(new_password)
        changed.append("password_hash")
    if fields.get("time_zone") is not None:
        user.time_zone = zone("timeZone", fields["time_zone"]).key
        changed.append("time_zone")
    for key in SETTABLE:
        if key in fields and fields[key] is not None:
            setattr(user, key, fields[key])
            changed.append(key)
    ended = was_active and not user.is_active
    # Only the actor's own session survives their password change; an admin's change for
    # someone else ends all of that user's sessions.
    keep = token_hash(session_token) if own and session_token and not ended else None
    async with in_transaction():
        if user.role is Role.CUSTOMER and user.contact_id is None:  # type: ignore[attr-defined]
            # A customer is always a contact (as create_user makes them): the one of their e-mail.
            user.contact = await _contact_for(user.email, user.name)
            changed.append("contact_id")
        if changed:
            await user.save(update_fields=[*changed, "updated_at"])
        back = ("is_away" in changed and not user.is_away) or (not was_active and user.is_active)
        if back:
            # Back from away, or reactivated: her teams' waiting cases may be hers now (the worker
            # assigns them).
            await drain_later(team.id for team in await Team.filter(members__id=user.id).only("id"))
        if ended or new_password is not None:
            await delete_sessions(user_id=user.id, keep_session=keep)
    if ended or new_password is not None:
        await access.credential_ended(user_id=user.id, keep_session=keep)
    if not ended and tuple(getattr(user, f) for f in RIGHTS_FIELDS) != rights_before:
        await access.rights_changed([user.id])
    return user
