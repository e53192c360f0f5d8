"""Writes of a case compose: concurrent changes keep each other, stale writes are refused, bulk
changes are all or nothing, and each write's history is true (old values as the row was)."""

from __future__ import annotations

import asyncio
from typing import Any

from casebook.cases import services
from casebook.cases.history import history_of
from casebook.cases.models import Case
from casebook.enums import CaseStatus, Role
from casebook.events.models import EventRecord
from casebook.stream.models import Post
from casebook.stream.services import add_post
from support.config import error_codes

ROUNDS = 50


def _chain(history: list[dict[str, Any]], field: str) -> list[tuple[str | None, str | None]]:
    return [(h["old_value"], h["new_value"]) for h in history if h["field"] == field]


def _is_chained(pairs: list[tuple[str | None, str | None]], first: str | None) -> bool:
    """Each change starts from where the one before left the field: no write read a stale row."""
    current = first
    for old, new in pairs:
        if old != current:
            return False
        current = new
    return True


async def test_concurrent_writes_of_different_fields_keep_every_change(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    bob = await people.make(Role.AGENT, "Bob")
    case = await services.create_case(actor=admin.actor, subject="Round -1")
    statuses = (CaseStatus.PENDING, CaseStatus.ON_HOLD)
    for n in range(ROUNDS):
        await asyncio.gather(
            services.update_case(actor=alice.actor, case_id=case.id, changes={"subject": f"Round {n}"}),
            services.set_status(actor=bob.actor, case_id=case.id, status=statuses[n % 2]),
            services.assign_case(actor=admin.actor, case_id=case.id, assignee_id=(alice, bob)[n % 2].id),
            add_post(actor=bob.actor, case=case.id, body=f"Note {n}"),
        )
    stored = await Case.get(id=case.id)
    history = await history_of(case.id)
    assert stored.subject == f"Round {ROUNDS - 1}"
    assert await Post.filter(case_id=case.id).count() == ROUNDS

    subjects = _chain(history, "subject")
    assert subjects == [(f"Round {n - 1}", f"Round {n}") for n in range(ROUNDS)]
    assignees = _chain(history, "assignee")
    assert len(assignees) == ROUNDS and _is_chained(assignees, None)
    assert assignees[-1][1] == bob.actor.name and stored.assignee_id == bob.id  # type: ignore[attr-defined]
    status_changes = _chain(history, "status")
    assert _is_chained(status_changes, CaseStatus.NEW.value)
    assert status_changes[-1][1] == stored.status.value
    # Every round's status write shows (the assignment's NEW -> ASSIGNED may come on top).
    assert sum(new in (s.value for s in statuses) for _, new in status_changes) == ROUNDS
    # Each write recorded one event, and each post its own.
    assert await EventRecord.filter(case_id=case.id).count() == 1 + 4 * ROUNDS


async def test_a_bulk_update_with_one_invalid_case_changes_nothing(people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    fine = await services.create_case(actor=admin.actor, subject="Fine")
    closed = await services.create_case(actor=admin.actor, subject="Closed")
    await services.set_status(actor=admin.actor, case_id=closed.id, status=CaseStatus.CLOSED)
    events_before = await EventRecord.all().count()
    rows_before = await Case.all().order_by("id").values()
    try:
        # `fine` is assigned and put on hold before `closed` refuses ON_HOLD.
        await services.bulk_update(
            actor=admin.actor, case_ids=[fine.id, closed.id], assignee_id=alice.id, status=CaseStatus.ON_HOLD
        )
    except Exception as exc:
        assert getattr(exc, "code", None) == "BAD_USER_INPUT"
    else:
        raise AssertionError("the bulk update should have been refused")
    assert await Case.all().order_by("id").values() == rows_before
    assert await EventRecord.all().count() == events_before


async def test_a_bulk_update_through_graphql_is_all_or_nothing(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    fine = await services.create_case(actor=admin.actor, subject="Fine")
    closed = await services.create_case(actor=admin.actor, subject="Closed")
    await services.set_status(actor=admin.actor, case_id=closed.id, status=CaseStatus.CLOSED)
    events_before = await EventRecord.all().count()
    query = "mutation($ids: [ID!]!, $i: BulkCaseInput!) { bulkUpdateCases(ids: $ids, input: $i) { id } }"
    bad = await api(
        query,
        {"ids": [str(fine.id), str(closed.id)], "i": {"assigneeId": str(alice.id), "status": "ON_HOLD"}},
        as_=admin,
        both_ways=False,
    )
    assert error_codes(bad) == ["BAD_USER_INPUT"]
    assert (await Case.get(id=fine.id)).assignee_id is None  # type: ignore[attr-defined]
    assert await EventRecord.all().count() == events_before
    good = await api(
        query, {"ids": [str(fine.id)], "i": {"assigneeId": str(alice.id)}}, as_=admin, both_ways=False
    )
    assert good["data"]["bulkUpdateCases"] == [{"id": str(fine.id)}]
    assert await EventRecord.all().count() == events_before + 1


CHANGES = {
    "updateCase": (
        "mutation($id: ID!, $since: DateTime) "
        '{ updateCase(id: $id, input: {subject: "Stale"}, ifUnchangedSince: $since) { subject updatedAt } }'
    ),
    "assignCase": (
        "mutation($id: ID!, $since: DateTime, $to: ID) "
        "{ assignCase(id: $id, assigneeId: $to, ifUnchangedSince: $since) { subject updatedAt } }"
    ),
    "setCaseStatus": (
        "mutation($id: ID!, $since: DateTime) "
        "{ setCaseStatus(id: $id, status: PENDING, ifUnchangedSince: $since) { subject updatedAt } }"
    ),
}


async def test_if_unchanged_since_refuses_a_stale_write_and_writes_nothing(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    alice = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    read = await api(
        "query($id: ID!) { case(id: $id) { updatedAt } }", {"id": str(case.id)}, as_=admin, both_ways=False
    )
    seen = read["data"]["case"]["updatedAt"]
    await services.update_case(actor=admin.actor, case_id=case.id, changes={"subject": "Printer jam"})
    events_before = await EventRecord.all().count()
    row_before = await Case.filter(id=case.id).values()
    for name, query in CHANGES.items():
        stale = await api(
            query, {"id": str(case.id), "since": seen, "to": str(alice.id)}, as_=admin, both_ways=False
        )
        assert error_codes(stale) == ["CONFLICT"], (name, stale)
        assert await Case.filter(id=case.id).values() == row_before, name
        assert await EventRecord.all().count() == events_before, name
    # With the time of the newest change, the write goes through.
    current = (await Case.get(id=case.id)).updated_at.isoformat()
    fresh = await api(
        CHANGES["updateCase"], {"id": str(case.id), "since": current}, as_=admin, both_ways=False
    )
    assert fresh["data"]["updateCase"]["subject"] == "Stale"
    assert await EventRecord.all().count() == events_before + 1


async def test_expected_last_post_id_refuses_a_reply_to_an_old_stream(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    first = await add_post(actor=admin.actor, case=case.id, body="First")
    await add_post(actor=admin.actor, case=case.id, body="Second")
    query = 'mutation($c: ID!, $last: ID) { addPost(caseId: $c, body: "Reply", expectedLastPostId: $last) { id } }'
    stale = await api(query, {"c": str(case.id), "last": str(first.id)}, as_=admin, both_ways=False)
    assert error_codes(stale) == ["CONFLICT"]
    assert await Post.filter(case_id=case.id).count() == 2
    last = (await Case.get(id=case.id)).last_post_id
    fresh = await api(query, {"c": str(case.id), "last": str(last)}, as_=admin, both_ways=False)
    assert "errors" not in fresh and await Post.filter(case_id=case.id).count() == 3


async def test_a_reply_to_a_case_seen_without_posts_says_so_with_zero(api: Any, people: Any) -> None:
    """The common race: the customer writes again while the agent writes the first reply."""
    admin = await people.make(Role.ADMIN, "Ada")
    case = await services.create_case(actor=admin.actor, subject="Printer")
    query = 'mutation($c: ID!) { addPost(caseId: $c, body: "Reply", expectedLastPostId: "0") { id } }'
    await add_post(actor=admin.actor, case=case.id, body="The customer wrote in the meantime")
    stale = await api(query, {"c": str(case.id)}, as_=admin, both_ways=False)
    assert error_codes(stale) == ["CONFLICT"]
    assert await Post.filter(case_id=case.id).count() == 1
    empty = await services.create_case(actor=admin.actor, subject="Quiet")
    fresh = await api(query, {"c": str(empty.id)}, as_=admin, both_ways=False)
    assert "errors" not in fresh and await Post.filter(case_id=empty.id).count() == 1


async def test_a_customer_still_gets_no_history(api: Any, people: Any) -> None:
    customer = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=customer.actor, subject="Help")
    got = await api(
        "query($id: ID!) { case(id: $id) { history { field } } }", {"id": str(case.id)}, as_=customer
    )
    assert got["data"]["case"]["history"] is None
