"""Fixtures for the background tests: the shared database fixture with the worker's timings short
and no SMTP unless a test brings the sink (support.smtp)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from casebook import settings


@pytest_asyncio.fixture
async def db(db: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    monkeypatch.setattr(settings, "MAIL_FROM", "casebook@example.test")
    monkeypatch.setattr(settings, "SMTP_URL", None)
    monkeypatch.setattr(settings, "WORKER_POLL_SECONDS", 0.1)
    monkeypatch.setattr(settings, "WORKER_LEASE_SECONDS", 3.0)
    yield db
