"""With two serve processes on one database, one holds the mail poller lease; the other takes over."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import asyncpg
import pytest
from scaleout_cluster import Cluster

POLLER_LEASE = "imap-poller"  # casebook.mail.poller.POLLER_LEASE


async def _holders(database_url: str) -> dict[str, str]:
    conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        rows = await conn.fetch("SELECT name, holder FROM leases WHERE expires_at > now()")
    finally:
        await conn.close()
    return {r["name"]: r["holder"] for r in rows}


def _pid(holder: str) -> int:
    return int(holder.split(":")[-2])  # casebook.background.leases.new_holder(): host:pid:random


@pytest.mark.slow
async def test_one_poller_and_failover(database_url: str, tmp_path: Path) -> None:
    lease_seconds = 2.0
    cluster = Cluster(
        database_url,
        "memory://",
        tmp_path,
        extra_env={
            "CASEBOOK_MAIL_WORKERS": "true",
            "CASEBOOK_MAIL_LEASE_SECONDS": str(lease_seconds),
        },
    )
    try:
        cluster.start(2)
        pids = {s.process.pid: s for s in cluster.servers if s.process is not None}
        assert len(pids) == 2

        holders: list[int] = []

        async def current() -> int | None:
            got = await _holders(database_url)
            return _pid(got[POLLER_LEASE]) if POLLER_LEASE in got else None

        for _ in range(24):  # three lease periods
            got = await current()
            if got is not None:
                holders.append(got)
            await asyncio.sleep(lease_seconds / 8)
        # Across several renewals, exactly one process held it, and always the same one.
        assert holders, "nobody took the poller lease"
        assert len(set(holders)) == 1, holders
        first = holders[0]
        assert first in pids

        pids[first].process.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
        pids[first].process.wait(5)  # type: ignore[union-attr]
        (other,) = set(pids) - {first}

        result: list[int | None] = []

        async def poll() -> None:
            result.append(await current())

        async def taken_over() -> bool:
            await poll()
            return result[-1] == other

        deadline = asyncio.get_running_loop().time() + lease_seconds * 4
        while not await taken_over():
            assert asyncio.get_running_loop().time() < deadline, f"no takeover: {result[-5:]}"
            await asyncio.sleep(0.2)
    finally:
        cluster.stop()
