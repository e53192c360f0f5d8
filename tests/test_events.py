"""Events reach subscribers only after the change they announce is committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from casebook import events
from casebook.cases import services
from casebook.cases.models import Case
from casebook.enums import Role
from casebook.realtime.hub import hub


async def _drain(sub: Any) -> list[events.Event]:
    await asyncio.sleep(0.2)
    got = list(sub.backlog)
    sub.backlog.clear()
    return got


async def test_deferred_events_wait_for_the_outer_commit(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    sub = hub.subscribe(lambda e: True)
    async with events.deferred():
        async with in_transaction():
            case = await services.create_case(actor=admin.actor, subject="From a mailbox")
        assert await _drain(sub) == []  # committed only now; still held until the block ends
    delivered = await _drain(sub)
    assert [(e.kind, e.case_id) for e in delivered] == [(events.CASE_CREATED, case.id)]
    hub.unsubscribe(sub)


async def test_a_rolled_back_block_announces_nothing(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    sub = hub.subscribe(lambda e: True)
    with pytest.raises(RuntimeError):
        async with events.deferred(), in_transaction():
            await services.create_case(actor=admin.actor, subject="Never was")
            raise RuntimeError("parsing failed halfway")
    assert await Case.all().count() == 0
    assert await _drain(sub) == []
    hub.unsubscribe(sub)


async def test_events_carry_the_cases_current_contacts(people: Any) -> None:
    from casebook.contacts.services import save_contact
    from casebook.stream.services import add_post

    admin = await people.make(Role.ADMIN, "Ada")
    carl = await save_contact(actor=admin.actor, name="Carl", email="carl@x.test")
    dora = await save_contact(actor=admin.actor, name="Dora", email="dora@x.test")
    sub = hub.subscribe(lambda e: True)
    case = await services.create_case(actor=admin.actor, subject="Printer", contact_ids=[dora.id, carl.id])
    await add_post(actor=admin.actor, case=case.id, body="By id")
    changed = await services.update_case(
        actor=admin.actor, case_id=case.id, changes={"contactIds": [dora.id]}
    )
    await add_post(actor=admin.actor, case=changed, body="Handed the changed case")
    await add_post(actor=admin.actor, case=case.id, body="By id again")
    delivered = await _drain(sub)
    both, only_dora = tuple(sorted((carl.id, dora.id))), (dora.id,)
    assert [(e.kind, e.contact_ids) for e in delivered] == [
        (events.CASE_CREATED, both),
        (events.POST_ADDED, both),
        (events.CASE_CHANGED, only_dora),
        (events.POST_ADDED, only_dora),
        (events.POST_ADDED, only_dora),
    ]
    hub.unsubscribe(sub)
