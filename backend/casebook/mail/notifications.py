"""Turning committed case events into outgoing mail: the `notifications` consumer of the event log
(casebook.background.consumers), run by whichever worker holds its lease, never by the request.

Two kinds of mail:
- the agent's PUBLIC post on an e-mail case, sent to the customer addresses of the case from the
  group mailbox (Reply-To the group address, threaded, subject tagged), so the answer comes back;
- notifications to followers, from the system address, of what each follower may see — the
  decision is casebook.visibility's, asked per follower, never re-implemented here.
INTERNAL posts never become customer mail: replies are only built for PUBLIC posts and every
follower is checked with visibility.can_see_event (and can_see_post for the post as stored).

An event is handled at least once (a worker may die before saving its checkpoint), in one
transaction per event: every message is keyed by what caused it (`reply:<post>:<address>`,
`notify:<event>:<user>`), so handling an event again queues nothing new. What is read besides the
event is today's state of the case: a consumer that lags still answers from the same rows.
"""

from __future__ import annotations

import logging

from casebook import events, settings, visibility
from casebook.auth.actor import Actor
from casebook.background import consumers
from casebook.cases.models import Case, CaseFollower
from casebook.contacts.models import Contact
from casebook.enums import AuthorKind, Origin, Visibility
from casebook.mail import compose, config, templates, threads
from casebook.mail.inbound import own_addresses
from casebook.mail.models import CaseMailbox, Direction, Mailbox, MessageRef, OutboxKind
from casebook.mail.outbox import queue
from casebook.stream.models import Post
from casebook.teams.models import Team
from casebook.users.models import User

log = logging.getLogger(__name__)


async def on_event(event: events.Event) -> None:
    if event.case_id is None:
        return
    case = await Case.get_or_none(id=event.case_id)
    if case is None:
        return
    post = await Post.get_or_none(id=event.post_id) if event.post_id else None
    replied_to: set[str] = set()
    if event.kind == events.POST_ADDED and post is not None:
        if (
            post.visibility is Visibility.PUBLIC
            and post.author_kind is AuthorKind.AGENT
            and await is_mail_case(case)
        ):
            replied_to = await send_reply(case=case, post=post)
        first = await Post.filter(case_id=case.id).order_by("id").first().values_list("id", flat=True)
        if first == post.id and post.author_kind is not AuthorKind.AGENT:
            return  # the message that opened the case: CASE_CREATED already told the followers
    await notify_followers(event=event, case=case, post=post, skip=replied_to)


async def is_mail_case(case: Case) -> bool:
    """A case the customer talks to by e-mail: their answers go back by mail. Other customers hear of
    public posts only as followers (a portal login), as SPEC §6 says."""
    return case.origin is Origin.EMAIL or bool(case.email) or await CaseMailbox.exists(case_id=case.id)


async def group_address(case: Case) -> tuple[str, str]:
    """(address, display name) the case's mail comes from: its mailbox, any mailbox, the system."""
    link = await CaseMailbox.get_or_none(case_id=case.id)
    mailbox = await Mailbox.get_or_none(id=link.mailbox_id) if link else None  # type: ignore[attr-defined]
    if mailbox is None:
        mailbox = await Mailbox.filter(active=True).order_by("id").first()
    team = await Team.get_or_none(id=case.team_id) if case.team_id else None  # type: ignore[attr-defined]
    name = team.name if team else "Support"
    return (mailbox.address if mailbox else settings.MAIL_FROM), name


async def customer_addresses(case: Case) -> list[str]:
    found: list[str] = []
    if case.email:
        found.append(case.email.lower())
    ids = set(await case.contacts.all().values_list("id", flat=True))  # type: ignore[arg-type]
    if case.reported_by_id:  # type: ignore[attr-defined]
        ids.add(case.reported_by_id)  # type: ignore[attr-defined]
    for email in await Contact.filter(id__in=ids).order_by("id").values_list("email", flat=True):
        if email and str(email).lower() not in found:
            found.append(str(email).lower())
    ours = await own_addresses()
    return [a for a in found if a not in ours]


async def _thread_headers(case: Case) -> tuple[str | None, list[str]]:
    refs = await MessageRef.filter(case_id=case.id).order_by("id").values("message_id", "direction")
    ids = [r["message_id"] for r in refs]
    incoming = [r["message_id"] for r in refs if r["direction"] == Direction.IN]
    in_reply_to = incoming[-1] if incoming else (ids[-1] if ids else None)
    # The first (the thread's root) and the most recent few, as RFC 5322 suggests for long threads.
    references = ids if len(ids) <= 20 else [ids[0], *ids[-19:]]
    return in_reply_to, references


async def _base_values(case: Case, author_name: str, *, for_customer: bool) -> dict[str, str]:
    team = await Team.get_or_none(id=case.team_id) if case.team_id else None  # type: ignore[attr-defined]
    return {
        "tag": threads.subject_tag(case.number),
        "tagged_subject": threads.tagged_subject(case.number, case.subject),
        "subject": case.subject,
        "number": str(case.number),
        "status": case.status.value,
        "author_name": author_name,
        "team_name": team.name if team else "Support",
        # The SPA's routes: customers read their cases in the portal.
        "case_url": f"{config.PUBLIC_URL}{'/portal' if for_customer else ''}/cases/{case.number}",
    }


async def send_reply(*, case: Case, post: Post) -> set[str]:
    recipients = await customer_addresses(case)
    if not recipients:
        return set()
    sender, sender_name = await group_address(case)
    values = await _base_values(case, post.author_name, for_customer=True)
    text = await templates.render("reply", {**values, "body": post.body})
    in_reply_to, references = await _thread_headers(case)
    for recipient in recipients:
        message_id = compose.new_message_id(case_number=case.number, sender=sender)
        msg = compose.build(
            sender=sender,
            sender_name=f"{post.author_name} ({sender_name})",
            recipient=recipient,
            reply_to=sender,
            subject=text.subject,
            text=compose.with_marker(text.body),
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
            case_number=case.number,
        )
        queued = await queue(
            dedupe_key=f"reply:{post.id}:{recipient}",
            kind=OutboxKind.REPLY,
            message=msg,
            sender=sender,
            recipient=recipient,
            case_id=case.id,
            post_id=post.id,
        )
        if queued is not None:
            # The customer's answer will name this Message-ID: that is how it finds the case.
            await MessageRef.create(
                message_id=message_id,
                direction=Direction.OUT,
                case_id=case.id,
                post_id=post.id,
                sender=sender,
            )
    return set(recipients)


async def notify_followers(*, event: events.Event, case: Case, post: Post | None, skip: set[str]) -> None:
    follower_ids = await CaseFollower.filter(case_id=case.id).values_list("user_id", flat=True)
    if not follower_ids:
        return
    users = await User.filter(id__in=follower_ids, is_active=True, email_notifications=True).order_by("id")
    group, _ = await group_address(case)
    for user in users:
        if user.id == event.actor_user_id or user.email.lower() in skip:
            continue
        if post is not None and post.author_email and post.author_email.lower() == user.email.lower():
            continue  # nobody needs mail about their own message
        viewer = await Actor.for_user(user)
        if not visibility.can_see_event(viewer, event):
            continue
        built = await _notification_text(event, case, post, viewer)
        if built is None:
            continue
        key, values = built
        text = await templates.render(key, values)
        message_id = compose.new_message_id(case_number=case.number, sender=settings.MAIL_FROM)
        in_reply_to, references = await _thread_headers(case)
        msg = compose.build(
            sender=settings.MAIL_FROM,
            sender_name="Casebook",
            recipient=user.email,
            # A follower answering a notification writes into the case, through the group mailbox.
            reply_to=group if group != settings.MAIL_FROM else None,
            subject=text.subject,
            text=compose.with_marker(text.body) if key == "post_added" else text.body,
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
            automatic=True,
            case_number=case.number,
        )
        queued = await queue(
            dedupe_key=f"notify:{event.id}:{user.id}",
            kind=OutboxKind.NOTIFICATION,
            message=msg,
            sender=settings.MAIL_FROM,
            recipient=user.email,
            case_id=case.id,
            post_id=post.id if post else None,
        )
        if queued is not None:
            await MessageRef.create(
                message_id=message_id,
                direction=Direction.OUT,
                case_id=case.id,
                post_id=post.id if post else None,
                sender=settings.MAIL_FROM,
            )


async def _notification_text(
    event: events.Event, case: Case, post: Post | None, viewer: Actor
) -> tuple[str, dict[str, str]] | None:
    actor_name = "Casebook"
    if event.actor_user_id:
        actor = await User.get_or_none(id=event.actor_user_id)
        actor_name = actor.name if actor else actor_name
    if event.kind == events.POST_ADDED:
        if post is None or not visibility.can_see_post(viewer, post.visibility.value):
            return None
        values = await _base_values(case, post.author_name, for_customer=viewer.is_customer)
        internal = post.visibility is Visibility.INTERNAL
        return "post_added", {
            **values,
            "body": post.body,
            "visibility_label": "Internal note: " if internal else "",
        }
    if event.kind == events.CASE_CREATED:
        author = actor_name if event.actor_user_id else (case.email or "E-mail")
        values = await _base_values(case, author, for_customer=viewer.is_customer)
        return "case_created", {**values, "body": case.description or ""}
    if event.kind == events.CASE_CHANGED:
        shown = visibility.changes_for(viewer, event.changed_fields)
        if not shown:
            return None
        values = await _base_values(case, actor_name, for_customer=viewer.is_customer)
        return "case_changed", {**values, "changes": ", ".join(shown) + f"\nStatus: {case.status.value}"}
    return None


CONSUMER = consumers.register("notifications", on_event)
