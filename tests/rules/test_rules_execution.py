"""Execution you can trust: position order, stopProcessing, each (rule, case, event) once even when
the worker dies mid-batch, loops and long chains halted with a visible history entry."""

from __future__ import annotations

from typing import Any

import pytest
from rules_support import action, condition, make_rule, run_rules

from casebook.background import consumers
from casebook.background.models import ConsumerCheckpoint
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.services import create_case, update_case
from casebook.enums import Priority, Role, Visibility
from casebook.events import RULE_HALTED
from casebook.events import log as event_log
from casebook.notifications.models import Notification
from casebook.rules.engine import CONSUMER, on_event
from casebook.rules.models import Rule, RuleRun, RunOutcome
from casebook.stream.models import Post


async def test_rules_run_in_position_order_and_stop_processing_stops(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    # Made in the opposite order of their positions: position decides, not creation.
    late = await make_rule("Late", position=30, actions=[action("ADD_TAG", "late")])
    await make_rule("Second", position=20, actions=[action("SET_FIELD", "second", field="topic")])
    await make_rule("First", position=10, actions=[action("SET_FIELD", "first", field="topic")])
    case = await create_case(actor=agent.actor, subject="Anything")
    await run_rules()
    topics = [r["new_value"] for r in await history_of(case.id) if r["field"] == "topic"]
    assert topics == ["first", "second"]
    assert (await Case.get(id=case.id)).tags == ["late"]

    await Rule.filter(name="Second").update(stop_processing=True)
    from casebook.rules import active

    active.invalidate()
    other = await create_case(actor=agent.actor, subject="Another")
    await run_rules()
    assert (await Case.get(id=other.id)).tags == [], "stopProcessing on Second: Late did not run"
    assert await RuleRun.filter(rule_id=late.id).count() == 1


async def test_one_event_fires_each_matching_rule_once_across_a_crash(
    db: str, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    everything = [condition("subject", "IS_NOT_EMPTY")]
    note = await make_rule(
        "Note", all=everything, actions=[action("ADD_INTERNAL_NOTE", "Seen by automation")]
    )
    tag = await make_rule("Tag", all=everything, actions=[action("ADD_TAG", "triaged")])
    tell = await make_rule(
        "Tell", all=everything, actions=[action("NOTIFY", "New case", field=f"user:{agent.id}")]
    )
    cases = [await create_case(actor=agent.actor, subject=f"Case {n}") for n in range(6)]

    # The worker handles three events, dies in the fourth (its unit rolls back), and never saves
    # its checkpoint: the restarted worker reads the whole batch again.
    handled = 0

    async def dying(event: Any) -> None:
        nonlocal handled
        handled += 1
        await on_event(event)
        if handled == 4:
            raise RuntimeError("killed")

    async def no_checkpoint(name: str, position: Any) -> None:
        return None

    monkeypatch.setattr(consumers, "save_checkpoint", no_checkpoint)
    with pytest.raises(RuntimeError):
        await consumers.run_batch(consumers.Consumer(CONSUMER.name, dying))
    assert await RuleRun.all().count() == 3 * 3
    monkeypatch.undo()

    await run_rules()
    # A full re-read of the log (a checkpoint lost for good) changes nothing either.
    await ConsumerCheckpoint.filter(name=CONSUMER.name).update(tx=0, event_id=0)
    await run_rules()

    for case in cases:
        runs = await RuleRun.filter(case_id=case.id).values_list("rule_id", "outcome")
        assert sorted(runs) == sorted((r.id, RunOutcome.FIRED) for r in (note, tag, tell))
        notes = await Post.filter(case_id=case.id, visibility=Visibility.INTERNAL).values_list(
            "body", "author_name"
        )
        assert notes == [("Seen by automation", "Note")]
        assert (await Case.get(id=case.id)).tags == ["triaged"]
        assert [t for _, _, t in [(0, 0, r["field"]) for r in await history_of(case.id)]].count("tags") == 1
        assert await Notification.filter(case_id=case.id, user_id=agent.id, title="Tell").count() == 1
    for rule in (note, tag, tell):
        assert (await Rule.get(id=rule.id)).fire_count == 6


async def test_a_to_b_to_a_is_halted_with_a_visible_history_entry(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    a = await make_rule(
        "Escalate",
        event="CASE_UPDATED",
        all=[condition("priority", "CHANGED_TO", "HIGH")],
        actions=[action("SET_FIELD", "URGENT", field="priority")],
    )
    b = await make_rule(
        "Calm down",
        event="CASE_UPDATED",
        all=[condition("priority", "CHANGED_TO", "URGENT")],
        actions=[action("SET_FIELD", "HIGH", field="priority")],
    )
    case = await create_case(actor=agent.actor, subject="Loop")
    await update_case(actor=agent.actor, case_id=case.id, changes={"priority": Priority.HIGH})
    await run_rules()

    runs = await RuleRun.filter(case_id=case.id).order_by("id").values_list("rule_id", "outcome", "chain")
    assert runs == [
        (a.id, RunOutcome.FIRED, [a.id]),
        (b.id, RunOutcome.FIRED, [a.id, b.id]),
        (a.id, RunOutcome.HALTED, [a.id, b.id, a.id]),
    ]
    [halted] = [e for _, e in await event_log.read_after(event_log.START) if e.kind == RULE_HALTED]
    history = await history_of(case.id)
    [entry] = [r for r in history if r["field"] == "automation"]
    assert entry["new_value"] == f"Loop halted: Escalate → Calm down → Escalate (event {halted.caused_by})"
    assert entry["rule_name"] == "Escalate"
    assert [r["new_value"] for r in history if r["field"] == "priority"] == ["HIGH", "URGENT", "HIGH"]
    assert (await Case.get(id=case.id)).priority is Priority.HIGH
    # Reading the log again neither runs nor halts anything twice.
    await ConsumerCheckpoint.filter(name=CONSUMER.name).update(tx=0, event_id=0)
    await run_rules()
    assert await RuleRun.filter(case_id=case.id).count() == 3


async def test_a_chain_stops_at_depth_five(db: str, people: Any) -> None:
    """R1 … R6, each triggered by the change the one before made (CHANGED_TO looks at the event)."""
    agent = await people.make(Role.AGENT, "Sam")
    for n in range(1, 7):
        await make_rule(
            f"R{n}",
            event="CASE_UPDATED",
            all=[condition("topic", "CHANGED_TO", f"step {n}")],
            actions=[action("SET_FIELD", f"step {n + 1}", field="topic")],
        )
    case = await create_case(actor=agent.actor, subject="Chain")
    await update_case(actor=agent.actor, case_id=case.id, changes={"topic": "step 1"})
    await run_rules()
    history = await history_of(case.id)
    assert [r["new_value"] for r in history if r["field"] == "topic"] == [f"step {n}" for n in range(1, 7)]
    [entry] = [r for r in history if r["field"] == "automation"]
    assert entry["new_value"].startswith("Chain limit 5 reached: R1 → R2 → R3 → R4 → R5 → R6 (event ")
    assert entry["rule_name"] == "R6"
    assert await RuleRun.filter(case_id=case.id, outcome=RunOutcome.HALTED).count() == 1


async def test_an_action_that_cannot_be_done_says_why(db: str, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Sam")
    await make_rule(
        "Reopen",
        actions=[
            action("CREATE_TASK", "Follow up", field="assignee"),
            action("SET_FIELD", "RESOLVED", field="status"),
            action("SET_FIELD", "CLOSED", field="status"),
            action("SET_FIELD", "PENDING", field="status"),
            action("ADD_TAG", "done"),
        ],
    )
    case = await create_case(actor=agent.actor, subject="Oops")
    await run_rules()
    notes = [r["new_value"] for r in await history_of(case.id) if r["field"] == "automation"]
    assert notes == [
        "CREATE_TASK skipped: the case has no assignee",
        "SET_FIELD status skipped: a CLOSED case cannot become PENDING",
    ]
    stored = await Case.get(id=case.id)
    assert stored.status.value == "CLOSED" and stored.tags == ["done"]
