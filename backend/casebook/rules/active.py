"""The rules as the engine runs them, cached per process: the consumer reads the rules table at
most once a second (RELOAD_SECONDS), not per event, and an event of a kind no active rule
listens to costs no statement at all. This process's own rule changes invalidate it at once;
another process's are seen within RELOAD_SECONDS."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from casebook.rules.models import Rule, RuleEvent, RuleRepeat

RELOAD_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: int
    name: str
    position: int
    event: RuleEvent
    active: bool
    conditions: dict[str, Any]
    actions: tuple[dict[str, Any], ...]
    stop_processing: bool
    repeat: RuleRepeat | None
    repeat_every_hours: int | None

    @classmethod
    def of(cls, rule: Rule) -> RuleSpec:
        return cls(
            id=rule.id,
            name=rule.name,
            position=rule.position,
            event=RuleEvent(rule.event),
            active=rule.active,
            conditions=rule.conditions or {},
            actions=tuple(rule.actions or ()),
            stop_processing=rule.stop_processing,
            repeat=RuleRepeat(rule.repeat) if rule.repeat else None,
            repeat_every_hours=rule.repeat_every_hours,
        )


@dataclass(frozen=True, slots=True)
class Snapshot:
    loaded_at: float
    by_id: dict[int, RuleSpec]  # every rule, active or not (names for chains)
    by_event: dict[RuleEvent, tuple[RuleSpec, ...]]  # active ones, in (position, id) order


_snapshot: Snapshot | None = None


def invalidate() -> None:
    global _snapshot
    _snapshot = None


async def snapshot() -> Snapshot:
    global _snapshot
    now = time.monotonic()
    if _snapshot is not None and now - _snapshot.loaded_at < RELOAD_SECONDS:
        return _snapshot
    rules = [RuleSpec.of(r) for r in await Rule.all().order_by("position", "id")]
    by_event: dict[RuleEvent, list[RuleSpec]] = {}
    for rule in rules:
        if rule.active:
            by_event.setdefault(rule.event, []).append(rule)
    _snapshot = Snapshot(now, {r.id: r for r in rules}, {k: tuple(v) for k, v in by_event.items()})
    return _snapshot
