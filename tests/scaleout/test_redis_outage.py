"""A Redis restart under two serve processes: /healthz says so, and live events resume."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from scaleout_cluster import (
    FEED,
    Cluster,
    RedisServer,
    Subscription,
    eventually,
    healthz,
)


@pytest.mark.slow
async def test_redis_restart_resumes_events_and_health(
    database_url: str, private_redis: RedisServer, tmp_path: Path
) -> None:
    cluster = Cluster(database_url, private_redis.url, tmp_path)
    try:
        cluster.start(2)
        a, b = cluster.servers
        cluster.add_people()
        case_id = cluster.create_case(b, "redis restart")
        agent = cluster.people["agent"]
        async with Subscription(a.ws_url, agent.token, FEED) as feed:
            before = f"before {uuid.uuid4().hex}"
            cluster.add_post(b, case_id, before)
            assert await feed.wait_for(feed.has_post(before))

            private_redis.kill()
            # Heartbeats stop arriving: within a few intervals both processes report the broadcast
            # backend, and only it, as failing.
            assert await eventually(
                lambda: healthz(a).status_code == 503 and healthz(b).status_code == 503,
                15,
            )
            body = healthz(a).json()
            assert body["status"] != "ok"
            assert set(body["failing"]) == {"broadcast"}, body

            private_redis.start()  # same port, empty server: the hubs must re-subscribe themselves
            assert await eventually(
                lambda: healthz(a).status_code == 200 and healthz(b).status_code == 200,
                10,
            )
            assert healthz(a).json() == {"status": "ok"}

            after = f"after {uuid.uuid4().hex}"
            cluster.add_post(b, case_id, after)
            # The existing subscription (same socket, never re-subscribed) gets it.
            assert await feed.wait_for(feed.has_post(after), 10)
            assert not feed.closed.is_set()
    finally:
        cluster.stop()
