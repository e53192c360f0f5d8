"""Absences over GraphQL: entered in the user's time zone (across a DST change), validated with the
field named, one's own (admins anyone's), and listed on the viewer."""

from __future__ import annotations

from typing import Any

from casebook.enums import Role
from casebook.users.models import UserAbsence
from support.config import error_codes

CREATE = """
mutation ($input: AbsenceInput!, $userId: ID) {
  createAbsence(input: $input, userId: $userId) { id startsAt endsAt note }
}
"""
ZONE = """mutation ($id: ID!, $tz: String) { updateUser(id: $id, input: {timeZone: $tz}) { id } }"""
ME = "{ me { isAway timeZone unreadNotificationCount absences { id startsAt endsAt note } } }"
DELETE = "mutation ($id: ID!) { deleteAbsence(id: $id) }"


async def test_local_times_in_her_zone_across_the_dst_change(db: str, api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Petra")
    assert "errors" not in await api(ZONE, {"id": str(agent.id), "tz": "Europe/Prague"}, as_=agent)
    # Prague leaves summer time on 2026-10-25 at 03:00 CEST (01:00 UTC).
    got = await api(
        CREATE,
        {"input": {"startsAt": "2099-10-24T08:00", "endsAt": "2099-10-26T08:00", "note": "Autumn"}},
        as_=agent,
    )
    assert "errors" not in got, got
    # 2099's change is also the last Sunday of October (the 25th): the same offsets apply.
    assert got["data"]["createAbsence"]["startsAt"] == "2099-10-24T06:00:00Z"  # CEST, +2
    assert got["data"]["createAbsence"]["endsAt"] == "2099-10-26T07:00:00Z"  # CET, +1
    days = await api(CREATE, {"input": {"startsAt": "2026-10-25", "endsAt": "2026-10-25"}}, as_=agent)
    # A date: that day's start to its end, a 25-hour day on the wall clock.
    assert days["data"]["createAbsence"]["startsAt"] == "2026-10-24T22:00:00Z"
    assert days["data"]["createAbsence"]["endsAt"] == "2026-10-25T23:00:00Z"

    me = (await api(ME, as_=agent))["data"]["me"]
    assert me["timeZone"] == "Europe/Prague" and me["isAway"] is False
    assert me["unreadNotificationCount"] == 0
    # The 2026 one has ended: only the one still to come is listed.
    assert [a["note"] for a in me["absences"]] == ["Autumn"]


async def test_bad_input_names_the_field_and_writes_nothing(db: str, api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Petra")
    bad_zone = await api(ZONE, {"id": str(agent.id), "tz": "Mars/Olympus"}, as_=agent)
    assert error_codes(bad_zone) == ["BAD_USER_INPUT"]
    assert bad_zone["errors"][0]["extensions"]["field"] == "timeZone"
    assert (await api(ME, as_=agent))["data"]["me"]["timeZone"] == "UTC"

    for given, field in (
        ({"startsAt": "2099-05-02T10:00", "endsAt": "2099-05-02T09:00"}, "endsAt"),
        ({"startsAt": "2099-05-02T10:00", "endsAt": "2099-05-02T10:00"}, "endsAt"),
        ({"startsAt": "tomorrow", "endsAt": "2099-05-02T10:00"}, "startsAt"),
        ({"startsAt": "2099-02-30", "endsAt": "2099-03-02"}, "startsAt"),
        ({"startsAt": "2099-01-01", "endsAt": "2100-01-03"}, "endsAt"),  # over 366 days
    ):
        got = await api(CREATE, {"input": given}, as_=agent)
        assert error_codes(got) == ["BAD_USER_INPUT"], (given, got)
        assert got["errors"][0]["extensions"]["field"] == field, given
    assert await UserAbsence.all().count() == 0


async def test_only_admins_write_someone_elses_absences(db: str, api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Petra")
    other = await people.make(Role.AGENT, "Oskar")
    admin = await people.make(Role.ADMIN, "Ada")
    week = {"startsAt": "2099-07-01", "endsAt": "2099-07-07"}

    refused = await api(CREATE, {"input": week, "userId": str(other.id)}, as_=agent)
    assert error_codes(refused) == ["FORBIDDEN"]
    assert await UserAbsence.all().count() == 0

    made = await api(CREATE, {"input": week, "userId": str(other.id)}, as_=admin)
    assert "errors" not in made, made
    absence_id = made["data"]["createAbsence"]["id"]
    assert error_codes(await api(DELETE, {"id": absence_id}, as_=agent)) == ["FORBIDDEN"]
    assert await UserAbsence.filter(id=int(absence_id)).exists()
    assert (await api(DELETE, {"id": absence_id}, as_=other))["data"]["deleteAbsence"] is True
    assert not await UserAbsence.filter(id=int(absence_id)).exists()

    customer = await people.make(Role.CUSTOMER, "Kim")
    assert error_codes(await api(CREATE, {"input": week}, as_=customer)) == ["FORBIDDEN"]
