"""API.md through a third-party GraphQL client (gql) over HTTP and WebSocket, against a real server."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from support.server import LiveServer

CREATE = """
mutation($input: CreateCaseInput!) { createCase(input: $input) { id number subject status origin priority } }
"""
POST = """
mutation($id: ID!, $body: String!, $v: Visibility) { addPost(caseId: $id, body: $body, visibility: $v) {
  id body visibility author { name kind } createdAt } }
"""
FEED = """
subscription { caseFeed { __typename at case { id number subject internalComments }
  ... on PostAdded { post { body visibility } } ... on CaseChanged { changedFields } } }
"""
EVENTS = """
subscription($id: ID!) { caseEvents(caseId: $id) { __typename case { status }
  ... on PostAdded { post { body visibility } } ... on CaseChanged { changedFields } } }
"""


def req(document: str, variables: dict[str, Any] | None = None) -> GraphQLRequest:
    return GraphQLRequest(document, variable_values=variables)


def http_client(server: LiveServer, token: str | None) -> Client:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return Client(transport=HTTPXAsyncTransport(url=server.url + "/graphql", headers=headers))


def ws_client(server: LiveServer, token: str) -> Client:
    return Client(
        transport=WebsocketsTransport(url=server.ws_url, init_payload={"authorization": f"Bearer {token}"})
    )


async def collect(
    client: Client,
    document: Any,
    variables: dict[str, Any] | None,
    into: list[Any],
    ready: asyncio.Event,
) -> None:
    async with client as session:
        ready.set()
        async for item in session.subscribe(req(document, variables)):
            into.append(item)


async def start(
    client: Client, document: Any, variables: dict[str, Any] | None = None
) -> tuple[list, asyncio.Task]:
    items: list[Any] = []
    ready = asyncio.Event()
    task = asyncio.create_task(collect(client, document, variables, items, ready))
    await asyncio.wait_for(ready.wait(), 10)
    await asyncio.sleep(0.5)  # the subscribe message is in flight once the socket is up
    return items, task


async def wait_for(items: list[Any], predicate: Any, timeout: float = 5.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        for item in items:
            if predicate(item):
                return item
        await asyncio.sleep(0.05)
    raise AssertionError(f"no matching event among {items}")


async def test_http_contract_for_agent_and_customer(server: LiveServer, tokens: dict[str, str]) -> None:
    async with http_client(server, tokens["carol"]) as carol:
        me = await carol.execute(req("{ me { id name email role } }"))
        assert me["me"]["role"] == "CUSTOMER"
        created = (await carol.execute(req(CREATE, {"input": {"subject": "Cannot log in"}})))["createCase"]
        assert created["origin"] == "PORTAL" and created["status"] == "NEW"
    async with http_client(server, tokens["agent"]) as agent:
        await agent.execute(req(POST, {"id": created["id"], "body": "internal-xyz", "v": "INTERNAL"}))
        answer = await agent.execute(req(POST, {"id": created["id"], "body": "Try again now"}))
        assert answer["addPost"]["author"]["kind"] == "AGENT"
        changed = await agent.execute(
            req(
                "mutation($id: ID!) { setCaseStatus(id: $id, status: RESOLVED) { status allowedStatuses } }",
                {"id": created["id"]},
            )
        )
        assert changed["setCaseStatus"]["status"] == "RESOLVED"
        by_number = await agent.execute(
            req(
                "query($n: Int) { case(number: $n) { id posts { totalCount } } }",
                {"n": created["number"]},
            )
        )
        assert by_number["case"]["posts"]["totalCount"] == 2
    async with http_client(server, tokens["carol"]) as carol:
        mine = await carol.execute(
            req(
                "query($id: ID!) { case(id: $id) { posts { totalCount edges { node { body } } } } }",
                {"id": created["id"]},
            )
        )
        assert mine["case"]["posts"]["totalCount"] == 1
        assert "internal-xyz" not in str(mine)
        with pytest.raises(TransportQueryError) as forbidden:
            await carol.execute(req(POST, {"id": created["id"], "body": "x", "v": "INTERNAL"}))
        assert forbidden.value.errors[0]["extensions"]["code"] == "FORBIDDEN"  # type: ignore[index]
    async with http_client(server, tokens["dave"]) as dave:
        with pytest.raises(TransportQueryError) as hidden:
            await dave.execute(req(POST, {"id": created["id"], "body": "hello"}))
        assert hidden.value.errors[0]["extensions"]["code"] == "NOT_FOUND"  # type: ignore[index]


async def test_unauthenticated_and_bad_input(server: LiveServer, tokens: dict[str, str]) -> None:
    async with http_client(server, None) as anonymous:
        assert (await anonymous.execute(req("{ me { id } }")))["me"] is None
        with pytest.raises(TransportQueryError) as unauth:
            await anonymous.execute(req("{ cases { totalCount } }"))
        assert unauth.value.errors[0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    async with http_client(server, tokens["agent"]) as agent:
        with pytest.raises(TransportQueryError) as too_long:
            await agent.execute(req(CREATE, {"input": {"subject": "x" * 300}}))
        error = too_long.value.errors[0]  # type: ignore[index]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "subject"}
        total = (await agent.execute(req("{ cases { totalCount } }")))["cases"]["totalCount"]
        assert all(
            e["node"]
            for e in (await agent.execute(req("{ cases { edges { node { id } } } }")))["cases"]["edges"]
        )
    # Nothing half-written: the count did not move.
    async with http_client(server, tokens["agent"]) as agent:
        assert (await agent.execute(req("{ cases { totalCount } }")))["cases"]["totalCount"] == total


async def test_live_events_are_filtered_per_viewer(server: LiveServer, tokens: dict[str, str]) -> None:
    async with http_client(server, tokens["carol"]) as carol:
        case = (await carol.execute(req(CREATE, {"input": {"subject": "Live please"}})))["createCase"]
    carol_feed, t1 = await start(ws_client(server, tokens["carol"]), FEED)
    carol_case, t2 = await start(ws_client(server, tokens["carol"]), EVENTS, {"id": case["id"]})
    agent_feed, t3 = await start(ws_client(server, tokens["agent"]), FEED)
    dave_feed, t4 = await start(ws_client(server, tokens["dave"]), FEED)
    try:
        async with http_client(server, tokens["agent"]) as agent:
            await agent.execute(req(POST, {"id": case["id"], "body": "secret-ws-note", "v": "INTERNAL"}))
            await agent.execute(
                req(
                    'mutation($id: ID!) { updateCase(id: $id, input: {internalComments: "vip-only"}) { id } }',
                    {"id": case["id"]},
                )
            )
            await agent.execute(req(POST, {"id": case["id"], "body": "public-ws-answer"}))

        def is_answer(e: Any) -> bool:
            return (
                e["caseFeed" if "caseFeed" in e else "caseEvents"].get("post", {}).get("body")
                == "public-ws-answer"
            )

        await wait_for(carol_feed, is_answer)
        await wait_for(carol_case, is_answer)
        await wait_for(
            agent_feed,
            lambda e: e["caseFeed"].get("post", {}).get("body") == "secret-ws-note",
        )
        await wait_for(
            agent_feed,
            lambda e: "internalComments" in e["caseFeed"].get("changedFields", []),
        )
        await asyncio.sleep(0.3)
        for items in (carol_feed, carol_case):
            text = str(items)
            assert "secret-ws-note" not in text and "vip-only" not in text
            assert "internalComments" not in text.replace("'internalComments': None", "")
        assert dave_feed == []
    finally:
        for task in (t1, t2, t3, t4):
            task.cancel()
        await asyncio.gather(t1, t2, t3, t4, return_exceptions=True)


async def test_websocket_without_credentials_is_rejected(server: LiveServer) -> None:
    client = Client(transport=WebsocketsTransport(url=server.ws_url))
    with pytest.raises(Exception):
        async with client as session:
            async for _ in session.subscribe(req(FEED)):
                break


async def test_cookie_session_requires_csrf_header(server: LiveServer) -> None:
    async with httpx.AsyncClient(base_url=server.url) as browser:
        login = await browser.post(
            "/graphql",
            json={
                "query": 'mutation { login(email: "agent@example.test", password: "correct-horse-battery") { viewer { role } } }'
            },
        )
        assert login.json()["data"]["login"]["viewer"]["role"] == "AGENT"
        assert "casebook_session" in browser.cookies and "casebook_csrf" in browser.cookies
        without = await browser.post("/graphql", json={"query": "{ cases { totalCount } }"})
        assert without.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        with_header = await browser.post(
            "/graphql",
            json={"query": "{ cases { totalCount } }"},
            headers={"x-csrf-token": browser.cookies["casebook_csrf"]},
        )
        assert "errors" not in with_header.json()
        health = await browser.get("/healthz")
        assert health.json() == {"status": "ok"}
        ide = await browser.get("/graphql", headers={"accept": "text/html"})
        assert ide.status_code == 200 and "graphiql" in ide.text.lower()


SLA_CASE = """
query($id: ID!) { case(id: $id) { id sla { badge nextDueAt policy { name }
  targets { kind state dueAt businessMinutesLeft } timeline { kind } } } }
"""
SLA_EVENTS = (
    "subscription($id: ID!) { caseEvents(caseId: $id) { __typename case { id sla { badge nextDueAt } } } }"
)


async def test_case_sla_is_staff_only_over_http_and_websocket(
    server: LiveServer, tokens: dict[str, str]
) -> None:
    async with http_client(server, tokens["admin"]) as admin:
        await admin.execute(
            req(
                "mutation($input: SlaPolicyInput!) { createSlaPolicy(input: $input) { id } }",
                {
                    "input": {
                        "name": "Contract",
                        "targets": [
                            {"priority": "NORMAL", "firstResponseMinutes": 60, "resolutionMinutes": 480}
                        ],
                    }
                },
            )
        )
    async with http_client(server, tokens["carol"]) as carol:
        case = (await carol.execute(req(CREATE, {"input": {"subject": "SLA please"}})))["createCase"]
    # This server runs no background work (CASEBOOK_MAIL_WORKERS=0): the sla consumer runs as a
    # worker process of its own would, over the same database.
    await asyncio.to_thread(_run_sla_consumer, server)
    async with http_client(server, tokens["agent"]) as agent:
        sla = (await agent.execute(req(SLA_CASE, {"id": case["id"]})))["case"]["sla"]
    assert sla is not None, "the case got no SLA"
    assert sla["policy"] == {"name": "Contract"} and sla["badge"] == "RUNNING"
    assert [(t["kind"], t["state"]) for t in sla["targets"]] == [
        ("FIRST_RESPONSE", "RUNNING"),
        ("RESOLUTION", "RUNNING"),
    ]
    assert sla["nextDueAt"] == sla["targets"][0]["dueAt"] and sla["timeline"] == [{"kind": "RUNNING"}]
    async with http_client(server, tokens["carol"]) as carol:
        assert (await carol.execute(req(SLA_CASE, {"id": case["id"]})))["case"] == {
            "id": case["id"],
            "sla": None,
        }

    carol_live, t1 = await start(ws_client(server, tokens["carol"]), SLA_EVENTS, {"id": case["id"]})
    agent_live, t2 = await start(ws_client(server, tokens["agent"]), SLA_EVENTS, {"id": case["id"]})
    try:
        async with http_client(server, tokens["agent"]) as agent:
            await agent.execute(req(POST, {"id": case["id"], "body": "Looking into it"}))
        mine = await wait_for(carol_live, lambda e: e["caseEvents"]["__typename"] == "PostAdded")
        theirs = await wait_for(agent_live, lambda e: e["caseEvents"]["__typename"] == "PostAdded")
        assert mine["caseEvents"]["case"] == {"id": case["id"], "sla": None}
        assert theirs["caseEvents"]["case"]["sla"]["badge"] in ("RUNNING", "MET")
    finally:
        for task in (t1, t2):
            task.cancel()
        await asyncio.gather(t1, t2, return_exceptions=True)


_SLA_CONSUMER = """
import asyncio
from tortoise import Tortoise
from casebook import settings
from casebook.background import consumers
from casebook.db import tortoise_config
from casebook.sla.engine import CONSUMER

async def main():
    await Tortoise.init(config=tortoise_config(settings.DATABASE_URL))
    await consumers.run_to_end(CONSUMER)
    await Tortoise.close_connections()

asyncio.run(main())
"""


def _run_sla_consumer(server: LiveServer) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", _SLA_CONSUMER], env=server.env, check=True, timeout=60)
