"""The rules tests' database: the shared one, with the worker's timings short, no SMTP, and the
engine's rule cache empty at both ends."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from casebook import settings
from casebook.rules import active


@pytest_asyncio.fixture
async def db(db: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    monkeypatch.setattr(settings, "SMTP_URL", None)
    monkeypatch.setattr(settings, "WORKER_POLL_SECONDS", 0.1)
    monkeypatch.setattr(settings, "WORKER_LEASE_SECONDS", 3.0)
    active.invalidate()
    yield db
    active.invalidate()
