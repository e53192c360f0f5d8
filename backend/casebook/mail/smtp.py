"""Where outgoing mail goes: CASEBOOK_SMTP_URL parsed, and one aiosmtplib connection per batch."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import aiosmtplib

from casebook import settings
from casebook.mail import config


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    user: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://HOST:PORT (STARTTLS when offered; required with credentials) or smtps://USER:PASS@HOST:PORT."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("CASEBOOK_SMTP_URL must look like smtp://HOST:PORT or smtps://USER:PASS@HOST:PORT")
    tls = parts.scheme == "smtps"
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        implicit_tls=tls,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def configured_target() -> SmtpTarget | None:
    url = settings.SMTP_URL
    return parse_smtp_url(url) if url else None


async def connect(target: SmtpTarget) -> aiosmtplib.SMTP:
    client = aiosmtplib.SMTP(
        hostname=target.host,
        port=target.port,
        use_tls=target.implicit_tls,
        # None: upgrade when the server offers STARTTLS. With a password over smtp://, insist on it.
        start_tls=None if target.implicit_tls or not target.user else True,
        timeout=config.SMTP_TIMEOUT,
    )
    await client.connect()
    if target.user and target.password:
        await client.login(target.user, target.password)
    return client


__all__ = ["SmtpTarget", "aiosmtplib", "configured_target", "connect", "parse_smtp_url"]
