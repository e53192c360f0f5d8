"""The fan-out load generator, run as its own process so that it does not share the server's event loop.

    .venv/bin/python bench/fanout_client.py --spec spec.json

spec: {"servers": [ws urls], "http": url for addPost, "subscribers": [{"token", "kind": "feed"|"case",
"case_id"}], "posts": 20, "interval": 0.5, "poster_token", "case_id", "server_pids": [pids]}.
Connects every subscriber (round-robin over the servers), waits, records the servers' RSS (idle),
then adds posts one by one and records, per post, when each subscriber received it. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import websockets

FEED = "subscription { caseFeed { __typename at case { id number subject status } "
FEED += "... on PostAdded { post { id body visibility createdAt author { name } } } } }"
CASE = "subscription($id: ID!) { caseEvents(caseId: $id) { __typename at case { id number subject status } "
CASE += "... on PostAdded { post { id body visibility createdAt author { name } } } } }"
ADD_POST = "mutation($c: ID!, $b: String!) { addPost(caseId: $c, body: $b) { __typename } }"


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Sub:
    def __init__(self, url: str, token: str, query: str, variables: dict[str, Any]) -> None:
        self.url, self.token, self.query, self.variables = url, token, query, variables
        self.seen: dict[str, float] = {}
        self.errors = 0

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["graphql-transport-ws"],
            compression=None,
            max_queue=64,
            open_timeout=60,
        )  # type: ignore[list-item]
        await self.ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {self.token}"},
                }
            )
        )
        assert json.loads(await self.ws.recv())["type"] == "connection_ack"
        await self.ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": self.query, "variables": self.variables},
                }
            )
        )
        self.task = asyncio.create_task(self.read())

    async def read(self) -> None:
        try:
            async for raw in self.ws:
                now = time.perf_counter()
                msg = json.loads(raw)
                if msg["type"] == "next":
                    data = msg["payload"].get("data") or {}
                    event = data.get("caseFeed") or data.get("caseEvents") or {}
                    post = event.get("post")
                    if post:
                        self.seen[post["body"]] = now
                    if msg["payload"].get("errors"):
                        self.errors += 1
                elif msg["type"] == "ping":
                    await self.ws.send('{"type":"pong"}')
                else:
                    self.errors += 1
        except websockets.ConnectionClosed:
            self.errors += 1


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    subs = []
    for i, s in enumerate(spec["subscribers"]):
        url = spec["servers"][i % len(spec["servers"])]
        if s["kind"] == "feed":
            subs.append(Sub(url, s["token"], FEED, {}))
        else:
            subs.append(Sub(url, s["token"], CASE, {"id": s["case_id"]}))
    pids = spec.get("server_pids", [])
    await asyncio.sleep(1)
    rss_before = sum(rss_kb(p) for p in pids)
    t = time.perf_counter()
    for batch in range(0, len(subs), 50):
        await asyncio.gather(*(s.connect() for s in subs[batch : batch + 50]))
    connect_s = time.perf_counter() - t
    await asyncio.sleep(3)
    rss_after = sum(rss_kb(p) for p in pids)

    latencies: list[float] = []
    # Per post: addPost's response, first, median and last delivery (s after sending it), deliveries.
    per_post: list[tuple[float, float, float, float, int]] = []
    cpu_posts = 0.0
    cpu_client = 0.0
    async with httpx.AsyncClient(timeout=30) as http:
        for i in range(spec["posts"] + 1):
            body = f"fanout {uuid.uuid4().hex}"
            cpu0 = sum(cpu_s(p) for p in pids)
            own0 = time.process_time()
            t0 = time.perf_counter()
            r = await http.post(
                spec["http"],
                json={
                    "query": ADD_POST,
                    "variables": {"c": spec["case_id"], "b": body},
                },
                headers={"authorization": f"Bearer {spec['poster_token']}"},
            )
            assert "errors" not in r.json(), r.text
            responded = time.perf_counter() - t0
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline and not all(body in s.seen for s in subs):
                await asyncio.sleep(0.005)
            got = [s.seen[body] - t0 for s in subs if body in s.seen]
            # Server CPU for this post: the mutation, publishing, routing, executing and sending.
            await asyncio.sleep(0.05)
            cpu1 = sum(cpu_s(p) for p in pids)
            own1 = time.process_time()
            if i == 0:
                await asyncio.sleep(1)
                continue  # the first post warms the server's caches up: not counted
            latencies += got
            cpu_posts += cpu1 - cpu0
            cpu_client += own1 - own0
            got.sort()
            if got:
                per_post.append((responded, got[0], got[len(got) // 2], got[-1], len(got)))
            else:
                per_post.append((responded, -1, -1, -1, 0))
            await asyncio.sleep(spec.get("interval", 0.5))
    for s in subs:
        s.task.cancel()
    await asyncio.gather(*(s.ws.close() for s in subs), return_exceptions=True)
    latencies.sort()
    expected = len(subs) * spec["posts"]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else -1

    return {
        "subscribers": len(subs),
        "deliveries": len(latencies),
        "expected": expected,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000 if latencies else -1,
        "errors": sum(s.errors for s in subs),
        "connect_s": connect_s,
        # CPU of all server processes while posting, per post and per delivery (clock ticks: 10 ms).
        "cpu_ms_per_post": cpu_posts * 1000 / max(1, spec["posts"]),
        "cpu_us_per_delivery": cpu_posts * 1e6 / max(1, len(latencies)),
        "client_cpu_ms_per_post": cpu_client * 1000 / max(1, spec["posts"]),
        "rss_before_kb": rss_before,
        "rss_after_kb": rss_after,
        "per_post": per_post,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    args = parser.parse_args()
    spec = json.loads(Path(args.spec).read_text())
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main()
