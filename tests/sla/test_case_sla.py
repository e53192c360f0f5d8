"""Case.sla (casebook.sla.read, sla.case_types): staff read the latest cycle of each target, the
badge, the next due and warning instants and the timeline; customers get null, by query and live;
an agent of another team does not see the case at all; SLA history lines are staff only."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import work
from casebook.background import consumers
from casebook.cases.services import create_case, set_status, update_case
from casebook.enums import CaseStatus, Priority, Role
from casebook.events.models import EventRecord
from casebook.realtime.hub import hub
from casebook.sla import clocks, config, timeline
from casebook.sla.engine import CONSUMER
from casebook.sla.models import SlaPolicy, SlaSegment, TargetKind
from casebook.sql import utc
from casebook.stream.services import add_post
from casebook.teams.services import save_team
from support.sockets import Socket, serving, wait_until

SLA = """
query($id: ID!) { case(id: $id) { id sla {
  badge nextDueAt warningAt policy { id name warnPercents }
  targets { kind cycle targetMinutes state startedAt dueAt breachedAt pausedSince metAt businessMinutesLeft warningsAt }
  timeline { kind status startsAt endsAt } } } }
"""
BADGE = "query($id: ID!) { case(id: $id) { sla { badge nextDueAt warningAt targets { kind state businessMinutesLeft } } } }"
HISTORY = "query($id: ID!) { case(id: $id) { history { field oldValue newValue } } }"


def at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


async def _policy() -> SlaPolicy:
    policy = await SlaPolicy.create(
        name="Standard",
        position=1,
        targets={
            p: {"FIRST_RESPONSE": 60, "NEXT_RESPONSE": 120, "RESOLUTION": 480}
            for p in ("LOW", "NORMAL", "HIGH")
        }
        | {"URGENT": {"FIRST_RESPONSE": 60, "NEXT_RESPONSE": 60, "RESOLUTION": 240}},
    )
    config.invalidate()  # written past the services: the cached configuration must read it
    return policy


async def _settle() -> None:
    await consumers.run_to_end(CONSUMER)


async def test_agent_reads_the_deadline_moved_by_a_pause_customer_reads_null(api: Any, people: Any) -> None:
    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    policy = await _policy()
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Printer", reported_by_id=customer.actor.contact_id)
    await _settle()
    await asyncio.sleep(0.05)
    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.PENDING)
    await _settle()
    await asyncio.sleep(0.05)
    await set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.ASSIGNED)
    await _settle()

    segments = await SlaSegment.filter(case_id=case.id).order_by("starts_at", "id")
    assert [s.state for s in segments] == ["running", "paused:PENDING", "running"]
    created, paused, resumed = (utc(s.starts_at) for s in segments)
    assert created and paused and resumed and resumed > paused
    ran = paused - created

    result = await api(SLA, {"id": str(case.id)}, as_=agent)
    assert "errors" not in result, result
    sla = result["data"]["case"]["sla"]
    by_kind = {t["kind"]: t for t in sla["targets"]}
    assert list(by_kind) == ["FIRST_RESPONSE", "RESOLUTION"]
    resolution = by_kind["RESOLUTION"]
    # The pause added nothing: what is left after the resume is the target minus the time it ran.
    assert at(resolution["dueAt"]) == resumed + timedelta(minutes=480) - ran
    assert at(by_kind["FIRST_RESPONSE"]["dueAt"]) == resumed + timedelta(minutes=60) - ran
    assert (
        resolution["state"] == "RUNNING" and resolution["cycle"] == 1 and resolution["targetMinutes"] == 480
    )
    assert at(resolution["startedAt"]) == created and resolution["pausedSince"] is None
    assert resolution["businessMinutesLeft"] in (479, 478)  # rounded down, as of the read
    assert [at(w) for w in resolution["warningsAt"]] == [
        resumed + timedelta(minutes=480 * p / 100) - ran for p in (75, 90)
    ]
    assert sla["badge"] == "RUNNING"
    assert at(sla["nextDueAt"]) == at(by_kind["FIRST_RESPONSE"]["dueAt"])  # the earliest running
    assert at(sla["warningAt"]) == at(by_kind["FIRST_RESPONSE"]["warningsAt"][0])
    assert sla["policy"] == {"id": str(policy.id), "name": "Standard", "warnPercents": [75, 90]}
    assert [(s["kind"], s["status"]) for s in sla["timeline"]] == [
        ("RUNNING", None),
        ("PAUSED", "PENDING"),
        ("RUNNING", None),
    ]
    assert at(sla["timeline"][1]["startsAt"]) == paused and at(sla["timeline"][1]["endsAt"]) == resumed
    assert sla["timeline"][-1]["endsAt"] is None

    mine = await api(SLA, {"id": str(case.id)}, as_=customer)
    assert "errors" not in mine, mine
    assert mine["data"]["case"] == {"id": str(case.id), "sla": None}


async def test_a_case_without_clocks_has_no_sla(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    case = await create_case(actor=agent.actor, subject="No policy matches")
    result = await api(SLA, {"id": str(case.id)}, as_=agent)
    assert result["data"]["case"]["sla"] is None


async def _clocks(case_id: int, *views: timeline.ClockView) -> None:
    async def write(_unit: work.Unit) -> None:
        for view in views:
            await clocks.insert(case_id, None, view)
        await clocks.refresh_due(case_id)

    await work.run(write)


F, N, R = TargetKind.FIRST_RESPONSE, TargetKind.NEXT_RESPONSE, TargetKind.RESOLUTION


async def test_the_badge_is_the_worst_open_target(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    now = datetime.now(UTC)

    async def badge(*views: timeline.ClockView) -> dict[str, Any]:
        case = await create_case(actor=agent.actor, subject="Badge")
        await _clocks(case.id, *views)
        result = await api(BADGE, {"id": str(case.id)}, as_=agent)
        assert "errors" not in result, result
        return result["data"]["case"]["sla"]  # type: ignore[no-any-return]

    running = timeline.start(R, 1, 100, None, now - timedelta(minutes=10))
    got = await badge(running)
    assert got["badge"] == "RUNNING"
    assert at(got["warningAt"]) == now - timedelta(minutes=10) + timedelta(minutes=75)

    warned = timeline.start(R, 1, 100, None, now - timedelta(minutes=80))  # past 75 %, not 90 %
    got = await badge(warned)
    assert got["badge"] == "WARNING"
    assert at(got["warningAt"]) == now - timedelta(minutes=80) + timedelta(minutes=90)  # the next one
    late = await badge(timeline.start(R, 1, 100, None, now - timedelta(minutes=95)))
    assert late["badge"] == "WARNING"  # every warning passed: the latest of them
    assert at(late["warningAt"]) == now - timedelta(minutes=95) + timedelta(minutes=90)

    overdue = timeline.start(F, 1, 30, None, now - timedelta(minutes=45))  # due passed, not fired yet
    got = await badge(overdue, running)
    assert got["badge"] == "BREACHED"
    assert at(got["nextDueAt"]) == now - timedelta(minutes=15)
    first = next(t for t in got["targets"] if t["kind"] == "FIRST_RESPONSE")
    assert first["businessMinutesLeft"] in (-15, -16)  # negative once breached, rounded down

    paused = timeline.pause(running, None, now - timedelta(minutes=5))
    got = await badge(paused)
    assert got["badge"] == "PAUSED" and got["nextDueAt"] is None and got["warningAt"] is None
    assert got["targets"][0]["businessMinutesLeft"] == 95

    met = timeline.meet(running, None, now - timedelta(minutes=1))
    got = await badge(met)
    assert got["badge"] == "MET" and got["targets"][0]["state"] == "MET"
    # A breach fired on a clock that then paused keeps the case breached.
    fired = timeline.pause(timeline.fire(overdue, [75, 90, 100], now), None, now)
    assert (await badge(fired, paused))["badge"] == "BREACHED"
    # Met targets do not count, whatever they were: the open one decides.
    assert (await badge(timeline.meet(overdue, None, now), paused))["badge"] == "PAUSED"


async def test_an_agent_of_another_team_does_not_see_the_case(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    ann = await people.make(Role.AGENT, "Ann")
    nina = await people.make(Role.AGENT, "Nina")
    support = await save_team(actor=admin.actor, name="Support", member_ids=[ann.id])
    await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    case = await create_case(actor=admin.actor, subject="Support's", team_id=support.id)
    await _clocks(case.id, timeline.start(R, 1, 100, None, datetime.now(UTC)))

    assert (await api(BADGE, {"id": str(case.id)}, as_=ann))["data"]["case"]["sla"]["badge"] == "RUNNING"
    assert (await api(BADGE, {"id": str(case.id)}, as_=nina))["data"]["case"] is None
    listed = await api(
        "{ cases(filter: {slaDue: {withinMinutes: 525600}}) { totalCount edges { node { id } } } }", as_=nina
    )
    assert listed["data"]["cases"] == {"totalCount": 0, "edges": []}


async def test_sla_history_lines_are_staff_only(api: Any, people: Any) -> None:
    from casebook.cases.history import history_of
    from casebook.sla.timers import fire

    await consumers.save_checkpoint(CONSUMER.name, (0, 0))
    await _policy()
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Printer", reported_by_id=customer.actor.contact_id)
    await _settle()
    await update_case(actor=agent.actor, case_id=case.id, changes={"priority": Priority.URGENT})
    await _settle()
    clock = (await clocks.current(case.id, lock=False))[F]
    assert clock.next_fire_at is not None
    later = clock.view.started_at + timedelta(minutes=61)
    await work.run(lambda unit: fire(unit, clock.id, clocks.stamp(clock.next_fire_at), now=later))  # type: ignore[arg-type]
    kinds = [e.kind for e in await EventRecord.filter(case_id=case.id).order_by("id")]
    assert "SLA_BREACHED" in kinds and "SLA_WARNING" in kinds

    staff = (await api(HISTORY, {"id": str(case.id)}, as_=agent))["data"]["case"]["history"]
    lines = [(h["oldValue"], h["newValue"]) for h in staff if h["field"] == "sla"]
    assert (None, "First response: warning at 75 %") in lines
    assert (None, "First response: warning at 90 %") in lines
    assert (None, "First response: breached") in lines
    assert any(new and "resolution" in new and old for old, new in lines)  # SLA_CHANGED: old -> new

    assert (await api(HISTORY, {"id": str(case.id)}, as_=customer))["data"]["case"]["history"] is None
    # The policy's answer, not only the resolver's null: her lines have none of the SLA's.
    hers = await history_of(case.id, viewer=customer.actor)
    assert hers and not [h for h in hers if h["field"] == "sla"]


FEED = "subscription { caseFeed { __typename case { id sla { badge nextDueAt } } } }"
EVENTS = "subscription($id: ID!) { caseEvents(caseId: $id) { __typename case { id sla { badge } } } }"


async def test_live_payloads_carry_sla_for_staff_and_null_for_customers(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    case = await create_case(actor=agent.actor, subject="Live", reported_by_id=customer.actor.contact_id)
    await _clocks(case.id, timeline.start(R, 1, 100, None, datetime.now(UTC)))
    async with serving() as url:
        sockets = [await Socket.open(url, token=p.token) for p in (agent, customer, agent, customer)]
        try:
            before = hub.subscriber_count
            ops = [
                await sockets[0].start(FEED),
                await sockets[1].start(FEED),
                await sockets[2].start(EVENTS, {"id": str(case.id)}),
                await sockets[3].start(EVENTS, {"id": str(case.id)}),
            ]
            assert await wait_until(lambda: hub.subscriber_count >= before + 4)
            await add_post(actor=agent.actor, case=case.id, body="We are on it")
            for socket, op in zip(sockets, ops, strict=True):
                assert await socket.wait_for(lambda s=socket, o=op: bool(s.events(o))), "no event"
            feed_agent, feed_customer, events_agent, events_customer = (
                s.events(o)[0]["data"] for s, o in zip(sockets, ops, strict=True)
            )
            assert feed_agent["caseFeed"]["case"]["sla"]["badge"] == "RUNNING"
            assert feed_agent["caseFeed"]["case"]["sla"]["nextDueAt"]
            assert feed_customer["caseFeed"]["case"] == {"id": str(case.id), "sla": None}
            assert events_agent["caseEvents"]["case"]["sla"] == {"badge": "RUNNING"}
            assert events_customer["caseEvents"]["case"] == {"id": str(case.id), "sla": None}
        finally:
            for socket in sockets:
                await socket.close()
