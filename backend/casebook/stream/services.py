"""Adding to a case's stream."""

from __future__ import annotations

from datetime import UTC, datetime

from casebook import events
from casebook.auth.actor import Actor
from casebook.cases import rules
from casebook.cases.models import Case, CaseHistory
from casebook.cases.services import contact_ids_of, get_case, visible_case, write
from casebook.contacts.models import Contact
from casebook.enums import AuthorKind, CaseStatus, Channel, Visibility
from casebook.errors import Forbidden, InputError
from casebook.stream.models import BODY_MAX, Post

# A reply from the customer side brings these back to the agents' attention.
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
) -> Post:
    """Posts to the stream. A customer's (or sender's) post on a resolved case reopens it.

    `case` is an id, or a Case the caller has just loaded or created (it is not read again).
    """
    if isinstance(case, int):
        the_case = await get_case(actor=actor, case_id=case)
    else:
        the_case = await visible_case(actor=actor, case=case)
    body_ = rules.text("body", body, BODY_MAX, required=True)
    assert body_ is not None
    if visibility is Visibility.INTERNAL and actor.is_customer:
        raise Forbidden("Customers cannot write internal posts.")
    if actor.is_integration and not actor.has_scope("cases:write"):
        raise Forbidden("This token lacks the cases:write scope.")
    if the_case.merged_into_id is not None:  # type: ignore[attr-defined]
        raise InputError("caseId", "This case was merged into another; post there.")

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

    # Decided from the case as read, before the transaction: a second attempt decides the same.
    old_status = the_case.status
    reopened = (
        rules.reopened_status(the_case.assignee_id)  # type: ignore[attr-defined]
        if from_customer and old_status in REOPENED_BY_CUSTOMER
        else None
    )
    first_response = (
        visibility is Visibility.PUBLIC and not from_customer and the_case.first_response_at is None
    )
    author_name_ = (author_name or (author_contact.name if author_contact else actor.name))[:200]

    async def write_post() -> Post:
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
        if first_response:
            the_case.first_response_at = datetime.now(UTC)
            saved.append("first_response_at")
        if reopened is not None:
            await CaseHistory.create(
                case_id=the_case.id,
                actor_id=actor.user_id,
                actor_name=author_name_,
                field="status",
                old_value=old_status.value,
                new_value=reopened.value,
            )
            the_case.status = reopened
            the_case.resolved_at = None
            saved += ["status", "resolved_at"]
        # Only what the post changed: a whole-row save would also write back stale copies of the
        # other fields over a concurrent change.
        await the_case.save(update_fields=saved)
        return post

    post = await write(write_post)
    changed = ["status"] if reopened is not None else []
    await events.dispatch(
        events.Event.for_case(
            events.POST_ADDED,
            the_case,
            await contact_ids_of(the_case),
            actor_user_id=actor.user_id,
            post_id=post.id,
            post_visibility=visibility.value,
            changed_fields=tuple(changed),
        )
    )
    return post
