from __future__ import annotations

from typing import Any

from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.cases.rules import text
from casebook.errors import Forbidden, NotFound


def require_staff(actor: Actor) -> None:
    if actor.is_customer or actor.is_integration:
        raise Forbidden("Only staff can do this.")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("Only admins can do this.")


async def save_account(*, actor: Actor, account_id: int | None = None, **fields: Any) -> Account:
    require_staff(actor)
    values: dict[str, Any] = {
        "name": text("name", fields.get("name"), 200, required=account_id is None or "name" in fields),
        "domain": text("domain", fields.get("domain"), 200),
        "phone": text("phone", fields.get("phone"), 50),
        "notes": text("notes", fields.get("notes"), 32_000),
    }
    if account_id is None:
        return await Account.create(**values)
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound("No such account.")
    for key, value in values.items():
        if key in fields:
            setattr(account, key, value)
    await account.save()
    return account
