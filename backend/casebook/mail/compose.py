"""Building outgoing messages: addresses, Message-IDs, threading headers, the subject tag."""

from __future__ import annotations

import email.policy
import email.utils
import secrets
from email.headerregistry import Address
from email.message import EmailMessage

from casebook.mail.quotes import REPLY_MARKER

# Serialised as 7-bit (quoted-printable bodies, RFC 2047 headers): any SMTP server takes it.
POLICY = email.policy.SMTP.clone(cte_type="7bit")


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else "casebook.invalid"


def new_message_id(*, case_number: int, sender: str) -> str:
    return f"<casebook.{case_number}.{secrets.token_hex(10)}@{domain_of(sender)}>"


def _address(name: str, address: str) -> str:
    local, _, domain = address.partition("@")
    return str(Address(display_name=name, username=local, domain=domain)) if name else address


def build(
    *,
    sender: str,
    sender_name: str,
    recipient: str,
    subject: str,
    text: str,
    message_id: str,
    reply_to: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    automatic: bool = False,
    case_number: int | None = None,
) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = _address(sender_name, sender)
    msg["To"] = recipient
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = subject
    msg["Date"] = email.utils.formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    if automatic:
        # RFC 3834: other systems must not auto-reply to notifications.
        msg["Auto-Submitted"] = "auto-generated"
    # Asks Exchange/Outlook not to answer with out-of-office replies (which we would ignore anyway).
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    if case_number is not None:
        msg["X-Casebook-Case"] = str(case_number)
    msg.set_content(text, cte="quoted-printable")
    return msg


def with_marker(text: str) -> str:
    return f"{REPLY_MARKER}\n\n{text}"


def serialise(msg: EmailMessage) -> str:
    return msg.as_bytes(policy=POLICY).decode("ascii")
