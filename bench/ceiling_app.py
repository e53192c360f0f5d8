"""The ceiling for the case-list benchmark: a plain Starlette endpoint, no GraphQL, no ORM.

It authenticates the bearer token, runs the same keyset query and the same batch queries the
GraphQL list runs (account, contacts, assignee, last visible post) with asyncpg and bound arrays,
and builds the same JSON as `bench/api.py`'s LIST_QUERY by hand. The GraphQL server's throughput
divided by this one's is the "ceiling ratio".

    CEILING_DSN=postgresql://... .venv/bin/uvicorn --app-dir bench ceiling_app:app --port 8101
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

pool: asyncpg.Pool | None = None

CASE_COLS = (
    "c.id, c.number, c.subject, c.status, c.priority, c.updated_at, c.account_id, c.assignee_id, "
    "c.last_post_id, c.last_public_post_id"
)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _cursor(updated_at: datetime, case_id: int) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([updated_at.isoformat(), case_id])).decode()


async def cases(request: Request) -> Response:
    assert pool is not None
    token = request.headers.get("authorization", "")[7:]
    async with pool.acquire() as conn:
        user = await conn.fetchrow(
            "SELECT u.id, u.role, u.contact_id, u.is_active, s.expires_at FROM sessions s "
            "JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
            hashlib.sha256(token.encode()).hexdigest(),
        )
        if user is None or not user["is_active"] or user["expires_at"] < datetime.now(UTC):
            return Response(
                orjson.dumps({"errors": [{"message": "Sign in first."}]}),
                media_type="application/json",
            )
        customer = user["role"] == "CUSTOMER"
        if customer:
            rows = await conn.fetch(
                f"SELECT {CASE_COLS} FROM cases c WHERE c.id IN (SELECT x.id FROM cases x "
                "WHERE x.reported_by_id = $1 UNION ALL SELECT cc.case_id FROM case_contacts cc "
                "WHERE cc.contact_id = $1) "
                "ORDER BY c.updated_at DESC, c.id DESC LIMIT 26",
                user["contact_id"],
            )
        else:
            await conn.fetch("SELECT team_id FROM team_members WHERE user_id = $1", user["id"])
            rows = await conn.fetch(
                f"SELECT {CASE_COLS} FROM cases c ORDER BY c.updated_at DESC, c.id DESC LIMIT 26"
            )
        has_next = len(rows) > 25
        rows = rows[:25]
        case_ids = [r["id"] for r in rows]
        account_ids = list({r["account_id"] for r in rows if r["account_id"]})
        user_ids = list({r["assignee_id"] for r in rows if r["assignee_id"]})
        post_key = "last_public_post_id" if customer else "last_post_id"
        post_ids = list({r[post_key] for r in rows if r[post_key]})
        accounts = {
            r["id"]: r
            for r in await conn.fetch("SELECT id, name FROM accounts WHERE id = ANY($1::int[])", account_ids)
        }
        users = {
            r["id"]: r
            for r in await conn.fetch("SELECT id, name FROM users WHERE id = ANY($1::int[])", user_ids)
        }
        links = await conn.fetch(
            "SELECT case_id, contact_id FROM case_contacts WHERE case_id = ANY($1::int[]) ORDER BY contact_id",
            case_ids,
        )
        contacts = {
            r["id"]: r
            for r in await conn.fetch(
                "SELECT id, name, email FROM contacts WHERE id = ANY($1::int[])",
                list({r["contact_id"] for r in links}),
            )
        }
        posts = {
            r["id"]: r
            for r in await conn.fetch(
                "SELECT id, body, created_at, author_name FROM posts WHERE id = ANY($1::int[])",
                post_ids,
            )
        }
    by_case: dict[int, list[int]] = {}
    for link in links:
        by_case.setdefault(link["case_id"], []).append(link["contact_id"])
    edges: list[dict[str, Any]] = []
    for r in rows:
        account = accounts.get(r["account_id"])
        assignee = users.get(r["assignee_id"])
        post = posts.get(r[post_key])
        edges.append(
            {
                "cursor": _cursor(r["updated_at"], r["id"]),
                "node": {
                    "id": str(r["id"]),
                    "number": r["number"],
                    "subject": r["subject"],
                    "status": r["status"],
                    "priority": r["priority"],
                    "updatedAt": _iso(r["updated_at"]),
                    "account": {"id": str(account["id"]), "name": account["name"]} if account else None,
                    "contacts": [
                        {
                            "id": str(c),
                            "name": contacts[c]["name"],
                            "email": contacts[c]["email"],
                        }
                        for c in by_case.get(r["id"], [])
                        if c in contacts
                    ],
                    "assignee": {"id": str(assignee["id"]), "name": assignee["name"]} if assignee else None,
                    "lastPost": {
                        "id": str(post["id"]),
                        "body": post["body"],
                        "createdAt": _iso(post["created_at"]),
                        "author": {"name": post["author_name"]},
                    }
                    if post
                    else None,
                },
            }
        )
    page = {
        "hasNextPage": has_next,
        "endCursor": edges[-1]["cursor"] if edges else None,
    }
    body = {"data": {"cases": {"edges": edges, "pageInfo": page}}}
    return Response(orjson.dumps(body), media_type="application/json")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(os.environ["CEILING_DSN"], min_size=5, max_size=20)
    try:
        yield
    finally:
        await pool.close()


app = Starlette(routes=[Route("/cases", cases, methods=["POST", "GET"])], lifespan=lifespan)
