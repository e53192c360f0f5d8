"""100 concurrent clients against one real `casebook serve` on PostgreSQL, with compiled plans.

A query document runs its compiled plan from its second execution, inside one request's shared
read connection. Sibling statements of such a request (loaders, the count, nested lists) used to
take a second pooled connection while holding the first: once as many requests as the pool has
connections did so at once, every one waited for another and nothing ever timed out.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from scaleout_cluster import ADD_POST, Cluster

CLIENTS = int(os.environ.get("CASEBOOK_POOL_LOAD_CLIENTS", "100"))
SECONDS = float(os.environ.get("CASEBOOK_POOL_LOAD_SECONDS", "45"))

CASE_VIEW = """query View($id: ID!) {
  case(id: $id) {
    id number subject status tags updatedAt
    account { id name }
    assignee { id name }
    team { id name }
    reportedBy { id name }
    contacts { id name email }
    lastPost { id body }
    children { id subject }
    followers { id }
    isFollowing
    allowedStatuses
    posts(first: 20) { totalCount edges { node { id body visibility author { __typename } } } }
  }
}"""
CASE_LIST = """query List($first: Int!) {
  cases(first: $first) {
    totalCount totalCountCapped
    pageInfo { hasNextPage endCursor }
    edges { node { id subject status account { name } assignee { name } contacts { name } lastPost { body } } }
  }
}"""
# Two roots in one document: both run at once and each issues its own statements.
SIBLINGS = """query Siblings($id: ID!) {
  one: case(id: $id) { id contacts { name } lastPost { body } posts(first: 5) { totalCount } }
  many: cases(first: 10) { totalCount edges { node { id account { name } } } }
  me { id }
}"""


async def _call(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    if response.status_code != 200:
        return {"errors": [{"message": f"HTTP {response.status_code}: {response.text[:200]}"}]}
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.slow
async def test_pool_survives_concurrent_compiled_reads_and_writes(database_url: str, tmp_path: Path) -> None:
    cluster = Cluster(database_url, "memory://", tmp_path)
    try:
        cluster.start(1)
        server = cluster.servers[0]
        cluster.add_people()
        case_ids = [cluster.create_case(server, f"pool load {i}") for i in range(6)]
        agent, customer = cluster.people["agent"].token, cluster.people["customer"].token

        errors: list[str] = []
        answered = 0
        acknowledged: list[str] = []
        health: Counter[int] = Counter()
        done = asyncio.Event()

        async def client_loop(n: int, client: httpx.AsyncClient) -> None:
            rng = random.Random(n)
            token = customer if n % 4 == 0 else agent
            nonlocal answered
            deadline = time.monotonic() + SECONDS
            while time.monotonic() < deadline:
                case_id = rng.choice(case_ids)
                pick = rng.random()
                try:
                    if pick < 0.15:
                        body = f"load {n} {uuid.uuid4().hex}"
                        result = await _call(
                            client, ADD_POST, {"c": case_id, "b": body, "v": "PUBLIC"}, agent
                        )
                        if "errors" not in result:
                            acknowledged.append(body)
                    elif pick < 0.55:
                        result = await _call(client, CASE_VIEW, {"id": case_id}, token)
                    elif pick < 0.8:
                        result = await _call(client, CASE_LIST, {"first": 25}, token)
                    else:
                        result = await _call(client, SIBLINGS, {"id": case_id}, token)
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                if "errors" in result:
                    errors.append(str(result["errors"])[:300])
                else:
                    answered += 1

        async def watch_health(client: httpx.AsyncClient) -> None:
            while not done.is_set():
                try:
                    health[(await client.get("/healthz")).status_code] += 1
                except httpx.HTTPError:
                    health[0] += 1
                await asyncio.sleep(0.5)

        # Idle connections close before uvicorn's 5 s keep-alive does: else a request may race its close.
        limits = httpx.Limits(
            max_connections=CLIENTS + 5, max_keepalive_connections=CLIENTS + 5, keepalive_expiry=2
        )
        async with httpx.AsyncClient(base_url=server.url, timeout=20, limits=limits) as client:
            watcher = asyncio.create_task(watch_health(client))
            await asyncio.gather(*(client_loop(n, client) for n in range(CLIENTS)))
            done.set()
            await watcher
            after = await client.get("/healthz")

        print(f"{answered} answers, {len(errors)} errors, {len(acknowledged)} posts, /healthz {dict(health)}")
        assert not errors, f"{len(errors)} errors ({answered} answers), e.g. {Counter(errors).most_common(3)}"
        assert set(health) == {200}, health
        assert after.status_code == 200, after.text
        assert acknowledged
        conn = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
        try:
            stored = {r["body"] for r in await conn.fetch("SELECT body FROM posts")}
        finally:
            await conn.close()
        missing = [b for b in acknowledged if b not in stored]
        assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged posts are not stored"
    finally:
        cluster.stop()
