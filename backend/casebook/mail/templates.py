"""Notification texts: defaults here, overridable per key by rows of mail_templates (admin-editable).

Placeholders use string.Template syntax ($name / ${name}); unknown ones are left as written, so a
typo in an edited template shows up in the mail instead of breaking delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from casebook.mail.models import MailTemplate


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


DEFAULTS: dict[str, Text] = {
    "reply": Text(
        subject="${tagged_subject}",
        body=(
            "${body}\n\n${author_name}\n${team_name}\n\n--\nCase ${tag}: ${subject}\n"
            "Reply to this e-mail to answer."
        ),
    ),
    "case_created": Text(
        subject="${tag} New case: ${subject}",
        body="${author_name} opened case ${tag} (${status}).\n\n${body}\n\nOpen it: ${case_url}",
    ),
    "post_added": Text(
        subject="${tag} ${visibility_label}${subject}",
        body="${author_name} wrote on case ${tag}:\n\n${body}\n\nOpen it: ${case_url}",
    ),
    "case_changed": Text(
        subject="${tag} Updated: ${subject}",
        body="${author_name} changed case ${tag}:\n\n${changes}\n\nOpen it: ${case_url}",
    ),
}

PLACEHOLDERS = (
    "tag tagged_subject subject number status body author_name team_name case_url changes visibility_label"
).split()


async def text_for(key: str) -> Text:
    row = await MailTemplate.get_or_none(key=key)
    if row is not None:
        return Text(row.subject, row.body)
    return DEFAULTS[key]


async def render(key: str, values: dict[str, str]) -> Text:
    text = await text_for(key)
    subject = " ".join(Template(text.subject).safe_substitute(values).split())
    return Text(subject[:255], Template(text.body).safe_substitute(values))


async def save(*, key: str, subject: str, body: str) -> MailTemplate:
    if key not in DEFAULTS:
        raise KeyError(key)
    row, _ = await MailTemplate.update_or_create(key=key, defaults={"subject": subject, "body": body})
    return row


async def reset(*, key: str) -> None:
    await MailTemplate.filter(key=key).delete()
