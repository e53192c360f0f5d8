"""A team's assignment settings through the API: admins set them, bad values are refused naming the
field with nothing written, others may not change them."""

from __future__ import annotations

from typing import Any

from casebook.enums import Role
from casebook.teams.models import AssignmentStrategy, Team
from support.config import error_codes

CREATE = """
mutation ($input: TeamInput!) {
  createTeam(input: $input) { id name assignmentStrategy maxOpenPerAgent }
}
"""
UPDATE = """
mutation ($id: ID!, $input: TeamInput!) {
  updateTeam(id: $id, input: $input) { name assignmentStrategy maxOpenPerAgent }
}
"""


async def test_an_admin_sets_the_strategy_and_the_cap(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    made = await api(CREATE, {"input": {"name": "Support"}}, as_=admin)
    team = made["data"]["createTeam"]
    assert team["assignmentStrategy"] == "MANUAL" and team["maxOpenPerAgent"] is None

    changed = await api(
        UPDATE,
        {"id": team["id"], "input": {"assignmentStrategy": "LEAST_BUSY", "maxOpenPerAgent": 3}},
        as_=admin,
    )
    assert changed["data"]["updateTeam"] == {
        "name": "Support",
        "assignmentStrategy": "LEAST_BUSY",
        "maxOpenPerAgent": 3,
    }
    # Leaving the cap out keeps it; null removes it.
    renamed = await api(UPDATE, {"id": team["id"], "input": {"name": "Helpdesk"}}, as_=admin)
    assert renamed["data"]["updateTeam"]["maxOpenPerAgent"] == 3
    cleared = await api(UPDATE, {"id": team["id"], "input": {"maxOpenPerAgent": None}}, as_=admin)
    assert cleared["data"]["updateTeam"] == {
        "name": "Helpdesk",
        "assignmentStrategy": "LEAST_BUSY",
        "maxOpenPerAgent": None,
    }
    listed = await api("{ teams { name assignmentStrategy } }", as_=admin)
    assert listed["data"]["teams"] == [{"name": "Helpdesk", "assignmentStrategy": "LEAST_BUSY"}]


async def test_a_bad_cap_is_refused_naming_the_field_and_nothing_is_written(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    made = await api(CREATE, {"input": {"name": "Support", "maxOpenPerAgent": 2}}, as_=admin)
    team_id = made["data"]["createTeam"]["id"]
    for bad in (0, -1, 100_001):
        got = await api(
            UPDATE,
            {
                "id": team_id,
                "input": {"name": "Renamed", "assignmentStrategy": "ROUND_ROBIN", "maxOpenPerAgent": bad},
            },
            as_=admin,
        )
        assert error_codes(got) == ["BAD_USER_INPUT"], got
        assert got["errors"][0]["extensions"]["field"] == "maxOpenPerAgent"
    created = await api(CREATE, {"input": {"name": "Other", "maxOpenPerAgent": 0}}, as_=admin)
    assert error_codes(created) == ["BAD_USER_INPUT"]
    team = await Team.get(id=int(team_id))
    assert (team.name, team.assignment_strategy, team.max_open_per_agent) == (
        "Support",
        AssignmentStrategy.MANUAL,
        2,
    )
    assert await Team.all().count() == 1
    # Not a strategy at all: GraphQL's own validation of the enum.
    wrong = await api(UPDATE, {"id": team_id, "input": {"assignmentStrategy": "RANDOM"}}, as_=admin)
    assert wrong.get("errors") and wrong.get("data") is None


async def test_only_admins_change_the_settings(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alex")
    customer = await people.make(Role.CUSTOMER, "Kim")
    made = await api(CREATE, {"input": {"name": "Support"}}, as_=admin)
    team_id = made["data"]["createTeam"]["id"]
    for who in (agent, customer):
        got = await api(UPDATE, {"id": team_id, "input": {"assignmentStrategy": "ROUND_ROBIN"}}, as_=who)
        assert error_codes(got) == ["FORBIDDEN"], got
    assert (await Team.get(id=int(team_id))).assignment_strategy is AssignmentStrategy.MANUAL
    # Customers do not list teams (their case's team shows its name only: tests/assignment).
    assert error_codes(await api("{ teams { name } }", as_=customer)) == ["FORBIDDEN"]


async def test_the_away_toggle_is_the_users_own_and_the_admins(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alex")
    other = await people.make(Role.AGENT, "Bea")
    toggle = "mutation ($id: ID!, $away: Boolean) { updateUser(id: $id, input: {isAway: $away}) { isAway } }"
    assert (await api(toggle, {"id": str(agent.id), "away": True}, as_=agent))["data"]["updateUser"] == {
        "isAway": True
    }
    assert error_codes(await api(toggle, {"id": str(agent.id), "away": False}, as_=other)) == ["FORBIDDEN"]
    assert (await api(toggle, {"id": str(agent.id), "away": False}, as_=admin))["data"]["updateUser"] == {
        "isAway": False
    }
