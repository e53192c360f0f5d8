"""testRule is a dry run with the live verdict: the same facts and evaluation, on a table of
cases; it shows each condition's actual value and the actions it would take, and does nothing."""

from __future__ import annotations

from typing import Any

import pytest
from rules_support import ROOT, action, condition, make_rule, run_rules

from casebook.cases.services import create_case, set_status
from casebook.contacts.services import save_contact
from casebook.enums import CaseStatus, Origin, Priority, Role
from casebook.rules.models import RuleRun
from casebook.stream.models import Post

TEST = """
mutation ($id: ID!, $case: ID!) {
  testRule(id: $id, caseId: $case) {
    matched
    conditions {
      matched groupsMatch
      all { field operator value actual matched }
      any { field operator value actual matched }
      groups { matched any { field actual matched } }
    }
    actions { type field value description }
  }
}
"""

ROUTER = dict(
    all=[condition("subject", "MATCHES", r"router|modem")],
    any=[condition("priority", "GREATER_THAN", "NORMAL"), condition("tags", "CONTAINS", "vip")],
    groups=[
        {"any": [condition("origin", "EQUALS", "WEB"), condition("contact.email", "CONTAINS", "@acme.test")]}
    ],
    actions=[action("ADD_TAG", "matched"), action("ADD_INTERNAL_NOTE", "Router case")],
)

CASES = [
    ("Router down", Priority.HIGH, [], Origin.WEB, False, True),
    ("Router down", Priority.NORMAL, ["vip"], Origin.PHONE, True, True),
    ("Router down", Priority.NORMAL, [], Origin.WEB, False, False),
    ("Printer jam", Priority.URGENT, ["vip"], Origin.WEB, True, False),
    ("MODEM flaps", Priority.URGENT, [], Origin.PHONE, False, False),
    ("my modem", Priority.LOW, ["VIP"], Origin.PHONE, True, True),
    ("Routers", Priority.LOW, [], Origin.EMAIL, True, False),
]


@pytest.mark.parametrize(("subject", "priority", "tags", "origin", "acme", "expected"), CASES)
async def test_test_rule_agrees_with_the_live_run(
    db: str,
    api: Any,
    people: Any,
    subject: str,
    priority: Priority,
    tags: list[str],
    origin: Origin,
    acme: bool,
    expected: bool,
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    rule = await make_rule("Routers", **ROUTER)  # type: ignore[arg-type]
    contact = await save_contact(actor=ROOT, name="Kim", email="kim@acme.test" if acme else "kim@home.test")
    case = await create_case(
        actor=admin.actor,
        subject=subject,
        priority=priority,
        tags=tags,
        origin=origin,
        contact_ids=[contact.id],
    )
    got = await api(TEST, {"id": str(rule.id), "case": str(case.id)}, as_=admin)
    assert "errors" not in got, got
    dry = got["data"]["testRule"]
    assert await Post.filter(case_id=case.id).count() == 0, "a dry run does nothing"

    await run_rules()
    fired = await RuleRun.filter(rule_id=rule.id, case_id=case.id).exists()
    assert dry["matched"] is fired is expected
    checks = dry["conditions"]
    assert checks["all"][0] == {
        "field": "subject",
        "operator": "MATCHES",
        "value": "router|modem",
        "actual": subject,
        "matched": "router" in subject.lower() or "modem" in subject.lower(),
    }
    assert checks["any"][0]["actual"] == priority.value
    assert checks["groups"][0]["any"][1]["actual"] == contact.email
    assert [a["type"] for a in dry["actions"]] == ["ADD_TAG", "ADD_INTERNAL_NOTE"]
    assert dry["actions"][0]["description"] == "Add the tag matched"


@pytest.mark.parametrize(("status", "expected"), [(CaseStatus.PENDING, True), (CaseStatus.ON_HOLD, False)])
async def test_what_changed_is_the_latest_change_in_a_dry_run(
    db: str, api: Any, people: Any, status: CaseStatus, expected: bool
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    rule = await make_rule(
        "Waiting on nobody",
        event="CASE_UPDATED",
        all=[condition("status", "CHANGED_TO", "PENDING"), condition("assigneeId", "IS_EMPTY")],
        actions=[action("SET_FIELD", "HIGH", field="priority")],
    )
    case = await create_case(actor=admin.actor, subject="Hold on")
    await set_status(actor=admin.actor, case_id=case.id, status=status)
    dry = (await api(TEST, {"id": str(rule.id), "case": str(case.id)}, as_=admin))["data"]["testRule"]
    await run_rules()
    assert dry["matched"] is await RuleRun.filter(rule_id=rule.id).exists() is expected
    assert dry["conditions"]["all"][0]["actual"] == f"NEW → {status.value}"
    assert dry["actions"][0]["description"] == "Set priority from NORMAL to HIGH"


async def test_test_rule_needs_a_case_and_a_rule(db: str, api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    rule = await make_rule("Any", actions=[action("ADD_TAG", "x")])
    for variables in ({"id": str(rule.id), "case": "999"}, {"id": "999", "case": "1"}):
        got = await api(TEST, variables, as_=admin)
        assert got["errors"][0]["extensions"]["code"] == "NOT_FOUND"
