"""Fixtures for the scale-out tests: each test gets its own PostgreSQL database and processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from scaleout_cluster import RedisServer, fresh_database


@pytest.fixture
def database_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    redis = RedisServer(tmp_path).start()
    try:
        yield redis
    finally:
        redis.kill()
