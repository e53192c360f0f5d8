"""A subscriber that stops reading is dropped; the server's memory stays bounded and others are served."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import socket
import struct
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from scaleout_cluster import FEED, Cluster, RedisServer, Subscription, rss_kb

CHANNEL = "casebook.events"  # casebook.realtime.hub.CHANNEL
BODY_SIZE = 30_000
EVENTS = 2_000  # ~57 MB of frames for the stalled reader if nothing were dropped
BURST = 20


def _frame(text: str) -> bytes:
    """A masked client text frame."""
    data = text.encode()
    mask = os.urandom(4)
    n = len(data)
    header = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))


class StalledClient:
    """Speaks just enough graphql-transport-ws to subscribe, then never reads again."""

    def __init__(self, port: int, token: str) -> None:
        self.sock = socket.socket()
        # A tiny receive window: the server's sends block as soon as its own buffers are full.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.connect(("127.0.0.1", port))
        self.sock.settimeout(10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert head.startswith(b"HTTP/1.1 101"), head
        init = {
            "type": "connection_init",
            "payload": {"authorization": f"Bearer {token}"},
        }
        self.sock.sendall(_frame(json.dumps(init)))
        assert b"connection_ack" in self.sock.recv(256)
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": FEED}}
        self.sock.sendall(_frame(json.dumps(subscribe)))

    def drain(self, quiet: float = 2.0, limit: float = 20.0) -> tuple[bytes, bool]:
        """Reads on until the server has been silent for `quiet` seconds: (data, server closed)."""
        data = bytearray()
        deadline = time.monotonic() + limit
        self.sock.settimeout(quiet)
        while time.monotonic() < deadline:
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                return bytes(data), False
            except ConnectionResetError:
                return bytes(data), True
            if not chunk:
                return bytes(data), True
            data += chunk
        return bytes(data), False

    def close(self) -> None:
        self.sock.close()


@pytest.mark.slow
async def test_stalled_subscriber_is_dropped_and_memory_stays_bounded(
    database_url: str, private_redis: RedisServer, tmp_path: Path
) -> None:
    cluster = Cluster(
        database_url,
        private_redis.url,
        tmp_path,
        extra_env={
            "CASEBOOK_SUBSCRIBER_QUEUE_SIZE": "32",
            "CASEBOOK_WS_SEND_TIMEOUT": "2",
        },
    )
    publisher = aioredis.from_url(private_redis.url)
    stalled: StalledClient | None = None
    try:
        (server,) = cluster.start(1).servers
        assert server.process is not None
        cluster.add_people()
        case_id = cluster.create_case(server, "slow subscriber")
        big = "x" * BODY_SIZE
        cluster.add_post(server, case_id, big)
        agent = cluster.people["agent"]
        post = server.graphql(
            "query($id: ID!) { case(id: $id) { lastPost { id } } }",
            {"id": case_id},
            token=agent.token,
        )["data"]["case"]["lastPost"]
        post_id = int(post["id"])

        # Ids past the log's own: the hub routes them like any event (nothing reads the log here).
        event_ids = itertools.count(1_000_000)

        def event() -> str:
            # What casebook.events.Event.to_json publishes for a post: ids only, no body.
            return json.dumps(
                {
                    "id": next(event_ids),
                    "kind": "POST_ADDED",
                    "case_id": int(case_id),
                    "team_id": None,
                    "assignee_id": None,
                    "account_id": None,
                    "reported_by_id": None,
                    "contact_ids": [],
                    "actor_user_id": None,
                    "actor_name": "",
                    "caused_by": None,
                    "at": datetime.now(UTC).isoformat(),
                    "post_id": post_id,
                    "post_visibility": "PUBLIC",
                    "changes": [],
                }
            )

        async with Subscription(server.ws_url, agent.token, FEED) as healthy:
            stalled = StalledClient(server.port, agent.token)
            await asyncio.sleep(0.5)
            samples: list[int] = []
            for start in range(0, EVENTS, BURST):
                for _ in range(BURST):
                    await publisher.publish(CHANNEL, event())
                # Bursts smaller than the queue, paced by the healthy subscriber: this measures the
                # stalled one (a burst longer than the queue drops healthy subscribers too).
                assert await healthy.wait_for(lambda s, n=start + BURST: len(s.posts()) >= n, 30), (
                    len(healthy.posts()),
                    start,
                    healthy.received[-1:],
                )
                samples.append(rss_kb(server.process.pid))
            assert await healthy.wait_for(lambda s: len(s.posts()) >= EVENTS, 30), len(healthy.posts())
            assert not healthy.closed.is_set()
            # The server's working set (recent shared results, allocator) settles within the first
            # half; a server buffering for the stalled reader would keep growing by ~1 MB per 35
            # events (~28 MB over the second half).
            half = samples[len(samples) // 2]
            growth_mb = (max(samples[len(samples) // 2 :]) - half) / 1024
            assert growth_mb < 8, f"RSS kept growing: {[s // 1024 for s in samples[::10]]} MB"

            # Reading again, the stalled client gets what was already in the buffers (a fraction of
            # the events) and then nothing: the server ended its subscription. A connection closed
            # cleanly also counts; uvicorn cannot always close it, as the close frame waits behind
            # the blocked buffer until the client reads.
            received, closed = stalled.drain()
            print(
                f"RSS MB every 200 events: {[s // 1024 for s in samples[::10]]}; stalled got {len(received)} B"
            )
            assert len(received) < EVENTS * BODY_SIZE / 4, len(received)
            after = f"after {uuid.uuid4().hex}"
            cluster.add_post(server, case_id, after)
            assert await healthy.wait_for(healthy.has_post(after))
            if not closed:
                late, _ = stalled.drain(quiet=3.0)
                assert after.encode() not in late and b'"next"' not in late, late[:300]
    finally:
        if stalled is not None:
            stalled.close()
        await publisher.aclose()
        cluster.stop()
