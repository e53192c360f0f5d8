"""Two serve processes on Redis: a credential ended or rights changed through process A close the
viewer's socket on process B (4401 / 4403), and B's other sockets stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from scaleout_cluster import PASSWORD, Cluster, RedisServer

from support.sockets import Socket


@pytest.mark.slow
async def test_sockets_on_b_close_when_access_changes_through_a(
    database_url: str, private_redis: RedisServer, tmp_path: Path
) -> None:
    cluster = Cluster(database_url, private_redis.url, tmp_path)
    try:
        cluster.start(2)
        a, b = cluster.servers
        cluster.add_people()
        agent, customer = cluster.people["agent"], cluster.people["customer"]
        second = b.login(agent.email, PASSWORD)

        on_b = await Socket.open(b.url, token=agent.token)
        other_session_on_b = await Socket.open(b.url, token=second)
        customer_on_b = await Socket.open(b.url, token=customer.token)
        feed = await on_b.start("subscription { caseFeed { __typename } }")
        assert (await on_b.execute("{ me { name } }"))["data"]["me"]["name"] == "Agent"

        assert a.graphql("mutation { logout }", token=agent.token)["data"]["logout"] is True

        assert await on_b.wait_closed(10) == 4401
        assert not any(f["type"] == "error" for f in on_b.frames[feed])
        # Only that session ended: the agent's other session and the customer are still live.
        assert (await other_session_on_b.execute("{ me { name } }"))["data"]["me"]["name"] == "Agent"
        assert not customer_on_b.closed

        # Rights changed through A: the customer's socket on B reconnects (4403).
        admin_token = _admin(cluster)
        me = a.graphql("{ me { id } }", token=customer.token)["data"]["me"]["id"]
        changed = a.graphql(
            "mutation($id: ID!) { updateUser(id: $id, input: {portalAccountAccess: true}) { id } }",
            {"id": me},
            token=admin_token,
        )
        assert "errors" not in changed, changed
        assert await customer_on_b.wait_closed(10) == 4403
        assert not other_session_on_b.closed
        for socket in (on_b, other_session_on_b, customer_on_b):
            await socket.close()
    finally:
        cluster.stop()


def _admin(cluster: Cluster) -> str:
    import os

    from support.server import run_cli

    run_cli(
        "create-user",
        "--email",
        "admin@example.test",
        "--password",
        PASSWORD,
        "--name",
        "Admin",
        "--role",
        "ADMIN",
        env={**os.environ, **cluster.env},
    )
    return cluster.servers[0].login("admin@example.test", PASSWORD)
