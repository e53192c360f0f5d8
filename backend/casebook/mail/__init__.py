"""E-mail: cases from group mailboxes over IMAP, replies and notifications over SMTP."""

from __future__ import annotations


def install() -> None:
    """Registers the after-commit listener that queues outgoing mail (idempotent)."""
    from casebook import events
    from casebook.mail.notifications import on_event

    if on_event not in events.listeners:
        events.listeners.append(on_event)
