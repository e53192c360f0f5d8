"""Where a new event-log consumer starts: after the events that were there before it existed.

A migration that adds a consumer (notifications, assignment; later rules, SLA timers, webhooks)
calls `start_at_log_end` so that the consumer does not act on the past (the case history that
migration 0007 copied into the log, or months of events before a feature was installed). Plain SQL
on the migration's own client: the migration may run in the transaction that wrote those events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any


async def start_at_log_end(client: Any, names: Iterable[str]) -> None:
    sqlite = client.capabilities.dialect == "sqlite"
    tx = "0" if sqlite else "tx::text::bigint"
    # No snapshot filter as casebook.events.log has: the backfill may be this very transaction's.
    rows = await client.execute_query_dict(
        f"SELECT {tx} AS tx, id FROM events ORDER BY tx DESC, id DESC LIMIT 1"
    )
    if not rows:
        return
    for name in names:
        await client.execute_query(
            "INSERT INTO consumer_checkpoints (name, tx, event_id, updated_at) VALUES "
            + ("(?, ?, ?, ?)" if sqlite else "($1, $2, $3, $4)"),
            [name, int(rows[0]["tx"]), int(rows[0]["id"]), datetime.now(UTC)],
        )
