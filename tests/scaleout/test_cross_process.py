"""Two serve processes on one database: an event caused on B reaches subscribers on A, per role."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from scaleout_cluster import CASE_EVENTS, FEED, Cluster, Subscription


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["redis", "postgres"])
async def test_event_on_b_reaches_subscribers_on_a(backend: str, database_url: str, tmp_path: Path) -> None:
    # The real Redis is shared with whatever else runs on this machine (one channel name): events
    # are recognised by their unique bodies, and foreign ones are ignored.
    broadcast = "redis://127.0.0.1:6379/0" if backend == "redis" else database_url
    cluster = Cluster(database_url, broadcast, tmp_path)
    try:
        cluster.start(2)
        a, b = cluster.servers
        cluster.add_people()
        case_id = cluster.create_case(b, "cross-process")
        agent, customer = cluster.people["agent"], cluster.people["customer"]
        async with (
            Subscription(a.ws_url, agent.token, FEED) as agent_feed,
            Subscription(a.ws_url, customer.token, FEED) as customer_feed,
            Subscription(a.ws_url, customer.token, CASE_EVENTS, {"id": case_id}) as customer_case,
        ):
            internal = f"internal note {uuid.uuid4().hex}"
            public = f"public answer {uuid.uuid4().hex}"
            cluster.add_post(b, case_id, internal, "INTERNAL")
            cluster.add_post(b, case_id, public, "PUBLIC")

            assert await agent_feed.wait_for(agent_feed.has_post(internal))
            assert await agent_feed.wait_for(agent_feed.has_post(public))
            assert await customer_feed.wait_for(customer_feed.has_post(public))
            assert await customer_case.wait_for(customer_case.has_post(public))
            # The public post was published after the internal one on the same channel, and the
            # routing is in order: had the internal one been let through, it would be here by now.
            for sub in (customer_feed, customer_case):
                bodies = [p["body"] for p in sub.posts()]
                assert internal not in bodies
                assert all(p["visibility"] == "PUBLIC" for p in sub.posts())
                assert not any("errors" in p for p in sub.received), sub.received
    finally:
        cluster.stop()
