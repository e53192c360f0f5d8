"""The staff's screens hear of a clock that moved: after the sla consumer pauses, resumes or meets
a case's clocks it records SLA_UPDATED ("sla" changed, no new target), which staff receive live as
a CaseChanged naming `sla` — the status change itself commits before the consumer has moved the
clock, so re-reading on it alone would show the old badge. Customers hear nothing of it, it is no
history line, and reading the log again records nothing twice."""

from __future__ import annotations

from typing import Any

from casebook import events
from casebook.background import consumers
from casebook.cases.services import create_case, set_status
from casebook.enums import CaseStatus, Role
from casebook.events.models import EventRecord
from casebook.realtime.hub import hub
from casebook.sla import config
from casebook.sla.engine import CONSUMER
from casebook.sla.models import SlaPolicy
from support.sockets import Socket, serving, wait_until

EVENTS = (
    "subscription($id: ID!) { caseEvents(caseId: $id) { __typename "
    "... on CaseChanged { changedFields } case { id sla { badge } } } }"
)
HISTORY = "query($id: ID!) { case(id: $id) { history { field oldValue newValue } } }"


async def _updates(case_id: int) -> list[EventRecord]:
    return await EventRecord.filter(case_id=case_id, kind=events.SLA_UPDATED).order_by("id")


async def test_a_paused_clock_reaches_staff_live_and_customers_not(api: Any, db: str, people: Any) -> None:
    await SlaPolicy.create(name="Standard", position=1, targets={"NORMAL": {"RESOLUTION": 480}})
    config.invalidate()
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Printer", reported_by_id=customer.actor.contact_id)
    await consumers.run_to_end(CONSUMER)
    started = await _updates(case.id)
    assert len(started) == 1  # the clocks began

    async with serving() as url:
        staff, portal = [await Socket.open(url, token=p.token) for p in (agent, customer)]
        try:
            before = hub.subscriber_count
            ops = [await s.start(EVENTS, {"id": str(case.id)}) for s in (staff, portal)]
            assert await wait_until(lambda: hub.subscriber_count >= before + 2)
            await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.PENDING)
            await consumers.run_to_end(CONSUMER)

            def said_sla(socket: Socket, op: str) -> list[dict[str, Any]]:
                return [
                    e["data"]["caseEvents"]
                    for e in socket.events(op)
                    if "sla" in (e["data"]["caseEvents"].get("changedFields") or [])
                ]

            assert await staff.wait_for(lambda: bool(said_sla(staff, ops[0])))
            assert said_sla(staff, ops[0])[-1]["case"]["sla"] == {"badge": "PAUSED"}
            assert await portal.wait_for(lambda: bool(portal.events(ops[1])))  # the status change
            assert said_sla(portal, ops[1]) == []
            assert all(e["data"]["caseEvents"]["case"]["sla"] is None for e in portal.events(ops[1]))
        finally:
            for socket in (staff, portal):
                await socket.close()

    paused = await _updates(case.id)
    assert len(paused) == 2 and paused[-1].caused_by_id is not None
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    await consumers.run_to_end(CONSUMER)  # the whole log again
    assert len(await _updates(case.id)) == 2

    history = await api(HISTORY, {"id": str(case.id)}, as_=agent)
    assert not [
        h for h in history["data"]["case"]["history"] if h["field"] == "sla" and h["newValue"] is None
    ]
