"""What a rule sees of a case: its fields, the triggering post, account, contact, mailbox, and what
the event changed. Built by one function for live runs and for testRule's dry run alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from casebook import events
from casebook.events.log import event_of
from casebook.sql import Sql, utc

Change = tuple[str | None, str | None]  # (old, new) as the event log shows them


@dataclass(slots=True)
class Facts:
    case_id: int
    values: dict[str, Any]  # by the condition's field name (casebook.rules.catalog.FIELDS)
    changes: dict[str, Change] = field(default_factory=dict)  # by the event log's field name
    event_id: int | None = None  # the event the changes are from
    done: dict[int, str] = field(default_factory=dict)  # rule id -> outcome, of load's runs_of
    shown: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # conditions' cache


def _tags(value: Any) -> list[str]:
    if isinstance(value, str | bytes):
        value = orjson.loads(value)
    return [str(t) for t in value or ()]


def _case_query(sql: Sql, case_id: int, event: events.Event | None, runs_of: str | None) -> str:
    # The reporter, else the first contact; the mailbox the case came in on; the event's post, or
    # without an event the case's latest; the runs of `runs_of` (placeholders in text order).
    done = "NULL"
    if runs_of is not None:
        listed = (
            "group_concat(r.rule_id || ':' || r.outcome)"
            if sql.sqlite
            else ("string_agg(r.rule_id::text || ':' || r.outcome, ',')")
        )
        done = f"(SELECT {listed} FROM rule_runs r WHERE r.case_id = c.id AND r.trigger = {sql.p(runs_of)})"
    post = "c.last_post_id" if event is None else sql.p(event.post_id or 0)
    return (
        f"SELECT {done} AS done_runs, c.id, c.number, c.subject, c.description, c.status, c.priority, c.type, c.origin, "
        "c.team_id, c.assignee_id, c.account_id, c.tags, c.product, c.topic, c.reason, c.email, "
        "c.phone, c.created_at, c.updated_at, a.name AS account_name, "
        "ct.name AS contact_name, ct.email AS contact_email, mb.address AS mailbox, "
        "p.body AS post_body, p.visibility AS post_visibility, p.author_kind AS post_author_kind, "
        "p.channel AS post_channel "
        "FROM cases c LEFT JOIN accounts a ON a.id = c.account_id "
        "LEFT JOIN contacts ct ON ct.id = COALESCE(c.reported_by_id, "
        "(SELECT MIN(cc.contact_id) FROM case_contacts cc WHERE cc.case_id = c.id)) "
        "LEFT JOIN mail_case_mailboxes cm ON cm.case_id = c.id "
        "LEFT JOIN mail_mailboxes mb ON mb.id = cm.mailbox_id "
        f"LEFT JOIN posts p ON p.id = {post} AND p.case_id = c.id "
        f"WHERE c.id = {sql.p(case_id)}"
    )


async def _latest_changes(case_id: int) -> tuple[int | None, tuple[events.Change, ...]]:
    """The case's most recent event that changed something (testRule has no event of its own)."""
    sql = Sql()
    rows = await sql.fetch(
        "SELECT id, kind, case_id, actor_id, actor_name, caused_by_id, at, data FROM events "
        f"WHERE case_id = {sql.p(case_id)} AND kind {sql.in_([events.CASE_CHANGED, events.POST_ADDED], 'text')} "
        "ORDER BY id DESC LIMIT 20"
    )
    for row in rows:
        event = event_of(row)
        if event.changes:
            return event.id, event.changes
    return None, ()


async def load(
    case_id: int, event: events.Event | None = None, *, runs_of: str | None = None
) -> Facts | None:
    """The facts of a case now, with the changes and post of `event`. Without an event (a dry run)
    the changes are those of the case's most recent event that changed something, and the post
    is the case's latest. None when there is no such case.

    `runs_of`: a trigger whose runs on this case come along in the same statement (`Facts.done`),
    so the engine learns what a re-read event already did without a statement of its own."""
    sql = Sql()
    rows = await sql.fetch(_case_query(sql, case_id, event, runs_of))
    if not rows:
        return None
    row = rows[0]
    if event is None:
        event_id, event_changes = await _latest_changes(case_id)
    else:
        event_id, event_changes = event.id, event.changes
    values: dict[str, Any] = {
        "number": row["number"],
        "subject": row["subject"],
        "description": row["description"],
        "status": row["status"],
        "priority": row["priority"],
        "type": row["type"],
        "origin": row["origin"],
        "teamId": row["team_id"],
        "assigneeId": row["assignee_id"],
        "accountId": row["account_id"],
        "tags": _tags(row["tags"]),
        "product": row["product"],
        "topic": row["topic"],
        "reason": row["reason"],
        "email": row["email"],
        "phone": row["phone"],
        "createdAt": utc(row["created_at"]),
        "updatedAt": utc(row["updated_at"]),
        "post.body": row["post_body"],
        "post.visibility": row["post_visibility"],
        "post.authorKind": row["post_author_kind"],
        "post.channel": row["post_channel"],
        "account.name": row["account_name"],
        "contact.name": row["contact_name"],
        "contact.email": row["contact_email"],
        "mailbox": row["mailbox"],
    }
    changes = {name: (old, new) for name, old, new in event_changes}
    done = dict(item.split(":", 1) for item in (row["done_runs"] or "").split(",") if item)
    return Facts(
        case_id=case_id,
        values=values,
        changes=changes,
        event_id=event_id,
        done={int(rule_id): outcome for rule_id, outcome in done.items()},
    )
