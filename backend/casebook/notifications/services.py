"""Writing and reading a user's notifications. Plain async functions with keyword-only arguments.

`notify` runs inside the caller's unit of work (casebook.work joins it), so a rule's NOTIFY or a
new task's notice commits with the change that caused it, or not at all. Who may receive one is
casebook.visibility's answer for each recipient as she is now: a user who may not open the case
gets no row and no mail, so a notification never tells her of a case she cannot see.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from casebook import settings, visibility, work
from casebook.auth.actor import Actor
from casebook.cases.models import Case
from casebook.cases.services import contact_ids_of
from casebook.errors import Forbidden, InputError
from casebook.mail import compose, config, threads
from casebook.mail.models import OutboxKind
from casebook.mail.outbox import queue
from casebook.notifications.models import BODY_MAX, TITLE_MAX, Notification
from casebook.sql import Sql
from casebook.users.models import User
from casebook.work import Unit

# The most a bell lists at once.
PAGE_MAX = 100


async def _case_snapshot(case_id: int) -> tuple[Case, tuple[int, ...]] | None:
    case = await Case.get_or_none(id=case_id)
    if case is None:
        return None
    return case, await contact_ids_of(case)


async def notify(
    *,
    user_ids: Iterable[int],
    case_id: int | None,
    title: str,
    body: str | None = None,
    email: bool = False,
    event_id: int | None = None,
) -> int:
    """One notification per active user among `user_ids` who may see the case; with `email`, also
    a message through the outbox to those of them who want e-mail (`email_notifications`), keyed
    by (event_id, user) when event_id is given so that handling the event again sends nothing new.
    Returns how many users were notified."""
    title_ = (title or "").strip()[:TITLE_MAX] or "Notification"
    body_ = body.strip()[:BODY_MAX] or None if body else None

    async def write(unit: Unit) -> int:
        snapshot = await _case_snapshot(case_id) if case_id is not None else None
        if case_id is not None and snapshot is None:
            return 0
        users = await User.filter(id__in=sorted(set(user_ids)), is_active=True).order_by("id")
        notified = 0
        for user in users:
            if snapshot is not None and not visibility.can_see_loaded_case(
                await Actor.for_user(user), *snapshot
            ):
                continue
            row = await Notification.create(
                user_id=user.id, case_id=case_id, title=title_, body=body_, event_id=event_id
            )
            notified += 1
            if email and user.email_notifications:
                case = snapshot[0] if snapshot else None
                key = (
                    f"notification:{event_id}:{user.id}" if event_id is not None else f"notification:{row.id}"
                )
                await _mail(user=user, case=case, title=title_, body=body_, key=key)
        return notified

    return await work.run(write)


async def _mail(*, user: User, case: Case | None, title: str, body: str | None, key: str) -> None:
    number = case.number if case else 0
    lines = [body or title]
    if case is not None:
        lines.append(
            f"{threads.tagged_subject(case.number, case.subject)}\n{config.PUBLIC_URL}/cases/{case.number}"
        )
    message = compose.build(
        sender=settings.MAIL_FROM,
        sender_name="Casebook",
        recipient=user.email,
        subject=title if case is None else f"{title} {threads.subject_tag(case.number)}",
        text="\n\n".join(lines),
        message_id=compose.new_message_id(case_number=number, sender=settings.MAIL_FROM),
        automatic=True,
        case_number=case.number if case else None,
    )
    await queue(
        dedupe_key=key,
        kind=OutboxKind.NOTIFICATION,
        message=message,
        sender=settings.MAIL_FROM,
        recipient=user.email,
        case_id=case.id if case else None,
    )


def _own(actor: Actor) -> int:
    if actor.user_id is None:
        raise Forbidden("Only a signed-in user has notifications.")
    return actor.user_id


async def list_notifications(
    *, actor: Actor, first: int = 30, unread_only: bool = False
) -> list[dict[str, Any]]:
    """The actor's own notifications, newest first (never anyone else's)."""
    if not 1 <= first <= PAGE_MAX:
        raise InputError("first", f"Give a number from 1 to {PAGE_MAX}.")
    query = Notification.filter(user_id=_own(actor))
    if unread_only:
        query = query.filter(read_at__isnull=True)
    return (
        await query.order_by("-id")
        .limit(first)
        .values(  # type: ignore[no-any-return]
            "id", "case_id", "title", "body", "created_at", "read_at"
        )
    )


async def unread_count(*, actor: Actor) -> int:
    if actor.user_id is None:
        return 0
    return await Notification.filter(user_id=actor.user_id, read_at__isnull=True).count()


async def mark_read(*, actor: Actor, ids: list[int] | None = None) -> int:
    """Marks the actor's unread notifications read (those of `ids`, or all); how many changed.
    Ids of other users' notifications change nothing."""
    user_id = _own(actor)

    async def write(unit: Unit) -> int:
        query = Notification.filter(user_id=user_id, read_at__isnull=True)
        if ids is not None:
            query = query.filter(id__in=ids)
        return await query.update(read_at=datetime.now(UTC))

    return await work.run(write)


async def visible_case_ids(*, actor: Actor, case_ids: Iterable[int]) -> set[int]:
    """Which of these cases the actor may still open (a notification's case is null otherwise):
    one statement, the policy's own WHERE fragment."""
    wanted = sorted(set(case_ids))
    if not wanted:
        return set()
    sql = Sql()
    rows = await sql.fetch(
        f"SELECT c.id FROM cases c WHERE c.id {sql.in_(wanted, 'int')} AND {visibility.case_scope(actor, sql)}"
    )
    return {int(r["id"]) for r in rows}
