"""Fixtures for the mail tests: one real Dovecot per session, an aiosmtpd sink per test, and the
shared database fixture with the mail settings pinned (no SMTP unless a test brings the sink)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from casebook import settings
from casebook.mail import config, ratelimit
from support.dovecot import DovecotServer, running_dovecot


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    with running_dovecot() as server:
        yield server


@pytest_asyncio.fixture
async def db(db: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """tests/conftest.py's migrated, empty database, plus the mail package's settings."""
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    monkeypatch.setattr(settings, "SMTP_URL", None)
    monkeypatch.setattr(config, "LEASE_SECONDS", 5.0)
    ratelimit.reset()
    yield db
