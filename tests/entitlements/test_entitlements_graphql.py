"""Entitlements over the API: admins' mutations with their BAD_USER_INPUT paths, FORBIDDEN for
agents, Account.entitlements and Viewer.caseCreationBlocked for staff and customers, the portal's
refusal at zero with BLOCK, and an agent of another team learning no case through the ledger."""

from __future__ import annotations

from typing import Any

import pytest
from entitlements_support import balance, consume, entries, org

from casebook.cases.services import create_case, set_status
from casebook.enums import CaseStatus, Role
from casebook.sla.models import SlaPolicy
from casebook.sql import Sql

FIELDS = (
    "id name unit allocation periodStart periodEnd decrementOn overdraft balance active "
    "policy { id name } entries { amount reason caseNumber note actorName }"
)
CREATE = f"mutation($a: ID!, $i: EntitlementInput!) {{ createEntitlement(accountId: $a, input: $i) {{ {FIELDS} }} }}"
UPDATE = (
    f"mutation($id: ID!, $i: EntitlementInput!) {{ updateEntitlement(id: $id, input: $i) {{ {FIELDS} }} }}"
)
ADJUST = f"mutation($id: ID!, $n: Float!, $note: String!) {{ adjustEntitlement(id: $id, amount: $n, note: $note) {{ {FIELDS} }} }}"
ACCOUNT = (
    "query($id: ID!) { account(id: $id) { entitlements { id name balance entries { reason caseNumber } } } }"
)
NEW_CASE = "mutation($s: String!) { createCase(input: {subject: $s}) { id number } }"


def _input(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Gold 2030",
        "unit": "CASES",
        "allocation": 2,
        "periodStart": "2020-01-01",
        "periodEnd": "2099-12-31",
        "overdraft": "BLOCK",
    } | changes


async def _count(table: str) -> int:
    return int((await Sql().fetch(f"SELECT COUNT(*) AS n FROM {table}"))[0]["n"])


def _error(got: dict[str, Any]) -> tuple[str, str | None]:
    assert got.get("data") is None or not any(got["data"].values()), got
    extensions = got["errors"][0]["extensions"]
    return extensions["code"], extensions.get("field")


async def test_admins_create_update_and_adjust_an_entitlement(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    northwind = await org(people)
    policy = await SlaPolicy.create(name="Gold", position=1)
    made = await api(
        CREATE, {"a": str(northwind.account.id), "i": _input(policyId=str(policy.id))}, as_=admin
    )
    assert "errors" not in made, made
    gold = made["data"]["createEntitlement"]
    assert gold | {"id": None} == {
        "id": None,
        "name": "Gold 2030",
        "unit": "CASES",
        "allocation": 2.0,
        "periodStart": "2020-01-01",
        "periodEnd": "2099-12-31",
        "decrementOn": "ON_CREATE",
        "overdraft": "BLOCK",
        "balance": 2.0,
        "active": True,
        "policy": {"id": str(policy.id), "name": "Gold"},
        "entries": [
            {
                "amount": 2.0,
                "reason": "ALLOCATED",
                "caseNumber": None,
                "note": "Allocation",
                "actorName": "Ada",
            }
        ],
    }
    updated = await api(UPDATE, {"id": gold["id"], "i": _input(allocation=5, name="Gold")}, as_=admin)
    assert updated["data"]["updateEntitlement"]["balance"] == 5.0
    assert updated["data"]["updateEntitlement"]["policy"] is None
    assert [e["reason"] for e in updated["data"]["updateEntitlement"]["entries"]] == [
        "ALLOCATED",
        "ALLOCATED",
    ]
    adjusted = await api(ADJUST, {"id": gold["id"], "n": -1.0, "note": "goodwill taken back"}, as_=admin)
    assert adjusted["data"]["adjustEntitlement"]["balance"] == 4.0
    assert adjusted["data"]["adjustEntitlement"]["entries"][0]["reason"] == "ADJUSTMENT"
    assert await balance(int(gold["id"])) == 4

    hours = await api(
        CREATE, {"a": str(northwind.account.id), "i": _input(unit="HOURS", allocation=1.5)}, as_=admin
    )
    assert hours["data"]["createEntitlement"]["balance"] == 1.5
    assert [e["amount"] for e in await entries(int(hours["data"]["createEntitlement"]["id"]))] == [90]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"allocation": 0}, "allocation"),
        ({"allocation": -3}, "allocation"),
        ({"allocation": 1_000_001}, "allocation"),
        ({"allocation": 1.5}, "allocation"),  # cases are whole
        ({"periodStart": "2030-02-01", "periodEnd": "2030-01-31"}, "periodEnd"),
        ({"policyId": "999"}, "policyId"),
    ],
)
async def test_bad_input_names_its_field_and_writes_nothing(
    api: Any, people: Any, changes: dict[str, Any], field: str
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    northwind = await org(people)
    got = await api(CREATE, {"a": str(northwind.account.id), "i": _input(**changes)}, as_=admin)
    assert _error(got) == ("BAD_USER_INPUT", field)
    assert (await _count("entitlements"), await _count("entitlement_entries")) == (0, 0)


async def test_unknown_ids_agents_and_customers(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    northwind = await org(people)
    assert _error(await api(CREATE, {"a": "999", "i": _input()}, as_=admin))[0] == "NOT_FOUND"
    assert _error(await api(UPDATE, {"id": "999", "i": _input()}, as_=admin))[0] == "NOT_FOUND"
    assert _error(await api(ADJUST, {"id": "999", "n": 1.0, "note": "x"}, as_=admin))[0] == "NOT_FOUND"
    made = await api(CREATE, {"a": str(northwind.account.id), "i": _input()}, as_=admin)
    gold_id = made["data"]["createEntitlement"]["id"]
    for person in (agent, northwind.customer):
        assert (
            _error(await api(CREATE, {"a": str(northwind.account.id), "i": _input()}, as_=person))[0]
            == "FORBIDDEN"
        )
        assert (
            _error(await api(UPDATE, {"id": gold_id, "i": _input(allocation=99)}, as_=person))[0]
            == "FORBIDDEN"
        )
        assert (
            _error(await api(ADJUST, {"id": gold_id, "n": 50.0, "note": "x"}, as_=person))[0] == "FORBIDDEN"
        )
    assert _error(await api(ADJUST, {"id": gold_id, "n": 0.0, "note": "x"}, as_=admin)) == (
        "BAD_USER_INPUT",
        "amount",
    )
    assert _error(await api(ADJUST, {"id": gold_id, "n": 1.0, "note": " "}, as_=admin)) == (
        "BAD_USER_INPUT",
        "note",
    )
    changed_unit = await api(UPDATE, {"id": gold_id, "i": _input(unit="HOURS")}, as_=admin)
    assert _error(changed_unit) == ("BAD_USER_INPUT", "unit")
    assert await balance(int(gold_id)) == 2


async def test_the_portal_refuses_at_zero_with_block_and_an_agent_overrides(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    northwind = await org(people)
    maria = northwind.customer
    made = await api(CREATE, {"a": str(northwind.account.id), "i": _input(allocation=1)}, as_=admin)
    gold_id = int(made["data"]["createEntitlement"]["id"])
    blocked = "query { me { caseCreationBlocked } }"
    assert (await api(blocked, as_=maria))["data"]["me"]["caseCreationBlocked"] is None

    first = await api(NEW_CASE, {"s": "Printer"}, as_=maria)
    assert "errors" not in first, first
    sentence = (await api(blocked, as_=maria))["data"]["me"]["caseCreationBlocked"]
    assert sentence == (
        "Your organisation's support allowance (Gold 2030) is used up until 2099-12-31. "
        "Please contact your account manager."
    )
    assert (await api(blocked, as_=agent))["data"]["me"]["caseCreationBlocked"] is None

    cases, events = await _count("cases"), await _count("events")
    refused = await api(NEW_CASE, {"s": "Scanner"}, as_=maria)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["errors"][0]["message"] == sentence
    assert (await _count("cases"), await _count("events")) == (cases, events)

    over = await api(
        'mutation($a: ID!, $c: ID!) { createCase(input: {subject: "Scanner", accountId: $a, contactIds: [$c]}) '
        "{ id number } }",
        {"a": str(northwind.account.id), "c": str(northwind.contact.id)},
        as_=agent,
    )
    assert "errors" not in over, over
    case_id = over["data"]["createCase"]["id"]
    reasons = [(e["reason"], e["actor_id"]) for e in await entries(gold_id)]
    assert reasons[-2:] == [("CASE_CREATED", agent.id), ("OVERRIDE", agent.id)]
    stream = "query($id: ID!) { case(id: $id) { posts { edges { node { body visibility } } } } }"
    seen = await api(stream, {"id": case_id}, as_=agent)
    notes = [e["node"] for e in seen["data"]["case"]["posts"]["edges"]]
    assert [n["visibility"] for n in notes] == ["INTERNAL"] and "overdrawn" in notes[0]["body"]
    # Maria is the case's contact: she sees the case, not the note.
    hers = await api(stream, {"id": case_id}, as_=maria)
    assert hers["data"]["case"] is not None and hers["data"]["case"]["posts"]["edges"] == []


async def test_a_customer_who_may_see_her_account_gets_null_entitlements(api: Any, people: Any) -> None:
    from casebook.accounts.models import Account
    from casebook.contacts.models import Contact

    admin = await people.make(Role.ADMIN, "Ada")
    account = await Account.create(name="Initech")
    await Contact.create(name="Peter", email="peter@example.test", account=account)
    peter = await people.make(Role.CUSTOMER, "Peter", portal_account_access=True)
    await api(CREATE, {"a": str(account.id), "i": _input(allocation=3)}, as_=admin)
    case = await create_case(actor=peter.actor, subject="Printer")
    through_case = "query($id: ID!) { case(id: $id) { account { name entitlements { balance } } } }"
    got = await api(through_case, {"id": str(case.id)}, as_=peter)
    assert got["data"]["case"]["account"] == {"name": "Initech", "entitlements": None}
    own = await api("query { me { contact { account { entitlements { id } } } } }", as_=peter)
    assert own["data"]["me"]["contact"]["account"]["entitlements"] is None
    direct = await api(ACCOUNT, {"id": str(account.id)}, as_=peter)
    assert direct["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    staff = await api(through_case, {"id": str(case.id)}, as_=admin)
    assert staff["data"]["case"]["account"]["entitlements"] == [{"balance": 2.0}]


async def test_an_agent_of_another_team_reads_no_case_through_the_ledger(api: Any, people: Any) -> None:
    from casebook.teams.services import save_team

    admin = await people.make(Role.ADMIN, "Ada")
    nina = await people.make(Role.AGENT, "Nina")
    ann = await people.make(Role.AGENT, "Ann")
    await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    support = await save_team(actor=admin.actor, name="Support", member_ids=[ann.id])
    northwind = await org(people)
    await api(
        CREATE,
        {"a": str(northwind.account.id), "i": _input(decrementOn="ON_RESOLVE", allocation=3)},
        as_=admin,
    )
    case = await create_case(
        actor=admin.actor, subject="Secret", account_id=northwind.account.id, team_id=support.id
    )
    await set_status(actor=admin.actor, case_id=case.id, status=CaseStatus.RESOLVED)
    await consume()

    def numbers(got: dict[str, Any]) -> list[Any]:
        [gold] = got["data"]["account"]["entitlements"]
        return [(e["reason"], e["caseNumber"]) for e in gold["entries"]]

    assert numbers(await api(ACCOUNT, {"id": str(northwind.account.id)}, as_=ann)) == [
        ("CASE_RESOLVED", case.number),
        ("ALLOCATED", None),
    ]
    assert numbers(await api(ACCOUNT, {"id": str(northwind.account.id)}, as_=nina)) == [
        ("CASE_RESOLVED", None),
        ("ALLOCATED", None),
    ]
    bad_first = await api(
        "query($id: ID!) { account(id: $id) { entitlements { entries(first: 100000) { id } } } }",
        {"id": str(northwind.account.id)},
        as_=ann,
    )
    assert bad_first["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
