from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from casebook.accounts.services import require_admin
from casebook.auth.actor import Actor
from casebook.auth.passwords import MIN_LENGTH, hash_password
from casebook.cases.rules import text
from casebook.contacts.models import Contact
from casebook.enums import Role
from casebook.errors import InputError, NotFound
from casebook.users.models import User


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
    email_ = (text("email", email, 254, required=True) or "").lower()
    if "@" not in email_:
        raise InputError("email", "That is not an e-mail address.")
    name_ = text("name", name, 200, required=True)
    if password is not None and len(password) < MIN_LENGTH:
        raise InputError("password", f"A password has at least {MIN_LENGTH} characters.")
    if await User.exists(email=email_):
        raise InputError("email", "A user with this e-mail address exists.")
    async with in_transaction():
        contact = None
        if role is Role.CUSTOMER:
            contact_address = (contact_email or email_).lower()
            contact = await Contact.get_or_none(email=contact_address)
            if contact is None:
                contact = await Contact.create(name=name_, email=contact_address)
        return await User.create(
            email=email_,
            name=name_,
            role=role,
            password_hash=hash_password(password) if password else None,
            contact=contact,
            **{k: v for k, v in options.items() if v is not None},
        )


async def update_user(*, actor: Actor, user_id: int, **fields: Any) -> User:
    if actor.user_id != user_id:
        require_admin(actor)
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("No such user.")
    admin_only = {"role", "is_active", "portal_account_access", "portal_can_create"}
    if admin_only & fields.keys():
        require_admin(actor)
    if "name" in fields:
        user.name = text("name", fields["name"], 200, required=True)  # type: ignore[assignment]
    if "password" in fields and fields["password"] is not None:
        if len(fields["password"]) < MIN_LENGTH:
            raise InputError("password", f"A password has at least {MIN_LENGTH} characters.")
        user.password_hash = hash_password(fields["password"])
    for key in (
        "role",
        "is_active",
        "is_away",
        "auto_follow",
        "email_notifications",
        "portal_account_access",
        "portal_can_create",
    ):
        if key in fields and fields[key] is not None:
            setattr(user, key, fields[key])
    await user.save()
    return user
