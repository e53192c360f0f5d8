"""Recognising mail no human wrote, so that it never opens a case or sends a notification.

Mail loops between a helpdesk and an auto-responder (vacation replies, bounces, another helpdesk's
"we received your ticket") create endless cases. RFC 3834 and the de-facto headers below say a
message is automatic; bounces come from the null sender or mailer-daemon/postmaster.
"""

from __future__ import annotations

import re

from casebook.mail.parsing import ParsedMail

_BOUNCE_LOCALPARTS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "noreply-dmarc-support"}
_AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)? ?(reply|response|antwort)|out of (the )?office|abwesenheitsnotiz|réponse automatique"
    r"|undeliver(able|ed)|delivery status notification|mail delivery failed|returned mail|"
    r"delivery failure|vacation reply)\b",
    re.IGNORECASE,
)


def automatic_reason(mail: ParsedMail) -> str | None:
    """Why this message is automatic, or None when a person plausibly wrote it."""
    h = mail.headers
    auto_submitted = h.get("auto-submitted", "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"automatic message (Auto-Submitted: {auto_submitted})"
    precedence = h.get("precedence", "").strip().lower()
    if precedence in {"bulk", "junk", "list", "auto_reply"}:
        return f"automatic message (Precedence: {precedence})"
    for name in ("x-autoreply", "x-autorespond", "x-autoresponse", "x-auto-reply"):
        if name in h and h[name].strip().lower() not in {"no", "false", "0"}:
            return f"automatic message ({name})"
    if h.get("x-auto-response-suppress", "").strip().lower() in {"all", "oof", "autoreply"} and (
        _AUTO_SUBJECT.match(mail.subject)
    ):
        return "automatic message (out-of-office reply)"
    localpart = mail.from_address.split("@", 1)[0]
    if localpart in _BOUNCE_LOCALPARTS:
        return f"bounce (from {localpart})"
    if mail.headers.get("return-path", "").strip() == "<>":
        return "bounce (null sender)"
    if mail.content_type == "multipart/report":
        return "bounce (delivery or disposition report)"
    if _AUTO_SUBJECT.match(mail.subject):
        return "automatic message (subject)"
    return None
