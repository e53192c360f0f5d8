"""Full-text search in the case list (`filter.text`): what each viewer finds, kept current as text changes.

Runs on both databases: FTS5 on SQLite, the per-case search document (migration 0003) on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from casebook.cases import services
from casebook.enums import CaseStatus, Role, Visibility
from casebook.stream.models import Post
from casebook.stream.services import add_post

SEARCH = """
query($t: String, $status: [CaseStatus!], $field: CaseOrderField!, $dir: OrderDirection!) {
  cases(first: 10, filter: {text: $t, status: $status}, orderBy: {field: $field, direction: $dir}) {
    totalCount edges { node { subject } } } }
"""


async def _find(
    api: Any,
    who: Any,
    text: str,
    *,
    status: list[str] | None = None,
    field: str = "UPDATED_AT",
    dir: str = "DESC",
) -> list[str]:
    result = await api(SEARCH, {"t": text, "status": status, "field": field, "dir": dir}, as_=who)
    assert "errors" not in result, result
    found = result["data"]["cases"]
    subjects = [e["node"]["subject"] for e in found["edges"]]
    assert found["totalCount"] == len(subjects)
    return subjects


async def test_internal_posts_are_found_by_agents_only(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="Printer jams", description="Paper stuck")
    await add_post(actor=agent.actor, case=case.id, body="Looking into it")
    await add_post(
        actor=agent.actor,
        case=case.id,
        body="zanzibar firmware",
        visibility=Visibility.INTERNAL,
    )

    assert await _find(api, carol, "zanzibar") == []
    assert await _find(api, carol, "printer zanzibar") == []
    assert await _find(api, agent, "zanzibar") == ["Printer jams"]
    # Words may come from different parts of the case: subject, a public post, an internal post.
    assert await _find(api, agent, "printer looking zanzibar") == ["Printer jams"]
    assert await _find(api, carol, "printer looking") == ["Printer jams"]
    assert await _find(api, carol, "stuck") == ["Printer jams"]


async def test_the_last_word_is_a_prefix(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="Invoice question")
    await add_post(actor=carol.actor, case=case.id, body="The refunded amount is wrong")

    assert await _find(api, carol, "refun") == ["Invoice question"]
    assert await _find(api, carol, "invoice refun") == ["Invoice question"]
    assert await _find(api, agent, "Invo") == ["Invoice question"]
    # Only the last word: the others are whole words.
    assert await _find(api, agent, "refun amount") == []
    assert await _find(api, agent, "wrong_amount") == ["Invoice question"]


async def test_posts_added_later_are_found(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    case = await services.create_case(actor=carol.actor, subject="VPN drops")
    assert await _find(api, agent, "kerberos") == []
    await add_post(actor=carol.actor, case=case.id, body="Kerberos ticket expired")
    await add_post(
        actor=agent.actor,
        case=case.id,
        body="keytab rotated",
        visibility=Visibility.INTERNAL,
    )
    assert await _find(api, carol, "kerberos") == ["VPN drops"]
    assert await _find(api, agent, "keytab") == ["VPN drops"]
    assert await _find(api, carol, "keytab") == []


async def test_edited_and_removed_text_stops_matching(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    case = await services.create_case(actor=agent.actor, subject="Old subject", description="walrus")
    post = await add_post(actor=agent.actor, case=case.id, body="narwhal")
    note = await add_post(actor=agent.actor, case=case.id, body="platypus", visibility=Visibility.INTERNAL)

    await services.update_case(
        actor=agent.actor,
        case_id=case.id,
        changes={"subject": "New subject", "description": "x"},
    )
    assert await _find(api, agent, "walrus") == []
    assert await _find(api, agent, "old") == []
    assert await _find(api, agent, "new narwhal") == ["New subject"]  # posts kept when the subject changes

    # No service edits or deletes posts yet; the index follows the table whoever changes it.
    await Post.filter(id=post.id).update(body="dolphin")
    assert await _find(api, agent, "narwhal") == []
    assert await _find(api, agent, "dolphin") == ["New subject"]
    await Post.filter(id=note.id).delete()
    assert await _find(api, agent, "platypus") == []


async def test_text_combines_with_status_and_order(api: Any, people: Any) -> None:
    agent = await people.make(Role.AGENT, "Alice")
    carol = await people.make(Role.CUSTOMER, "Carol")
    for i in range(4):
        case = await services.create_case(actor=carol.actor, subject=f"Backup {i}")
        if i % 2:
            await services.set_status(actor=agent.actor, case_id=case.id, status=CaseStatus.PENDING)
    await services.create_case(actor=carol.actor, subject="Unrelated")

    assert await _find(api, agent, "backup", field="NUMBER", dir="ASC") == [f"Backup {i}" for i in range(4)]
    assert await _find(api, carol, "backup", field="NUMBER", dir="DESC") == [
        f"Backup {i}" for i in (3, 2, 1, 0)
    ]
    assert await _find(api, agent, "backup", status=["PENDING"], field="CREATED_AT", dir="ASC") == [
        "Backup 1",
        "Backup 3",
    ]
    assert await _find(api, carol, "back", status=["NEW"], field="NUMBER", dir="DESC") == [
        "Backup 2",
        "Backup 0",
    ]


async def test_a_customer_finds_only_their_cases(api: Any, people: Any) -> None:
    carol = await people.make(Role.CUSTOMER, "Carol")
    dave = await people.make(Role.CUSTOMER, "Dave")
    await services.create_case(actor=carol.actor, subject="Shared word mango")
    await services.create_case(actor=dave.actor, subject="Dave's mango")
    assert await _find(api, carol, "mango") == ["Shared word mango"]


async def test_paging_through_hits(api: Any, people: Any) -> None:
    # Pages fuller than `first` come from the most recent cases tested one by one (PostgreSQL);
    # the last, short page from the index hits: both give the same order.
    agent = await people.make(Role.AGENT, "Alice")
    for i in range(7):
        await services.create_case(actor=agent.actor, subject=f"Disk {i}" if i != 3 else "Other")
    query = """query($after: String) { cases(first: 2, after: $after, filter: {text: "disk"},
      orderBy: {field: NUMBER, direction: DESC}) { edges { node { subject } } pageInfo { hasNextPage endCursor } } }"""
    seen, after = [], None
    while True:
        page = (await api(query, {"after": after}, as_=agent))["data"]["cases"]
        seen += [e["node"]["subject"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["Disk 6", "Disk 5", "Disk 4", "Disk 2", "Disk 1", "Disk 0"]
