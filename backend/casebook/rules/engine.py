"""The `rules` consumer of the event log: runs the active rules of each event, in the worker.

Event kinds map to rule events (CASE_CREATED, CASE_CHANGED → CASE_UPDATED, POST_ADDED, the SLA
events). For an event: the active rules of its kind in (position, id) order (cached,
casebook.rules.active: no statement at all when no rule listens), the case's facts loaded once
(and again only after a rule changed the case), each rule evaluated and, when it matches, its
run row inserted and its actions run in the same unit of work — the consumer's one transaction
per event, so an event's runs and their effects commit together or not at all. A re-read event
finds its runs (read with the facts) and does nothing again; the UNIQUE key guards the rest.

Chains: an event made by a rule carries its rule_id and caused_by; the run that made it holds the
chain of rules that led there. A matching rule already in that chain, or a chain of CHAIN_MAX,
is not run: one RULE_HALTED history row on the case names the chain ("Loop halted: A → B → A").

After the event rules, the case's timers for SCHEDULED rules are brought up to date (timers.py).
"""

from __future__ import annotations

from casebook import events, work
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.rules import actions, active, runs, timers
from casebook.rules.active import RuleSpec, Snapshot
from casebook.rules.conditions import evaluate
from casebook.rules.facts import Facts, load
from casebook.rules.models import RuleEvent, RunOutcome
from casebook.work import Unit

NAME = "rules"
KINDS = {
    events.CASE_CREATED: RuleEvent.CASE_CREATED,
    events.CASE_CHANGED: RuleEvent.CASE_UPDATED,
    events.POST_ADDED: RuleEvent.POST_ADDED,
    events.SLA_WARNING: RuleEvent.SLA_WARNING,
    events.SLA_BREACHED: RuleEvent.SLA_BREACHED,
}


def _names(snap: Snapshot, chain: list[int]) -> str:
    return " → ".join(snap.by_id[i].name if i in snap.by_id else f"rule {i}" for i in chain)


async def _halt(unit: Unit, snap: Snapshot, rule: RuleSpec, event: events.Event, chain: list[int]) -> None:
    assert event.case_id is not None
    trigger = runs.event_trigger(event.id)
    would_be = [*chain, rule.id]
    if (
        await runs.insert(
            rule_id=rule.id, case_id=event.case_id, trigger=trigger, chain=would_be, outcome=RunOutcome.HALTED
        )
        is None
    ):
        return
    if rule.id in chain:
        text = f"Loop halted: {_names(snap, would_be)} (event {event.id})"
    else:
        text = f"Chain limit {runs.CHAIN_MAX} reached: {_names(snap, would_be)} (event {event.id})"
    await actions.note(
        unit, Actor.rule(rule.id, rule.name, event.id), event.case_id, text, events.RULE_HALTED
    )


async def _run_rules(
    unit: Unit, snap: Snapshot, rules: tuple[RuleSpec, ...], event: events.Event
) -> Facts | None:
    """Runs the matching rules; returns the facts when they are still the case's (no rule fired)."""
    assert event.case_id is not None
    trigger = runs.event_trigger(event.id)
    facts = await load(event.case_id, event, runs_of=trigger)
    if facts is None:
        return None  # the case is gone
    done = {rule_id: RunOutcome(outcome) for rule_id, outcome in facts.done.items()}
    chain: list[int] | None = None  # read when a rule first matches
    fresh: Facts | None = facts
    for rule in rules:
        if rule.id in done:
            if done[rule.id] is RunOutcome.FIRED and rule.stop_processing:
                break
            continue
        if fresh is None:
            fresh = await load(event.case_id, event)
            if fresh is None:
                return None
        facts = fresh
        if not evaluate(rule, facts).matched:
            continue
        if chain is None:
            chain = await runs.chain_of(rule_id=event.rule_id, caused_by=event.caused_by)
        if rule.id in chain or len(chain) >= runs.CHAIN_MAX:
            await _halt(unit, snap, rule, event, chain)
            continue
        run_id = await runs.insert(
            rule_id=rule.id,
            case_id=event.case_id,
            trigger=trigger,
            chain=[*chain, rule.id],
            outcome=RunOutcome.FIRED,
        )
        if run_id is not None:
            before = unit.recorded
            await actions.run(unit, rule, case_id=event.case_id, caused_by=event.id, run_id=run_id)
            if unit.recorded != before:
                fresh = None  # the rule changed the case: later rules see it as it is now
        if rule.stop_processing:
            break
    return fresh


async def on_event(event: events.Event) -> None:
    kind = KINDS.get(event.kind)
    if kind is None or event.case_id is None:
        return
    snap = await active.snapshot()
    listening = snap.by_event.get(kind, ())
    scheduled = snap.by_event.get(RuleEvent.SCHEDULED, ())
    if not listening and not scheduled:
        return

    async def handle(unit: Unit) -> None:
        facts = await _run_rules(unit, snap, listening, event) if listening else None
        if scheduled:
            await timers.refresh(event.case_id, scheduled, facts)  # type: ignore[arg-type]

    await work.run(handle)


# Cases at once: each event's rules wait on a few round trips; different cases do not wait on each
# other (bench/README.md, automation).
CONSUMER = consumers.register(NAME, on_event, cases_at_once=8)
