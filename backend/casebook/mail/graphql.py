"""Admin GraphQL for mail: mailboxes (never their passwords), set-aside messages, the outbox,
notification templates; and the agent's one-click "make this sender a contact"."""

from __future__ import annotations

from enum import Enum

import strawberry

from casebook.contacts.types import Contact
from casebook.errors import InputError, NotFound
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.graphql.scalars import DateTime
from casebook.mail import mailboxes, models, templates
from casebook.permissions import require_admin, require_staff

MAX_LIST = 200


@strawberry.type(
    name="Mailbox", description="A group mailbox read over IMAP. The password is never returned."
)
class MailboxType:
    id: strawberry.ID
    address: str
    imap_host: str
    imap_port: int
    imap_tls: bool
    imap_user: str
    folder: str
    active: bool
    team_id: strawberry.ID | None
    last_uid: int
    last_checked_at: DateTime | None
    last_error: str | None

    @classmethod
    def of(cls, m: models.Mailbox) -> MailboxType:
        return cls(
            id=strawberry.ID(str(m.id)),
            address=m.address,
            imap_host=m.imap_host,
            imap_port=m.imap_port,
            imap_tls=m.imap_tls,
            imap_user=m.imap_user,
            folder=m.folder,
            active=m.active,
            team_id=strawberry.ID(str(m.team_id)) if m.team_id else None,  # type: ignore[attr-defined]
            last_uid=m.last_uid,
            last_checked_at=DateTime(m.last_checked_at) if m.last_checked_at else None,
            last_error=m.last_error,
        )


@strawberry.type(description="A received message that did not become a case or post, and why.")
class SetAsideMessage:
    id: strawberry.ID
    mailbox_id: strawberry.ID
    uid: int
    message_id: str | None
    sender: str | None
    subject: str | None
    reason: str
    size: int
    created_at: DateTime


@strawberry.enum
class OutboxStatus(Enum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


@strawberry.type(description="An outgoing e-mail and its delivery state.")
class OutboxMessage:
    id: strawberry.ID
    kind: str
    case_id: strawberry.ID | None
    recipient: str
    sender: str
    subject: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: DateTime
    last_error: str | None
    sent_at: DateTime | None


@strawberry.type(description="An editable notification text (string.Template placeholders like ${subject}).")
class MailTemplate:
    key: str
    subject: str
    body: str
    customised: bool
    placeholders: list[str]


@strawberry.input
class MailboxInput:
    address: str | None = strawberry.UNSET
    imap_url: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="imaps://USER:PASS@HOST:PORT/FOLDER (plain imap:// only for local servers).",
    )
    password: str | None = strawberry.UNSET
    folder: str | None = strawberry.UNSET
    team_id: strawberry.ID | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


def _given(input: MailboxInput) -> dict[str, object]:
    names = {"address": "address", "imap_url": "imapUrl", "password": "password", "folder": "folder"}
    changes: dict[str, object] = {
        key: getattr(input, attr)
        for attr, key in names.items()
        if getattr(input, attr) is not strawberry.UNSET
    }
    if input.team_id is not strawberry.UNSET:
        changes["teamId"] = to_int(input.team_id, "teamId")
    if input.active is not strawberry.UNSET:
        changes["active"] = input.active
    return changes


def _subject_of(content: str) -> str:
    import email
    import email.policy

    msg = email.message_from_string(content, policy=email.policy.default)
    return str(msg.get("Subject", ""))


@strawberry.type
class MailQuery:
    @strawberry.field(description="Admins only.")
    async def mailboxes(self, info: Info) -> list[MailboxType]:
        require_admin(info.context.require_actor())
        return [MailboxType.of(m) for m in await models.Mailbox.all().order_by("id")]

    @strawberry.field(description="Admins only: messages the poller did not turn into cases, newest first.")
    async def set_aside_messages(
        self, info: Info, mailbox_id: strawberry.ID | None = None, first: int = 50
    ) -> list[SetAsideMessage]:
        require_admin(info.context.require_actor())
        query = models.SetAsideMessage.all()
        if mailbox_id is not None:
            query = query.filter(mailbox_id=to_int(mailbox_id, "mailboxId"))
        rows = await query.order_by("-id").limit(max(1, min(first, MAX_LIST)))
        return [
            SetAsideMessage(
                id=strawberry.ID(str(r.id)),
                mailbox_id=strawberry.ID(str(r.mailbox_id)),  # type: ignore[attr-defined]
                uid=r.uid,
                message_id=r.message_id,
                sender=r.sender,
                subject=r.subject,
                reason=r.reason,
                size=r.size,
                created_at=DateTime(r.created_at),
            )
            for r in rows
        ]

    @strawberry.field(description="Admins only: outgoing mail, newest first.")
    async def outbox_messages(
        self, info: Info, status: OutboxStatus | None = None, first: int = 50
    ) -> list[OutboxMessage]:
        require_admin(info.context.require_actor())
        query = models.OutboxMail.all()
        if status is not None:
            query = query.filter(status=status.value)
        rows = await query.order_by("-id").limit(max(1, min(first, MAX_LIST)))
        return [
            OutboxMessage(
                id=strawberry.ID(str(r.id)),
                kind=r.kind.value,
                case_id=strawberry.ID(str(r.case_id)) if r.case_id else None,  # type: ignore[attr-defined]
                recipient=r.recipient,
                sender=r.sender,
                subject=_subject_of(r.content),
                status=OutboxStatus(r.status.value),
                attempts=r.attempts,
                next_attempt_at=DateTime(r.next_attempt_at),
                last_error=r.last_error,
                sent_at=DateTime(r.sent_at) if r.sent_at else None,
            )
            for r in rows
        ]

    @strawberry.field(description="Admins only.")
    async def mail_templates(self, info: Info) -> list[MailTemplate]:
        require_admin(info.context.require_actor())
        custom = {t.key for t in await models.MailTemplate.all()}
        result = []
        for key in templates.DEFAULTS:
            text = await templates.text_for(key)
            result.append(
                MailTemplate(
                    key=key,
                    subject=text.subject,
                    body=text.body,
                    customised=key in custom,
                    placeholders=list(templates.PLACEHOLDERS),
                )
            )
        return result


@strawberry.type
class MailMutation:
    @strawberry.mutation(description="Admins only. The password travels in imapUrl and is stored encrypted.")
    async def create_mailbox(
        self, info: Info, address: str, imap_url: str, team_id: strawberry.ID | None = None
    ) -> MailboxType:
        mailbox = await mailboxes.create_mailbox(
            actor=info.context.require_actor(),
            address=address,
            imap_url=imap_url,
            team_id=to_int(team_id, "teamId"),
        )
        return MailboxType.of(mailbox)

    @strawberry.mutation(description="Admins only.")
    async def update_mailbox(self, info: Info, id: strawberry.ID, input: MailboxInput) -> MailboxType:
        mailbox_id = to_int(id, "id")
        assert mailbox_id is not None
        mailbox = await mailboxes.update_mailbox(
            actor=info.context.require_actor(), mailbox_id=mailbox_id, changes=_given(input)
        )
        return MailboxType.of(mailbox)

    @strawberry.mutation(description="Admins only. The poller stops reading it; nothing is deleted.")
    async def deactivate_mailbox(self, info: Info, id: strawberry.ID) -> MailboxType:
        mailbox_id = to_int(id, "id")
        assert mailbox_id is not None
        mailbox = await mailboxes.update_mailbox(
            actor=info.context.require_actor(), mailbox_id=mailbox_id, changes={"active": False}
        )
        return MailboxType.of(mailbox)

    @strawberry.mutation(description="Admins only. Empty subject and body restore the default text.")
    async def save_mail_template(self, info: Info, key: str, subject: str, body: str) -> MailTemplate:
        require_admin(info.context.require_actor())
        if key not in templates.DEFAULTS:
            raise NotFound("No such template.")
        if not subject.strip() and not body.strip():
            await templates.reset(key=key)
        else:
            if not subject.strip() or len(subject) > 255:
                raise InputError("subject", "Give a subject of at most 255 characters.")
            await templates.save(key=key, subject=subject, body=body)
        text = await templates.text_for(key)
        custom = await models.MailTemplate.exists(key=key)
        return MailTemplate(
            key=key,
            subject=text.subject,
            body=text.body,
            customised=custom,
            placeholders=list(templates.PLACEHOLDERS),
        )

    @strawberry.mutation(
        description="Staff: turns the case's unknown sender address into a contact on the case."
    )
    async def create_contact_from_case(
        self, info: Info, case_id: strawberry.ID, name: str | None = None
    ) -> Contact:
        actor = info.context.require_actor()
        require_staff(actor)
        case_pk = to_int(case_id, "caseId")
        assert case_pk is not None
        contact = await mailboxes.create_contact_from_case(actor=actor, case_id=case_pk, name=name)
        return await info.context.loaders.contacts.get(contact.id)  # type: ignore[no-any-return]
