"""SLA calendars and policies over GraphQL: admins change them, staff read them, customers see
nothing; bad input is BAD_USER_INPUT naming the part and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sla_support import (
    CALENDARS,
    CREATE_CALENDAR,
    CREATE_POLICY,
    POLICIES,
    UPDATE_CALENDAR,
    UPDATE_POLICY,
    office,
    standard,
)

from casebook.accounts.models import Account
from casebook.enums import Role
from casebook.sla.models import SlaCalendar, SlaHoliday, SlaPolicy
from casebook.teams.models import Team


async def _counts() -> tuple[int, int, int]:
    return await SlaCalendar.all().count(), await SlaHoliday.all().count(), await SlaPolicy.all().count()


async def test_calendars_keep_exactly_one_default(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    holidays = [{"date": "2027-12-24", "name": "Christmas Eve", "yearly": True}, {"date": "2027-05-08"}]
    first = await api(CREATE_CALENDAR, {"input": office(holidays=holidays)}, as_=admin)
    assert "errors" not in first, first
    made = first["data"]["createSlaCalendar"]
    assert made["isDefault"] is True  # the first calendar is the default
    assert made["hours"] == [
        {"weekday": 1, "start": "08:00", "end": "12:00"},
        {"weekday": 1, "start": "13:00", "end": "17:00"},
        {"weekday": 5, "start": "08:00", "end": "24:00"},
    ]
    assert made["holidays"] == [
        {"date": "2027-05-08", "yearly": False, "name": "", "source": "MANUAL"},
        {"date": "2027-12-24", "yearly": True, "name": "Christmas Eve", "source": "MANUAL"},
    ]
    second = (await api(CREATE_CALENDAR, {"input": office("NY", timeZone="America/New_York")}, as_=admin))[
        "data"
    ]["createSlaCalendar"]
    assert second["isDefault"] is False
    moved = await api(UPDATE_CALENDAR, {"id": second["id"], "input": office("NY", isDefault=True)}, as_=admin)
    assert moved["data"]["updateSlaCalendar"]["isDefault"] is True
    listed = (await api(CALENDARS, as_=admin))["data"]["slaCalendars"]
    assert [(c["name"], c["isDefault"]) for c in listed] == [("Prague office", False), ("NY", True)]
    # The holidays were left out: kept. Unsetting the default on the default changes nothing.
    assert len(listed[0]["holidays"]) == 2
    kept = await api(UPDATE_CALENDAR, {"id": second["id"], "input": office("NY", holidays=[])}, as_=admin)
    assert kept["data"]["updateSlaCalendar"]["isDefault"] is True

    third = (await api(CREATE_CALENDAR, {"input": office("Brno")}, as_=admin))["data"]["createSlaCalendar"]
    gone = await api("mutation ($id: ID!) { deleteSlaCalendar(id: $id) }", {"id": second["id"]}, as_=admin)
    assert gone["data"]["deleteSlaCalendar"] is True
    listed = (await api(CALENDARS, as_=admin))["data"]["slaCalendars"]
    # The oldest remaining one becomes the default.
    assert [(c["id"], c["isDefault"]) for c in listed] == [(made["id"], True), (third["id"], False)]


async def test_policies_are_created_updated_reordered_and_deleted(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    team = await Team.create(name="Hardware")
    account = await Account.create(name="Northwind")
    calendar = (await api(CREATE_CALENDAR, {"input": office()}, as_=admin))["data"]["createSlaCalendar"]
    got = await api(
        CREATE_POLICY,
        {
            "input": standard(
                calendarId=calendar["id"],
                conditions={"teamIds": [str(team.id)], "accountIds": [str(account.id)], "priorities": []},
                pauseStatuses=["ON_HOLD"],
                warnPercents=[90, 50],
            )
        },
        as_=admin,
    )
    assert "errors" not in got, got
    first = got["data"]["createSlaPolicy"]
    assert first["position"] == 10 and first["active"] is True
    assert first["calendar"] == {"id": calendar["id"], "name": "Prague office"}
    assert first["conditions"] == {
        "priorities": [],
        "types": [],
        "teamIds": [str(team.id)],
        "accountIds": [str(account.id)],
        "origins": [],
    }
    assert first["targets"] == [  # in Priority order
        {
            "priority": "LOW",
            "firstResponseMinutes": None,
            "nextResponseMinutes": None,
            "resolutionMinutes": 2400,
        },
        {
            "priority": "URGENT",
            "firstResponseMinutes": 15,
            "nextResponseMinutes": None,
            "resolutionMinutes": 120,
        },
    ]
    assert first["pauseStatuses"] == ["ON_HOLD"] and first["warnPercents"] == [50, 90]

    second = (await api(CREATE_POLICY, {"input": standard("Fallback")}, as_=admin))["data"]["createSlaPolicy"]
    assert second["position"] == 20 and second["calendar"] is None
    assert second["pauseStatuses"] == ["PENDING", "ON_HOLD"] and second["warnPercents"] == [75, 90]

    updated = await api(
        UPDATE_POLICY,
        {
            "id": first["id"],
            "input": standard(
                "Gold", active=False, targets=[{"priority": "HIGH", "nextResponseMinutes": 30}]
            ),
        },
        as_=admin,
    )
    gold = updated["data"]["updateSlaPolicy"]
    assert (gold["name"], gold["position"], gold["active"], gold["calendar"]) == ("Gold", 10, False, None)
    assert gold["targets"] == [
        {
            "priority": "HIGH",
            "firstResponseMinutes": None,
            "nextResponseMinutes": 30,
            "resolutionMinutes": None,
        }
    ]
    reordered = await api(
        "mutation ($ids: [ID!]!) { reorderSlaPolicies(ids: $ids) { name position } }",
        {"ids": [second["id"], first["id"]]},
        as_=admin,
    )
    assert reordered["data"]["reorderSlaPolicies"] == [
        {"name": "Fallback", "position": 10},
        {"name": "Gold", "position": 20},
    ]
    assert [p["name"] for p in (await api(POLICIES, as_=admin))["data"]["slaPolicies"]] == [
        "Fallback",
        "Gold",
    ]
    deleted = await api("mutation ($id: ID!) { deleteSlaPolicy(id: $id) }", {"id": first["id"]}, as_=admin)
    assert deleted["data"]["deleteSlaPolicy"] is True
    assert await SlaPolicy.all().count() == 1
    missing = await api("mutation ($id: ID!) { deleteSlaPolicy(id: $id) }", {"id": first["id"]}, as_=admin)
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_deleted_calendar_leaves_its_policies_on_the_default(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    await api(CREATE_CALENDAR, {"input": office("Default")}, as_=admin)
    other = (await api(CREATE_CALENDAR, {"input": office("Other")}, as_=admin))["data"]["createSlaCalendar"]
    policy = (await api(CREATE_POLICY, {"input": standard(calendarId=other["id"])}, as_=admin))["data"][
        "createSlaPolicy"
    ]
    await api("mutation ($id: ID!) { deleteSlaCalendar(id: $id) }", {"id": other["id"]}, as_=admin)
    listed = (await api(POLICIES, as_=admin))["data"]["slaPolicies"]
    assert [(p["id"], p["calendar"]) for p in listed] == [(policy["id"], None)]


async def test_agents_read_admins_write_customers_see_nothing(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Ann")
    customer = await people.make(Role.CUSTOMER, "Cy")
    calendar = (await api(CREATE_CALENDAR, {"input": office()}, as_=admin))["data"]["createSlaCalendar"]
    policy = (await api(CREATE_POLICY, {"input": standard()}, as_=admin))["data"]["createSlaPolicy"]
    assert [c["id"] for c in (await api(CALENDARS, as_=agent))["data"]["slaCalendars"]] == [calendar["id"]]
    assert [p["id"] for p in (await api(POLICIES, as_=agent))["data"]["slaPolicies"]] == [policy["id"]]
    for query in (CALENDARS, POLICIES):
        refused = await api(query, as_=customer)
        assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    mutations = [
        (CREATE_CALENDAR, {"input": office()}),
        (UPDATE_CALENDAR, {"id": calendar["id"], "input": office("Renamed")}),
        ("mutation ($id: ID!) { deleteSlaCalendar(id: $id) }", {"id": calendar["id"]}),
        (
            'mutation ($id: ID!) { importSlaHolidays(calendarId: $id, ics: "x") { id } }',
            {"id": calendar["id"]},
        ),
        (CREATE_POLICY, {"input": standard()}),
        (UPDATE_POLICY, {"id": policy["id"], "input": standard("Renamed")}),
        ("mutation ($id: ID!) { deleteSlaPolicy(id: $id) }", {"id": policy["id"]}),
        ("mutation ($ids: [ID!]!) { reorderSlaPolicies(ids: $ids) { id } }", {"ids": [policy["id"]]}),
    ]
    before = await _counts()
    for who in (agent, customer):
        for document, variables in mutations:
            refused = await api(document, variables, as_=who)
            assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", (document, refused)
    assert await _counts() == before
    assert (await SlaCalendar.get(id=int(calendar["id"]))).name == "Prague office"


def _hours(*spans: tuple[int, str, str]) -> list[dict[str, Any]]:
    return [{"weekday": d, "start": a, "end": b} for d, a, b in spans]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timeZone": "Europe/Atlantis"}, "timeZone"),
        ({"timeZone": "localtime"}, "timeZone"),
        ({"name": "  "}, "name"),
        ({"hours": _hours((1, "08:00", "12:00"), (1, "12:00", "12:00"))}, "hours[1]"),
        ({"hours": _hours((1, "17:00", "08:00"))}, "hours[0]"),
        ({"hours": _hours((2, "08:00", "12:00"), (2, "11:00", "13:00"))}, "hours[1]"),
        ({"hours": _hours((8, "08:00", "12:00"))}, "hours[0].weekday"),
        ({"hours": _hours((0, "08:00", "12:00"))}, "hours[0].weekday"),
        ({"hours": _hours((1, "8:00", "12:00"))}, "hours[0].start"),
        ({"hours": _hours((1, "08:00", "24:30"))}, "hours[0].end"),
        ({"hours": _hours((1, "24:00", "24:00"))}, "hours[0]"),
        ({"holidays": [{"date": "2027-01-01", "name": "x" * 201}]}, "holidays[0].name"),
    ],
)
async def test_bad_calendars_name_the_part_and_write_nothing(
    api: Any, people: Any, change: dict[str, Any], field: str
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    calendar = (await api(CREATE_CALENDAR, {"input": office(holidays=[{"date": "2027-01-01"}])}, as_=admin))[
        "data"
    ]["createSlaCalendar"]
    before = await _counts()
    for document, variables in (
        (CREATE_CALENDAR, {"input": {**office("New"), **change}}),
        (UPDATE_CALENDAR, {"id": calendar["id"], "input": {**office("Renamed"), **change}}),
    ):
        got = await api(document, variables, as_=admin)
        error = got["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, got
        assert error["message"].startswith(f"{field}: ") or field == "timeZone"
    assert await _counts() == before
    row = await SlaCalendar.get(id=int(calendar["id"]))
    assert row.name == "Prague office" and row.week["1"] == [["08:00", "12:00"], ["13:00", "17:00"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"targets": []}, "targets"),
        ({"targets": [{"priority": "HIGH"}]}, "targets"),
        ({"targets": [{"priority": "HIGH", "resolutionMinutes": 0}]}, "targets[0].resolutionMinutes"),
        ({"targets": [{"priority": "HIGH", "firstResponseMinutes": -5}]}, "targets[0].firstResponseMinutes"),
        (
            {"targets": [{"priority": "HIGH", "nextResponseMinutes": 527041}]},
            "targets[0].nextResponseMinutes",
        ),
        (
            {
                "targets": [
                    {"priority": "HIGH", "resolutionMinutes": 60},
                    {"priority": "HIGH", "resolutionMinutes": 9},
                ]
            },
            "targets[1].priority",
        ),
        ({"warnPercents": [0]}, "warnPercents[0]"),
        ({"warnPercents": [50, 100]}, "warnPercents[1]"),
        ({"warnPercents": [50, 60, 50]}, "warnPercents[2]"),
        ({"pauseStatuses": ["PENDING", "RESOLVED"]}, "pauseStatuses[1]"),
        ({"pauseStatuses": ["CLOSED"]}, "pauseStatuses[0]"),
        ({"pauseStatuses": ["REJECTED"]}, "pauseStatuses[0]"),
        ({"pauseStatuses": ["DUPLICATE"]}, "pauseStatuses[0]"),
        ({"calendarId": "999"}, "calendarId"),
        ({"conditions": {"teamIds": ["999"]}}, "conditions.teamIds[0]"),
        ({"conditions": {"accountIds": ["1", "2"]}}, "conditions.accountIds[1]"),
        ({"position": -1}, "position"),
    ],
)
async def test_bad_policies_name_the_part_and_write_nothing(
    api: Any, people: Any, change: dict[str, Any], field: str
) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    await Account.create(name="Northwind")  # account 1 exists: the second id is the bad one
    policy = (await api(CREATE_POLICY, {"input": standard()}, as_=admin))["data"]["createSlaPolicy"]
    before = await _counts()
    for document, variables in (
        (CREATE_POLICY, {"input": {**standard("New"), **change}}),
        (UPDATE_POLICY, {"id": policy["id"], "input": {**standard("Renamed"), **change}}),
    ):
        got = await api(document, variables, as_=admin)
        error = got["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, got
        assert error["message"].startswith(f"{field}: ")
    assert await _counts() == before
    assert (await SlaPolicy.get(id=int(policy["id"]))).name == "Standard"
