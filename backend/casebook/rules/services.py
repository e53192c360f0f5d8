"""Managing rules (admins only) and the dry run. Every write goes through a unit of work; a rule
change drops this process's cached rules (casebook.rules.active), and saving or activating a
SCHEDULED rule queues the job that computes its timers for every open case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casebook import work
from casebook.auth.actor import Actor
from casebook.cases.services import get_case
from casebook.errors import InputError, NotFound
from casebook.permissions import require_admin
from casebook.rules import active, timers
from casebook.rules.actions import describe
from casebook.rules.active import RuleSpec
from casebook.rules.catalog import FIELDS, Field
from casebook.rules.conditions import GroupCheck, evaluate
from casebook.rules.facts import load
from casebook.rules.models import Rule, RuleEvent, RuleTimer
from casebook.rules.validation import clean
from casebook.work import Unit

POSITION_STEP = 10


async def list_rules(*, actor: Actor) -> list[Rule]:
    require_admin(actor)
    return await Rule.all().order_by("position", "id")


def rule_fields(*, actor: Actor) -> list[Field]:
    require_admin(actor)
    return list(FIELDS.values())


async def _rule(rule_id: int) -> Rule:
    rule = await Rule.get_or_none(id=rule_id)
    if rule is None:
        raise NotFound("No such rule.")
    return rule


async def _after_change(rule: Rule, *, was_scheduled: bool) -> None:
    """Timers follow the rule: recomputed for a SCHEDULED one, dropped for one that no longer is."""
    if rule.event == RuleEvent.SCHEDULED and rule.active:
        await timers.schedule_all(rule.id)
    elif was_scheduled:
        await RuleTimer.filter(rule_id=rule.id).delete()


async def create_rule(*, actor: Actor, given: dict[str, Any]) -> Rule:
    """`given`: RuleInput's fields in snake case (casebook.rules.validation.clean)."""
    require_admin(actor)
    data = await clean(given)

    async def write(unit: Unit) -> Rule:
        if data["position"] is None:
            last = await Rule.all().order_by("-position").first().values_list("position", flat=True)
            data["position"] = (int(last) if last is not None else 0) + POSITION_STEP  # type: ignore[call-overload]
        if data["active"] is None:
            data["active"] = True
        rule = await Rule.create(**data)
        await _after_change(rule, was_scheduled=False)
        return rule

    rule = await work.run(write)
    active.invalidate()
    return rule


async def update_rule(*, actor: Actor, rule_id: int, given: dict[str, Any]) -> Rule:
    require_admin(actor)
    data = await clean(given)

    async def write(unit: Unit) -> Rule:
        rule = await _rule(rule_id)
        was_scheduled = rule.event == RuleEvent.SCHEDULED
        # Left out, position and active stay as they are (the list's reorder and toggle set them).
        if data["position"] is None:
            data["position"] = rule.position
        if data["active"] is None:
            data["active"] = rule.active
        rule.update_from_dict(data)
        await rule.save()
        await _after_change(rule, was_scheduled=was_scheduled)
        return rule

    rule = await work.run(write)
    active.invalidate()
    return rule


async def delete_rule(*, actor: Actor, rule_id: int) -> bool:
    """Its runs and timers go with it (the history it wrote stays: it is the case's)."""
    require_admin(actor)

    async def write(unit: Unit) -> bool:
        rule = await _rule(rule_id)
        await rule.delete()
        return True

    done = await work.run(write)
    active.invalidate()
    return done


async def reorder_rules(*, actor: Actor, rule_ids: list[int]) -> list[Rule]:
    """Positions become 10, 20, 30 … in the given order; rules not named keep theirs."""
    require_admin(actor)
    if len(set(rule_ids)) != len(rule_ids):
        raise InputError("ids", "ids: a rule is named twice")

    async def write(unit: Unit) -> list[Rule]:
        found = {r.id: r for r in await Rule.filter(id__in=rule_ids)}
        missing = [i for i in rule_ids if i not in found]
        if missing:
            raise NotFound(f"No rule {missing[0]}.")
        for n, rule_id in enumerate(rule_ids, start=1):
            await Rule.filter(id=rule_id).update(position=n * POSITION_STEP)
        return await Rule.all().order_by("position", "id")

    rules = await work.run(write)
    active.invalidate()
    return rules


@dataclass(frozen=True, slots=True)
class ActionPreview:
    type: str
    field: str | None
    value: str | None
    description: str


@dataclass(frozen=True, slots=True)
class RuleTest:
    matched: bool
    conditions: GroupCheck
    actions: list[ActionPreview]


async def test_rule(*, actor: Actor, rule_id: int, case_id: int) -> RuleTest:
    """The dry run: the live evaluation (facts.load, conditions.evaluate) on the case as it is,
    with the changes of its most recent change; the actions previewed, never run."""
    require_admin(actor)
    rule = RuleSpec.of(await _rule(rule_id))
    await get_case(actor=actor, case_id=case_id)
    facts = await load(case_id)
    if facts is None:
        raise NotFound("No such case.")
    check = evaluate(rule, facts)
    previews = [
        ActionPreview(a["type"], a.get("field"), a.get("value"), describe(rule, a, facts))
        for a in rule.actions
    ]
    return RuleTest(check.matched, check, previews)
