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


async def survivor_id(case_id: int, merged_into: dict[int, int | None]) -> int:
    """The case a message for `case_id` belongs to: a merged case's mail goes where it was merged.

    `merged_into` maps case ids already read to their merged_into_id; others are read here.
    """
    for _ in range(10):
        if case_id not in merged_into:
            rows = await Case.filter(id=case_id).values_list("merged_into_id", flat=True)
            if not rows:
                break
            merged_into[case_id] = rows[0]  # type: ignore[assignment]
        nxt = merged_into[case_id]
        if nxt is None:
            break
        case_id = nxt
    return case_id


async def find_case_id(
    mail: ParsedMail,
    *,
    address: str | None = None,
    contact: Contact | None,
    user: User | None,
    refs: dict[str, int],
    merged_into: dict[int, int | None],
) -> int | None:
    """The case `mail` answers, or None for a new case.

    `refs` maps the Message-IDs we know (stored, or stored earlier in the same batch) to their case;
    the caller looks them up for a whole batch at once (`known_refs`).
    """
    for mid in mail.thread_ids:  # the nearest ancestor we know wins
        if mid in refs:
            return await survivor_id(refs[mid], merged_into)
    for number in tag_numbers(mail.subject):
        case = await Case.get_or_none(number=number)
        if case is not None and await _may_use_tag(
            case, {mail.from_address, address or mail.from_address}, contact=contact, user=user
        ):
            merged_into[case.id] = case.merged_into_id  # type: ignore[attr-defined]
            return await survivor_id(case.id, merged_into)
    return None


async def known_refs(message_ids: set[str]) -> tuple[dict[str, int], dict[int, int | None]]:
    """For the given Message-IDs: the stored ones with their case, and those cases' merged_into ids."""
    refs: dict[str, int] = {}
    ids = sorted(message_ids)
    for start in range(0, len(ids), 500):
        rows = await MessageRef.filter(message_id__in=ids[start : start + 500]).values(
            "message_id", "case_id"
        )
        refs.update({r["message_id"]: r["case_id"] for r in rows})
    merged_into: dict[int, int | None] = {}
    case_ids = sorted(set(refs.values()))
    for start in range(0, len(case_ids), 500):
        rows = await Case.filter(id__in=case_ids[start : start + 500]).values("id", "merged_into_id")
        merged_into.update({r["id"]: r["merged_into_id"] for r in rows})
    return refs, merged_into


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
