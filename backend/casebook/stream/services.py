"""Adding to a case's stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from casebook import events, work
from casebook import visibility as visibility_policy
from casebook.auth.actor import Actor
from casebook.cases import rules
from casebook.cases.models import Case
from casebook.cases.services import WRITE_SCOPE, contact_ids_of, lock_case
from casebook.contacts.models import Contact
from casebook.enums import AuthorKind, CaseStatus, Channel, Visibility
from casebook.errors import Conflict, Forbidden, InputError
from casebook.events import Change
from casebook.permissions import require_staff
from casebook.stream.models import BODY_MAX, Attachment, Post
from casebook.validation import text
from casebook.work import Unit

# A reply from the customer side brings these back to the agents' attention.
# `expected_last_post_id` of a writer who saw no post yet (ids start at 1).
NO_POST_YET = 0

REOPENED_BY_CUSTOMER = (CaseStatus.RESOLVED, CaseStatus.PENDING)


async def add_post(
    *,
    actor: Actor,
    case: Case | int,
    body: str,
    visibility: Visibility = Visibility.PUBLIC,
    channel: Channel | None = None,
    body_html: str | None = None,
    author_name: str | None = None,
    author_email: str | None = None,
    author_contact: Contact | None = None,
    expected_last_post_id: int | None = None,
) -> Post:
    """Posts to the stream. A customer's (or sender's) post on a resolved case reopens it.

    `case` is an id or a Case; either way the case is read again under its row lock (unless this
    unit of work holds it already, e.g. inbound mail's new case), so the reopening and the first
    response are decided from the row as it is, not as the caller read it.
    """
    case_id = case if isinstance(case, int) else case.id
    body_ = text("body", body, BODY_MAX, required=True)
    assert body_ is not None
    if visibility is Visibility.INTERNAL and actor.is_customer:
        raise Forbidden("Customers cannot write internal posts.")
    if actor.is_integration:
        require_staff(actor, WRITE_SCOPE)

    from_customer = (
        actor.is_customer or author_contact is not None or (actor.user_id is None and author_email)
    )
    if author_contact is not None or (author_email and actor.user_id is None):
        kind = AuthorKind.EMAIL if author_contact is None else AuthorKind.CUSTOMER
    elif actor.is_customer:
        kind = AuthorKind.CUSTOMER
    elif actor.user_id is None and not actor.is_integration:
        kind = AuthorKind.SYSTEM
    else:
        kind = AuthorKind.AGENT
    if channel is None:
        channel = (
            Channel.PORTAL if actor.is_customer else Channel.API if actor.is_integration else Channel.AGENT
        )
    author_name_ = (author_name or (author_contact.name if author_contact else actor.name))[:200]

    async def write_post(unit: Unit) -> Post:
        the_case = await lock_case(unit, actor=actor, case_id=case_id)
        if the_case.merged_into_id is not None:  # type: ignore[attr-defined]
            raise InputError("caseId", "This case was merged into another; post there.")
        if expected_last_post_id is not None:
            last = visibility_policy.last_post_id(
                actor,
                last_post_id=the_case.last_post_id,
                last_public_post_id=the_case.last_public_post_id,
            )
            if (last or NO_POST_YET) != expected_last_post_id:
                raise Conflict("A newer post exists on this case.")
        old_status = the_case.status
        reopened = (
            rules.reopened_status(the_case.assignee_id)  # type: ignore[attr-defined]
            if from_customer and old_status in REOPENED_BY_CUSTOMER
            else None
        )
        post = await Post.create(
            case_id=the_case.id,
            body=body_,
            body_html=body_html,
            visibility=visibility,
            channel=channel,
            author_kind=kind,
            author_user_id=actor.user_id,
            author_contact_id=author_contact.id if author_contact else actor.contact_id,
            author_name=author_name_,
            author_email=author_email or (author_contact.email if author_contact else actor.email),
        )
        saved = ["last_post_id", "updated_at"]
        the_case.last_post_id = post.id
        if visibility is Visibility.PUBLIC:
            the_case.last_public_post_id = post.id
            saved.append("last_public_post_id")
        if visibility is Visibility.PUBLIC and not from_customer and the_case.first_response_at is None:
            the_case.first_response_at = datetime.now(UTC)
            saved.append("first_response_at")
        changes: list[Change] = []
        if reopened is not None:
            changes.append(("status", old_status.value, reopened.value))
            the_case.status = reopened
            the_case.resolved_at = None
            saved += ["status", "resolved_at"]
        # Only what the post changed: a whole-row save would also write back stale copies of the
        # other fields over a concurrent change.
        await the_case.save(update_fields=saved)
        unit.record(
            events.POST_ADDED,
            the_case,
            await contact_ids_of(the_case),
            actor=actor,
            actor_name=author_name_,
            post_id=post.id,
            post_visibility=visibility.value,
            changes=changes,
        )
        return post

    return await work.run(write_post)


@dataclass(frozen=True, slots=True)
class NewFile:
    """A stored file (casebook.mail.files or an upload) to attach to a case or a post."""

    filename: str
    content_type: str
    size: int
    storage_key: str
    content_id: str | None = None
    inline: bool = False


async def attach_files(*, case_id: int, post_id: int | None, files: list[NewFile]) -> list[Attachment]:
    """Attachment rows for the files: with their post (one INSERT), or before it (inline images
    whose URLs the post's HTML needs: with their ids), then handed to `attach_to_post`."""
    if not files:
        return []

    def row(f: NewFile) -> Attachment:
        return Attachment(
            case_id=case_id,
            post_id=post_id,
            filename=f.filename[:255],
            content_type=f.content_type[:128],
            size=f.size,
            storage_key=f.storage_key,
            content_id=f.content_id[:255] if f.content_id else None,
            inline=f.inline,
        )

    async def store(unit: Unit) -> list[Attachment]:
        if post_id is not None:
            rows = [row(f) for f in files]
            await Attachment.bulk_create(rows)
            return rows
        # Their ids are needed (the post's HTML points at them): one INSERT each.
        made = []
        for f in files:
            attachment = row(f)
            await attachment.save()
            made.append(attachment)
        return made

    return await work.run(store)


async def attach_to_post(*, attachment_ids: list[int], post_id: int) -> None:
    if not attachment_ids:
        return

    async def link(unit: Unit) -> None:
        await Attachment.filter(id__in=attachment_ids).update(post_id=post_id)

    await work.run(link)
