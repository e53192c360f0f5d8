"""Rules over GraphQL: admins only, validation naming the part, the shapes of the contract."""

from __future__ import annotations

from typing import Any

import pytest

from casebook.enums import Role
from casebook.rules.models import Rule

CREATE = """
mutation ($input: RuleInput!) {
  createRule(input: $input) {
    id name position active event stopProcessing repeat repeatEveryHours fireCount lastFiredAt
    conditions { all { field operator value } any { field operator value } groupsMatch
                 groups { all { field operator value } groupsMatch groups { all { field } } } }
    actions { type field value subject dueInMinutes }
  }
}
"""
RULES = "{ rules { id name position } }"
FIELDS = "{ ruleFields { name label kind options operators settable } }"


def routing(name: str = "Route cables", **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "event": "CASE_CREATED",
        "conditions": {
            "all": [{"field": "origin", "operator": "EQUALS", "value": "PORTAL"}],
            "any": [{"field": "subject", "operator": "CONTAINS", "value": "cable"}],
            "groups": [
                {
                    "any": [{"field": "priority", "operator": "GREATER_THAN", "value": "LOW"}],
                    "groups": [{"all": [{"field": "tags", "operator": "IS_EMPTY"}]}],
                }
            ],
        },
        "actions": [{"type": "ADD_TAG", "value": "cable"}],
        **more,
    }


async def test_an_admin_creates_lists_and_reorders_rules(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    first = await api(CREATE, {"input": routing("First")}, as_=admin)
    assert "errors" not in first, first
    made = first["data"]["createRule"]
    assert made["position"] == 10 and made["active"] is True and made["fireCount"] == 0
    assert made["conditions"]["groups"][0]["groups"][0]["all"] == [{"field": "tags"}]
    assert made["actions"] == [
        {"type": "ADD_TAG", "field": None, "value": "cable", "subject": None, "dueInMinutes": None}
    ]
    second = (await api(CREATE, {"input": routing("Second")}, as_=admin))["data"]["createRule"]
    assert second["position"] == 20

    reordered = await api(
        "mutation ($ids: [ID!]!) { reorderRules(ids: $ids) { name position } }",
        {"ids": [second["id"], made["id"]]},
        as_=admin,
    )
    assert reordered["data"]["reorderRules"] == [
        {"name": "Second", "position": 10},
        {"name": "First", "position": 20},
    ]
    listed = await api(RULES, as_=admin)
    assert [r["name"] for r in listed["data"]["rules"]] == ["Second", "First"]

    deleted = await api("mutation ($id: ID!) { deleteRule(id: $id) }", {"id": made["id"]}, as_=admin)
    assert deleted["data"]["deleteRule"] is True
    assert await Rule.all().count() == 1


async def test_the_field_catalog(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    fields = {f["name"]: f for f in (await api(FIELDS, as_=admin))["data"]["ruleFields"]}
    assert fields["priority"]["options"] == ["LOW", "NORMAL", "HIGH", "URGENT"]
    assert "GREATER_THAN" in fields["priority"]["operators"] and fields["priority"]["settable"]
    assert "OLDER_THAN" in fields["createdAt"]["operators"]
    assert "CHANGED_TO" in fields["teamId"]["operators"] and fields["teamId"]["kind"] == "ID"
    assert "CHANGED" not in fields["post.body"]["operators"] and not fields["subject"]["settable"]
    assert {"post.body", "account.name", "contact.email", "mailbox"} <= set(fields)


@pytest.mark.parametrize("role", [Role.AGENT, Role.CUSTOMER])
async def test_non_admins_are_forbidden_everything(api: Any, people: Any, role: Role) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    other = await people.make(role, "Olly")
    rule_id = (await api(CREATE, {"input": routing()}, as_=admin))["data"]["createRule"]["id"]
    documents = [
        (RULES, {}),
        (FIELDS, {}),
        (CREATE, {"input": routing("Mine")}),
        (
            "mutation ($id: ID!, $input: RuleInput!) { updateRule(id: $id, input: $input) { id } }",
            {"id": rule_id, "input": routing("Changed")},
        ),
        ("mutation ($id: ID!) { deleteRule(id: $id) }", {"id": rule_id}),
        ("mutation ($ids: [ID!]!) { reorderRules(ids: $ids) { id } }", {"ids": [rule_id]}),
        ("mutation ($id: ID!) { testRule(id: $id, caseId: 1) { matched } }", {"id": rule_id}),
    ]
    for document, variables in documents:
        got = await api(document, variables, as_=other)
        assert got["errors"][0]["extensions"]["code"] == "FORBIDDEN", (document, got)
    assert [r.name for r in await Rule.all()] == ["Route cables"]


BAD = [
    (
        {"conditions": {"all": [{"field": "subjct", "operator": "EQUALS", "value": "x"}]}},
        "conditions.all[0].field",
        'unknown field "subjct"',
    ),
    (
        {
            "conditions": {
                "groups": [{"any": [{"field": "subject", "operator": "OLDER_THAN", "value": "2d"}]}]
            }
        },
        "conditions.groups[0].any[0].operator",
        "OLDER_THAN does not apply to subject",
    ),
    (
        {"conditions": {"all": [{"field": "subject", "operator": "MATCHES", "value": "(unclosed"}]}},
        "conditions.all[0].value",
        "not a valid regular expression",
    ),
    (
        {"conditions": {"all": [{"field": "priority", "operator": "EQUALS", "value": "SOON"}]}},
        "conditions.all[0].value",
        '"SOON" is not one of',
    ),
    (
        {"conditions": {"groups": [{"groups": [{"groups": [{"all": []}]}]}]}},
        "conditions.groups[0].groups[0].groups[0]",
        "at most 3 levels",
    ),
    (
        {"conditions": {"all": [{"field": "subject", "operator": "IS_EMPTY"}] * 51}},
        "conditions.all[50]",
        "at most 50 conditions",
    ),
    ({"actions": [{"type": "ADD_TAG", "value": "x"}] * 21}, "actions", "at most 20 actions"),
    ({"actions": []}, "actions", "at least one action"),
    (
        {"actions": [{"type": "SET_FIELD", "field": "teamId", "value": "999"}]},
        "actions[0].value",
        "no team 999",
    ),
    (
        {"actions": [{"type": "SET_FIELD", "field": "subject", "value": "x"}]},
        "actions[0].field",
        "SET_FIELD sets one of",
    ),
    ({"actions": [{"type": "ASSIGN", "value": "999"}]}, "actions[0].value", "no active agent 999"),
    ({"actions": [{"type": "NOTIFY", "field": "everyone"}]}, "actions[0].field", "give"),
    (
        {"actions": [{"type": "SEND_EMAIL", "field": "customer", "value": "Hi"}]},
        "actions[0].subject",
        "is required",
    ),
    (
        {"actions": [{"type": "CREATE_TASK", "value": "Call", "dueInMinutes": 0}]},
        "actions[0].dueInMinutes",
        "minutes",
    ),
    ({"event": "SCHEDULED", "repeat": "ONCE"}, "conditions.all", "needs an OLDER_THAN condition"),
    (
        {
            "event": "SCHEDULED",
            "conditions": {"all": [{"field": "createdAt", "operator": "OLDER_THAN", "value": "2d"}]},
        },
        "repeat",
        "how often",
    ),
    (
        {
            "event": "SCHEDULED",
            "repeat": "EVERY",
            "conditions": {"all": [{"field": "createdAt", "operator": "OLDER_THAN", "value": "2d"}]},
        },
        "repeatEveryHours",
        "EVERY needs",
    ),
    (
        {"conditions": {"all": [{"field": "createdAt", "operator": "OLDER_THAN", "value": "2d"}]}},
        "conditions.all[0].operator",
        "only for SCHEDULED",
    ),
    ({"repeat": "ONCE"}, "repeat", "only for SCHEDULED"),
    ({"name": "  "}, "name", "is required"),
]


@pytest.mark.parametrize(("change", "part", "message"), BAD)
async def test_validation_names_the_part_and_writes_nothing(
    api: Any, people: Any, change: dict[str, Any], part: str, message: str
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    got = await api(CREATE, {"input": {**routing(), **change}}, as_=admin)
    error = got["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", got
    assert error["extensions"]["field"] == part
    assert error["message"].startswith(f"{part}: ") and message in error["message"], error["message"]
    assert await Rule.all().count() == 0


async def test_unknown_rules_are_not_found(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    got = await api(
        "mutation ($input: RuleInput!) { updateRule(id: 999, input: $input) { id } }",
        {"input": routing()},
        as_=admin,
    )
    assert got["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_an_update_replaces_the_rule_but_keeps_its_place_and_toggle(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    made = (await api(CREATE, {"input": routing()}, as_=admin))["data"]["createRule"]
    update = "mutation ($id: ID!, $input: RuleInput!) { updateRule(id: $id, input: $input) { name position active actions { type value } } }"
    off = await api(update, {"id": made["id"], "input": {**routing(), "active": False}}, as_=admin)
    assert off["data"]["updateRule"]["active"] is False
    renamed = await api(
        update,
        {"id": made["id"], "input": {**routing("Renamed"), "actions": [{"type": "ADD_TAG", "value": "new"}]}},
        as_=admin,
    )
    assert renamed["data"]["updateRule"] == {
        "name": "Renamed",
        "position": made["position"],
        "active": False,
        "actions": [{"type": "ADD_TAG", "value": "new"}],
    }
