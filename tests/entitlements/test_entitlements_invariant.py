"""The ledger's invariant after random work: ~100 operations per seed over case creation (agents and
a customer, who is refused at zero with BLOCK), status changes (resolve, close, reopen, cancel,
merge), allocation changes, adjustments, and time logged, edited and removed, with the consumer
running at random moments. Then, for every entitlement, the balance is the sum of its entries AND
the allocation, plus the adjustments, minus what the case histories (the event log's status changes)
say was charged, minus the time still logged; reading the whole log again changes nothing."""

from __future__ import annotations

import itertools
import random
from datetime import date
from typing import Any

import orjson
import pytest
from entitlements_support import balance, consume, entries, org

from casebook.background import consumers
from casebook.cases import rules
from casebook.cases.services import create_case, set_status
from casebook.entitlements import consumer, ledger, services
from casebook.entitlements.models import Decrement, Entitlement, Overdraft, Unit
from casebook.entitlements.validation import Given
from casebook.enums import CaseStatus, Role
from casebook.errors import Forbidden
from casebook.sql import Sql

OPERATIONS = 100
DONE = {"RESOLVED", "CLOSED"}
CANCELLED = {"REJECTED", "DUPLICATE"}


def _charged(mode: Decrement, statuses: list[str]) -> int:
    """What one case costs, read from its history: its status after creation, then each change."""
    charged = 1 if mode is Decrement.ON_CREATE else 0
    for old, new in itertools.pairwise(statuses):
        was_open = old not in DONE | CANCELLED
        if new in CANCELLED and old not in CANCELLED:
            charged = 0
        elif new in DONE and was_open and mode is Decrement.ON_RESOLVE and not charged:
            charged = 1
        elif old in DONE and new not in DONE | CANCELLED and mode is Decrement.ON_RESOLVE:
            charged = 0
    return charged


async def _histories() -> dict[int, list[str]]:
    """Each case's statuses in log order, from the event log alone."""
    rows = await Sql().fetch("SELECT kind, case_id, data FROM events ORDER BY id")
    found: dict[int, list[str]] = {}
    for row in rows:
        data = row["data"] if isinstance(row["data"], dict) else orjson.loads(row["data"])
        if row["kind"] == "CASE_CREATED":
            found[row["case_id"]] = ["NEW"]
        for field, _old, new in data.get("changes") or ():
            if field == "status" and row["case_id"] in found:
                found[row["case_id"]].append(new)
    return found


def _given(e: Entitlement, allocation: float) -> Given:
    return Given(
        name=e.name,
        unit=e.unit,
        allocation=allocation,
        period_start=e.period_start,
        period_end=e.period_end,
        decrement_on=e.decrement_on,
        overdraft=e.overdraft,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_balance_is_the_ledger_and_the_case_histories(people: Any, seed: int) -> None:
    rng = random.Random(seed)
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    setups = [
        ("Northwind", "Maria", Unit.CASES, Decrement.ON_CREATE, Overdraft.BLOCK, 5.0),
        ("Initech", "Peter", Unit.CASES, Decrement.ON_RESOLVE, Overdraft.BLOCK, 4.0),
        ("Umbrella", "Alice", Unit.HOURS, Decrement.ON_CREATE, Overdraft.WARN, 3.0),
    ]
    orgs, ents = [], []
    for account, customer, unit, mode, overdraft, allocation in setups:
        made = await org(people, account, customer)
        orgs.append(made)
        ents.append(
            await services.create_entitlement(
                actor=admin.actor,
                account_id=made.account.id,
                given=Given(
                    name=f"{account} plan",
                    unit=unit,
                    allocation=allocation,
                    period_start=date(2020, 1, 1),
                    period_end=date(2099, 12, 31),
                    decrement_on=mode,
                    overdraft=overdraft,
                ),
            )
        )
    allocations = [e.allocation for e in ents]
    adjusted = [0, 0, 0]
    cases: list[tuple[int, int]] = []  # (case id, index of its org)
    time_entries: dict[int, int] = {}  # live TIME_LOGGED entry id -> minutes

    for _ in range(OPERATIONS):
        op = rng.choices(
            ["create", "status", "adjust", "allocate", "time", "edit", "remove", "consume"],
            weights=[6, 10, 2, 1, 3, 2, 2, 2],
        )[0]
        if op == "create" or not cases:
            i = rng.randrange(3)
            by_customer = rng.random() < 0.4
            try:
                if by_customer:
                    case = await create_case(actor=orgs[i].customer.actor, subject="Portal")
                else:
                    case = await create_case(
                        actor=agent.actor, subject="Phone", account_id=orgs[i].account.id
                    )
            except Forbidden:
                assert by_customer and ents[i].overdraft is Overdraft.BLOCK
                continue
            cases.append((case.id, i))
        elif op == "status":
            case_id, _i = rng.choice(cases)
            current = CaseStatus(
                (await Sql().fetch(f"SELECT status FROM cases WHERE id = {int(case_id)}"))[0]["status"]
            )
            await set_status(
                actor=agent.actor,
                case_id=case_id,
                status=rng.choice(rules.allowed_statuses(agent.actor, current)),
            )
        elif op == "adjust":
            i = rng.randrange(3)
            amount = rng.choice([-2, -1, 1, 3])
            await services.adjust_entitlement(
                actor=admin.actor, entitlement_id=ents[i].id, amount=amount, note="random"
            )
            adjusted[i] += amount * (60 if ents[i].unit is Unit.HOURS else 1)
        elif op == "allocate":
            i = rng.randrange(3)
            new = rng.choice([2.0, 6.0, 10.0])
            await services.update_entitlement(
                actor=admin.actor, entitlement_id=ents[i].id, given=_given(ents[i], new)
            )
            allocations[i] = int(new * (60 if ents[i].unit is Unit.HOURS else 1))
        elif op == "time":
            case_id, i = rng.choice(cases)
            minutes = rng.randint(1, 120)
            logged = await ledger.post_time(actor=agent.actor, case_id=case_id, minutes=minutes)
            assert (logged is not None) == (i == 2)
            if logged is not None:
                time_entries[logged.id] = minutes
        elif op in ("edit", "remove") and time_entries:
            entry_id = rng.choice(sorted(time_entries))
            del time_entries[entry_id]
            if op == "edit":
                minutes = rng.randint(1, 120)
                new_entry = await ledger.edit_time(actor=agent.actor, entry_id=entry_id, minutes=minutes)
                time_entries[new_entry.id] = minutes
            else:
                await ledger.remove_time(actor=agent.actor, entry_id=entry_id)
        elif op == "consume":
            await consume()

    await consume()
    histories = await _histories()
    for i, ent in enumerate(ents):
        mode = ent.decrement_on
        charged = sum(
            _charged(mode, histories[case_id]) for case_id, j in cases if j == i and ent.unit is Unit.CASES
        )
        time = sum(time_entries.values()) if ent.unit is Unit.HOURS else 0
        assert await balance(ent.id) == allocations[i] + adjusted[i] - charged - time, (seed, i)
        stored = await Entitlement.get(id=ent.id)
        assert stored.allocation == allocations[i]

    before = {e.id: await entries(e.id) for e in ents}
    await consumers.save_checkpoint(consumer.NAME, (0, 0))
    await consume()
    assert {e.id: await entries(e.id) for e in ents} == before
    assert len(cases) > 10  # the run did something
