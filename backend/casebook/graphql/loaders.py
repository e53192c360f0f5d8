"""Per-request row loaders: the one path to related rows.

Each loader holds rows (plain dicts) by key. A list resolver primes them in bulk from a few batch
queries chosen by looking at the selection, so child resolvers are plain dictionary reads; a miss
falls back to a batched DataLoader, so even an unprimed page costs one query per relation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from strawberry.dataloader import DataLoader

from casebook import visibility
from casebook.auth.actor import Actor
from casebook.sql import Sql

Row = dict[str, Any]

CASE_COLUMNS = (
    "id, number, subject, description, status, priority, type, origin, account_id, reported_by_id, "
    "assignee_id, team_id, created_by_id, email, phone, product, reason, topic, tags, internal_comments, "
    "solution, parent_id, merged_into_id, last_post_id, last_public_post_id, created_at, updated_at, "
    "first_response_at, resolved_at, closed_at"
)
POST_COLUMNS = (
    "id, case_id, body, body_html, visibility, channel, author_kind, author_user_id, author_contact_id, "
    "author_name, author_email, created_at, edited_at"
)
ATTACHMENT_COLUMNS = "id, post_id, filename, content_type, size, inline"
USER_COLUMNS = "id, email, name, role, contact_id, is_active, is_away, auto_follow"
TABLES = {
    "cases": ("cases", CASE_COLUMNS),
    "posts": ("posts", POST_COLUMNS),
    "users": ("users", USER_COLUMNS),
    "accounts": ("accounts", "id, name, domain, phone, notes, created_at"),
    "contacts": ("contacts", "id, name, email, phone, account_id, created_at"),
    "teams": ("teams", "id, name"),
}


def normalise_case(row: Row) -> Row:
    if isinstance(row.get("tags"), str):
        import orjson

        row["tags"] = orjson.loads(row["tags"])
    return row


class RowLoader:
    """Rows by id with a synchronous fast path for primed keys."""

    __slots__ = ("_fetch", "_loader", "rows")

    def __init__(self, fetch: Callable[[Sequence[Any]], Awaitable[list[Any]]]) -> None:
        self.rows: dict[Any, Any] = {}
        self._fetch = fetch
        # Built on the first miss: subscriptions make a Loaders per event and most never miss.
        self._loader: DataLoader[Any, Any] | None = None

    def get(self, key: Any) -> Any:
        """The row (no await) when primed; otherwise an awaitable batched with other misses."""
        if key is None:
            return None
        if key in self.rows:
            return self.rows[key]
        if self._loader is None:
            self._loader = DataLoader(load_fn=self._fetch)
        return self._loader.load(key)

    async def fetch(self, key: Any, *, fresh: bool = False) -> Any:
        """For async resolvers, which must return the row itself, not a pending load."""
        if fresh:
            self.rows.pop(key, None)
        value = self.get(key)
        return await value if hasattr(value, "__await__") else value

    def prime(self, key: Any, value: Any) -> None:
        self.rows[key] = value

    async def load_many(self, keys: Iterable[Any]) -> None:
        """Fetches every key not primed yet in one query and primes the results."""
        missing = [k for k in dict.fromkeys(keys) if k is not None and k not in self.rows]
        if missing:
            for key, value in zip(missing, await self._fetch(missing), strict=True):
                self.rows[key] = value


class Loaders:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.cases = RowLoader(self._cases)
        self.posts = RowLoader(self._by_id("posts"))
        self.users = RowLoader(self._by_id("users"))
        self.accounts = RowLoader(self._by_id("accounts"))
        self.contacts = RowLoader(self._by_id("contacts"))
        self.teams = RowLoader(self._by_id("teams"))
        self.case_contact_ids = RowLoader(self._case_contact_ids)
        self.attachments_by_post = RowLoader(self._attachments_by_post)

    def _by_id(self, name: str) -> Callable[[Sequence[Any]], Awaitable[list[Row | None]]]:
        table, columns = TABLES[name]

        async def fetch(ids: Sequence[Any]) -> list[Row | None]:
            sql = Sql()
            rows = await sql.fetch(f"SELECT {columns} FROM {table} WHERE id {sql.in_(list(ids), 'int')}")
            by_id = {r["id"]: r for r in rows}
            return [by_id.get(i) for i in ids]

        return fetch

    async def _cases(self, ids: Sequence[Any]) -> list[Row | None]:
        rows = await self._by_id("cases")(ids)
        return [visibility.case_row_for(self.actor, normalise_case(r)) if r else None for r in rows]

    async def _case_contact_ids(self, case_ids: Sequence[Any]) -> list[list[int]]:
        sql = Sql()
        rows = await sql.fetch(
            "SELECT case_id, contact_id FROM case_contacts "
            f"WHERE case_id {sql.in_(list(case_ids), 'int')} ORDER BY contact_id"
        )
        by_case: dict[int, list[int]] = {}
        for r in rows:
            by_case.setdefault(r["case_id"], []).append(r["contact_id"])
        return [by_case.get(i, []) for i in case_ids]

    async def _attachments_by_post(self, post_ids: Sequence[Any]) -> list[list[Row]]:
        sql = Sql()
        rows = await sql.fetch(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments "
            f"WHERE post_id {sql.in_(list(post_ids), 'int')} ORDER BY id"
        )
        by_post: dict[int, list[Row]] = {}
        for r in rows:
            by_post.setdefault(r.pop("post_id"), []).append(r)
        return [by_post.get(i, []) for i in post_ids]

    def prime_cases(self, rows: Iterable[Row]) -> list[Row]:
        shown = [visibility.case_row_for(self.actor, normalise_case(r)) for r in rows]
        for row in shown:
            self.cases.prime(row["id"], row)
        return shown

    async def prefetch_case_relations(self, cases: list[Row], wanted: AbstractSet[str]) -> None:
        """A fixed number of batch queries for a page, whatever its length."""
        if "account" in wanted:
            await self.accounts.load_many(c["account_id"] for c in cases)
        if "assignee" in wanted:
            await self.users.load_many(c["assignee_id"] for c in cases)
        if "team" in wanted:
            await self.teams.load_many(c["team_id"] for c in cases)
        if "reportedBy" in wanted:
            await self.contacts.load_many(c["reported_by_id"] for c in cases)
        if "contacts" in wanted:
            await self.case_contact_ids.load_many(c["id"] for c in cases)
            await self.contacts.load_many(
                cid for c in cases for cid in self.case_contact_ids.rows.get(c["id"], [])
            )
        if "lastPost" in wanted:
            await self.posts.load_many(c["last_post_id"] for c in cases)
