"""Rule internals stay with staff: a customer gets no history, no internal note a rule added, no
assignment reason and no RULE_HALTED over the live feed; an agent of another team sees nothing of
what rules do to cases outside her teams."""

from __future__ import annotations

import asyncio
from typing import Any

from rules_support import ROOT, action, condition, make_rule, run_rules

from casebook import events, visibility
from casebook.activities.models import Task
from casebook.auth.actor import Actor
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.cases.subscriptions import accepts
from casebook.enums import Role
from casebook.notifications.models import Notification
from casebook.realtime.hub import hub
from casebook.teams.models import AssignmentStrategy
from casebook.teams.services import save_team
from casebook.users.models import User
from casebook.users.services import update_user

CREATE = "mutation ($subject: String!) { createCase(input: {subject: $subject}) { id } }"
CASE = """
query ($id: ID!) {
  case(id: $id) {
    priority
    history { field newValue ruleName causedBy }
    posts { edges { node { body visibility } } }
    tasks { subject }
  }
}
"""


async def settle(check: Any, seconds: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def automated_case(people: Any, api: Any) -> dict[str, Any]:
    """A portal case that rules route (to an away specialist, so the strategy decides), note,
    escalate, and loop on: every kind of internal trace a rule leaves."""
    away = await people.make(Role.AGENT, "Sam")
    helper = await people.make(Role.AGENT, "Hal")
    outsider = await people.make(Role.AGENT, "Olga")
    customer = await people.make(Role.CUSTOMER, "Kim")
    await update_user(actor=ROOT, user_id=away.id, is_away=True)
    team = await save_team(
        actor=ROOT,
        name="Network",
        member_ids=[away.id, helper.id],
        assignment_strategy=AssignmentStrategy.ROUND_ROBIN,
    )
    await save_team(actor=ROOT, name="Billing", member_ids=[outsider.id])
    await make_rule(
        "Triage",
        all=[condition("origin", "EQUALS", "PORTAL")],
        actions=[
            action("SET_FIELD", str(team.id), field="teamId"),
            action("ASSIGN", str(away.id)),
            action("ADD_INTERNAL_NOTE", "Customer is on the legacy tariff"),
            action("NOTIFY", "Not yours", field=f"user:{outsider.id}"),
            action("CREATE_TASK", "Not yours either", field=f"user:{outsider.id}"),
            action("SET_FIELD", "HIGH", field="priority"),
        ],
    )
    await make_rule(
        "Up",
        event="CASE_UPDATED",
        all=[condition("priority", "CHANGED_TO", "HIGH")],
        actions=[action("SET_FIELD", "URGENT", field="priority")],
    )
    await make_rule(
        "Down",
        event="CASE_UPDATED",
        all=[condition("priority", "CHANGED_TO", "URGENT")],
        actions=[action("SET_FIELD", "HIGH", field="priority")],
    )
    made = await api(CREATE, {"subject": "My line is down"}, as_=customer)
    return {
        "case_id": int(made["data"]["createCase"]["id"]),
        "customer": customer,
        "staff": helper,
        "outsider": outsider,
        "team_id": team.id,
    }


async def test_a_customer_never_sees_rule_internals(db: str, api: Any, people: Any) -> None:
    setup = await automated_case(people, api)
    customer, staff = setup["customer"], setup["staff"]
    case_id = setup["case_id"]
    theirs = hub.subscribe(lambda e: accepts(customer.actor, e))
    ours = hub.subscribe(lambda e: accepts(staff.actor, e))
    try:
        await run_rules()
        await settle(lambda: any(e and e.kind == events.RULE_HALTED for e in ours.backlog))

        history = await history_of(case_id)
        fields = {r["field"] for r in history}
        assert {"automation", "assignmentReason", "team", "assignee"} <= fields, fields
        assert (await Case.get(id=case_id)).assignee_id == staff.id  # type: ignore[attr-defined]
        notes = [r["new_value"] for r in history if r["field"] == "automation"]
        assert any(n.startswith("ASSIGN: Sam is away") for n in notes)
        assert any(n.startswith("Loop halted: Triage → Up → Down → Up (event ") for n in notes)

        seen = (await api(CASE, {"id": str(case_id)}, as_=customer))["data"]["case"]
        assert seen["history"] is None and seen["tasks"] == []
        assert all(p["node"]["visibility"] == "PUBLIC" for p in seen["posts"]["edges"])
        assert "legacy tariff" not in str(seen)
        staff_view = (await api(CASE, {"id": str(case_id)}, as_=staff))["data"]["case"]
        assert any(r["ruleName"] == "Triage" for r in staff_view["history"])
        assert "Customer is on the legacy tariff" in str(staff_view["posts"])

        heard = [e for e in theirs.backlog if e is not None]
        assert heard, "she does hear of her case (the status and priority changes)"
        assert not [e for e in heard if e.kind in events.RULE_KINDS]
        assert not [e for e in heard if e.kind == events.POST_ADDED]  # the note is internal
        for event in heard:
            shown = visibility.changes_for(customer.actor, event.changed_fields)
            assert "automation" not in shown and "assignmentReason" not in shown and "task" not in shown
    finally:
        hub.unsubscribe(theirs)
        hub.unsubscribe(ours)


async def test_an_agent_of_another_team_sees_nothing_of_it(db: str, api: Any, people: Any) -> None:
    setup = await automated_case(people, api)
    outsider, case_id = setup["outsider"], setup["case_id"]
    # Her rights now (the login's snapshot predates her team; a socket follows such changes).
    viewer = await Actor.for_user(await User.get(id=outsider.id))
    assert viewer.team_ids
    feed = hub.subscribe(lambda e: accepts(viewer, e))
    control = hub.subscribe(lambda e: accepts(setup["staff"].actor, e))
    try:
        await run_rules()
        await settle(lambda: any(e and e.kind == events.RULE_HALTED for e in control.backlog))
        got = await api(CASE, {"id": str(case_id)}, as_=outsider)
        assert got["data"]["case"] is None, "not hers to open"
        # Her feed heard nothing of what the rules did: the first of it moved the case to Network.
        assert [e.kind for e in feed.backlog if e is not None] == []
        # A rule naming her cannot hand her what she may not open.
        assert not await Notification.filter(user_id=outsider.id).exists()
        assert not await Task.filter(case_id=case_id).exists()
        notes = [r["new_value"] for r in await history_of(case_id) if r["field"] == "automation"]
        assert any(n.startswith("CREATE_TASK skipped:") for n in notes)
    finally:
        hub.unsubscribe(feed)
        hub.unsubscribe(control)
