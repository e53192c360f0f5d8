"""Real processes for the scale-out tests: a fresh PostgreSQL database, private Redis servers,
several `casebook serve` processes sharing them, and a small graphql-transport-ws client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import asyncpg
import httpx
import websockets

from support.server import LiveServer, free_port, run_cli

POSTGRES_ADMIN = os.environ.get("CASEBOOK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct-horse-battery"

FEED = """subscription {
  caseFeed { __typename at case { id subject } ... on PostAdded { post { id body visibility } } }
}"""
CASE_EVENTS = """subscription($id: ID!) {
  caseEvents(caseId: $id) { __typename case { id } ... on PostAdded { post { id body visibility } } }
}"""
# Mutations select only __typename: the core's async mutation resolvers return a DataLoader future
# that graphql-core does not await (reported to the lead), so reading a field of the result fails.
ADD_POST = """mutation($c: ID!, $b: String!, $v: Visibility!) {
  addPost(caseId: $c, body: $b, visibility: $v) { __typename }
}"""


def _dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """A new PostgreSQL database, migrated with `casebook migrate`, dropped afterwards."""
    name = f"casebook_scaleout_{uuid.uuid4().hex[:8]}"
    url = POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(_dsn(POSTGRES_ADMIN))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        run_cli("migrate", env={**os.environ, "CASEBOOK_DATABASE_URL": url})
        yield url
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class RedisServer:
    """A private, throw-away redis-server (no persistence) that a test may kill and restart."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        log = (self.workdir / f"redis-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                import socket

                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)
        self.process = None


@dataclass
class Person:
    email: str
    token: str
    contact_id: str | None = None


@dataclass
class Cluster:
    """Several serve processes on one database and broadcast backend, with users signed in."""

    database_url: str
    broadcast_url: str
    workdir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    servers: list[LiveServer] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {
            "CASEBOOK_DATABASE_URL": self.database_url,
            "CASEBOOK_BROADCAST_URL": self.broadcast_url,
            "CASEBOOK_FILES_DIR": str(self.workdir / "files"),
            "CASEBOOK_STATIC_DIR": str(self.workdir / "no-spa"),
            "CASEBOOK_LOGIN_RATE_LIMIT": "1000/minute",
            **self.extra_env,
        }

    def start(self, count: int) -> Cluster:
        for _ in range(count):
            server = LiveServer(self.env)
            self.servers.append(server)
            server.start(self.workdir / f"serve-{server.port}.log")
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()

    def add_people(self) -> None:
        env = {**os.environ, **self.env}
        run_cli(
            "create-user",
            "--email",
            "agent@example.test",
            "--password",
            PASSWORD,
            "--name",
            "Agent",
            "--role",
            "AGENT",
            env=env,
        )
        run_cli(
            "create-user",
            "--email",
            "customer@example.test",
            "--password",
            PASSWORD,
            "--name",
            "Cus",
            "--role",
            "CUSTOMER",
            "--contact-email",
            "customer@example.test",
            env=env,
        )
        a = self.servers[0]
        for role in ("agent", "customer"):
            self.people[role] = Person(
                email=f"{role}@example.test",
                token=a.login(f"{role}@example.test", PASSWORD),
            )
        me = a.graphql("{ me { contact { id } } }", token=self.people["customer"].token)
        self.people["customer"].contact_id = me["data"]["me"]["contact"]["id"]

    def create_case(self, server: LiveServer, subject: str) -> str:
        result = server.graphql(
            "mutation($i: CreateCaseInput!) { createCase(input: $i) { __typename } }",
            {
                "i": {
                    "subject": subject,
                    "contactIds": [self.people["customer"].contact_id],
                }
            },
            token=self.people["agent"].token,
        )
        assert "errors" not in result, result
        found = server.graphql(
            "query($t: String!) { cases(first: 1, filter: {text: $t}) { edges { node { id subject } } } }",
            {"t": subject},
            token=self.people["agent"].token,
        )
        node = found["data"]["cases"]["edges"][0]["node"]
        assert node["subject"] == subject, found
        return str(node["id"])

    def add_post(self, server: LiveServer, case_id: str, body: str, visibility: str = "PUBLIC") -> None:
        result = server.graphql(
            ADD_POST,
            {"c": case_id, "b": body, "v": visibility},
            token=self.people["agent"].token,
        )
        assert "errors" not in result, result


class Subscription:
    """One graphql-transport-ws connection carrying one subscription; events collect in `received`."""

    def __init__(
        self,
        ws_url: str,
        token: str,
        query: str,
        variables: dict[str, Any] | None = None,
    ) -> None:
        self.ws_url = ws_url
        self.token = token
        self.query = query
        self.variables = variables or {}
        self.received: list[dict[str, Any]] = []
        self.closed: asyncio.Event = asyncio.Event()
        self._ws: Any = None
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> Self:
        self._ws = await websockets.connect(self.ws_url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        await self._ws.send(
            json.dumps(
                {
                    "type": "connection_init",
                    "payload": {"authorization": f"Bearer {self.token}"},
                }
            )
        )
        ack = json.loads(await asyncio.wait_for(self._ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await self._ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": self.query, "variables": self.variables},
                }
            )
        )
        self._task = asyncio.create_task(self._read())
        # The server registers the subscriber after the subscribe frame is processed: a ping
        # round trip afterwards proves the subscription generator has started.
        await asyncio.sleep(0.3)
        return self

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = json.loads(raw)
                if message["type"] == "next":
                    self.received.append(message["payload"])
                elif message["type"] == "ping":
                    await self._ws.send(json.dumps({"type": "pong"}))
                elif message["type"] in ("error", "complete"):
                    self.received.append({"protocol": message})
                self._changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed.set()
            self._changed.set()

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task
        with contextlib.suppress(Exception):
            await self._ws.close()

    def posts(self) -> list[dict[str, Any]]:
        out = []
        for payload in self.received:
            data = payload.get("data") or {}
            event = data.get("caseFeed") or data.get("caseEvents")
            if event and event.get("__typename") == "PostAdded":
                out.append(event["post"])
        return out

    async def wait_for(self, check: Callable[[Subscription], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not check(self):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.25))
        return True

    def has_post(self, body: str) -> Callable[[Subscription], bool]:
        return lambda s: any(p["body"] == body for p in s.posts())


def healthz(server: LiveServer) -> httpx.Response:
    return httpx.get(server.url + "/healthz", timeout=5)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def eventually(check: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(interval)
    return check()
