"""A list page costs a fixed number of SQL queries, whatever its length (no N+1)."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise import connections

from casebook import sql
from casebook.accounts.services import save_account
from casebook.cases import services
from casebook.contacts.services import save_contact
from casebook.enums import Role
from casebook.stream.services import add_post

LIST = """
query($n: Int) { cases(first: $n) { totalCount edges { node {
  number subject status account { name } contacts { name email } assignee { name } team { name }
  lastPost { body author { name } } } } } }
"""


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> QueryCounter:
        client = connections.get("default")
        self.client = client
        self.saved = {}
        for name in ("execute_query", "execute_query_dict", "execute_insert"):
            original = getattr(client, name)
            self.saved[name] = original

            async def counted(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                self.count += 1
                return await _original(*args, **kwargs)

            setattr(client, name, counted)
        # Compiled read-only queries on PostgreSQL share one pooled connection (casebook.sql).
        read_fetch = sql._ReadConnection.fetch

        async def counted_read(reads: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await read_fetch(reads, *args, **kwargs)

        self.read_fetch = read_fetch
        sql._ReadConnection.fetch = counted_read  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self.saved.items():
            setattr(self.client, name, original)
        sql._ReadConnection.fetch = self.read_fetch  # type: ignore[method-assign]


async def test_25_cases_cost_the_same_queries_as_5(api: Any, people: Any) -> None:
    admin = await people.make(Role.ADMIN, "Ada")
    agent = await people.make(Role.AGENT, "Alice")
    for i in range(30):
        account = await save_account(actor=admin.actor, name=f"Account {i}")
        a = await save_contact(actor=admin.actor, name=f"A{i}", email=f"a{i}@x.test", account_id=account.id)
        b = await save_contact(actor=admin.actor, name=f"B{i}", email=f"b{i}@x.test")
        case = await services.create_case(
            actor=admin.actor, subject=f"Case {i}", contact_ids=[a.id, b.id], assignee_id=agent.id
        )
        await add_post(actor=admin.actor, case=case.id, body=f"post {i}")

    counts = {}
    for n in (5, 25):
        with QueryCounter() as counter:
            result = await api(LIST, {"n": n}, as_=admin, both_ways=False)
        assert "errors" not in result, result
        edges = result["data"]["cases"]["edges"]
        assert len(edges) == n
        assert all(e["node"]["account"] and len(e["node"]["contacts"]) == 2 for e in edges)
        assert all(e["node"]["assignee"]["name"] == "Alice" and e["node"]["lastPost"] for e in edges)
        counts[n] = counter.count
    assert counts[5] == counts[25], counts
    # authentication + page + count + accounts + assignees + case contacts + contacts + posts (+ teams)
    assert counts[25] <= 10, counts


POSTS = """
query($id: ID!) { case(id: $id) { posts(first: 50) { edges { node {
  body attachments { filename url } } } } } }
"""


async def test_attachments_of_a_page_of_posts_cost_one_query(api: Any, people: Any) -> None:
    from casebook.stream.models import Attachment

    admin = await people.make(Role.ADMIN, "Ada")
    counts = {}
    for n in (2, 12):
        case = await services.create_case(actor=admin.actor, subject=f"{n} posts")
        for i in range(n):
            post = await add_post(actor=admin.actor, case=case.id, body=f"post {i}")
            for name in ("a.txt", "b.txt"):
                await Attachment.create(
                    case_id=case.id,
                    post_id=post.id,
                    filename=name,
                    content_type="text/plain",
                    size=1,
                    storage_key=name,
                )
        with QueryCounter() as counter:
            result = await api(POSTS, {"id": str(case.id)}, as_=admin, both_ways=False)
        edges = result["data"]["case"]["posts"]["edges"]
        assert [[a["filename"] for a in e["node"]["attachments"]] for e in edges] == [["a.txt", "b.txt"]] * n
        counts[n] = counter.count
    assert counts[2] == counts[12], counts


SLA_LIST = """
query($n: Int) { cases(first: $n, orderBy: {field: SLA_DUE, direction: ASC}) { edges { node {
  number sla { badge nextDueAt warningAt policy { name calendar { name } }
    targets { kind dueAt businessMinutesLeft warningsAt } timeline { kind status startsAt } } } } } }
"""


async def test_a_page_of_cases_with_their_sla_costs_the_same_queries(
    api: Any, people: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from casebook import work
    from casebook.sla import clocks, config, timeline
    from casebook.sla.models import SlaCalendar, SlaPolicy, TargetKind

    admin = await people.make(Role.ADMIN, "Ada")
    calendar = await SlaCalendar.create(
        name="Office", time_zone="Europe/Prague", week={"1": [["08:00", "17:00"]]}
    )
    policy = await SlaPolicy.create(name="Standard", position=1, calendar=calendar, targets={})
    start = datetime.now(UTC) - timedelta(days=3)
    for i in range(30):
        case = await services.create_case(actor=admin.actor, subject=f"Case {i}")

        async def write(_unit: Any, case_id: int = case.id, minutes: int = 60 + i) -> None:
            for kind in (TargetKind.FIRST_RESPONSE, TargetKind.RESOLUTION):
                await clocks.insert(case_id, policy.id, timeline.start(kind, 1, minutes, None, start))
            await clocks.begin_segment(case_id, "running", start, None)
            await clocks.begin_segment(case_id, "paused:PENDING", start + timedelta(hours=1), None)
            await clocks.refresh_due(case_id)

        await work.run(write)
    # The configuration is cached per process (casebook.sla.config): loaded once here, so that
    # its reload (once a second) does not fall into one of the two counted requests.
    monkeypatch.setattr(config, "RELOAD_SECONDS", 3600.0)
    config.invalidate()
    await config.snapshot()

    counts = {}
    for n in (5, 25):
        with QueryCounter() as counter:
            result = await api(SLA_LIST, {"n": n}, as_=admin, both_ways=False)
        assert "errors" not in result, result
        edges = result["data"]["cases"]["edges"]
        assert len(edges) == n
        assert all(len(e["node"]["sla"]["targets"]) == 2 for e in edges)
        assert all(e["node"]["sla"]["policy"]["calendar"]["name"] == "Office" for e in edges)
        assert all([s["kind"] for s in e["node"]["sla"]["timeline"]][-1] == "PAUSED" for e in edges)
        counts[n] = counter.count
    assert counts[5] == counts[25], counts
    # authentication + page + the page's clocks + the page's timelines
    assert counts[25] <= 5, counts
