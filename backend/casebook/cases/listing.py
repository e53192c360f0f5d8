"""The case list: one keyset query over the viewer's scope, filters and full-text search.

Written as SQL with bound parameters (see casebook.sql) because it is the hottest read.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from casebook import visibility
from casebook.auth.actor import Actor
from casebook.cases.rows import CASE_COLUMNS, CaseRow
from casebook.enums import PRIORITY_RANK, Visibility
from casebook.errors import InputError
from casebook.graphql import relay
from casebook.graphql.loaders import Loaders
from casebook.sql import Sql
from casebook.users.rows import USER_COLUMNS, UserRow

_PRIORITY_SQL = (
    "CASE c.priority " + " ".join(f"WHEN '{p.value}' THEN {r}" for p, r in PRIORITY_RANK.items()) + " END"
)
# The sort expression per order; its value, selected as sort_key, goes into the cursor.
ORDER_EXPRESSIONS = {
    "NUMBER": "c.number",
    "CREATED_AT": "c.created_at",
    "UPDATED_AT": "c.updated_at",
    "PRIORITY": _PRIORITY_SQL,
}
# SLA_DUE: the next SLA due time, cases without one after every other (a far-future sentinel, not
# NULLS LAST: a NULL cannot take part in the cursor's row comparison). The same expression is
# indexed with id (migration 0012), so the order and the slaDue filter walk one index range, in
# both dialects; the index's text must stay as migration 0012 wrote it (tests/cases/test_listing.py).
SLA_DUE_SENTINEL = "9999-12-31 00:00:00+00:00"
SLA_DUE_SQL = {
    "sqlite": f"COALESCE(c.sla_due_at, '{SLA_DUE_SENTINEL}')",
    "postgres": f"COALESCE(c.sla_due_at, TIMESTAMPTZ '{SLA_DUE_SENTINEL}')",
}


def _sla_due_sql(sql: Sql) -> str:
    return SLA_DUE_SQL["sqlite" if sql.sqlite else "postgres"]


def order_expression(field: str, sql: Sql) -> str:
    return _sla_due_sql(sql) if field == "SLA_DUE" else ORDER_EXPRESSIONS[field]


# Counts stop here (totalCount, totalCountCapped): counting 1M cases took 120-270 ms.
COUNT_LIMIT = 10_000
# Cases the first search query tests one by one (list_cases); ~2 µs each at 1M cases.
SEARCH_RECENT = 5000
_WORD = re.compile(r"[^\W_]+")  # as both indexes split words: on anything not a letter or digit


@dataclass(frozen=True, slots=True)
class CaseQuery:
    status: list[str] | None = None
    priority: list[str] | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    account_id: int | None = None
    contact_id: int | None = None
    unassigned: bool | None = None
    mine: bool | None = None
    following: bool | None = None
    text: str | None = None
    # slaDue: cases whose next SLA due time is at or before this instant (breached ones included).
    sla_due_before: datetime | None = None
    order_field: str = "UPDATED_AT"
    descending: bool = True


def _where(actor: Actor, q: CaseQuery, sql: Sql, *, text: bool = True) -> list[str]:
    where = [visibility.case_scope(actor, sql)]
    if q.status:
        where.append(f"c.status {sql.in_(q.status, 'text')}")
    if q.priority:
        where.append(f"c.priority {sql.in_(q.priority, 'text')}")
    if q.assignee_id is not None:
        where.append(f"c.assignee_id = {sql.p(q.assignee_id)}")
    if q.mine:
        where.append(f"c.assignee_id = {sql.p(actor.user_id or 0)}")
    if q.unassigned:
        where.append("c.assignee_id IS NULL")
    if q.team_id is not None:
        where.append(f"c.team_id = {sql.p(q.team_id)}")
    if q.account_id is not None:
        where.append(f"c.account_id = {sql.p(q.account_id)}")
    if q.contact_id is not None:
        where.append(
            f"(c.reported_by_id = {sql.p(q.contact_id)} OR c.id IN "
            f"(SELECT case_id FROM case_contacts WHERE contact_id = {sql.p(q.contact_id)}))"
        )
    if q.following:
        where.append(
            f"c.id IN (SELECT case_id FROM case_followers WHERE user_id = {sql.p(actor.user_id or 0)})"
        )
    if q.sla_due_before is not None:
        # The order's expression, so that the SLA_DUE index serves the filter too (the sentinel is
        # later than any bound the filter accepts: cases without a due time never match).
        moment = q.sla_due_before.astimezone(UTC)
        bound = moment.isoformat(sep=" ", timespec="microseconds") if sql.sqlite else moment
        where.append(f"{_sla_due_sql(sql)} <= {sql.p(bound)}")
    if text and _has_text(q):
        where.append(_search(actor, q.text or "", sql))
    return where


def _search(actor: Actor, text: str, sql: Sql) -> str:
    """Cases whose subject, description and the posts this viewer may see contain every word.

    Words may occur in different parts of a case (one in the subject, one in a post); the last
    word may be a prefix (search as you type).
    """
    words = _words(text)
    internal = Visibility.INTERNAL in visibility.post_visibilities(actor)
    # Placeholders are bound in the order they appear in the text (SQLite's `?` are positional).
    if sql.sqlite:
        return " AND ".join(
            _sqlite_word(f'"{w}"' + ("*" if i == len(words) - 1 else ""), actor, sql)
            for i, w in enumerate(words)
        )
    return f"EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id AND {_match(words, internal, sql)})"


def _has_text(q: CaseQuery) -> bool:
    return bool(q.text and q.text.strip())


def _words(text: str) -> list[str]:
    words = _WORD.findall(text)[:12]
    if not words:
        raise InputError("text", "Search for at least one word.")
    return words


def _match(words: list[str], internal: bool, sql: Sql) -> str:
    """PostgreSQL: whether a `case_search s` row (migration 0003) has every word.

    public_tsv holds subject, description and PUBLIC posts; internal_tsv INTERNAL posts.
    """
    terms = [*words[:-1], words[-1] + ":*"]  # letters and digits only: no tsquery syntax
    # (casebook_search_hits in migration 0003 matches the same way from the indexes alone.)
    if not internal:
        return f"s.public_tsv @@ to_tsquery('simple', {sql.p(' & '.join(terms))})"
    # Word by word, so that one word may be in a public post and the other in a note.
    return " AND ".join(
        f"(s.public_tsv @@ to_tsquery('simple', {q}) OR s.internal_tsv @@ to_tsquery('simple', {q}))"
        for q in map(sql.p, terms)
    )


def _sqlite_word(match: str, actor: Actor, sql: Sql) -> str:
    """Cases with one word in their subject or description (FTS5) or in a post the viewer may see."""
    vis = visibility.post_visibilities(actor)
    return (
        f"c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH {sql.p(match)}"
        " UNION ALL SELECT p.case_id FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid"
        f" WHERE posts_fts MATCH {sql.p(match)} AND p.visibility {sql.in_(vis, 'text')})"
    )


# What a cursor's sort value is, per order (checked by decode_cursor before it reaches SQL).
SORT_VALUE = {
    "NUMBER": relay.INT,
    "CREATED_AT": relay.DATETIME,
    "UPDATED_AT": relay.DATETIME,
    "PRIORITY": relay.INT,
    "SLA_DUE": relay.DATETIME,
}


def cursor_kind(q: CaseQuery) -> str:
    """The list a cursor belongs to: a cursor of another order would page from a wrong place."""
    return f"cases:{q.order_field}:{'DESC' if q.descending else 'ASC'}"


def _cursor_value(value: Any, sql: Sql) -> Any:
    if sql.sqlite or type(value) is not str:
        return value  # SQLite keeps date-times as text, in the form the cursor carries
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def list_cases(
    *, actor: Actor, q: CaseQuery, first: int, after: str | None
) -> tuple[list[dict[str, Any]], bool, Callable[[], Awaitable[tuple[int, bool]]]]:
    """A page of case rows, whether more follow, and a deferred count (run only if asked for)."""
    sql = Sql()
    expr = order_expression(q.order_field, sql)
    op = "<" if q.descending else ">"
    direction = "DESC" if q.descending else "ASC"
    order = f"ORDER BY {expr} {direction}, c.id {direction}"
    columns = ", ".join(f"c.{col.strip()}" for col in CASE_COLUMNS.split(","))
    kind = cursor_kind(q)
    cursor = relay.decode_cursor(after, kind, (SORT_VALUE[q.order_field], relay.ID)) if after else None

    def page(sql: Sql, shape: str) -> str:
        where = _where(actor, q, sql, text=shape == "plain")
        if cursor is not None:
            sort_value, last_id = _cursor_value(cursor[0], sql), cursor[1]
            # A row comparison is a range on the (sort key, id) index, in both databases. Written
            # as `key < v OR (key = v AND id < i)`, PostgreSQL walked the index from the top and
            # filtered: page 40 of 100k cases read 99,000 rows (135 ms).
            where.append(f"({expr}, c.id) {op} ({sql.p(sort_value)}, {sql.p(last_id)})")
        if shape == "plain":
            return f"SELECT {columns}, {expr} AS sort_key FROM cases c WHERE {' AND '.join(where)} {order} LIMIT {first + 1}"
        # PostgreSQL only: `$n` placeholders, so binding order does not matter here.
        words = _words(q.text or "")
        internal = Visibility.INTERNAL in visibility.post_visibilities(actor)
        if shape == "recent":
            match = _match(words, internal, sql)
            return (
                f"SELECT * FROM (SELECT {columns}, {expr} AS sort_key FROM cases c WHERE {' AND '.join(where)}"
                f" {order} LIMIT {SEARCH_RECENT}) c"
                # A scalar subquery, not EXISTS: PostgreSQL may not turn it into a join, so it is one
                # primary-key probe per case (a hash join took the GIN bitmap of a prefix: 50 ms).
                f" WHERE (SELECT {match} FROM case_search s WHERE s.case_id = c.id)"
                f" ORDER BY sort_key {direction}, id {direction} LIMIT {first + 1}"
            )
        terms = [*words[:-1], words[-1] + ":*"]
        where.append(f"c.id IN (SELECT casebook_search_hits({sql.p(terms)}::text[], {sql.p(internal)}))")
        return f"SELECT {columns}, {expr} AS sort_key FROM cases c WHERE {' AND '.join(where)} {order} LIMIT {first + 1}"

    # Customers' scope holds few cases: one query, whatever the words (the two steps would
    # collect every case with a common word when few of theirs have it: 13 s at 1M).
    if _has_text(q) and not sql.sqlite and not visibility.scope_is_small(actor):
        # Which plan is fast depends on how common the words are, and PostgreSQL's estimates for
        # rare words and prefixes are guesses (a walk it expected to stop early read all 1M cases,
        # 2 s). So, both bounded: first the SEARCH_RECENT most recent cases (in list order, after
        # the other filters) tested one by one — enough when the words are common; else every
        # case with the words from the GIN indexes (casebook_search_hits), then ordered: few,
        # since they were rare there.
        rows = await sql.fetch(page(sql, "recent"))
        if len(rows) <= first:
            sql = Sql(sql.dialect)
            rows = await sql.fetch(page(sql, "hits"))
    else:
        rows = await sql.fetch(page(sql, "plain"))
    for row in rows:
        row["cursor"] = relay.encode_cursor(kind, [row.pop("sort_key"), row["id"]])

    async def counting() -> tuple[int, bool]:
        count_sql = Sql(sql.dialect)
        where_ = _where(actor, q, count_sql)
        got = await count_sql.fetch(
            f"SELECT count(*) AS n FROM (SELECT 1 FROM cases c WHERE {' AND '.join(where_)}"
            f" LIMIT {COUNT_LIMIT + 1}) AS matching"
        )
        n = int(got[0]["n"])
        return min(n, COUNT_LIMIT), n > COUNT_LIMIT

    counted: list[asyncio.Task[tuple[int, bool]]] = []

    async def count() -> tuple[int, bool]:
        """Matching cases up to COUNT_LIMIT, and whether more match (counted once, however many
        fields ask)."""
        if not counted:
            counted.append(asyncio.ensure_future(counting()))
        return await counted[0]

    return rows[:first], len(rows) > first, count


async def children_of(actor: Actor, case_id: int, loaders: Loaders) -> list[CaseRow]:
    if not visibility.sees_children(actor):
        return []
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT {CASE_COLUMNS} FROM cases c WHERE parent_id = {sql.p(case_id)} "
        f"AND {visibility.case_scope(actor, sql)} ORDER BY id"
    )
    return loaders.prime_cases(rows)


async def follower_rows(case_id: int) -> list[UserRow]:
    sql = Sql()
    cols = ", ".join(f"u.{c.strip()}" for c in USER_COLUMNS.split(","))
    return await sql.fetch(  # type: ignore[return-value]
        f"SELECT {cols} FROM users u JOIN case_followers f ON f.user_id = u.id "
        f"WHERE f.case_id = {sql.p(case_id)} ORDER BY u.name"
    )


async def is_following(case_id: int, user_id: int | None) -> bool:
    if user_id is None:
        return False
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT 1 AS x FROM case_followers WHERE case_id = {sql.p(case_id)} AND user_id = {sql.p(user_id)}"
    )
    return bool(rows)
