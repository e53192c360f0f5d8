"""What cases cost (casebook.entitlements.services): ON_CREATE inside create_case's unit of work,
the overdraft rules at zero, ON_RESOLVE and the reversals from the event log's consumer, and a
replayed log changing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from entitlements_support import balance, consume, entitlement, entries, org

from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases.models import Case
from casebook.cases.services import create_case, set_status
from casebook.entitlements import consumer
from casebook.entitlements.models import Decrement, Overdraft
from casebook.entitlements.services import creation_blocked, policy_for_account
from casebook.enums import CaseStatus, Role, Visibility
from casebook.errors import Forbidden
from casebook.sql import Sql
from casebook.stream.models import Post


async def _count(table: str) -> int:
    return int((await Sql().fetch(f"SELECT COUNT(*) AS n FROM {table}"))[0]["n"])


async def test_on_create_charges_the_case_and_block_refuses_the_customer_at_zero(people: Any) -> None:
    northwind = await org(people)
    agent = await people.make(Role.AGENT, "Ann")
    gold = await entitlement(northwind.account.id, allocation=1, overdraft=Overdraft.BLOCK)
    maria = northwind.customer.actor
    assert await creation_blocked(actor=maria) is None

    first = await create_case(actor=maria, subject="Printer")
    assert await balance(gold.id) == 0
    sentence = await creation_blocked(actor=maria)
    assert sentence == (
        f"Your organisation's support allowance (Gold 2030) is used up until {gold.period_end.isoformat()}. "
        "Please contact your account manager."
    )
    assert await creation_blocked(actor=agent.actor) is None  # staff: never

    cases, events = await _count("cases"), await _count("events")
    with pytest.raises(Forbidden) as refused:
        await create_case(actor=maria, subject="Scanner")
    assert refused.value.message == sentence
    assert (await _count("cases"), await _count("events")) == (cases, events)  # nothing written
    assert await balance(gold.id) == 0

    # An agent may: charged, an OVERRIDE naming her, a staff-only note on the case.
    over = await create_case(actor=agent.actor, subject="Scanner", account_id=northwind.account.id)
    assert await balance(gold.id) == -1
    rows = await entries(gold.id)
    assert [(e["reason"], e["amount"], e["case_id"]) for e in rows] == [
        ("ALLOCATED", 1, None),
        ("CASE_CREATED", -1, first.id),
        ("CASE_CREATED", -1, over.id),
        ("OVERRIDE", 0, over.id),
    ]
    assert rows[-1]["actor_id"] == agent.id
    notes = await Post.filter(case_id=over.id)
    assert [(p.visibility, p.author_name) for p in notes] == [(Visibility.INTERNAL, "Entitlements")]
    assert "overdrawn" in notes[0].body and "Ann" in notes[0].body
    assert not await Post.filter(case_id=first.id).exists()


@pytest.mark.parametrize("rule", [Overdraft.WARN, Overdraft.BLOCK])
async def test_mail_is_never_refused_and_warn_leaves_a_staff_note(people: Any, rule: Overdraft) -> None:
    northwind = await org(people)
    gold = await entitlement(northwind.account.id, allocation=1, overdraft=rule)
    mail = Actor.system("E-mail")
    await create_case(actor=mail, subject="One", contact_ids=[northwind.contact.id])
    second = await create_case(actor=mail, subject="Two", contact_ids=[northwind.contact.id])
    assert second.account_id == northwind.account.id  # type: ignore[attr-defined]
    assert await balance(gold.id) == -1
    notes = await Post.filter(case_id=second.id)
    assert [p.visibility for p in notes] == [Visibility.INTERNAL]
    assert not any(e["reason"] == "OVERRIDE" for e in await entries(gold.id))  # no agent overrode it


async def test_allow_says_nothing_and_a_customer_may_go_below_zero(people: Any) -> None:
    northwind = await org(people)
    gold = await entitlement(northwind.account.id, allocation=1, overdraft=Overdraft.ALLOW)
    await create_case(actor=northwind.customer.actor, subject="One")
    second = await create_case(actor=northwind.customer.actor, subject="Two")
    assert await balance(gold.id) == -1
    assert not await Post.filter(case_id=second.id).exists()


async def test_an_account_without_a_current_entitlement_is_charged_nothing(people: Any) -> None:
    northwind = await org(people)
    past = await entitlement(northwind.account.id, allocation=1, overdraft=Overdraft.BLOCK, days=(-60, -1))
    await create_case(actor=northwind.customer.actor, subject="One")
    await create_case(actor=northwind.customer.actor, subject="Two")
    assert await balance(past.id) == 1


async def test_the_earliest_ending_current_entitlement_is_used_and_names_the_policy(people: Any) -> None:
    from datetime import UTC, datetime

    from casebook.entitlements.models import Entitlement
    from casebook.sla.models import SlaPolicy

    northwind = await org(people)
    later = await entitlement(northwind.account.id, allocation=5, name="Year", days=(-10, 300))
    sooner = await entitlement(northwind.account.id, allocation=5, name="Month", days=(-10, 20))
    policy = await SlaPolicy.create(name="Gold", position=1)
    await Entitlement.filter(id=sooner.id).update(policy_id=policy.id)
    await create_case(actor=northwind.customer.actor, subject="One")
    assert (await balance(sooner.id), await balance(later.id)) == (4, 5)
    assert await policy_for_account(northwind.account.id, datetime.now(UTC)) == policy.id
    assert await policy_for_account(None, datetime.now(UTC)) is None


async def test_on_resolve_charges_once_per_resolution_and_reversals_follow_the_log(people: Any) -> None:
    northwind = await org(people)
    agent = await people.make(Role.AGENT, "Ann")
    gold = await entitlement(northwind.account.id, allocation=5, decrement_on=Decrement.ON_RESOLVE)
    case = await create_case(actor=agent.actor, subject="Printer", account_id=northwind.account.id)
    await consume()
    assert await balance(gold.id) == 5  # nothing until resolved

    async def to(status: CaseStatus) -> None:
        await set_status(actor=agent.actor, case_id=case.id, status=status)
        await consume()

    await to(CaseStatus.RESOLVED)
    assert await balance(gold.id) == 4
    await to(CaseStatus.CLOSED)  # the same resolution
    assert await balance(gold.id) == 4
    await to(CaseStatus.NEW)  # reopened: given back
    assert await balance(gold.id) == 5
    await to(CaseStatus.RESOLVED)
    await to(CaseStatus.NEW)
    await to(CaseStatus.REJECTED)  # never charged now: nothing to give back
    assert await balance(gold.id) == 5
    reasons = [(e["reason"], e["amount"]) for e in await entries(gold.id)]
    assert reasons == [
        ("ALLOCATED", 5),
        ("CASE_RESOLVED", -1),
        ("CASE_REOPENED", 1),
        ("CASE_RESOLVED", -1),
        ("CASE_REOPENED", 1),
    ]

    # Reading the whole log again posts nothing.
    await consumers.save_checkpoint(consumer.NAME, (0, 0))
    await consume()
    assert [(e["reason"], e["amount"]) for e in await entries(gold.id)] == reasons


@pytest.mark.parametrize(
    ("status", "reason"), [(CaseStatus.REJECTED, "CASE_CANCELLED"), (CaseStatus.DUPLICATE, "CASE_MERGED")]
)
async def test_cancelling_or_merging_gives_an_on_create_charge_back_once(
    people: Any, status: CaseStatus, reason: str
) -> None:
    northwind = await org(people)
    agent = await people.make(Role.AGENT, "Ann")
    gold = await entitlement(northwind.account.id, allocation=5)
    case = await create_case(actor=agent.actor, subject="Printer", account_id=northwind.account.id)
    resolved = await create_case(actor=agent.actor, subject="Scanner", account_id=northwind.account.id)
    assert await balance(gold.id) == 3
    await set_status(actor=agent.actor, case_id=case.id, status=status)
    await set_status(actor=agent.actor, case_id=resolved.id, status=CaseStatus.RESOLVED)
    await set_status(actor=agent.actor, case_id=resolved.id, status=CaseStatus.NEW)  # ON_CREATE: kept
    await consume()
    assert await balance(gold.id) == 4
    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.NEW)
    await set_status(actor=agent.actor, case_id=case.id, status=status)  # again: given back already
    await consume()
    assert await balance(gold.id) == 4
    assert [e["reason"] for e in await entries(gold.id) if e["case_id"] == case.id] == [
        "CASE_CREATED",
        reason,
    ]
    assert (await Case.get(id=case.id)).status is status
