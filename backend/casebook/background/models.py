"""The tables of background work: jobs (and timers: a job that is due later), consumer checkpoints,
and the leases that let one process run a singleton loop (a consumer, the mail poller)."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class Job(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=64)
    # Unique when set: queuing the same key twice queues one job (idempotent effects).
    key = fields.CharField(max_length=255, null=True, unique=True)
    payload: Any = fields.JSONField(default=dict)
    run_at = fields.DatetimeField()
    status = fields.CharField(max_length=16, default="PENDING")
    attempts = fields.IntField(default=0)
    locked_by = fields.CharField(max_length=128, null=True)
    locked_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "jobs"
        indexes = (("status", "run_at"),)


class ConsumerCheckpoint(Model):
    """How far one event-log consumer has read: the (tx, id) position of the last event it handled."""

    name = fields.CharField(max_length=64, primary_key=True)
    tx = fields.BigIntField(default=0)
    event_id = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consumer_checkpoints"


class Lease(Model):
    """One row per singleton loop: whoever holds an unexpired lease runs it (SQLite and PostgreSQL)."""

    name = fields.CharField(max_length=64, primary_key=True)
    holder = fields.CharField(max_length=128)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "leases"
