"""Loads N cases with contacts and posts into a migrated PostgreSQL database, fast (COPY via asyncpg).

    .venv/bin/python bench/generate.py --database-url postgres://postgres@127.0.0.1:5432/casebook_bench \
        --cases 100000 [--posts-per-case 5]

The search and keyset indexes are dropped during the load and rebuilt afterwards (the same
definitions, read from pg_indexes), then ANALYZE. Rows are synthetic but shaped like the real ones:
2 contacts per case, an account, an assignee on 3 cases in 4, posts with 1 in 4 INTERNAL, bodies
drawn from a Zipfian vocabulary (see `vocabulary`) so full-text search meets words of every
frequency, from in nearly every case to in none. The per-case search documents (migration 0003)
are filled in one statement after the COPY, with their triggers off during it. Prints a table
and appends it to bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

import asyncpg
from report import Table

WORDS = [
    "printer",
    "network",
    "connection",
    "invoice",
    "refund",
    "password",
    "login",
    "email",
    "outage",
    "slow",
    "error",
    "timeout",
    "server",
    "database",
    "backup",
    "restore",
    "license",
    "upgrade",
    "install",
    "crash",
    "report",
    "export",
    "import",
    "billing",
    "account",
    "shipping",
    "delivery",
    "order",
    "broken",
    "screen",
    "battery",
    "update",
    "sync",
    "mobile",
    "desktop",
    "browser",
    "certificate",
    "firewall",
    "proxy",
    "vpn",
    "latency",
    "disk",
    "memory",
    "cpu",
    "quota",
    "permission",
    "access",
    "token",
    "api",
    "webhook",
    "integration",
    "calendar",
    "meeting",
    "schedule",
    "reminder",
    "notification",
    "attachment",
    "upload",
    "download",
    "search",
    "filter",
    "dashboard",
    "chart",
    "metric",
    "alert",
    "incident",
    "problem",
    "question",
    "feature",
]
TAIL_WORDS = 20_000
TAPE = 1_000_003


def vocabulary() -> list[str]:
    """Words by rank: the support words above first, then made-up ones (`bakoru`...), all distinct.

    Text draws them with Zipf's law (weight 1/rank), as in natural language: in the per-case
    documents the first ranks occur in nearly every case, rank ~100 in ~15 %, rank ~1,000 in
    ~1.5 %, rank ~10,000 in ~0.15 %. bench/run.py picks its search terms by rank from this list.
    """
    rng = random.Random(11)
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    seen = set(WORDS)
    tail: list[str] = []
    while len(tail) < TAIL_WORDS:
        word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return WORDS + tail


STATUSES = ["NEW", "ASSIGNED", "PENDING", "ON_HOLD", "RESOLVED", "CLOSED"]
PRIORITIES = ["LOW", "NORMAL", "NORMAL", "HIGH", "URGENT"]
TYPES = ["QUESTION", "INCIDENT", "PROBLEM", "FEATURE_REQUEST"]
INDEXED = ("cases", "posts", "case_contacts", "case_search")


class Text:
    """Zipfian text, fast: random windows of one long tape of words drawn once by rank weight."""

    def __init__(self, rng: random.Random) -> None:
        vocab = vocabulary()
        self.rng = rng
        self.tape = rng.choices(vocab, weights=[1 / rank for rank in range(1, len(vocab) + 1)], k=TAPE)

    def __call__(self, n: int) -> str:
        start = self.rng.randrange(0, TAPE - n)
        return " ".join(self.tape[start : start + n])


async def generate(dsn: str, cases: int, posts_per_case: int, seed: int = 7) -> Table:
    rng = random.Random(seed)
    words = Text(rng)
    conn = await asyncpg.connect(dsn)
    timings: list[tuple[str, float, int]] = []
    try:
        existing = await conn.fetchval("SELECT count(*) FROM cases")
        if existing:
            raise SystemExit(f"the database already has {existing} cases; use a fresh one")
        now = datetime.now(UTC)
        n_accounts = max(cases // 20, 10)
        n_contacts = max(cases // 4, 20)
        n_agents = 50

        t = time.perf_counter()
        await conn.copy_records_to_table(
            "accounts",
            records=[
                (i, f"Account {i}", f"a{i}.example", None, None, now, now) for i in range(1, n_accounts + 1)
            ],
            columns=[
                "id",
                "name",
                "domain",
                "phone",
                "notes",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "contacts",
            records=[
                (
                    i,
                    f"Contact {i}",
                    f"c{i}@customer.example",
                    None,
                    now,
                    now,
                    (i % n_accounts) + 1,
                )
                for i in range(1, n_contacts + 1)
            ],
            columns=[
                "id",
                "name",
                "email",
                "phone",
                "created_at",
                "updated_at",
                "account_id",
            ],
        )
        first_user = (await conn.fetchval("SELECT coalesce(max(id), 0) FROM users")) + 1
        agent_ids = list(range(first_user, first_user + n_agents))
        await conn.copy_records_to_table(
            "users",
            records=[
                (
                    uid,
                    f"agent{uid}@bench.example",
                    f"Agent {uid}",
                    None,
                    "AGENT",
                    True,
                    False,
                    False,
                    False,
                    False,
                    False,
                    now,
                    now,
                    None,
                )
                for uid in agent_ids
            ],
            columns=[
                "id",
                "email",
                "name",
                "password_hash",
                "role",
                "is_active",
                "is_away",
                "auto_follow",
                "email_notifications",
                "portal_account_access",
                "portal_can_create",
                "created_at",
                "updated_at",
                "contact_id",
            ],
        )
        timings.append(
            (
                "accounts, contacts, users",
                time.perf_counter() - t,
                n_accounts + n_contacts + n_agents,
            )
        )

        # Indexes are rebuilt in one pass after the load: much faster than maintaining GIN per row.
        index_defs = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)"
            " AND indexdef NOT LIKE '%UNIQUE%'",
            list(INDEXED),
        )
        for row in index_defs:
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        # The search triggers would update case_search once per row; it is filled in one pass below.
        search_triggers = await conn.fetch(
            "SELECT tgrelid::regclass::text AS tab, tgname FROM pg_trigger"
            " WHERE NOT tgisinternal AND tgname LIKE 'case\\_search\\_%'"
        )
        for row in search_triggers:
            await conn.execute(f'ALTER TABLE {row["tab"]} DISABLE TRIGGER "{row["tgname"]}"')
        await conn.execute("SET work_mem = '256MB'")
        await conn.execute("SET maintenance_work_mem = '1GB'")

        t = time.perf_counter()
        case_rows, link_rows, post_rows = [], [], []
        post_id = 0
        chunk = 20_000
        n_posts = 0
        for case_id in range(1, cases + 1):
            created = now - timedelta(minutes=(cases - case_id) * 3 + rng.randint(0, 2))
            updated = created + timedelta(minutes=rng.randint(0, 600))
            last_post = last_public = None
            for k in range(posts_per_case):
                post_id += 1
                internal = rng.random() < 0.25
                post_rows.append(
                    (
                        post_id,
                        case_id,
                        words(rng.randint(8, 40)),
                        None,
                        "INTERNAL" if internal else "PUBLIC",
                        "AGENT",
                        "AGENT",
                        rng.choice(agent_ids),
                        None,
                        "Agent",
                        None,
                        created + timedelta(minutes=k * 7),
                        None,
                    )
                )
                last_post = post_id
                if not internal:
                    last_public = post_id
            contact = rng.randint(1, n_contacts)
            second = rng.randint(1, n_contacts)
            account = (contact % n_accounts) + 1
            case_rows.append(
                (
                    case_id,
                    10000 + case_id,
                    words(6).capitalize(),
                    words(30),
                    rng.choice(STATUSES),
                    rng.choice(PRIORITIES),
                    rng.choice(TYPES),
                    "EMAIL",
                    None,
                    None,
                    None,
                    None,
                    None,
                    "[]",
                    None,
                    None,
                    last_post,
                    last_public,
                    created,
                    updated,
                    None,
                    None,
                    None,
                    account,
                    rng.choice(agent_ids) if rng.random() < 0.75 else None,
                    None,
                    None,
                    None,
                    contact,
                    None,
                )
            )
            link_rows.append((case_id, contact))
            if second != contact:
                link_rows.append((case_id, second))
            if len(case_rows) >= chunk or case_id == cases:
                await conn.copy_records_to_table(
                    "cases",
                    records=case_rows,
                    columns=[
                        "id",
                        "number",
                        "subject",
                        "description",
                        "status",
                        "priority",
                        "type",
                        "origin",
                        "email",
                        "phone",
                        "product",
                        "reason",
                        "topic",
                        "tags",
                        "internal_comments",
                        "solution",
                        "last_post_id",
                        "last_public_post_id",
                        "created_at",
                        "updated_at",
                        "first_response_at",
                        "resolved_at",
                        "closed_at",
                        "account_id",
                        "assignee_id",
                        "created_by_id",
                        "merged_into_id",
                        "parent_id",
                        "reported_by_id",
                        "team_id",
                    ],
                )
                await conn.copy_records_to_table(
                    "case_contacts",
                    records=link_rows,
                    columns=["case_id", "contact_id"],
                )
                await conn.copy_records_to_table(
                    "posts",
                    records=post_rows,
                    columns=[
                        "id",
                        "case_id",
                        "body",
                        "body_html",
                        "visibility",
                        "channel",
                        "author_kind",
                        "author_user_id",
                        "author_contact_id",
                        "author_name",
                        "author_email",
                        "created_at",
                        "edited_at",
                    ],
                )
                n_posts += len(post_rows)
                case_rows, link_rows, post_rows = [], [], []
        timings.append(
            (
                "cases, case_contacts, posts (COPY)",
                time.perf_counter() - t,
                cases + n_posts,
            )
        )

        if search_triggers:
            t = time.perf_counter()
            await conn.execute("SELECT casebook_case_search_fill()")
            for row in search_triggers:
                await conn.execute(f'ALTER TABLE {row["tab"]} ENABLE TRIGGER "{row["tgname"]}"')
            timings.append(
                (
                    "case_search documents (one INSERT … SELECT)",
                    time.perf_counter() - t,
                    cases,
                )
            )

        t = time.perf_counter()
        for row in index_defs:
            await conn.execute(row["indexdef"])
        timings.append((f"rebuild {len(index_defs)} indexes", time.perf_counter() - t, 0))

        t = time.perf_counter()
        for table, column in (
            ("accounts", "id"),
            ("contacts", "id"),
            ("users", "id"),
            ("cases", "id"),
            ("posts", "id"),
        ):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT max({column}) FROM {table}))"
            )
        await conn.execute(
            "UPDATE case_counters SET value = $1 WHERE name = 'case_number'",
            10000 + cases,
        )
        await conn.execute("ANALYZE")
        timings.append(("sequences, ANALYZE", time.perf_counter() - t, 0))
    finally:
        await conn.close()

    table = Table(
        f"Data generation: {cases:,} cases, {n_posts:,} posts, {n_contacts:,} contacts",
        ["step", "seconds", "rows/s"],
    )
    for step, seconds, rows in timings:
        table.add(step, f"{seconds:.1f}", f"{rows / seconds:,.0f}" if rows else "")
    table.add("total", f"{sum(s for _, s, _ in timings):.1f}", "")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--posts-per-case", type=int, default=5)
    args = parser.parse_args()
    if not 1 <= args.cases <= 5_000_000:
        raise SystemExit("--cases between 1 and 5,000,000")
    table = asyncio.run(
        generate(
            args.database_url.replace("postgres://", "postgresql://", 1),
            args.cases,
            args.posts_per_case,
        )
    )
    table.emit()


if __name__ == "__main__":
    main()
