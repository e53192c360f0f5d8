"""The case rules through the service layer."""

from __future__ import annotations

import pytest

from casebook.cases import services
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.enums import CaseStatus, Origin, Role, Visibility
from casebook.errors import Forbidden, InputError, NotFound
from casebook.stream.services import add_post


async def test_numbers_are_sequential_and_history_records_creation(people) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    first = await services.create_case(actor=agent.actor, subject="One")
    second = await services.create_case(actor=agent.actor, subject="Two")
    assert (first.number, second.number) == (10001, 10002)
    assert first.origin is Origin.AGENT and first.status is CaseStatus.NEW
    assert [(h["field"], h["new_value"]) for h in await history_of(first.id)] == [("created", "10001")]


async def test_subject_limits_name_the_field_and_write_nothing(people) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    with pytest.raises(InputError) as too_long:
        await services.create_case(actor=agent.actor, subject="x" * 256)
    assert too_long.value.field == "subject"
    with pytest.raises(InputError) as empty:
        await services.create_case(actor=agent.actor, subject="   ")
    assert empty.value.field == "subject"
    with pytest.raises(InputError) as comments:
        await services.create_case(actor=agent.actor, subject="ok", internal_comments="y" * 3001)
    assert comments.value.field == "internalComments"
    assert await Case.all().count() == 0


async def test_customer_case_is_portal_unassigned_and_their_own(people) -> None:
    customer = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=customer.actor, subject="Help")
    assert case.origin is Origin.PORTAL
    assert case.assignee_id is None  # type: ignore[attr-defined]
    assert case.reported_by_id == customer.actor.contact_id  # type: ignore[attr-defined]
    with pytest.raises(Forbidden):
        await services.create_case(actor=customer.actor, subject="x", internal_comments="sneaky")


async def test_status_machine(people) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    customer = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=customer.actor, subject="Help")
    case = await services.set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.RESOLVED)
    assert case.resolved_at is not None
    with pytest.raises(InputError):
        await services.set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.PENDING)
    with pytest.raises(Forbidden):
        await services.set_status(actor=customer.actor, case_id=case.id, status=CaseStatus.CLOSED)
    # A customer's reply reopens a resolved case.
    await add_post(actor=customer.actor, case=case.id, body="Still broken")
    reopened = await Case.get(id=case.id)
    assert reopened.status is CaseStatus.NEW and reopened.resolved_at is None
    fields = [(h["field"], h["old_value"], h["new_value"]) for h in await history_of(case.id)]
    assert ("status", "RESOLVED", "NEW") in fields


async def test_assignment_moves_status_and_is_recorded(people) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    customer = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    case = await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=agent.id)
    assert case.status is CaseStatus.ASSIGNED
    with pytest.raises(InputError) as bad:
        await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=customer.id)
    assert bad.value.field == "assigneeId"
    case = await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=None)
    assert case.status is CaseStatus.NEW
    history = [
        (h["old_value"], h["new_value"]) for h in await history_of(case.id) if h["field"] == "assignee"
    ]
    assert history == [(None, "Alice"), ("Alice", None)]


async def test_team_agents_see_their_teams_cases_only(people) -> None:
    from casebook.teams.services import save_team

    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    nina = await people.make(Role.AGENT, "Nina")
    support = await save_team(actor=admin.actor, name="Support", member_ids=[alice.id])
    network = await save_team(actor=admin.actor, name="Network", member_ids=[nina.id])
    case = await services.create_case(actor=admin.actor, subject="VPN down", team_id=network.id)
    alice_actor = await type(alice.actor).for_user(await _user(alice.id))
    with pytest.raises(NotFound):
        await services.get_case(actor=alice_actor, case_id=case.id)
    assert support.id != network.id
    await services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=alice.id)
    assert (await services.get_case(actor=alice_actor, case_id=case.id)).id == case.id


async def test_customer_cannot_post_internally(people) -> None:
    customer = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=customer.actor, subject="Help")
    with pytest.raises(Forbidden):
        await add_post(actor=customer.actor, case=case.id, body="psst", visibility=Visibility.INTERNAL)


async def _user(user_id: int):  # type: ignore[no-untyped-def]
    from casebook.users.models import User

    return await User.get(id=user_id)
