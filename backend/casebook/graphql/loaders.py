"""Per-request row loaders: the one path to related rows.

Each loader holds rows (plain, typed dicts: the domains' rows.py) by key, fetched by the domains'
loaders.py. A list resolver primes them in bulk from a few batch queries chosen by looking at the
selection, so child resolvers are plain dictionary reads; a miss falls back to a batched
DataLoader, so even an unprimed page costs one query per relation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from functools import partial
from typing import Any, Generic, TypeAlias, TypeVar

from strawberry.dataloader import DataLoader

from casebook import visibility
from casebook.accounts.loaders import accounts_by_id
from casebook.accounts.rows import AccountRow
from casebook.auth.actor import Actor
from casebook.cases.loaders import cases_by_id, contact_ids_by_case, normalise_case
from casebook.cases.rows import CaseRow
from casebook.contacts.loaders import contacts_by_id
from casebook.contacts.rows import ContactRow
from casebook.sla.read import CaseSlaRow, segments_by_case, sla_by_case
from casebook.stream.loaders import attachments_by_post, posts_by_id
from casebook.stream.rows import AttachmentRow, PostRow
from casebook.teams.loaders import teams_by_id
from casebook.teams.rows import TeamRow
from casebook.users.loaders import absent_until_by_user, users_by_id
from casebook.users.rows import UserRow

V = TypeVar("V")
# What `get` returns: the value when primed, else an awaitable of it (batched with other misses).
Loaded: TypeAlias = V | Awaitable[V]


class RowLoader(Generic[V]):
    """Values by id with a synchronous fast path for primed keys."""

    __slots__ = ("_fetch", "_loader", "rows")

    def __init__(self, fetch: Callable[[Sequence[int]], Awaitable[list[V]]]) -> None:
        self.rows: dict[int, V] = {}
        self._fetch = fetch
        # Built on the first miss: subscriptions make a Loaders per event and most never miss.
        self._loader: DataLoader[int, V] | None = None

    def get(self, key: int | None) -> Loaded[V | None]:
        """The value (no await) when primed; otherwise an awaitable batched with other misses.
        A reference that is null stays None."""
        if key is None:
            return None
        if key in self.rows:
            return self.rows[key]
        if self._loader is None:
            self._loader = DataLoader(load_fn=self._fetch)
        return self._loader.load(key)

    async def fetch(self, key: int, *, fresh: bool = False) -> V | None:
        """For async resolvers, which must return the value itself, not a pending load."""
        if fresh:
            self.rows.pop(key, None)
        value = self.get(key)
        return await value if isinstance(value, Awaitable) else value

    def prime(self, key: int, value: V) -> None:
        self.rows[key] = value

    async def load_many(self, keys: Iterable[int | None]) -> None:
        """Fetches every key not primed yet in one query and primes the results."""
        missing = [k for k in dict.fromkeys(keys) if k is not None and k not in self.rows]
        if missing:
            for key, value in zip(missing, await self._fetch(missing), strict=True):
                self.rows[key] = value


async def _cases_for(actor: Actor, ids: Sequence[int]) -> list[CaseRow | None]:
    # As this viewer may receive them: the rows primed here are what every resolver reads.
    return [visibility.case_row_for(actor, r) if r else None for r in await cases_by_id(ids)]


class Loaders:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        # Not a bound method: a Loaders must not reference itself. A live subscription makes one
        # per event; in a cycle it (and the rows it read, a 30 KB post body) lived until the next
        # young collection, which app.py's GC threshold (50,000) puts hundreds of events apart.
        self.cases: RowLoader[CaseRow | None] = RowLoader(partial(_cases_for, actor))
        self.posts: RowLoader[PostRow | None] = RowLoader(posts_by_id)
        self.users: RowLoader[UserRow | None] = RowLoader(users_by_id)
        self.absent_until: RowLoader[datetime | None] = RowLoader(absent_until_by_user)
        self.accounts: RowLoader[AccountRow | None] = RowLoader(accounts_by_id)
        self.contacts: RowLoader[ContactRow | None] = RowLoader(contacts_by_id)
        self.teams: RowLoader[TeamRow | None] = RowLoader(teams_by_id)
        self.case_contact_ids: RowLoader[list[int]] = RowLoader(contact_ids_by_case)
        self.attachments_by_post: RowLoader[list[AttachmentRow]] = RowLoader(attachments_by_post)
        # Staff only (Case.sla asks casebook.visibility before it reads these).
        self.sla: RowLoader[CaseSlaRow | None] = RowLoader(sla_by_case)
        self.sla_segments: RowLoader[list[dict[str, Any]]] = RowLoader(segments_by_case)

    def prime_cases(self, rows: Iterable[dict[str, Any]]) -> list[CaseRow]:
        shown = [visibility.case_row_for(self.actor, normalise_case(r)) for r in rows]
        for row in shown:
            self.cases.prime(row["id"], row)
        return shown

    async def prefetch_case_relations(self, cases: list[CaseRow], wanted: AbstractSet[str]) -> None:
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
        if "sla" in wanted and visibility.sees_sla(self.actor):
            await self.sla.load_many(c["id"] for c in cases)
