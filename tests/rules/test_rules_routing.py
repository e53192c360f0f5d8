"""Routing is rules: a web-form or portal case whose subject names a service goes to that
service's team and specialist, with a task for her and a notification to the coordinator."""

from __future__ import annotations

from typing import Any

from rules_support import ROOT, action, condition, make_rule, run_rules

from casebook.activities.models import Task
from casebook.auth.actor import Actor
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.services import create_case
from casebook.enums import CaseStatus, Origin, Role
from casebook.events import log as event_log
from casebook.notifications.models import Notification
from casebook.rules.models import Rule, RuleRun
from casebook.teams.services import save_team

CREATE = "mutation ($subject: String!) { createCase(input: {subject: $subject}) { id } }"


async def routing_rule(team_id: int, specialist_id: int, coordinator_id: int) -> Rule:
    """The seeds' example, as an admin builds it."""
    return await make_rule(
        "Connections to the network team",
        event="CASE_CREATED",
        all=[condition("subject", "MATCHES", r"connection|cable replacement|tariff change")],
        groups=[{"any": [condition("origin", "EQUALS", "WEB"), condition("origin", "EQUALS", "PORTAL")]}],
        actions=[
            action("SET_FIELD", str(team_id), field="teamId"),
            action("ASSIGN", str(specialist_id)),
            action("CREATE_TASK", "Call the customer about the line", field="assignee", due_in_minutes=120),
            action("NOTIFY", "A new network case", field=f"user:{coordinator_id}", subject="Network case"),
        ],
    )


async def test_a_portal_case_with_the_keyword_goes_to_the_specialist(db: str, api: Any, people: Any) -> None:
    specialist = await people.make(Role.AGENT, "Sam")
    coordinator = await people.make(Role.AGENT, "Cora")
    customer = await people.make(Role.CUSTOMER, "Kim")
    team = await save_team(actor=ROOT, name="Network", member_ids=[specialist.id, coordinator.id])
    rule = await routing_rule(team.id, specialist.id, coordinator.id)

    made = await api(CREATE, {"subject": "Cable replacement in flat 3"}, as_=customer)
    case_id = int(made["data"]["createCase"]["id"])
    other = await api(CREATE, {"subject": "My invoice is wrong"}, as_=customer)
    other_id = int(other["data"]["createCase"]["id"])
    web = await create_case(actor=Actor.system(), subject="Tariff change please", origin=Origin.WEB)
    agent_made = await create_case(actor=specialist.actor, subject="Tariff change for a friend")
    await run_rules()

    case = await Case.get(id=case_id)
    assert (case.team_id, case.assignee_id, case.status) == (team.id, specialist.id, CaseStatus.ASSIGNED)  # type: ignore[attr-defined]
    [task] = await Task.filter(case_id=case_id)
    assert task.subject == "Call the customer about the line" and task.assignee_id == specialist.id  # type: ignore[attr-defined]
    assert task.due_at is not None and task.created_by_name == rule.name
    titles = {
        (n.user_id, n.title)
        for n in await Notification.filter(case_id=case_id)  # type: ignore[attr-defined]
    }
    assert (coordinator.id, "Network case") in titles
    assert any(user == specialist.id for user, _ in titles), "the task tells the specialist"

    # Every change says which rule made it and which event caused it.
    [created] = [e for _, e in await event_log.read_after(event_log.START) if e.case_id == case_id][:1]
    rows = [r for r in await history_of(case_id) if r["rule_name"]]
    assert {r["field"] for r in rows} >= {"team", "assignee", "task"}
    assert {(r["rule_name"], r["caused_by"]) for r in rows} == {(rule.name, str(created.id))}

    assert (await Case.get(id=web.id)).team_id == team.id  # type: ignore[attr-defined]
    # Neither the case without the keyword nor the agent's own case (origin AGENT) was routed.
    for untouched in (other_id, agent_made.id):
        assert (await Case.get(id=untouched)).team_id is None  # type: ignore[attr-defined]
    assert await RuleRun.filter(rule_id=rule.id).count() == 2
    await Rule.get(id=rule.id)
    assert (await Rule.get(id=rule.id)).fire_count == 2


async def test_routing_by_account_and_on_posts(db: str, people: Any) -> None:
    """Cases of an account go to its team; a rule on posts routes when a post asks for it."""
    from casebook.accounts.services import save_account
    from casebook.stream.services import add_post

    agent = await people.make(Role.AGENT, "Sam")
    team = await save_team(actor=ROOT, name="Key accounts", member_ids=[agent.id])
    account = await save_account(actor=ROOT, name="Acme")
    await make_rule(
        "Acme to key accounts",
        all=[condition("account.name", "EQUALS", "acme")],
        actions=[action("SET_FIELD", str(team.id), field="teamId")],
    )
    await make_rule(
        "Escalation asked in a post",
        event="POST_ADDED",
        all=[
            condition("post.body", "CONTAINS", "escalate"),
            condition("post.visibility", "EQUALS", "PUBLIC"),
        ],
        actions=[action("SET_FIELD", "URGENT", field="priority")],
    )
    acme_case = await create_case(actor=agent.actor, subject="Hello", account_id=account.id)
    plain = await create_case(actor=agent.actor, subject="Hello")
    await add_post(actor=agent.actor, case=plain.id, body="Please escalate this")
    await add_post(actor=agent.actor, case=acme_case.id, body="Nothing to see")
    await run_rules()
    assert (await Case.get(id=acme_case.id)).team_id == team.id  # type: ignore[attr-defined]
    assert (await Case.get(id=plain.id)).team_id is None  # type: ignore[attr-defined]
    assert (await Case.get(id=plain.id)).priority.value == "URGENT"
    assert (await Case.get(id=acme_case.id)).priority.value == "NORMAL"
