"""The actions a rule takes, each through the service that owns the change."""

from __future__ import annotations

import email
import email.policy
from typing import Any

from rules_support import ROOT, action, condition, make_rule, run_rules

from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.contacts.services import save_contact
from casebook.enums import Origin, Role
from casebook.mail.models import OutboxMail
from casebook.notifications.models import Notification
from casebook.rules.models import RuleRun, RunOutcome
from casebook.teams.models import AssignmentStrategy
from casebook.teams.services import save_team


async def test_mail_the_customer_notify_a_team_and_open_a_child_case(db: str, people: Any) -> None:
    sam = await people.make(Role.AGENT, "Sam")
    hal = await people.make(Role.AGENT, "Hal")
    team = await save_team(actor=ROOT, name="Field", member_ids=[sam.id, hal.id])
    kim = await save_contact(actor=ROOT, name="Kim", email="kim@customer.test")
    rule = await make_rule(
        "Visit",
        all=[condition("subject", "CONTAINS", "visit")],
        actions=[
            action("SEND_EMAIL", "A technician will call you.", field="customer", subject="We are on it"),
            action("SEND_EMAIL", "Book a slot.", field="dispatch@example.test", subject="New visit"),
            action("NOTIFY", "Please plan it", field=f"team:{team.id}", subject="Visit to plan"),
            action("CREATE_CHILD_CASE", "Technician visit", field=str(team.id)),
        ],
    )
    case = await create_case(actor=sam.actor, subject="Site visit needed", contact_ids=[kim.id])
    await run_rules()

    mails = {m.recipient: m for m in await OutboxMail.filter(case_id=case.id)}
    # The customer and the address; NOTIFY mails the team's members too (in-app and e-mail).
    assert set(mails) == {"kim@customer.test", "dispatch@example.test", sam.email, hal.email}
    message = email.message_from_string(mails["kim@customer.test"].content, policy=email.policy.default)
    assert message["Subject"] == "We are on it" and message["Auto-Submitted"] == "auto-generated"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "A technician will call you." in body.get_content()

    assert {n.user_id for n in await Notification.filter(case_id=case.id, title="Visit to plan")} == {  # type: ignore[attr-defined]
        sam.id,
        hal.id,
    }
    [child] = await Case.filter(parent_id=case.id)
    assert (child.subject, child.origin, child.team_id) == ("Technician visit", Origin.WORKFLOW, team.id)  # type: ignore[attr-defined]
    assert child.reported_by_id == kim.id  # type: ignore[attr-defined]
    created = [r for r in await history_of(child.id) if r["field"] == "created"]
    assert created[0]["rule_name"] == "Visit"
    # The child's creation (its subject says "visit" too) is an event of the rule's own chain:
    # the rule is halted there instead of opening children forever.
    runs = await RuleRun.filter(rule_id=rule.id).order_by("id").values_list("case_id", "outcome")
    assert runs == [(case.id, RunOutcome.FIRED), (child.id, RunOutcome.HALTED)]
    halted = [r["new_value"] for r in await history_of(child.id) if r["field"] == "automation"]
    assert halted and halted[0].startswith("Loop halted: Visit → Visit (event ")


async def test_assign_by_the_teams_strategy(db: str, people: Any) -> None:
    agents = [await people.make(Role.AGENT, f"A{n}") for n in range(2)]
    team = await save_team(
        actor=ROOT,
        name="Queue",
        member_ids=[a.id for a in agents],
        assignment_strategy=AssignmentStrategy.ROUND_ROBIN,
    )
    await make_rule(
        "Queue it",
        all=[condition("teamId", "IS_EMPTY")],
        actions=[action("SET_FIELD", str(team.id), field="teamId"), action("ASSIGN", None)],
    )
    cases = [await create_case(actor=ROOT, subject=f"Case {n}") for n in range(4)]
    await run_rules()
    assignees = [(await Case.get(id=c.id)).assignee_id for c in cases]  # type: ignore[attr-defined]
    assert sorted(assignees) == sorted([agents[0].id, agents[1].id] * 2)
    reasons = [r for r in await history_of(cases[0].id) if r["field"] == "assignmentReason"]
    assert reasons and reasons[0]["new_value"].startswith("ROUND_ROBIN")
    # The rule asked: the history names it, with the event that caused it.
    assert reasons[0]["rule_name"] == "Queue it"
    assert reasons[0]["caused_by"] is not None


async def test_a_rule_acting_first_does_not_keep_the_team_strategy_from_assigning(
    db: str, people: Any
) -> None:
    from casebook.assignment.consumer import CONSUMER as ASSIGNMENT
    from casebook.background import consumers

    agent = await people.make(Role.AGENT, "Sam")
    team = await save_team(
        actor=ROOT, name="Queue", member_ids=[agent.id], assignment_strategy=AssignmentStrategy.ROUND_ROBIN
    )
    await make_rule("Tag", actions=[action("ADD_TAG", "seen")])
    case = await create_case(actor=ROOT, subject="Hello", team_id=team.id)
    await run_rules()  # the rules consumer happens to read the event before the assignment one
    await consumers.run_to_end(ASSIGNMENT)
    assert (await Case.get(id=case.id)).assignee_id == agent.id  # type: ignore[attr-defined]
