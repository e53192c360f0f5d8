from __future__ import annotations

from typing import Any

from casebook import visibility
from casebook.accounts.models import Account
from casebook.accounts.services import create_or_update
from casebook.auth.actor import Actor
from casebook.contacts.models import Contact
from casebook.errors import InputError
from casebook.permissions import require_staff
from casebook.realtime import access
from casebook.sql import Sql
from casebook.users.emails import MAX_LENGTH, normalize_email
from casebook.users.models import User
from casebook.validation import text


async def save_contact(*, actor: Actor, contact_id: int | None = None, **fields: Any) -> Contact:
    require_staff(actor)
    values: dict[str, Any] = {
        "name": text("name", fields.get("name"), 200, required=contact_id is None or "name" in fields),
        # Normalised before the length check: NFKC may lengthen an address.
        "email": text("email", normalize_email(fields["email"]) if fields.get("email") else None, MAX_LENGTH),
        "phone": text("phone", fields.get("phone"), 50),
    }
    if values["email"] and "@" not in values["email"]:
        raise InputError("email", "That is not an e-mail address.")
    if fields.get("account_id") is not None and not await Account.exists(id=fields["account_id"]):
        raise InputError("accountId", "No such account.")
    values["account_id"] = fields.get("account_id")
    if values["email"]:
        clash = Contact.filter(email=values["email"])
        if contact_id is not None:
            clash = clash.exclude(id=contact_id)
        if await clash.exists():
            raise InputError("email", "Another contact has this e-mail address.")
    account_before = None
    if contact_id is not None and "account_id" in fields:
        before = await Contact.filter(id=contact_id).values_list("account_id", flat=True)
        account_before = before[0] if before else None
    contact = await create_or_update(Contact, record_id=contact_id, values=values, given=fields.keys())
    if contact_id is not None and "account_id" in fields and account_before != contact.account_id:  # type: ignore[attr-defined]
        # The contact's portal users see their account's cases: their open sockets reconnect.
        await access.rights_changed(await User.filter(contact_id=contact_id).values_list("id", flat=True))  # type: ignore[arg-type]
    return contact


async def contacts_of_account(*, actor: Actor, account_id: int) -> list[dict[str, Any]]:
    only = visibility.account_contacts_filter(actor, account_id)
    sql = Sql()
    if only is not None:
        return await sql.fetch(
            f"SELECT id, name, email, phone, account_id FROM contacts WHERE id = {sql.p(only)}"
        )
    return await sql.fetch(
        f"SELECT id, name, email, phone, account_id FROM contacts WHERE account_id = {sql.p(account_id)} ORDER BY name"
    )
