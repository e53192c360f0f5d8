"""The automation step of `make bench` (BENCH_ONLY=automation): rules run off the request path.

One API process and one `casebook worker` process (as in production: the worker reads the event
log), the write benchmark's load (addPost on random cases, concurrency 32) three times: without
rules, with 100 active rules, and without them again (the rules deactivated). Each phase records
the request throughput and what the worker did with the events the load wrote: how far the rules
consumer was behind at the end of the load (events), and how long it took to reach the end of
the log after the load stopped.

The 100 rules are what a busy helpdesk has: most listen to posts and case changes and do not
match these posts (keyword, status, priority, channel conditions, nested groups), a few listen to
case creation, and one matches every post and acts (adds a tag, a case change: an event of its own
that the CASE_UPDATED rules then evaluate).
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import TYPE_CHECKING, Any

import asyncpg
from report import Table

if TYPE_CHECKING:
    from run import Bench

RULES = 100
ADMIN_EMAIL = "bench-admin@example.test"
CREATE_RULE = "mutation($i: RuleInput!) { createRule(input: $i) { id } }"
UPDATE_RULE = "mutation($id: ID!, $i: RuleInput!) { updateRule(id: $id, input: $i) { id } }"


def rule_inputs(count: int = RULES) -> list[dict[str, Any]]:
    """`count` rules: one that acts on every post, the rest mostly quiet."""
    rules: list[dict[str, Any]] = [
        {
            "name": "Tag posted cases",
            "event": "POST_ADDED",
            "position": 1,
            "conditions": {"all": [{"field": "post.body", "operator": "CONTAINS", "value": "bench"}]},
            "actions": [{"type": "ADD_TAG", "value": "bench-seen"}],
        }
    ]
    for i in range(1, count):
        kind = i % 10
        if kind < 5:
            rule = {
                "event": "POST_ADDED",
                "conditions": {
                    "all": [{"field": "post.body", "operator": "CONTAINS", "value": f"keyword-{i}"}],
                    "any": [
                        {"field": "priority", "operator": "EQUALS", "value": "URGENT"},
                        {"field": "post.channel", "operator": "EQUALS", "value": "EMAIL"},
                    ],
                },
                "actions": [{"type": "SET_FIELD", "field": "priority", "value": "HIGH"}],
            }
        elif kind < 9:
            rule = {
                "event": "CASE_UPDATED",
                "conditions": {
                    "all": [{"field": "priority", "operator": "CHANGED_TO", "value": "URGENT"}],
                    "groups": [
                        {"any": [{"field": "subject", "operator": "MATCHES", "value": f"outage-{i}\\b"}]}
                    ],
                },
                "actions": [{"type": "ADD_INTERNAL_NOTE", "value": f"Rule {i}: urgent outage"}],
            }
        else:
            rule = {
                "event": "CASE_CREATED",
                "conditions": {"all": [{"field": "subject", "operator": "CONTAINS", "value": f"tariff {i}"}]},
                "actions": [{"type": "ADD_TAG", "value": f"tariff-{i}"}],
            }
        rules.append({"name": f"Bench rule {i}", "position": 10 * (i + 1), **rule})
    return rules


async def _lag(dsn: str, consumer: str = "rules") -> tuple[int, int]:
    """(events in the log, events after the consumer's checkpoint). The log is read in
    (transaction, id) order (casebook.events.log), so "after" is in that order, not by id alone."""
    conn = await asyncpg.connect(dsn)
    try:
        end = int(await conn.fetchval("SELECT COALESCE(MAX(id), 0) FROM events"))
        behind = await conn.fetchval(
            "SELECT COUNT(*) FROM events e WHERE (e.tx::text::bigint, e.id) > COALESCE("
            "(SELECT (c.tx, c.event_id) FROM consumer_checkpoints c WHERE c.name = $1), (0::bigint, 0::bigint))",
            consumer,
        )
    finally:
        await conn.close()
    return end, int(behind)


def _catch_up(dsn: str, timeout: float = 120) -> tuple[int, float]:
    """(lag when the load stopped, seconds until the rules consumers reached the log's end)."""
    t = time.monotonic()
    _, lag_at_end = asyncio.run(_lag(dsn))
    lag = lag_at_end
    while lag > 0 and time.monotonic() - t < timeout:
        time.sleep(0.2)
        _, lag = asyncio.run(_lag(dsn))
    return lag_at_end, (time.monotonic() - t) if lag == 0 else float("inf")


def run(bench: Bench) -> None:
    from run import PASSWORD, ROOT, cpu_seconds, post_lua, process, run_cli, wrk

    env = {**os.environ, **bench.env}
    run_cli(
        "create-user", "--email", ADMIN_EMAIL, "--password", PASSWORD, "--name", "Bench Admin",
        "--role", "ADMIN", env=env,
    )  # fmt: skip
    dsn = bench.db.replace("postgres://", "postgresql://", 1)
    duration = min(bench.args.duration, 20)
    table = Table(
        f"Automation: addPost at concurrency 32 for {duration} s, 1 API process + 1 worker process",
        [
            "phase",
            "posts/s",
            "p99 ms",
            "events written",
            "rules lag at the end",
            "rules caught up after",
            "notifications lag then",
            "worker CPU s",
        ],
        [
            f"{RULES} active rules: {RULES // 2} on POST_ADDED, {RULES * 2 // 5} on CASE_UPDATED, "
            f"{RULES // 10} on CASE_CREATED; one of them tags every posted case (an event of its own).",
            "Rules lag: events in the log the rules consumer had not handled when the load stopped; "
            "caught up: seconds from then until it reached the log's end; notifications lag: the "
            "notifications consumer's backlog at that moment (it grows across the phases).",
        ],
    )
    server = bench.server()
    worker_env = {**bench.env, "CASEBOOK_WORKERS": "true", "CASEBOOK_MAIL_WORKERS": "true"}
    try:
        with process(
            [str(ROOT / ".venv/bin/casebook"), "worker"], bench.workdir / "worker.log", worker_env
        ) as worker:
            bench.login_all(server)
            admin = server.login(ADMIN_EMAIL, PASSWORD)
            ids: list[str] = []
            for phase in ("no rules", f"{RULES} active rules", "rules deactivated"):
                if phase.endswith("active rules"):
                    for rule in rule_inputs():
                        got = server.graphql(CREATE_RULE, {"i": rule}, token=admin)
                        assert "errors" not in got, got
                        ids.append(got["data"]["createRule"]["id"])
                elif ids:
                    for rule_id, rule in zip(ids, rule_inputs(), strict=True):
                        got = server.graphql(
                            UPDATE_RULE, {"id": rule_id, "i": {**rule, "active": False}}, token=admin
                        )
                        assert "errors" not in got, got
                _catch_up(dsn)  # nothing left over from the phase before
                before, _ = asyncio.run(_lag(dsn))
                cpu = cpu_seconds(worker.pid)
                result = wrk(
                    server.url + "/graphql",
                    post_lua(None, bench.tokens["agent"], random_case=bench.args.cases),
                    duration,
                    bench.workdir,
                )
                lag, seconds = _catch_up(dsn)
                after, _ = asyncio.run(_lag(dsn))
                table.add(
                    phase,
                    f"{result['rps']:.0f}",
                    f"{result['p99']:.1f}",
                    after - before,
                    lag,
                    f"{seconds:.1f} s",
                    asyncio.run(_lag(dsn, "notifications"))[1],
                    f"{cpu_seconds(worker.pid) - cpu:.1f}",
                )
    finally:
        server.stop()
        if "inf" in str(table.rows):  # a consumer that did not catch up: show why
            print((bench.workdir / "worker.log").read_text()[-4000:], flush=True)
    table.emit()
