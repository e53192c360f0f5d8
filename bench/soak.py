"""The soak (`make bench`, or alone: `BENCH_ONLY=soak make bench`): many mixed clients for minutes
against two `casebook serve` processes on a fresh PostgreSQL database, with Redis between them.

    SOAK_SECONDS=600 SOAK_CLIENTS=200 .venv/bin/python bench/soak.py

Agents and customers list cases, open case views, search, add posts and update cases; live
subscribers hold caseFeed / caseEvents sockets. Clients are spread over both processes, and a
write through one is read back through the other. It records:

- errors: any non-2xx answer, any GraphQL error, any failed request, any socket that closes or
  carries an error before the end;
- /healthz of both processes, every second (any non-200 counts);
- the resident memory of each server process every 5 s, and max/min over the last 5 minutes
  (half the run when it is shorter);
- every acknowledged write (post ids and bodies, the last updated value of each case), looked up in
  the database afterwards.

Everything listens on 127.0.0.1 and every loop ends at the deadline. The summary is printed and
appended to bench/README.md (a "Soak" table with one pass/fail line per criterion); exit status 1
when a criterion fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import websockets
from databases import database
from report import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]
from support.server import LiveServer, free_port, run_cli

PASSWORD = "soak-password-horse-battery"
SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "200"))
# Each client waits THINK * uniform(0.5, 1.5) seconds between actions.
THINK = float(os.environ.get("SOAK_THINK", "0.75"))
AGENTS, CUSTOMERS, CASES_PER_CUSTOMER = 10, 20, 5
MEMORY_WINDOW = 300.0
MEMORY_LIMIT = 1.10
SAMPLE_EVERY = 5.0

LIST = (
    "query($after: String) { cases(first: 25, after: $after) { edges { cursor node { id number subject "
    "status priority updatedAt account { id name } contacts { id name email } assignee { id name } "
    "lastPost { id body createdAt author { name } } } } pageInfo { hasNextPage endCursor } } }"
)
VIEW = (
    "query($id: ID!) { case(id: $id) { id number subject description status priority type tags product "
    "internalComments account { id name } contacts { id name email } assignee { id name } team { id name } "
    "isFollowing allowedStatuses posts(first: 50) { totalCount edges { node { id body visibility createdAt "
    "author { name kind } attachments { id filename } } } pageInfo { hasNextPage endCursor } } } }"
)
SEARCH = "query($t: String!) { cases(first: 25, filter: {text: $t}) { totalCount edges { node { id number subject } } } }"
ADD_POST = (
    "mutation($c: ID!, $b: String!, $v: Visibility) { addPost(caseId: $c, body: $b, visibility: $v) "
    "{ id body visibility } }"
)
UPDATE = "mutation($id: ID!, $p: String!, $pr: Priority) { updateCase(id: $id, input: {product: $p, priority: $pr}) { id product priority } }"
CREATE = "mutation($s: String!, $d: String) { createCase(input: {subject: $s, description: $d}) { id } }"
CREATE_USER = "mutation($i: CreateUserInput!) { createUser(input: $i) { id } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
FEED = "subscription { caseFeed { __typename at case { id number subject status } ... on PostAdded { post { id body } } } }"
EVENTS = (
    "subscription($id: ID!) { caseEvents(caseId: $id) { __typename at case { id status } "
    "... on PostAdded { post { id body } } } }"
)
WORDS = ["printer", "invoice", "vpn", "password", "backup", "certificate", "shipping", "kerberos", "sync"]


@dataclass
class Record:
    started: float = field(default_factory=time.monotonic)
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    health: Counter[str] = field(default_factory=Counter)
    rss: dict[int, list[tuple[float, int]]] = field(default_factory=lambda: defaultdict(list))
    posts: dict[int, str] = field(default_factory=dict)
    updates: dict[int, tuple[float, str]] = field(default_factory=dict)
    events: int = 0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 20:
            self.error_samples.append(f"{kind}: {detail[:300]}")


@dataclass
class Person:
    role: str
    token: str
    cases: list[int]


@contextlib.contextmanager
def redis(workdir: Path) -> Iterator[str]:
    port = free_port()
    log = (workdir / "redis.log").open("wb")
    p = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
            )
            if ping.stdout.strip() == "PONG":
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Soak:
    def __init__(self, servers: list[LiveServer], db: str) -> None:
        self.servers = servers
        self.db = db
        self.record = Record()
        self.deadline = 0.0
        self.http: list[httpx.AsyncClient] = []

    async def graphql(
        self, server: int, name: str, query: str, variables: dict[str, Any], token: str
    ) -> dict[str, Any] | None:
        """One request; any failure is counted and answers None."""
        t = time.perf_counter()
        try:
            response = await self.http[server].post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"authorization": f"Bearer {token}"} if token else {},
            )
        except httpx.HTTPError as exc:
            self.record.error(f"{name}: {type(exc).__name__}", repr(exc))
            return None
        self.record.latencies[name].append(time.perf_counter() - t)
        if not 200 <= response.status_code < 300:
            self.record.error(f"{name}: HTTP {response.status_code}", response.text)
            return None
        body = response.json()
        if body.get("errors"):
            codes = ",".join(str((e.get("extensions") or {}).get("code")) for e in body["errors"])
            self.record.error(f"{name}: {codes}", json.dumps(body["errors"]))
            return None
        return body["data"]  # type: ignore[no-any-return]

    # --- set-up ------------------------------------------------------------------------------

    async def people(self) -> tuple[list[Person], list[Person]]:
        async def login(email: str) -> str:
            data = await self.graphql(0, "login", LOGIN, {"e": email, "p": PASSWORD}, "")
            assert data, self.record.error_samples
            return str(data["login"]["token"])

        admin = await login("soak-admin@example.test")
        for role, prefix, count in (("AGENT", "soak-agent", AGENTS), ("CUSTOMER", "soak-c", CUSTOMERS)):
            for i in range(count):
                user = {"email": f"{prefix}{i}@example.test", "name": f"Soak {role.title()} {i}"}
                data = await self.graphql(
                    0, "createUser", CREATE_USER, {"i": {**user, "role": role, "password": PASSWORD}}, admin
                )
                assert data, self.record.error_samples
        agents = [Person("AGENT", await login(f"soak-agent{i}@example.test"), []) for i in range(AGENTS)]
        customers = []
        for i in range(CUSTOMERS):
            person = Person("CUSTOMER", await login(f"soak-c{i}@example.test"), [])
            for n in range(CASES_PER_CUSTOMER):
                words = " ".join(random.sample(WORDS, 2))
                data = await self.graphql(
                    i % 2,
                    "createCase",
                    CREATE,
                    {"s": f"{words} trouble {i}-{n}", "d": f"The {words} fails."},
                    person.token,
                )
                assert data, self.record.error_samples
                person.cases.append(int(data["createCase"]["id"]))
            customers.append(person)
        return agents, customers

    # --- the clients -------------------------------------------------------------------------

    async def think(self) -> bool:
        await asyncio.sleep(THINK * random.uniform(0.5, 1.5))
        return time.monotonic() < self.deadline

    async def agent(self, k: int, person: Person, all_cases: list[int], mine: list[int]) -> None:
        """`mine`: the cases this client alone updates, so that its last acknowledged value is the
        one that must be stored (and the one each answer must show)."""
        rng = random.Random(k)
        server, seq = k % 2, 0
        while await self.think():
            roll = rng.random()
            if roll < 0.3:
                await self.graphql(server, "list", LIST, {}, person.token)
            elif roll < 0.55:
                await self.graphql(server, "view", VIEW, {"id": str(rng.choice(all_cases))}, person.token)
            elif roll < 0.7:
                await self.graphql(server, "search", SEARCH, {"t": rng.choice(WORDS)}, person.token)
            elif roll < 0.85:
                await self.post(server, person, rng.choice(all_cases), rng.choice(["PUBLIC", "INTERNAL"]))
            elif mine:
                seq += 1
                case = rng.choice(mine)
                value = f"soak-{k}-{seq}"
                priority = rng.choice(["LOW", "NORMAL", "HIGH", "URGENT"])
                sent = time.monotonic()
                data = await self.graphql(
                    server, "updateCase", UPDATE, {"id": str(case), "p": value, "pr": priority}, person.token
                )
                if data:
                    if data["updateCase"]["product"] != value:
                        self.record.error("updateCase: answered another value", json.dumps(data))
                    self.record.updates[case] = (sent, value)
            server = 1 - server if rng.random() < 0.2 else server

    async def customer(self, k: int, person: Person) -> None:
        rng = random.Random(10_000 + k)
        server = k % 2
        while await self.think():
            roll = rng.random()
            if roll < 0.35:
                await self.graphql(server, "list", LIST, {}, person.token)
            elif roll < 0.65:
                await self.graphql(server, "view", VIEW, {"id": str(rng.choice(person.cases))}, person.token)
            elif roll < 0.8:
                await self.graphql(server, "search", SEARCH, {"t": rng.choice(WORDS)}, person.token)
            else:
                await self.post(server, person, rng.choice(person.cases), None)
            server = 1 - server if rng.random() < 0.2 else server

    async def post(self, server: int, person: Person, case: int, visibility: str | None) -> None:
        body = f"soak {person.role.lower()} {uuid.uuid4().hex}"
        data = await self.graphql(
            server, "addPost", ADD_POST, {"c": str(case), "b": body, "v": visibility}, person.token
        )
        if data:
            self.record.posts[int(data["addPost"]["id"])] = body

    async def subscriber(self, k: int, person: Person) -> None:
        server = self.servers[k % 2]
        query, variables = (
            (FEED, {}) if k % 2 == 0 or not person.cases else (EVENTS, {"id": str(person.cases[0])})
        )
        name = "caseFeed" if query is FEED else "caseEvents"
        try:
            async with websockets.connect(
                server.ws_url,
                subprotocols=["graphql-transport-ws"],
                compression=None,
                open_timeout=30,
                close_timeout=5,  # type: ignore[list-item]
            ) as ws:
                await ws.send(
                    json.dumps(
                        {"type": "connection_init", "payload": {"authorization": f"Bearer {person.token}"}}
                    )
                )
                ack = json.loads(await asyncio.wait_for(ws.recv(), 30))
                if ack.get("type") != "connection_ack":
                    self.record.error(f"{name}: no ack", json.dumps(ack))
                    return
                await ws.send(
                    json.dumps(
                        {"id": "1", "type": "subscribe", "payload": {"query": query, "variables": variables}}
                    )
                )
                while True:
                    left = self.deadline - time.monotonic()
                    if left <= 0:
                        return
                    try:
                        raw = await asyncio.wait_for(ws.recv(), left)
                    except TimeoutError:
                        return
                    msg = json.loads(raw)
                    if msg["type"] == "next" and not msg["payload"].get("errors"):
                        self.record.events += 1
                    elif msg["type"] == "ping":
                        await ws.send('{"type":"pong"}')
                    elif msg["type"] != "pong":
                        self.record.error(f"{name}: {msg['type']}", json.dumps(msg))
                        return
        except (OSError, websockets.WebSocketException) as exc:
            self.record.error(f"{name}: {type(exc).__name__}", repr(exc))

    async def guarded(self, name: str, client: Any) -> None:
        """A client that fails unexpectedly is an error of the run, not the end of it."""
        try:
            await client
        except Exception as exc:
            self.record.error(f"{name}: {type(exc).__name__}", repr(exc))

    # --- the watchers ------------------------------------------------------------------------

    async def health(self) -> None:
        """Polls each process once a second on a fixed schedule; a slow answer does not delay the next."""
        async with httpx.AsyncClient(timeout=5) as http:

            async def poll(i: int, server: LiveServer) -> None:
                try:
                    status: int | str = (await http.get(server.url + "/healthz")).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                self.record.health["polls"] += 1
                if status != 200:
                    self.record.health[f"process {i}: {status}"] += 1

            polls = []
            tick = time.monotonic()
            while tick < self.deadline:
                polls += [asyncio.create_task(poll(i, s)) for i, s in enumerate(self.servers)]
                tick += 1.0
                await asyncio.sleep(max(0.0, tick - time.monotonic()))
            await asyncio.gather(*polls)

    async def memory(self) -> None:
        while True:
            now = time.monotonic()
            for server in self.servers:
                pid = server.process.pid  # type: ignore[union-attr]
                self.record.rss[pid].append((now - self.record.started, rss_kb(pid)))
            if now >= self.deadline:
                return
            await asyncio.sleep(min(SAMPLE_EVERY, max(0.0, self.deadline - now)))

    # --- the run -----------------------------------------------------------------------------

    async def run(self) -> None:
        # Idle connections expire on the client's side first (2 s, uvicorn closes them after 5 s):
        # with equal timeouts a request sent on a connection the server is just closing fails with
        # ReadError. That is the likely cause of the 4 ReadErrors in 64,750 requests of the first
        # 10-minute run, with nothing in the servers' logs: a race of the load generator's pool.
        limits = httpx.Limits(
            max_connections=CLIENTS, max_keepalive_connections=CLIENTS, keepalive_expiry=2.0
        )
        self.http = [httpx.AsyncClient(base_url=s.url, timeout=30, limits=limits) for s in self.servers]
        try:
            agents, customers = await self.people()
            all_cases = [c for p in customers for c in p.cases]
            subscribers = max(2, CLIENTS // 5)
            actors = CLIENTS - subscribers
            self.record = Record()  # set-up requests are not part of the figures
            self.deadline = time.monotonic() + SECONDS
            tasks = [asyncio.create_task(self.health()), asyncio.create_task(self.memory())]
            for k in range(subscribers):
                who = agents[k % AGENTS] if k % 4 < 2 else customers[k % CUSTOMERS]
                tasks.append(asyncio.create_task(self.guarded(f"subscriber {k}", self.subscriber(k, who))))
            updaters = (actors + 1) // 2
            for k in range(actors):
                if k % 2 == 0:
                    mine = all_cases[k // 2 :: updaters]
                    client = self.agent(k, agents[(k // 2) % AGENTS], all_cases, mine)
                else:
                    client = self.customer(k, customers[(k // 2) % CUSTOMERS])
                tasks.append(asyncio.create_task(self.guarded(f"client {k}", client)))
            # Every loop stops at the deadline; the margin covers the requests then in flight.
            await asyncio.wait_for(asyncio.gather(*tasks), SECONDS + 120)
        finally:
            for client in self.http:
                await client.aclose()

    async def verify(self) -> tuple[int, int, list[str]]:
        """Every acknowledged write, looked up in the database: (checked, missing, samples)."""
        conn = await asyncpg.connect(self.db.replace("postgres://", "postgresql://", 1))
        try:
            rows = await conn.fetch(
                "SELECT id, body FROM posts WHERE id = ANY($1::int[])", list(self.record.posts)
            )
            stored = {r["id"]: r["body"] for r in rows}
            cases = await conn.fetch(
                "SELECT id, product FROM cases WHERE id = ANY($1::int[])", list(self.record.updates)
            )
            products = {r["id"]: r["product"] for r in cases}
        finally:
            await conn.close()
        bad = [f"post {i}" for i, body in self.record.posts.items() if stored.get(i) != body]
        bad += [
            f"case {i}: {products.get(i)!r} != {value!r}"
            for i, (_, value) in self.record.updates.items()
            if products.get(i) != value
        ]
        return len(self.record.posts) + len(self.record.updates), len(bad), bad[:10]


def memory_ratio(samples: list[tuple[float, int]], window: float) -> tuple[float, int, int]:
    end = samples[-1][0]
    last = [kb for t, kb in samples if t >= end - window] or [samples[-1][1]]
    return max(last) / min(last), min(last), max(last)


def summary(soak: Soak, checked: int, missing: int, bad: list[str]) -> bool:
    rec = soak.record
    window = min(MEMORY_WINDOW, SECONDS / 2)
    requests = sum(len(v) for v in rec.latencies.values())
    errors = sum(rec.errors.values())
    unhealthy = sum(v for k, v in rec.health.items() if k != "polls")
    table = Table(
        f"Soak: {CLIENTS} mixed clients for {SECONDS} s, 2 processes on PostgreSQL, Redis broadcast",
        ["figure", "value"],
    )
    table.add("requests (HTTP GraphQL)", f"{requests:,} ({requests / SECONDS:.0f}/s)")
    for name, values in sorted(rec.latencies.items()):
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        table.add(
            f"{name}: count, p50 / p99",
            f"{len(values):,}, {statistics.median(values) * 1000:.0f} / {p99 * 1000:.0f} ms",
        )
    table.add("live events received", f"{rec.events:,}")
    table.add("errors", f"{errors}" + (f" ({dict(rec.errors)})" if errors else ""))
    table.add("/healthz polls, non-200", f"{rec.health['polls']:,}, {unhealthy}")
    ratios = []
    for i, (_pid, samples) in enumerate(sorted(rec.rss.items())):
        ratio, low, high = memory_ratio(samples, window)
        ratios.append(ratio)
        first = samples[0][1]
        table.add(
            f"process {i} RSS: start, min / max of the last {window:.0f} s",
            f"{first / 1024:.0f} MB, {low / 1024:.0f} / {high / 1024:.0f} MB (×{ratio:.3f})",
        )
    table.add("acknowledged writes checked, missing", f"{checked:,}, {missing}")
    criteria = [
        ("zero errors", errors == 0),
        ("/healthz 200 throughout", unhealthy == 0 and rec.health["polls"] > 0),
        (
            f"memory flat within {MEMORY_LIMIT - 1:.0%} over the last {window:.0f} s",
            all(r <= MEMORY_LIMIT for r in ratios),
        ),
        ("every acknowledged write stored", missing == 0 and checked > 0),
    ]
    table.notes = [f"{'PASS' if ok else 'FAIL'}: {name}" for name, ok in criteria]
    table.notes += [f"error: {s}" for s in rec.error_samples[:5]] + [f"missing: {b}" for b in bad[:5]]
    table.emit()
    return all(ok for _, ok in criteria)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="casebook-soak-") as tmp, database("casebook_soak") as db:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "CASEBOOK_DATABASE_URL": db,
            "CASEBOOK_LOGIN_RATE_LIMIT": "100000/minute",
            "CASEBOOK_MAIL_WORKERS": "false",
            "CASEBOOK_FILES_DIR": str(workdir / "files"),
            "CASEBOOK_STATIC_DIR": str(workdir / "no-spa"),
        }
        run_cli("migrate", env=env)
        run_cli("create-user", "--email", "soak-admin@example.test", "--password", PASSWORD,
                "--name", "Soak Admin", "--role", "ADMIN", env=env)  # fmt: skip
        with redis(workdir) as broadcast:
            servers: list[LiveServer] = []
            try:
                for _ in range(2):
                    server = LiveServer({**env, "CASEBOOK_BROADCAST_URL": broadcast})
                    servers.append(server.start(workdir / f"serve-{server.port}.log", timeout=60))
                soak = Soak(servers, db)
                print(f"soak: {CLIENTS} clients for {SECONDS} s on {[s.url for s in servers]}", flush=True)
                asyncio.run(soak.run())
            finally:
                for server in servers:
                    server.stop()
            checked, missing, bad = asyncio.run(soak.verify())
            passed = summary(soak, checked, missing, bad)
            if not passed:
                for log in sorted(workdir.glob("serve-*.log")):
                    print(f"--- {log.name}\n{log.read_text()[-2000:]}")
            return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
