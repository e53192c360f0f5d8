"""A list page costs a fixed number of SQL queries, whatever its length (no N+1)."""

from __future__ import annotations

from typing import Any

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
