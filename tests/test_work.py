"""The unit of work: one transaction, its events written in it and announced after its commit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from tortoise.exceptions import IntegrityError

from casebook import events, work
from casebook.cases import services
from casebook.cases.models import Case
from casebook.enums import Role
from casebook.events import log
from casebook.events.models import EventRecord
from casebook.realtime.hub import hub
from casebook.stream.services import add_post
from support.eventlog import read_settled


async def _drain(sub: Any) -> list[events.Event]:
    await asyncio.sleep(0.2)
    got = list(sub.backlog)
    sub.backlog.clear()
    return got


async def test_nested_units_join_the_outer_one_and_announce_after_its_commit(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    sub = hub.subscribe(lambda e: True)

    async def body(unit: work.Unit) -> Case:
        case = await services.create_case(actor=admin.actor, subject="From a mailbox")
        await add_post(actor=admin.actor, case=case, body="The message")
        assert work.current() is unit
        assert await _drain(sub) == []  # not committed yet: nobody hears of it
        return case

    case = await work.run(body)
    delivered = await _drain(sub)
    assert [(e.kind, e.case_id) for e in delivered] == [
        (events.CASE_CREATED, case.id),
        (events.POST_ADDED, case.id),
    ]
    assert delivered == await log.events_of_case(case.id)
    hub.unsubscribe(sub)


async def test_a_rolled_back_unit_records_and_announces_nothing(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    sub = hub.subscribe(lambda e: True)

    async def body(unit: work.Unit) -> None:
        await services.create_case(actor=admin.actor, subject="Never was")
        raise RuntimeError("parsing failed halfway")

    with pytest.raises(RuntimeError):
        await work.run(body)
    assert await Case.all().count() == 0
    assert await EventRecord.all().count() == 0
    assert await _drain(sub) == []
    hub.unsubscribe(sub)


async def test_a_failing_write_leaves_no_event(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    before = await EventRecord.all().count()
    with pytest.raises(IntegrityError):
        # The subject is written, then the case's number collides: the whole write rolls back.
        async def body(unit: work.Unit) -> None:
            await services.update_case(actor=admin.actor, case_id=case.id, changes={"subject": "Jam"})
            await Case.filter(id=case.id).update(number=case.number + 1000)
            await Case.create(number=case.number + 1000, subject="Clash", origin=case.origin)

        await work.run(body)
    assert (await Case.get(id=case.id)).subject == "Printer"
    assert await EventRecord.all().count() == before


async def test_a_write_in_a_bare_transaction_is_refused(people: Any) -> None:
    from tortoise.transactions import in_transaction

    admin = await people.make(Role.ADMIN, "Ada")
    with pytest.raises(RuntimeError, match=r"work\.run"):
        async with in_transaction():
            await services.create_case(actor=admin.actor, subject="Outside a unit")
    assert await Case.all().count() == 0


async def test_events_of_one_unit_go_in_one_insert_in_order(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")

    async def body(unit: work.Unit) -> list[int]:
        made = [await services.create_case(actor=admin.actor, subject=f"Case {n}") for n in range(4)]
        return [c.id for c in made]

    ids = await work.run(body)
    got = await read_settled(count=len(ids))
    assert [e.case_id for _, e in got] == ids
    assert all(e.kind == events.CASE_CREATED for _, e in got)
