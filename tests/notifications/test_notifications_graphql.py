"""The bell over GraphQL: a viewer sees only her own notifications, their case only while she may
still open it, the unread count, and marks them read (ids of others' rows change nothing)."""

from __future__ import annotations

from typing import Any

from casebook.auth.actor import Actor
from casebook.cases.services import create_case, update_case
from casebook.enums import Role
from casebook.notifications.services import notify
from casebook.teams.services import save_team
from support.config import error_codes

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")

BELL = """
query ($unread: Boolean) {
  notifications(unreadOnly: $unread) { id title body readAt case { id subject } }
  me { unreadNotificationCount }
}
"""
READ = "mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }"


async def test_only_the_recipient_and_only_cases_she_still_sees(db: str, api: Any, people: Any) -> None:
    olga = await people.make(Role.AGENT, "Olga")
    theo = await people.make(Role.AGENT, "Theo")
    ours = await save_team(actor=ROOT, name="Ours", member_ids=[olga.id])
    theirs = await save_team(actor=ROOT, name="Theirs", member_ids=[theo.id])
    first = await create_case(actor=ROOT, subject="Cable replacement", team_id=ours.id)
    second = await create_case(actor=ROOT, subject="Tariff change", team_id=ours.id)
    await notify(user_ids=[olga.id], case_id=first.id, title="Task for you", body="Call back")
    await notify(user_ids=[olga.id], case_id=second.id, title="Urgent")

    mine = await api(BELL, {}, as_=olga)
    assert "errors" not in mine, mine
    assert [(n["title"], n["case"]["subject"]) for n in mine["data"]["notifications"]] == [
        ("Urgent", "Tariff change"),
        ("Task for you", "Cable replacement"),
    ]
    assert mine["data"]["me"]["unreadNotificationCount"] == 2
    theirs_view = await api(BELL, {}, as_=theo)
    assert (
        theirs_view["data"]["notifications"] == []
        and theirs_view["data"]["me"]["unreadNotificationCount"] == 0
    )

    # The case moves to another team: the row stays, its case is null for her now.
    await update_case(actor=ROOT, case_id=second.id, changes={"teamId": theirs.id})
    rows = (await api(BELL, {}, as_=olga))["data"]["notifications"]
    assert (rows[0]["title"], rows[0]["case"]) == ("Urgent", None)
    assert rows[1]["case"]["subject"] == "Cable replacement"

    # Theo cannot mark hers read; she marks one, then all.
    urgent, task = rows[0]["id"], rows[1]["id"]
    assert (await api(READ, {"ids": [urgent, task]}, as_=theo))["data"]["markNotificationsRead"] == 0
    assert (await api(READ, {"ids": [urgent]}, as_=olga))["data"]["markNotificationsRead"] == 1
    unread = await api(BELL, {"unread": True}, as_=olga)
    assert [n["id"] for n in unread["data"]["notifications"]] == [task]
    assert unread["data"]["me"]["unreadNotificationCount"] == 1
    assert (await api(READ, {}, as_=olga))["data"]["markNotificationsRead"] == 1
    after = await api(BELL, {}, as_=olga)
    assert after["data"]["me"]["unreadNotificationCount"] == 0
    assert all(n["readAt"] for n in after["data"]["notifications"])


async def test_a_customer_has_an_empty_bell_and_bad_paging_is_refused(db: str, api: Any, people: Any) -> None:
    customer = await people.make(Role.CUSTOMER, "Kim")
    got = await api(BELL, {}, as_=customer)
    assert got["data"]["notifications"] == [] and got["data"]["me"]["unreadNotificationCount"] == 0
    bad = await api("{ notifications(first: 0) { id } }", as_=customer)
    assert error_codes(bad) == ["BAD_USER_INPUT"] and bad["errors"][0]["extensions"]["field"] == "first"
