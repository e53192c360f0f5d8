"""What a rule does: its actions, run in order in the caller's unit of work (each sees the case as
the previous one left it), every change made as the rule (Actor.rule), so the history says "by
rule <name>, caused by event N". `preview` says what they would do, for testRule.

An action that cannot be done as written (a status the case cannot move to, nobody assigned for
"assignee", an agent away) is skipped with a staff-only history row that says why, instead of
failing the whole run: one stale rule must not hold up the event log.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from casebook import events, settings
from casebook.activities.services import create_task
from casebook.assignment.services import assign_automatically, unavailable
from casebook.auth.actor import Actor
from casebook.cases import rules as transitions
from casebook.cases import services as cases
from casebook.enums import CaseStatus, CaseType, Channel, Origin, Priority, Role, Visibility
from casebook.errors import CasebookError
from casebook.mail import compose
from casebook.mail.models import OutboxKind
from casebook.mail.outbox import queue
from casebook.notifications.services import notify
from casebook.rules import catalog
from casebook.rules.active import RuleSpec
from casebook.rules.catalog import ActionType
from casebook.rules.conditions import shown
from casebook.rules.facts import Facts
from casebook.rules.validation import DEFAULT_TASK_MINUTES
from casebook.stream.services import add_post
from casebook.teams.services import member_rows
from casebook.work import Unit

log = logging.getLogger(__name__)
AUTOMATION = "automation"  # the history field of the rules' own notes


async def note(unit: Unit, actor: Actor, case_id: int, text: str, kind: str = events.RULE_FIRED) -> None:
    """A staff-only history row on the case: field "automation" (RULE_FIRED or RULE_HALTED)."""
    case = await cases.lock_case(unit, actor=actor, case_id=case_id)
    unit.record(kind, case, await cases.contact_ids_of(case), actor=actor, changes=[(AUTOMATION, None, text)])


async def _members(team_id: int | None) -> list[int]:
    if team_id is None:
        return []
    return [int(r["id"]) for r in await member_rows(team_id=team_id) if r["role"] != Role.CUSTOMER]


def _target_user(target: str | None, assignee_id: int | None) -> int | None:
    if not target or target == catalog.ASSIGNEE:
        return assignee_id
    return int(target.split(":", 1)[1])


async def _set_field(unit: Unit, actor: Actor, case_id: int, name: str, value: str) -> None:
    if name == "status":
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        status = CaseStatus(value)
        if status != case.status and status not in transitions.allowed_statuses(actor, case.status):
            await note(
                unit,
                actor,
                case_id,
                f"SET_FIELD status skipped: a {case.status.value} case cannot become {value}",
            )
            return
        await cases.set_status(actor=actor, case_id=case_id, status=status)
        return
    converted: Any = {
        "teamId": lambda v: int(v),
        "priority": Priority,
        "type": CaseType,
        "tags": lambda v: [t.strip() for t in v.split(",") if t.strip()],
    }.get(name, lambda v: v)(value)
    await cases.update_case(actor=actor, case_id=case_id, changes={name: converted})


async def _assign(unit: Unit, actor: Actor, case_id: int, value: str | None) -> None:
    if value:
        busy = await unavailable(int(value))
        if busy is None:
            await cases.assign_case(actor=actor, case_id=case_id, assignee_id=int(value))
            return
        name, why = busy
        await note(unit, actor, case_id, f"ASSIGN: {name} is {why}; the team's strategy decides")
    # Only an unassigned case of a team with a strategy gets someone (and the why in the history).
    await assign_automatically(case_id=case_id, by=actor)


async def _send_email(
    unit: Unit, actor: Actor, case_id: int, action: dict[str, Any], run_id: int, index: int
) -> None:
    # Lazily: importing the mail consumer registers it, which only a worker should do.
    from casebook.mail.notifications import customer_addresses, group_address

    case = await cases.lock_case(unit, actor=actor, case_id=case_id)
    target = action["field"]
    recipients = await customer_addresses(case) if target == catalog.CUSTOMER else [target]
    if not recipients:
        await note(unit, actor, case_id, "SEND_EMAIL skipped: the case has no customer address")
        return
    sender, team_name = await group_address(case)
    for recipient in recipients:
        message = compose.build(
            sender=sender,
            sender_name=team_name,
            recipient=recipient,
            subject=action["subject"],
            text=action["value"],
            message_id=compose.new_message_id(case_number=case.number, sender=sender),
            reply_to=sender if sender != settings.MAIL_FROM else None,
            automatic=True,
            case_number=case.number,
        )
        await queue(
            # The run is once only; this keys each message of it, should the unit run again.
            dedupe_key=f"rule:{run_id}:{index}:{recipient}",
            kind=OutboxKind.NOTIFICATION,
            message=message,
            sender=sender,
            recipient=recipient,
            case_id=case_id,
        )


async def _one(
    unit: Unit, rule: RuleSpec, actor: Actor, case_id: int, action: dict[str, Any], run_id: int, index: int
) -> None:
    kind = ActionType(action["type"])
    value: str | None = action.get("value")
    if kind is ActionType.SET_FIELD:
        await _set_field(unit, actor, case_id, action["field"], value or "")
    elif kind is ActionType.ASSIGN:
        await _assign(unit, actor, case_id, value)
    elif kind is ActionType.ADD_TAG:
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        if value and value not in case.tags:
            await cases.update_case(actor=actor, case_id=case_id, changes={"tags": [*case.tags, value]})
    elif kind is ActionType.ADD_INTERNAL_NOTE:
        await add_post(
            actor=actor,
            case=case_id,
            body=value or "",
            visibility=Visibility.INTERNAL,
            channel=Channel.SYSTEM,
            author_name=rule.name,
        )
    elif kind is ActionType.NOTIFY:
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        target = action.get("field") or catalog.ASSIGNEE
        if target == catalog.TEAM or target.startswith("team:"):
            team_id = case.team_id if target == catalog.TEAM else int(target.split(":", 1)[1])  # type: ignore[attr-defined]
            user_ids = await _members(team_id)
        else:
            one = _target_user(target, case.assignee_id)  # type: ignore[attr-defined]
            user_ids = [one] if one is not None else []
        if not user_ids:
            await note(unit, actor, case_id, f"NOTIFY {target} skipped: nobody to notify")
            return
        await notify(
            user_ids=user_ids,
            case_id=case_id,
            title=action.get("subject") or rule.name,
            body=value,
            email=True,
        )
    elif kind is ActionType.SEND_EMAIL:
        await _send_email(unit, actor, case_id, action, run_id, index)
    elif kind is ActionType.CREATE_TASK:
        case = await cases.lock_case(unit, actor=actor, case_id=case_id)
        assignee = _target_user(action.get("field"), case.assignee_id)  # type: ignore[attr-defined]
        if assignee is None:
            await note(unit, actor, case_id, "CREATE_TASK skipped: the case has no assignee")
            return
        minutes = action.get("due_in_minutes") or DEFAULT_TASK_MINUTES
        await create_task(
            actor=actor,
            case_id=case_id,
            subject=value or rule.name,
            assignee_id=assignee,
            due_at=datetime.now(UTC) + timedelta(minutes=minutes),
            caused_by=actor.caused_by,
        )
    elif kind is ActionType.CREATE_CHILD_CASE:
        parent = await cases.lock_case(unit, actor=actor, case_id=case_id)
        await cases.create_case(
            actor=actor,
            subject=value or rule.name,
            origin=Origin.WORKFLOW,
            parent_id=case_id,
            account_id=parent.account_id,  # type: ignore[attr-defined]
            contact_ids=list(await cases.contact_ids_of(parent)),
            reported_by_id=parent.reported_by_id,  # type: ignore[attr-defined]
            team_id=int(action["field"]) if action.get("field") else None,
        )


async def run(unit: Unit, rule: RuleSpec, *, case_id: int, caused_by: int | None, run_id: int) -> None:
    """The rule's actions on the case, in order, as the rule."""
    actor = Actor.rule(rule.id, rule.name, caused_by)
    for index, action in enumerate(rule.actions):
        try:
            await _one(unit, rule, actor, case_id, action, run_id, index)
        except CasebookError as exc:
            # Raised before the service wrote (its checks come first): the unit is still whole.
            await note(unit, actor, case_id, f"{action['type']} skipped: {exc.message}")


def describe(rule: RuleSpec, action: dict[str, Any], facts: Facts) -> str:
    """What the action would do to this case, in words (testRule)."""
    kind = ActionType(action["type"])
    value = action.get("value")
    field = action.get("field")
    if kind is ActionType.SET_FIELD:
        return f"Set {field} from {shown(facts.values.get(field or '')) or '(empty)'} to {value}"
    if kind is ActionType.ASSIGN:
        return f"Assign to user {value}" if value else "Assign by the team's strategy"
    if kind is ActionType.ADD_TAG:
        return f"Add the tag {value}"
    if kind is ActionType.ADD_INTERNAL_NOTE:
        return f"Add an internal note by {rule.name}"
    if kind is ActionType.NOTIFY:
        return f"Notify {field}: {action.get('subject') or rule.name}"
    if kind is ActionType.SEND_EMAIL:
        return f"E-mail {field}: {action.get('subject')}"
    if kind is ActionType.CREATE_TASK:
        who = field or catalog.ASSIGNEE
        if who == catalog.ASSIGNEE:
            who = (
                f"the assignee (user {facts.values.get('assigneeId')})"
                if facts.values.get("assigneeId")
                else "the assignee (none now: skipped)"
            )
        minutes = action.get("due_in_minutes") or DEFAULT_TASK_MINUTES
        return f"Create the task {value!r} for {who}, due in {minutes} minutes"
    return f"Create a child case {value!r}" + (f" in team {field}" if field else "")
