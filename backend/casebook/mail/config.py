"""Mail-only settings. The shared ones (SMTP_URL, MAIL_FROM, FILES_DIR, SECRET_KEY) live in
casebook.settings; these tune the mail package and are read the same way, from the environment once.

Modules read them as `config.NAME` at call time so tests can monkeypatch them.
"""

from __future__ import annotations

from starlette.config import Config

_env = Config()

# A message larger than this is not fetched at all; it is set aside with its size as the reason.
MAX_MESSAGE_BYTES: int = _env("CASEBOOK_MAIL_MAX_MESSAGE_BYTES", cast=int, default=40 * 1024 * 1024)
# An attachment larger than this is dropped (the post says so); the rest of the message is kept.
MAX_ATTACHMENT_BYTES: int = _env("CASEBOOK_MAIL_MAX_ATTACHMENT_BYTES", cast=int, default=20 * 1024 * 1024)
# Per sender address, in the `limits` library's notation: beyond it mail is set aside, not turned
# into cases (a runaway script or a loop with a mail system we do not recognise).
SENDER_RATE_LIMIT: str = _env("CASEBOOK_MAIL_SENDER_RATE_LIMIT", default="30/hour")

# IMAP: every call is bounded by this; a server that stops answering gets reconnected.
IMAP_TIMEOUT: float = _env("CASEBOOK_MAIL_IMAP_TIMEOUT", cast=float, default=30.0)
# Polling interval when the server has no IDLE, and the longest IDLE before we re-check anyway
# (RFC 2177 asks clients to re-issue IDLE at least every 29 minutes; NATs drop silent links sooner).
POLL_SECONDS: float = _env("CASEBOOK_MAIL_POLL_SECONDS", cast=float, default=60.0)
IDLE_SECONDS: float = _env("CASEBOOK_MAIL_IDLE_SECONDS", cast=float, default=300.0)
# Reconnect back-off after failures: doubles from the first value up to the second.
RETRY_MIN_SECONDS: float = _env("CASEBOOK_MAIL_RETRY_MIN_SECONDS", cast=float, default=1.0)
RETRY_MAX_SECONDS: float = _env("CASEBOOK_MAIL_RETRY_MAX_SECONDS", cast=float, default=300.0)
# How many messages one FETCH asks for (bounded so a crash loses little work and memory stays flat).
FETCH_BATCH: int = _env("CASEBOOK_MAIL_FETCH_BATCH", cast=int, default=20)

# The poller lease: one process polls; others wait for the lease to expire.
LEASE_SECONDS: float = _env("CASEBOOK_MAIL_LEASE_SECONDS", cast=float, default=60.0)

# Outbox: attempts and back-off for outgoing mail.
OUTBOX_MAX_ATTEMPTS: int = _env("CASEBOOK_MAIL_OUTBOX_MAX_ATTEMPTS", cast=int, default=12)
OUTBOX_RETRY_MIN_SECONDS: float = _env("CASEBOOK_MAIL_OUTBOX_RETRY_MIN_SECONDS", cast=float, default=30.0)
OUTBOX_RETRY_MAX_SECONDS: float = _env("CASEBOOK_MAIL_OUTBOX_RETRY_MAX_SECONDS", cast=float, default=3600.0)
OUTBOX_POLL_SECONDS: float = _env("CASEBOOK_MAIL_OUTBOX_POLL_SECONDS", cast=float, default=5.0)
SMTP_TIMEOUT: float = _env("CASEBOOK_MAIL_SMTP_TIMEOUT", cast=float, default=30.0)

# The keyword set on a message once its case/post is committed (with \Seen).
PROCESSED_KEYWORD: str = "$CasebookProcessed"

# The address of the web app, for links in notifications.
PUBLIC_URL: str = _env("CASEBOOK_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/")
