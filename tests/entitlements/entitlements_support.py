"""Shared setup of the entitlements tests: an account with a portal customer, an entitlement on it,
and the ledger as the database holds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import work
from casebook.accounts.models import Account
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.contacts.models import Contact
from casebook.entitlements import consumer, ledger
from casebook.entitlements.models import Decrement, Entitlement, Overdraft, Reason, Unit
from casebook.enums import Role
from casebook.sql import Sql

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")


@dataclass
class Org:
    account: Account
    customer: Any  # a Person: the portal user of the account
    contact: Contact


async def org(people: Any, name: str = "Northwind", customer: str = "Maria") -> Org:
    account = await Account.create(name=name)
    contact = await Contact.create(name=customer, email=f"{customer.lower()}@example.test", account=account)
    person = await people.make(Role.CUSTOMER, customer)
    assert person.actor.contact_id == contact.id and person.actor.account_id == account.id
    return Org(account=account, customer=person, contact=contact)


async def entitlement(
    account_id: int,
    *,
    allocation: int = 2,
    unit: Unit = Unit.CASES,
    decrement_on: Decrement = Decrement.ON_CREATE,
    overdraft: Overdraft = Overdraft.ALLOW,
    name: str = "Gold 2030",
    days: tuple[int, int] = (-10, 30),
) -> Entitlement:
    """Made as the service would, through the ledger: its allocation is its first entry."""
    today = datetime.now(UTC).date()

    async def write(_unit: work.Unit) -> Entitlement:
        made = await Entitlement.create(
            account_id=account_id,
            name=name,
            unit=unit,
            allocation=allocation,
            period_start=today + timedelta(days=days[0]),
            period_end=today + timedelta(days=days[1]),
            decrement_on=decrement_on,
            overdraft=overdraft,
            balance=0,
        )
        await ledger.post(made.id, allocation, Reason.ALLOCATED)
        return made

    return await work.run(write)


async def entries(entitlement_id: int) -> list[dict[str, Any]]:
    sql = Sql()
    return await sql.fetch(
        "SELECT id, amount, reason, case_id, event_id, actor_id, note, reverses_id FROM entitlement_entries "
        f"WHERE entitlement_id = {sql.p(entitlement_id)} ORDER BY id"
    )


async def balance(entitlement_id: int) -> int:
    """The cached balance, checked against the ledger's sum on every read."""
    row = await Entitlement.get(id=entitlement_id)
    assert row.balance == sum(e["amount"] for e in await entries(entitlement_id))
    return row.balance


async def consume() -> int:
    return await consumers.run_to_end(consumer.CONSUMER)


async def other_team_agent(people: Any, admin: Any) -> tuple[Actor, Any]:
    """Nina, an agent of the Network team, and the Support team whose cases she cannot open."""
    from casebook.teams.services import save_team
    from casebook.users.models import User

    nina = await people.make(Role.AGENT, "Nina")
    await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    support = await save_team(actor=admin.actor, name="Support", member_ids=[])
    return await Actor.for_user(await User.get(id=nina.id)), support
