"""The SLA step of `make bench` (BENCH_ONLY=sla): SLA timers at 100,000 open cases.

Every generated case is made open (status ASSIGNED) and gets two RUNNING clocks under one policy —
first response and resolution — each with its next threshold's `sla.due` job pending, as the
`sla` consumer leaves them (casebook.sla.clocks.schedule): 200,000 clocks and 200,000 pending
timers, written in bulk so the step takes seconds, not the hours the API would.

Then one `casebook worker` process (as in production) runs two phases of 60 s each:
- 0 % due: every timer is hours or days away. The worker's CPU here is what open cases cost it
  when nothing is due: it should be the same as with no SLAs at all (the job poll).
- 1 % due: the resolution clocks of 1,000 cases (1 %) come due spread over the minute. The
  worker fires each breach once: the SLA_BREACHED event, the in-app notice to the assignee, the
  clock's fired list. Firing latency = the event's time - the clock's due time (the spec's bound
  is 60 s); CPU is the worker's over that minute.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import asyncpg
from report import Table

if TYPE_CHECKING:
    from run import Bench

DUE_SHARE = 0.01
PHASE_SECONDS = 60
TARGETS = {"FIRST_RESPONSE": 480, "RESOLUTION": 2880}  # minutes, 24/7 (the policy names no calendar)


def stamp(moment: datetime) -> str:
    """casebook.sla.clocks.stamp: the job's instant as the timer compares it."""
    return moment.astimezone(UTC).isoformat()


def _consumer_names() -> list[str]:
    from casebook.background import consumers, worker

    worker.load_handlers()
    return [c.name for c in consumers.registered()]


async def _setup(dsn: str) -> int:
    """Opens every case, gives it two running clocks with far-away thresholds; the case count."""
    conn = await asyncpg.connect(dsn)
    try:
        policy = await conn.fetchval(
            "INSERT INTO sla_policies (name, position, active, calendar_id, conditions, targets, "
            "pause_statuses, warn_percents, created_at, updated_at) VALUES ('Bench', 10, true, NULL, "
            "'{}'::jsonb, $1::jsonb, '[\"PENDING\", \"ON_HOLD\"]'::jsonb, '[75, 90]'::jsonb, now(), now()) "
            "RETURNING id",
            json.dumps({p: TARGETS for p in ("LOW", "NORMAL", "HIGH", "URGENT")}),
        )
        await conn.execute("UPDATE cases SET status = 'ASSIGNED' WHERE status <> 'ASSIGNED'")
        # Started in the last 2 hours: the next threshold (75 % of 8 h or 2 days) is hours away.
        rows = await conn.fetch(
            "INSERT INTO sla_clocks (case_id, kind, cycle, policy_id, target_minutes, state, started_at, "
            "since, used_minutes, due_at, fired, next_fire_at) "
            "SELECT c.id, k.kind, 1, $1, k.minutes, 'RUNNING', s.at, s.at, 0, "
            "s.at + make_interval(mins => k.minutes), '[]'::jsonb, "
            "s.at + make_interval(mins => k.minutes * 3 / 4) "
            "FROM cases c CROSS JOIN (VALUES ('FIRST_RESPONSE', $2::int), ('RESOLUTION', $3::int)) k(kind, minutes) "
            "CROSS JOIN LATERAL (SELECT now() - make_interval(secs => (c.id % 7200)) AS at) s "
            "RETURNING id, next_fire_at",
            policy,
            TARGETS["FIRST_RESPONSE"],
            TARGETS["RESOLUTION"],
        )
        now = datetime.now(UTC)
        await conn.copy_records_to_table(
            "jobs",
            columns=["kind", "key", "payload", "run_at", "status", "attempts", "created_at"],
            records=[
                (
                    "sla.due",
                    f"sla.due:{r['id']}:{stamp(r['next_fire_at'])}",
                    json.dumps({"clock_id": r["id"], "at": stamp(r["next_fire_at"])}),
                    r["next_fire_at"],
                    "PENDING",
                    0,
                    now,
                )
                for r in rows
            ],
        )
        await conn.execute(
            "UPDATE cases c SET sla_due_at = d.due FROM (SELECT case_id, MIN(due_at) AS due FROM sla_clocks "
            "GROUP BY case_id) d WHERE d.case_id = c.id"
        )
        # Every consumer starts at the log's end: the worker measured here has the earlier steps'
        # posts behind it (a backlog is the automation step's measure, not this one's).
        await conn.execute(
            "INSERT INTO consumer_checkpoints (name, tx, event_id, updated_at) "
            "SELECT n, (SELECT COALESCE(MAX(tx::text::bigint), 0) FROM events), "
            "(SELECT COALESCE(MAX(id), 0) FROM events), now() FROM unnest($1::text[]) n "
            "ON CONFLICT (name) DO UPDATE SET tx = excluded.tx, event_id = excluded.event_id",
            _consumer_names(),
        )
        await conn.execute("ANALYZE sla_clocks; ANALYZE jobs; ANALYZE cases")
        return int(await conn.fetchval("SELECT COUNT(*) FROM cases"))
    finally:
        await conn.close()


async def _make_due(dsn: str, share: float, start: datetime, seconds: float) -> dict[int, datetime]:
    """Brings the resolution clocks of `share` of the cases due within [start, start + seconds):
    the breach (75 and 90 % already fired) is the next threshold, with its job. {case id: due}."""
    conn = await asyncpg.connect(dsn)
    try:
        ids = [r["id"] for r in await conn.fetch("SELECT id FROM cases ORDER BY id")]
        chosen = random.Random(13).sample(ids, max(1, int(len(ids) * share)))
        due = {
            case_id: start + timedelta(seconds=seconds * i / len(chosen)) for i, case_id in enumerate(chosen)
        }
        rows = await conn.fetch(
            "UPDATE sla_clocks k SET started_at = d.due - make_interval(mins => k.target_minutes), "
            "since = d.due - make_interval(mins => k.target_minutes), used_minutes = 0, due_at = d.due, "
            "fired = '[75, 90]'::jsonb, next_fire_at = d.due "
            "FROM unnest($1::int[], $2::timestamptz[]) d(case_id, due) "
            "WHERE k.case_id = d.case_id AND k.kind = 'RESOLUTION' RETURNING k.id, k.next_fire_at",
            list(due),
            list(due.values()),
        )
        await conn.executemany(
            "INSERT INTO jobs (kind, key, payload, run_at, status, attempts, created_at) "
            "VALUES ('sla.due', $1, $2::jsonb, $3, 'PENDING', 0, now())",
            [
                (
                    f"sla.due:{r['id']}:{stamp(r['next_fire_at'])}",
                    json.dumps({"clock_id": r["id"], "at": stamp(r["next_fire_at"])}),
                    r["next_fire_at"],
                )
                for r in rows
            ],
        )
        return due
    finally:
        await conn.close()


async def _breaches(dsn: str, since: datetime) -> dict[int, list[datetime]]:
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT case_id, at FROM events WHERE kind = 'SLA_BREACHED' AND at >= $1 ORDER BY id", since
        )
    finally:
        await conn.close()
    found: dict[int, list[datetime]] = {}
    for r in rows:
        found.setdefault(r["case_id"], []).append(r["at"])
    return found


def run(bench: Bench) -> None:
    from automation import _catch_up
    from run import ROOT, cpu_seconds, process

    dsn = bench.db.replace("postgres://", "postgresql://", 1)
    t = time.monotonic()
    cases = asyncio.run(_setup(dsn))
    setup_seconds = time.monotonic() - t
    table = Table(
        f"SLA timers: {cases:,} open cases, 2 running clocks each ({2 * cases:,} pending timers), "
        f"1 worker process, {PHASE_SECONDS} s per phase",
        [
            "phase",
            "breaches due",
            "fired",
            "fired twice",
            "latency p50 s",
            "latency p99 s",
            "worker CPU s/min",
        ],
        [
            f"Set-up (bulk SQL): {setup_seconds:.0f} s. Latency: SLA_BREACHED event time - the clock's due "
            "time (bound: 60 s). CPU: user + system seconds of the worker process over the phase's minute.",
        ],
    )
    worker_env = {**bench.env, "CASEBOOK_WORKERS": "true", "CASEBOOK_MAIL_WORKERS": "true"}
    with process(
        [str(ROOT / ".venv/bin/casebook"), "worker"], bench.workdir / "worker-sla.log", worker_env
    ) as worker:
        _catch_up(dsn)
        time.sleep(5)  # the worker's start-up (imports, first polls) is not the phase's cost
        cpu = cpu_seconds(worker.pid)
        time.sleep(PHASE_SECONDS)
        table.add("0 % due", 0, 0, 0, "", "", f"{(cpu_seconds(worker.pid) - cpu) * 60 / PHASE_SECONDS:.2f}")

        start = datetime.now(UTC) + timedelta(seconds=2)
        due = asyncio.run(_make_due(dsn, DUE_SHARE, start, PHASE_SECONDS - 5))
        cpu = cpu_seconds(worker.pid)
        time.sleep(PHASE_SECONDS)
        used = cpu_seconds(worker.pid) - cpu
        deadline = time.monotonic() + 90  # the stragglers, if any, for the latency column
        fired = asyncio.run(_breaches(dsn, start - timedelta(seconds=1)))
        while len(fired) < len(due) and time.monotonic() < deadline:
            time.sleep(2)
            fired = asyncio.run(_breaches(dsn, start - timedelta(seconds=1)))
        latencies = sorted(
            (ats[0] - due[case_id]).total_seconds() for case_id, ats in fired.items() if case_id in due
        )
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("inf")
        table.add(
            f"{DUE_SHARE * 100:.0f} % due",
            len(due),
            len(latencies),
            sum(1 for ats in fired.values() if len(ats) > 1),
            f"{statistics.median(latencies):.2f}" if latencies else "-",
            f"{p99:.2f}",
            f"{used * 60 / PHASE_SECONDS:.2f}",
        )
    table.emit()
