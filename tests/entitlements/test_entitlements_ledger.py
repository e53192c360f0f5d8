"""The ledger (casebook.entitlements.ledger): entries appended under the entitlement's lock with the
balance in the same unit of work, a replayed event posting nothing, time logged, edited and removed
by reversing entries, and no code that updates or deletes an entry."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from entitlements_support import balance, entitlement, entries, org, other_team_agent

from casebook import work
from casebook.cases.services import create_case
from casebook.entitlements import ledger
from casebook.entitlements.models import Reason, Unit
from casebook.enums import Role
from casebook.errors import CasebookError, InputError, NotFound

BACKEND = Path(__file__).resolve().parents[2] / "backend" / "casebook"


async def test_posting_moves_the_balance_with_the_entry_and_a_replay_posts_nothing(people: Any) -> None:
    northwind = await org(people)
    gold = await entitlement(northwind.account.id, allocation=10)
    assert await balance(gold.id) == 10

    first = await ledger.post(gold.id, -3, Reason.ADJUSTMENT, event_id=77, note="fix")
    again = await ledger.post(gold.id, -3, Reason.ADJUSTMENT, event_id=77, note="fix")
    assert first is not None and again is None
    assert await balance(gold.id) == 7

    async def fails(_unit: work.Unit) -> None:
        await ledger.post(gold.id, -5, Reason.ADJUSTMENT)
        raise InputError("x", "no")

    with pytest.raises(InputError):
        await work.run(fails)
    assert await balance(gold.id) == 7  # the entry and the balance rolled back together
    assert [e["reason"] for e in await entries(gold.id)] == ["ALLOCATED", "ADJUSTMENT"]


async def test_concurrent_posts_lose_no_amount(people: Any) -> None:
    northwind = await org(people)
    gold = await entitlement(northwind.account.id, allocation=100)
    await asyncio.gather(*(ledger.post(gold.id, -1, Reason.ADJUSTMENT) for _ in range(20)))
    assert await balance(gold.id) == 80


async def test_time_is_logged_edited_and_removed_by_reversing_entries(people: Any) -> None:
    northwind = await org(people)
    agent = await people.make(Role.AGENT, "Ann")
    hours = await entitlement(northwind.account.id, allocation=600, unit=Unit.HOURS)
    case = await create_case(actor=agent.actor, subject="Printer", account_id=northwind.account.id)

    logged = await ledger.post_time(actor=agent.actor, case_id=case.id, minutes=90, note="on site")
    assert logged is not None and await balance(hours.id) == 510
    edited = await ledger.edit_time(actor=agent.actor, entry_id=logged.id, minutes=30)
    assert await balance(hours.id) == 570
    with pytest.raises(InputError):  # the old entry was taken back: it cannot be edited again
        await ledger.edit_time(actor=agent.actor, entry_id=logged.id, minutes=45)
    await ledger.remove_time(actor=agent.actor, entry_id=edited.id)
    with pytest.raises(InputError):
        await ledger.remove_time(actor=agent.actor, entry_id=edited.id)
    assert await balance(hours.id) == 600
    rows = await entries(hours.id)
    assert [(e["reason"], e["amount"], e["reverses_id"]) for e in rows] == [
        ("ALLOCATED", 600, None),
        ("TIME_LOGGED", -90, None),
        ("TIME_EDITED", 90, logged.id),
        ("TIME_LOGGED", -30, None),
        ("TIME_REMOVED", 30, edited.id),
    ]
    assert all(e["actor_id"] == agent.id for e in rows[1:])

    with pytest.raises(InputError):
        await ledger.post_time(actor=agent.actor, case_id=case.id, minutes=0)
    with pytest.raises(CasebookError):
        await ledger.post_time(actor=northwind.customer.actor, case_id=case.id, minutes=5)


async def test_time_on_a_case_without_an_hours_entitlement_charges_nothing(people: Any) -> None:
    northwind = await org(people)
    agent = await people.make(Role.AGENT, "Ann")
    cases = await entitlement(northwind.account.id, allocation=5)
    case = await create_case(actor=agent.actor, subject="Printer", account_id=northwind.account.id)
    assert await ledger.post_time(actor=agent.actor, case_id=case.id, minutes=30) is None
    assert await balance(cases.id) == 4  # only the case itself (ON_CREATE)


async def test_an_agent_of_another_team_cannot_log_time_on_a_case_she_cannot_see(people: Any) -> None:
    northwind = await org(people)
    admin = await people.make(Role.ADMIN, "Ada")
    nina_actor, support = await other_team_agent(people, admin)
    await entitlement(northwind.account.id, allocation=600, unit=Unit.HOURS)
    case = await create_case(
        actor=admin.actor, subject="Printer", account_id=northwind.account.id, team_id=support.id
    )
    with pytest.raises(NotFound):
        await ledger.post_time(actor=nina_actor, case_id=case.id, minutes=30)
    logged = await ledger.post_time(actor=admin.actor, case_id=case.id, minutes=30)
    assert logged is not None
    with pytest.raises(NotFound):
        await ledger.remove_time(actor=nina_actor, entry_id=logged.id)


def test_no_code_updates_or_deletes_a_ledger_entry() -> None:
    """Append-only: the one write of entitlement_entries is ledger.post's create."""
    writes = re.compile(
        r"EntitlementEntry\b[^\n]*\.(update|delete|save|bulk_update|select_for_update)\b"
        r"|(UPDATE|DELETE FROM)\s+\"?entitlement_entries",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(BACKEND)}:{n}"
        for path in BACKEND.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if writes.search(line)
    ]
    assert offenders == []
    creates = [
        path.relative_to(BACKEND).as_posix()
        for path in BACKEND.rglob("*.py")
        if "EntitlementEntry.create" in path.read_text()
    ]
    assert creates == ["entitlements/ledger.py"]
