"""Received messages in, committed results out: new cases, posts on cases, or set aside.

Messages are taken a batch at a time (what one IMAP FETCH brought). Everything the batch produces
(cases, posts, attachments, Message-ID rows, set-aside rows) is written in ONE transaction, so a crash
leaves all of it or none; the poller flags the messages in the mailbox only after this returns. What
the batch needs to know (our own addresses, which Message-IDs are stored, the senders' contacts and
users) is read once for the whole batch, before the transaction.

If anything in a batch fails, the transaction rolls back and the poller offers the messages again one
by one (`ingest_batch` with a single message): a message the core services refuse is then set aside
with the reason, and a message that keeps failing is set aside after a few tries, while the others go
in. The unique Message-ID row makes a second delivery a no-op.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.models import Model

from casebook import settings, work
from casebook.auth.actor import Actor
from casebook.cases.models import DESCRIPTION_MAX, Case
from casebook.cases.services import create_case
from casebook.contacts.models import Contact
from casebook.enums import Channel, Origin, Role, Visibility
from casebook.errors import Forbidden, InputError, NotFound
from casebook.mail import config, files, loops, ratelimit, threads
from casebook.mail.models import CaseMailbox, Direction, Mailbox, MessageRef, SetAsideMessage
from casebook.mail.parsing import Attachment as MailPart
from casebook.mail.parsing import ParsedMail, UnparseableMessage, parse_message
from casebook.mail.quotes import split_reply, split_reply_html
from casebook.mail.sanitize import sanitize_html
from casebook.stream.models import BODY_MAX
from casebook.stream.services import NewFile, add_post, attach_files, attach_to_post
from casebook.users.models import User
from casebook.work import Unit

log = logging.getLogger(__name__)

Kind = Literal["case", "post", "duplicate", "set_aside"]
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    case_id: int | None = None
    reason: str | None = None


@dataclass(eq=False)
class Incoming:
    """One fetched message on its way in. Build it with `Incoming.parse` (or with `reason` for a
    message that was not fetched: too large, or the server returned nothing)."""

    uid: int
    raw: bytes
    mail: ParsedMail | None = None
    reason: str | None = None  # set aside for this reason, whatever else holds (unfetched, unparseable)
    # The sender limit's answer, asked once per fetch: a batch offered again message by message
    # must not count its senders twice.
    rate_ok: bool | None = None

    @classmethod
    def parse(cls, *, uid: int, raw: bytes) -> Incoming:
        """Parses `raw`; an unparseable message becomes one to set aside. Other exceptions propagate."""
        try:
            return cls(uid=uid, raw=raw, mail=parse_message(raw))
        except UnparseableMessage as exc:
            return cls(uid=uid, raw=raw, reason=str(exc))


def attachment_url(attachment_id: int) -> str:
    return f"/files/{attachment_id}"


async def own_addresses() -> set[str]:
    addresses = {str(a).lower() for a in await Mailbox.all().values_list("address", flat=True)}
    addresses.add(settings.MAIL_FROM.lower())
    return addresses


def customer_address(mail: ParsedMail, own: set[str]) -> str:
    """Who answers reach: Reply-To when the sender names one (web-form relays, shared senders), else From."""
    if mail.reply_to and mail.reply_to != mail.from_address and mail.reply_to not in own:
        return mail.reply_to
    return mail.from_address


@dataclass
class _Known:
    """What a batch needs to know, read once before its transaction; updated as the batch stores."""

    own: set[str]
    refs: dict[str, int]  # Message-ID -> case, stored before or earlier in this batch
    merged_into: dict[int, int | None]
    contacts: dict[str, Contact]  # by upper-cased address (the lookup is case-insensitive)
    users: dict[str, User]
    portal_users: dict[int, int]  # contact id -> its active customer login
    set_aside_uids: dict[int, str]  # uid -> reason, set aside before (a crash before the flag)
    links: list[CaseMailbox] = field(default_factory=list)  # rows written at the end of the batch
    message_refs: list[MessageRef] = field(default_factory=list)
    set_aside_rows: list[SetAsideMessage] = field(default_factory=list)


@dataclass(eq=False)
class _Plan:
    item: Incoming
    kind: Literal["store", "duplicate", "set_aside", "known_set_aside"]
    reason: str | None = None
    address: str = ""
    raw_key: str | None = None
    stored: list[tuple[MailPart, str]] = field(default_factory=list)  # attachments and storage keys


def _refusal(mail: ParsedMail, item: Incoming, own: set[str]) -> str | None:
    if mail.from_address in own:
        return f"sent from our own address {mail.from_address} (mail loop)"
    automatic = loops.automatic_reason(mail)
    if automatic:
        return automatic
    if item.rate_ok is None:
        item.rate_ok = ratelimit.allow_sender(mail.from_address)
    if not item.rate_ok:
        return f"rate limit for {mail.from_address} exceeded ({config.SENDER_RATE_LIMIT})"
    return None


async def _by_address(model: type[M], addresses: set[str], **filters: object) -> dict[str, M]:
    """Rows whose e-mail matches one of `addresses` case-insensitively (keyed by the upper-cased
    address), the lowest id first: one query per 100 addresses instead of one per message."""
    found: dict[str, M] = {}
    ordered = sorted(addresses)
    for start in range(0, len(ordered), 100):
        chunk = ordered[start : start + 100]
        condition = Q(*[Q(email__iexact=a) for a in chunk], join_type="OR")
        for row in await model.filter(condition, **filters).order_by("id"):
            email = getattr(row, "email", None)
            if email:
                found.setdefault(email.upper(), row)
    return found


async def _look_up(*, mailbox: Mailbox, uidvalidity: int, items: list[Incoming], checks: bool) -> _Known:
    mails = [i.mail for i in items if i.mail is not None and i.reason is None]
    own = await own_addresses()
    message_ids = {m.message_id for m in mails} | {mid for m in mails for mid in m.thread_ids}
    refs, merged_into = await threads.known_refs(message_ids) if message_ids else ({}, {})
    addresses = {customer_address(m, own) for m in mails}
    contacts = await _by_address(Contact, addresses) if addresses else {}
    users = await _by_address(User, addresses, is_active=True) if addresses else {}
    portal_users: dict[int, int] = {}
    if contacts:
        rows = (
            await User.filter(
                contact_id__in=[c.id for c in contacts.values()], role=Role.CUSTOMER, is_active=True
            )
            .order_by("id")
            .values("id", "contact_id")
        )
        for row in rows:
            portal_users.setdefault(row["contact_id"], row["id"])
    set_aside_uids: dict[int, str] = {}
    if checks:
        rows = await SetAsideMessage.filter(
            mailbox_id=mailbox.id, uidvalidity=uidvalidity, uid__in=[i.uid for i in items]
        ).values("uid", "reason")
        set_aside_uids = {int(r["uid"]): r["reason"] for r in rows}
    return _Known(own, refs, merged_into, contacts, users, portal_users, set_aside_uids)


def _plan(item: Incoming, known: _Known, seen: set[str], *, checks: bool) -> _Plan:
    if item.uid in known.set_aside_uids:
        return _Plan(item, "known_set_aside", reason=known.set_aside_uids[item.uid])
    mail = item.mail
    if item.reason is not None or mail is None:
        return _Plan(item, "set_aside", reason=item.reason or "the message could not be read")
    if mail.message_id in known.refs or mail.message_id in seen:
        return _Plan(item, "duplicate", reason="Message-ID already stored")
    reason = _refusal(mail, item, known.own) if checks else None
    if reason is not None:
        return _Plan(item, "set_aside", reason=reason)
    seen.add(mail.message_id)
    return _Plan(item, "store", address=customer_address(mail, known.own))


async def ingest_batch(
    *, mailbox: Mailbox, uidvalidity: int, items: list[Incoming], checks: bool = True
) -> list[Outcome]:
    """Turns the messages into cases, posts or set-aside rows in one transaction; idempotent.

    With several messages, any failure rolls the whole batch back and raises: offer the messages
    again one at a time. A single message the core services refuse is set aside with the reason.
    `checks=False` (an admin accepting a set-aside message) skips the loop and rate checks.
    """
    known = await _look_up(mailbox=mailbox, uidvalidity=uidvalidity, items=items, checks=checks)
    seen: set[str] = set()
    plans = [_plan(item, known, seen, checks=checks) for item in items]
    # The file store is content-addressed, so writing before the transaction is safe to redo.
    for plan in plans:
        if plan.kind == "store" and plan.item.mail is not None:
            plan.stored = [(a, files.store_bytes(a.data)) for a in plan.item.mail.attachments]
            plan.raw_key = files.store_bytes(plan.item.raw, suffix=".eml")
        elif plan.kind == "set_aside" and plan.item.raw:
            plan.raw_key = files.store_bytes(plan.item.raw, suffix=".eml")
    single = plans[0] if len(plans) == 1 else None

    async def store(unit: Unit) -> list[Outcome]:
        # A fresh copy of what the batch learns as it stores: PostgreSQL may run the unit again.
        mine = replace(
            known,
            refs=dict(known.refs),
            merged_into=dict(known.merged_into),
            links=[],
            message_refs=[],
            set_aside_rows=[],
        )
        done = [await _apply(mailbox=mailbox, uidvalidity=uidvalidity, plan=p, known=mine) for p in plans]
        if mine.links:
            await CaseMailbox.bulk_create(mine.links)
        if mine.message_refs:
            await MessageRef.bulk_create(mine.message_refs)
        if mine.set_aside_rows:
            await SetAsideMessage.bulk_create(mine.set_aside_rows)
        return done

    try:
        # One unit of work: the cases, posts and their events commit together, and are announced after.
        outcomes = await work.run(store)
    except IntegrityError:
        if single is None:
            raise
        if single.kind == "store" and single.item.mail is not None:
            # A concurrent ingest of the same message committed first (the unique Message-ID).
            if await MessageRef.exists(message_id=single.item.mail.message_id):
                return [Outcome("duplicate", reason="Message-ID already stored")]
        if single.kind == "set_aside":
            return [_set_aside_logged(mailbox, single.item.uid, single.reason or "")]  # set aside before
        raise
    except (InputError, Forbidden, NotFound) as exc:
        if single is None or single.kind != "store":
            raise
        return [
            await set_aside(
                mailbox=mailbox, uidvalidity=uidvalidity, item=single.item, reason=f"refused: {exc}"
            )
        ]
    for plan in plans:
        if plan.kind == "set_aside":
            _set_aside_logged(mailbox, plan.item.uid, plan.reason or "")
    return outcomes


def _set_aside_logged(mailbox: Mailbox, uid: int, reason: str) -> Outcome:
    log.info("mailbox %s uid %s set aside: %s", mailbox.address, uid, reason)
    return Outcome("set_aside", reason=reason)


def _set_aside_row(
    *, mailbox: Mailbox, uidvalidity: int, item: Incoming, reason: str, raw_key: str | None
) -> SetAsideMessage:
    mail = item.mail
    return SetAsideMessage(
        mailbox_id=mailbox.id,
        uidvalidity=uidvalidity,
        uid=item.uid,
        message_id=mail.message_id[:255] if mail else None,
        sender=mail.from_address[:254] if mail else None,
        subject=mail.subject[:255] if mail else None,
        reason=reason[:500],
        size=len(item.raw),
        storage_key=raw_key,
    )


async def set_aside(*, mailbox: Mailbox, uidvalidity: int, item: Incoming, reason: str) -> Outcome:
    """Sets one message aside in a transaction of its own (e.g. after it failed too often)."""
    key = files.store_bytes(item.raw, suffix=".eml") if item.raw else None
    try:
        await _set_aside_row(
            mailbox=mailbox, uidvalidity=uidvalidity, item=item, reason=reason, raw_key=key
        ).save()
    except IntegrityError:
        pass  # set aside before a crash, not yet flagged: the row is already there
    return _set_aside_logged(mailbox, item.uid, reason)


async def _apply(*, mailbox: Mailbox, uidvalidity: int, plan: _Plan, known: _Known) -> Outcome:
    if plan.kind == "duplicate":
        return Outcome("duplicate", reason=plan.reason)
    if plan.kind == "known_set_aside":
        return Outcome("set_aside", reason=plan.reason)
    if plan.kind == "set_aside":
        known.set_aside_rows.append(
            _set_aside_row(
                mailbox=mailbox,
                uidvalidity=uidvalidity,
                item=plan.item,
                reason=plan.reason or "",
                raw_key=plan.raw_key,
            )
        )
        return Outcome("set_aside", reason=plan.reason)
    return await _store(mailbox=mailbox, plan=plan, known=known)


async def accept_set_aside(*, set_aside_id: int) -> Outcome:
    """An admin's "this one is fine": ingests a set-aside message ignoring the loop and rate checks.

    The row goes once the message became a case or post; a message that still cannot be parsed,
    or was never stored (too large), stays set aside.
    """
    row = await SetAsideMessage.get_or_none(id=set_aside_id)
    if row is None:
        raise NotFound("No such set-aside message.")
    if not row.storage_key:
        raise InputError("id", "This message was not stored (it was too large); it cannot be processed.")
    raw = files.read_bytes(row.storage_key)
    try:
        mail = parse_message(raw)
    except UnparseableMessage as exc:
        raise InputError("id", f"The message still cannot be read: {exc}") from exc
    mailbox = await Mailbox.get(id=row.mailbox_id)  # type: ignore[attr-defined]
    item = Incoming(uid=row.uid, raw=raw, mail=mail)
    [outcome] = await ingest_batch(mailbox=mailbox, uidvalidity=row.uidvalidity, items=[item], checks=False)
    if outcome.kind == "set_aside":
        raise InputError("id", f"The message was refused again: {outcome.reason}")
    await row.delete()
    return outcome


async def _store(*, mailbox: Mailbox, plan: _Plan, known: _Known) -> Outcome:
    mail = plan.item.mail
    assert mail is not None and plan.raw_key is not None
    address = plan.address
    contact = known.contacts.get(address.upper())
    user = known.users.get(address.upper())
    text, quoted = split_reply(mail.text)
    body = _body_text(text, mail)

    case_id = await threads.find_case_id(
        mail, address=address, contact=contact, user=user, refs=known.refs, merged_into=known.merged_into
    )
    is_new = case_id is None
    target: Case | int | None = case_id  # a new case goes to add_post itself: no read again
    if case_id is None:
        # A customer with a portal login follows the cases they open, by mail as in the portal.
        portal_user_id = known.portal_users.get(contact.id) if contact is not None else None
        case = await create_case(
            actor=Actor.system("E-mail"),
            subject=mail.subject or "(no subject)",
            description=body[:DESCRIPTION_MAX],
            origin=Origin.EMAIL,
            contact_ids=[contact.id] if contact else [],
            email=None if contact else address,
            team_id=mailbox.team_id,  # type: ignore[attr-defined]
            follower_ids=[portal_user_id] if portal_user_id is not None else [],
        )
        case_id, target = case.id, case
        known.merged_into[case_id] = None
        known.links.append(CaseMailbox(case_id=case_id, mailbox_id=mailbox.id))
    inline = [(a, key) for a, key in plan.stored if a.content_id]
    # Attachments the HTML points at need their ids (URLs) before the post; the others are written
    # after it, with the post already set. Without inline images, all are written after, in one go.
    before = await attach_files(
        case_id=case_id, post_id=None, files=[_file(a, key) for a, key in plan.stored] if inline else []
    )
    cid_urls = {att.content_id: attachment_url(att.id) for att in before if att.content_id}
    actor, author_name, author_email, author_contact = await _author(
        mail, address=address, contact=contact, user=None if is_new else user
    )
    assert target is not None
    post = await add_post(
        actor=actor,
        author_name=author_name,
        author_email=author_email,
        author_contact=author_contact,
        case=target,
        body=body,
        visibility=Visibility.PUBLIC,
        channel=Channel.EMAIL,
        body_html=_body_html(mail, text=text, quoted=quoted, cid_urls=cid_urls),
    )
    if before:
        await attach_to_post(attachment_ids=[a.id for a in before], post_id=post.id)
    elif plan.stored:
        await attach_files(case_id=case_id, post_id=post.id, files=[_file(a, key) for a, key in plan.stored])
    known.refs[mail.message_id] = case_id
    known.message_refs.append(
        MessageRef(
            message_id=mail.message_id[:255],
            direction=Direction.IN,
            case_id=case_id,
            post_id=post.id,
            mailbox_id=mailbox.id,
            sender=mail.from_address[:254],
            raw_key=plan.raw_key,
        )
    )
    return Outcome("case" if is_new else "post", case_id=case_id)


def _file(a: MailPart, key: str) -> NewFile:
    return NewFile(
        filename=a.filename,
        content_type=a.content_type,
        size=a.size,
        storage_key=key,
        content_id=a.content_id,
        inline=a.inline,
    )


async def _author(
    mail: ParsedMail, *, address: str, contact: Contact | None, user: User | None
) -> tuple[Actor, str | None, str | None, Contact | None]:
    if user is not None and user.role is not Role.CUSTOMER:
        # An agent answering from their own mail client posts as themselves. (A new case an agent
        # mails in, e.g. a forward, stays an e-mail post: an agent's post would be mailed out.)
        return await Actor.for_user(user), None, None, None
    name = mail.from_name if address == mail.from_address and mail.from_name else None
    name = name or (contact.name if contact else address)
    return Actor.system("E-mail"), name, address, contact


def _body_text(text: str, mail: ParsedMail) -> str:
    body = text.strip() or "(empty message)"
    if mail.dropped:
        notes = "\n".join(f"[{d.filename} ({d.size} bytes) was not kept: {d.reason}]" for d in mail.dropped)
        body = f"{body}\n\n{notes}"
    return body[:BODY_MAX]


def _body_html(mail: ParsedMail, *, text: str, quoted: str, cid_urls: dict[str, str]) -> str | None:
    if mail.html:
        shown = sanitize_html(split_reply_html(mail.html), cid_urls)
        full = sanitize_html(mail.html, cid_urls)
        if shown != full and shown:
            # The history stays available, folded away.
            return f"{shown}<details><summary>Quoted text</summary>{full}</details>"
        return full or None
    if quoted:
        return (
            f"<p>{html.escape(text).replace(chr(10), '<br>')}</p>"
            f"<details><summary>Quoted text</summary><pre>{html.escape(quoted)}</pre></details>"
        )
    return None
