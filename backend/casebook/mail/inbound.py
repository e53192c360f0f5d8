"""One received message in, one committed result out: a new case, a post on a case, or set aside.

Everything a message produces (case, post, attachments, its Message-ID row) is written in ONE
transaction, so a crash leaves either all of it or none; the poller flags the message in the
mailbox only after this returns. The unique Message-ID row makes a second delivery a no-op.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from typing import Literal

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from casebook import events, settings
from casebook.auth.actor import Actor
from casebook.cases.models import DESCRIPTION_MAX, CaseFollower
from casebook.cases.services import create_case
from casebook.contacts.models import Contact
from casebook.enums import Channel, Origin, Role, Visibility
from casebook.errors import Forbidden, InputError, NotFound
from casebook.mail import config, files, loops, ratelimit, threads
from casebook.mail.models import CaseMailbox, Direction, Mailbox, MessageRef, SetAsideMessage
from casebook.mail.parsing import ParsedMail, UnparseableMessage, parse_message
from casebook.mail.quotes import split_reply, split_reply_html
from casebook.mail.sanitize import sanitize_html
from casebook.stream.models import BODY_MAX, Attachment
from casebook.stream.services import add_post
from casebook.users.models import User

log = logging.getLogger(__name__)

Kind = Literal["case", "post", "duplicate", "set_aside"]


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    case_id: int | None = None
    reason: str | None = None


def attachment_url(attachment_id: int) -> str:
    return f"/files/{attachment_id}"


async def own_addresses() -> set[str]:
    addresses = {str(a).lower() for a in await Mailbox.all().values_list("address", flat=True)}
    addresses.add(settings.MAIL_FROM.lower())
    return addresses


async def ingest(*, mailbox: Mailbox, raw: bytes, uidvalidity: int, uid: int) -> Outcome:
    """Turns one message into a case or post, or sets it aside with the reason. Idempotent."""
    try:
        mail = parse_message(raw)
    except UnparseableMessage as exc:
        return await set_aside(mailbox=mailbox, raw=raw, uidvalidity=uidvalidity, uid=uid, reason=str(exc))

    if await MessageRef.exists(message_id=mail.message_id):
        return Outcome("duplicate", reason="Message-ID already stored")
    reason = await _refusal(mail)
    if reason is not None:
        return await set_aside(
            mailbox=mailbox, raw=raw, uidvalidity=uidvalidity, uid=uid, reason=reason, mail=mail
        )
    try:
        return await _store(mailbox=mailbox, mail=mail, raw=raw)
    except IntegrityError:
        # A concurrent ingest of the same message committed first (the unique Message-ID).
        if await MessageRef.exists(message_id=mail.message_id):
            return Outcome("duplicate", reason="Message-ID already stored")
        raise
    except (InputError, Forbidden, NotFound) as exc:
        return await set_aside(
            mailbox=mailbox, raw=raw, uidvalidity=uidvalidity, uid=uid, reason=f"refused: {exc}", mail=mail
        )


async def customer_address(mail: ParsedMail) -> str:
    """Who answers reach: Reply-To when the sender names one (web-form relays, shared senders), else From."""
    if mail.reply_to and mail.reply_to != mail.from_address and mail.reply_to not in await own_addresses():
        return mail.reply_to
    return mail.from_address


async def _refusal(mail: ParsedMail) -> str | None:
    if mail.from_address in await own_addresses():
        return f"sent from our own address {mail.from_address} (mail loop)"
    automatic = loops.automatic_reason(mail)
    if automatic:
        return automatic
    if not ratelimit.allow_sender(mail.from_address):
        return f"rate limit for {mail.from_address} exceeded ({config.SENDER_RATE_LIMIT})"
    return None


async def set_aside(
    *, mailbox: Mailbox, raw: bytes, uidvalidity: int, uid: int, reason: str, mail: ParsedMail | None = None
) -> Outcome:
    key = files.store_bytes(raw, suffix=".eml") if raw else None
    try:
        await SetAsideMessage.create(
            mailbox_id=mailbox.id,
            uidvalidity=uidvalidity,
            uid=uid,
            message_id=mail.message_id[:255] if mail else None,
            sender=mail.from_address[:254] if mail else None,
            subject=mail.subject[:255] if mail else None,
            reason=reason[:500],
            size=len(raw),
            storage_key=key,
        )
    except IntegrityError:
        pass  # set aside before a crash, not yet flagged: the row is already there
    log.info("mailbox %s uid %s set aside: %s", mailbox.address, uid, reason)
    return Outcome("set_aside", reason=reason)


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
    if await MessageRef.exists(message_id=mail.message_id):
        outcome = Outcome("duplicate", reason="Message-ID already stored")
    else:
        outcome = await _store(mailbox=mailbox, mail=mail, raw=raw)
    await row.delete()
    return outcome


async def _store(*, mailbox: Mailbox, mail: ParsedMail, raw: bytes) -> Outcome:
    address = await customer_address(mail)
    contact = await Contact.filter(email__iexact=address).first()
    user = await User.filter(email__iexact=address, is_active=True).first()
    stored = [(a, files.store_bytes(a.data)) for a in mail.attachments]  # content-addressed: safe to redo
    raw_key = files.store_bytes(raw, suffix=".eml")
    text, quoted = split_reply(mail.text)
    body = _body_text(text, mail)

    # Events wait for the commit: deferred() is entered first and so exits after the transaction.
    async with events.deferred(), in_transaction():
        case = await threads.find_case(mail, address=address, contact=contact, user=user)
        is_new = case is None
        if case is None:
            case = await create_case(
                actor=Actor.system("E-mail"),
                subject=mail.subject or "(no subject)",
                description=body[:DESCRIPTION_MAX],
                origin=Origin.EMAIL,
                contact_ids=[contact.id] if contact else [],
                email=None if contact else address,
                team_id=mailbox.team_id,  # type: ignore[attr-defined]
            )
            await CaseMailbox.create(case_id=case.id, mailbox_id=mailbox.id)
            if contact is not None:
                # A customer with a portal login follows the cases they open, by mail as in the portal.
                portal_user = await User.filter(
                    contact_id=contact.id, role=Role.CUSTOMER, is_active=True
                ).first()
                if portal_user is not None:
                    await CaseFollower.get_or_create(case_id=case.id, user_id=portal_user.id)
        attachments = [
            await Attachment.create(
                case_id=case.id,
                filename=a.filename[:255],
                content_type=a.content_type[:128],
                size=a.size,
                storage_key=key,
                content_id=a.content_id[:255] if a.content_id else None,
                inline=a.inline,
            )
            for a, key in stored
        ]
        cid_urls = {att.content_id: attachment_url(att.id) for att in attachments if att.content_id}
        actor, author_name, author_email, author_contact = await _author(
            mail, address=address, contact=contact, user=None if is_new else user
        )
        post = await add_post(
            actor=actor,
            author_name=author_name,
            author_email=author_email,
            author_contact=author_contact,
            case=case,
            body=body,
            visibility=Visibility.PUBLIC,
            channel=Channel.EMAIL,
            body_html=_body_html(mail, text=text, quoted=quoted, cid_urls=cid_urls),
        )
        if attachments:
            await Attachment.filter(id__in=[a.id for a in attachments]).update(post_id=post.id)
        await MessageRef.create(
            message_id=mail.message_id[:255],
            direction=Direction.IN,
            case_id=case.id,
            post_id=post.id,
            mailbox_id=mailbox.id,
            sender=mail.from_address[:254],
            raw_key=raw_key,
        )
    return Outcome("case" if is_new else "post", case_id=case.id)


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
