"""Finding the case a message answers: Message-IDs first, the subject tag `[#number]` second."""

from __future__ import annotations

import re

from casebook.cases.models import Case
from casebook.contacts.models import Contact
from casebook.mail.models import MessageRef
from casebook.mail.parsing import ParsedMail
from casebook.users.models import User

_TAG = re.compile(r"\[#(\d{1,9})\]")


def subject_tag(number: int) -> str:
    return f"[#{number}]"


def tagged_subject(number: int, subject: str) -> str:
    tag = subject_tag(number)
    return subject if tag in subject else f"{tag} {subject}".strip()


def tag_numbers(subject: str) -> list[int]:
    return [int(n) for n in _TAG.findall(subject)]


async def _survivor(case: Case) -> Case:
    # A merged case's mail belongs to the case it was merged into.
    for _ in range(10):
        merged_into = case.merged_into_id  # type: ignore[attr-defined]
        if merged_into is None:
            break
        nxt = await Case.get_or_none(id=merged_into)
        if nxt is None:
            break
        case = nxt
    return case


async def find_case(
    mail: ParsedMail, *, address: str | None = None, contact: Contact | None, user: User | None
) -> Case | None:
    ids = mail.thread_ids
    if ids:
        refs = await MessageRef.filter(message_id__in=ids).values("message_id", "case_id")
        by_id = {r["message_id"]: r["case_id"] for r in refs}
        for mid in ids:  # the nearest ancestor we know wins
            if mid in by_id:
                case = await Case.get_or_none(id=by_id[mid])
                if case is not None:
                    return await _survivor(case)
    for number in tag_numbers(mail.subject):
        case = await Case.get_or_none(number=number)
        if case is not None and await _may_use_tag(
            case, {mail.from_address, address or mail.from_address}, contact=contact, user=user
        ):
            return await _survivor(case)
    return None


async def _may_use_tag(case: Case, senders: set[str], *, contact: Contact | None, user: User | None) -> bool:
    """A subject tag is easy to type: only people already on the case may post into it by tag.

    Anyone else who writes "[#10001]" gets a case of their own instead of a post on a stranger's case.
    """
    if user is not None and user.role.value != "CUSTOMER" and user.is_active:
        return True
    if case.email and case.email.lower() in senders:
        return True
    if contact is None:
        return False
    if case.reported_by_id == contact.id:  # type: ignore[attr-defined]
        return True
    return await case.contacts.filter(id=contact.id).exists()
