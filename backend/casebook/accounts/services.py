from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from tortoise.models import Model

from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.errors import NotFound
from casebook.permissions import require_staff
from casebook.validation import text

M = TypeVar("M", bound=Model)


async def save_account(*, actor: Actor, account_id: int | None = None, **fields: Any) -> Account:
    require_staff(actor)
    values: dict[str, Any] = {
        "name": text("name", fields.get("name"), 200, required=account_id is None or "name" in fields),
        "domain": text("domain", fields.get("domain"), 200),
        "phone": text("phone", fields.get("phone"), 50),
        "notes": text("notes", fields.get("notes"), 32_000),
    }
    return await create_or_update(Account, record_id=account_id, values=values, given=fields.keys())


async def create_or_update(
    model: type[M], *, record_id: int | None, values: dict[str, Any], given: Iterable[str]
) -> M:
    """Creates the record from all values, or changes only the fields the caller gave."""
    if record_id is None:
        return await model.create(**values)
    record = await model.get_or_none(id=record_id)
    if record is None:
        raise NotFound(f"No such {model.__name__.lower()}.")
    given = set(given)
    for key, value in values.items():
        if key in given:
            setattr(record, key, value)
    await record.save()
    return record
