"""casebook.visibility, the one policy: every field it decides, for customers, team-limited agents
and staff, and the share keys that must tell apart exactly the viewers it answers differently."""

from __future__ import annotations

from typing import Any

import pytest

from casebook import events, visibility
from casebook.accounts.services import save_account
from casebook.auth.actor import Actor
from casebook.cases import services
from casebook.cases.models import Case
from casebook.contacts.models import Contact
from casebook.enums import Role
from casebook.teams.services import save_team

SCOPE, PERSON = visibility.SCOPE, visibility.PERSON


def agent(user_id: int, *teams: int) -> Actor:
    return Actor(user_id=user_id, role=Role.AGENT, name=f"agent {user_id}", team_ids=frozenset(teams))


def customer(contact_id: int, account_id: int | None = None, *, access: bool = False) -> Actor:
    return Actor(
        user_id=100 + contact_id,
        role=Role.CUSTOMER,
        name=f"customer {contact_id}",
        contact_id=contact_id,
        account_id=account_id,
        account_access=access,
    )


ADMIN = Actor(user_id=1, role=Role.ADMIN, name="admin")


def test_agents_of_one_team_set_share_what_depends_on_the_class_only() -> None:
    assert (
        visibility.share_key(agent(2, 7)) == visibility.share_key(agent(3, 7)) == visibility.share_key(ADMIN)
    )


def test_related_cases_are_keyed_by_team_set_and_person_for_team_limited_agents() -> None:
    alice, bea, nina = agent(2, 7), agent(3, 7), agent(4, 8)
    keys = [visibility.share_key(a, {SCOPE}) for a in (alice, bea, nina)]
    assert len(set(keys)) == 3  # each also opens the cases assigned to her
    # Agents in no team and admins open every case: one key.
    assert visibility.share_key(agent(5), {SCOPE}) == visibility.share_key(ADMIN, {SCOPE})


def test_customers_are_keyed_by_contact_account_access_and_account() -> None:
    own, wide = customer(1, 9), customer(2, 9, access=True)
    assert visibility.share_key(own) != visibility.share_key(wide)
    assert visibility.share_key(customer(1, 9, access=True)) != visibility.share_key(
        customer(1, 8, access=True)
    )
    assert visibility.share_key(customer(1, 9)) == visibility.share_key(customer(1, 9))
    assert visibility.share_key(customer(1)) != visibility.share_key(ADMIN)


def test_integration_tokens_are_keyed_by_their_scopes() -> None:
    reader = Actor(user_id=None, role=None, name="t", scopes=frozenset({"cases:read"}), token_id=1)
    blind = Actor(user_id=None, role=None, name="t", scopes=frozenset(), token_id=2)
    assert visibility.share_key(reader) != visibility.share_key(blind)
    assert visibility.share_key(reader) != visibility.share_key(ADMIN)


def test_per_person_fields_are_never_shared_between_people() -> None:
    assert visibility.share_key(agent(2, 7), {PERSON}) != visibility.share_key(agent(3, 7), {PERSON})


def _event(kind: str, **values: Any) -> events.Event:
    snapshot: dict[str, Any] = {
        "team_id": None,
        "assignee_id": None,
        "account_id": None,
        "reported_by_id": 1,
        "contact_ids": (),
    }
    return events.Event(id=1, kind=kind, case_id=1, **{**snapshot, **values})


def test_can_see_event() -> None:
    internal_post = _event(events.POST_ADDED, post_id=1, post_visibility="INTERNAL")
    public_post = _event(events.POST_ADDED, post_id=1, post_visibility="PUBLIC")
    assert not visibility.can_see_event(customer(1), internal_post)
    assert visibility.can_see_event(customer(1), public_post)
    assert not visibility.can_see_event(customer(2), public_post)  # not her case
    notes = _event(events.CASE_CHANGED, changes=(("internalComments", None, "x"),))
    assert not visibility.can_see_event(customer(1), notes)
    assert visibility.can_see_event(ADMIN, notes)
    other_team = _event(events.CASE_CREATED, team_id=8)
    assert not visibility.can_see_event(agent(2, 7), other_team)
    assert visibility.can_see_event(agent(2, 7), _event(events.CASE_CREATED, team_id=8, assignee_id=2))
    assert visibility.can_see_event(agent(4, 8), other_team)
    wide = customer(3, 9, access=True)
    assert visibility.can_see_event(wide, _event(events.CASE_CREATED, account_id=9))
    assert not visibility.can_see_event(customer(3, 9), _event(events.CASE_CREATED, account_id=9))


FIELDS = """
query($id: ID!) { case(id: $id) {
  subject history { field } followers { name }
  parent { subject } mergedInto { subject } children { subject }
  assignee { name email } team { name members { name email } }
  account { name contacts { name } }
} }
"""


@pytest.fixture
async def world(people: Any) -> dict[str, Any]:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    nina = await people.make(Role.AGENT, "Nina")
    carol = await people.make(Role.CUSTOMER, "Carol")
    dave = await people.make(Role.CUSTOMER, "Dave")
    network = await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    support = await save_team(actor=admin.actor, name="Support", member_ids=[alice.id])
    account = await save_account(actor=admin.actor, name="Initech")
    await Contact.filter(id__in=[carol.actor.contact_id, dave.actor.contact_id]).update(account_id=account.id)
    root = admin.actor
    parent = await services.create_case(actor=root, subject="Network parent", team_id=network.id)
    target = await services.create_case(actor=root, subject="Network target", team_id=network.id)
    case = await services.create_case(actor=carol.actor, subject="Printer")
    await services.update_case(
        actor=root, case_id=case.id, changes={"accountId": account.id, "teamId": support.id}
    )
    await services.assign_case(actor=root, case_id=case.id, assignee_id=alice.id)
    await services.follow(actor=alice.actor, case_id=case.id, on=True)
    await services.create_case(actor=root, subject="Network child", team_id=network.id, parent_id=case.id)
    await services.create_case(actor=root, subject="Support child", team_id=support.id, parent_id=case.id)
    await Case.filter(id=case.id).update(parent_id=parent.id, merged_into_id=target.id)
    return {"admin": admin, "alice": alice, "nina": nina, "carol": carol, "case": case}


async def test_every_field_the_policy_decides(api: Any, world: dict[str, Any]) -> None:
    variables = {"id": str(world["case"].id)}
    seen = {}
    for who in ("admin", "alice", "carol"):
        result = await api(FIELDS, variables, as_=world[who])
        assert "errors" not in result, result
        seen[who] = result["data"]["case"]
    carol, alice, admin = seen["carol"], seen["alice"], seen["admin"]
    # A customer: no history, followers, related cases, team members or staff addresses; of her
    # account's contacts, only herself.
    assert carol["history"] is None and carol["followers"] is None
    assert (carol["parent"], carol["mergedInto"], carol["children"]) == (None, None, [])
    assert carol["assignee"] == {"name": "Alice", "email": None}
    assert carol["team"] == {"name": "Support", "members": []}
    assert carol["account"]["contacts"] == [{"name": "Carol"}]
    # A Support agent: her team's child only; the Network parent and target stay hidden.
    assert (alice["parent"], alice["mergedInto"]) == (None, None)
    assert alice["children"] == [{"subject": "Support child"}]
    assert alice["history"] and {"name": "Alice"} in alice["followers"]
    assert alice["assignee"]["email"] == world["alice"].email
    assert alice["team"]["members"] == [{"name": "Alice", "email": world["alice"].email}]
    assert {c["name"] for c in alice["account"]["contacts"]} == {"Carol", "Dave"}
    # The admin sees every related case.
    assert admin["parent"] == {"subject": "Network parent"}
    assert admin["mergedInto"] == {"subject": "Network target"}
    assert admin["children"] == [{"subject": "Network child"}, {"subject": "Support child"}]
