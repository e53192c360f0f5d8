"""What happened to a case: one committed row of the event log (`events`), and the same record as
the live hub carries it.

Events are written by the unit of work (casebook.work) in the transaction of the change, and
published to the hub after its commit. An event carries a snapshot of who may see the case, so live
filtering needs no database read. Durable readers go through casebook.events.log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import orjson

CASE_CREATED = "CASE_CREATED"
POST_ADDED = "POST_ADDED"
CASE_CHANGED = "CASE_CHANGED"
# Later kinds (issue 11): the automation, SLA and merge work records these.
CASE_MERGED = "CASE_MERGED"
SLA_WARNING = "SLA_WARNING"
SLA_BREACHED = "SLA_BREACHED"
RULE_FIRED = "RULE_FIRED"
# An automation rule was not run because it would loop or pass the chain limit (casebook.rules).
RULE_HALTED = "RULE_HALTED"
# Staff-only kinds: the rules' own account of what they did, never shown to customers.
RULE_KINDS = frozenset({RULE_FIRED, RULE_HALTED})
# A case's SLA clocks got another policy or target (a priority, team or policy change): history.
SLA_CHANGED = "SLA_CHANGED"
# The SLA's events (casebook.sla.engine, casebook.sla.timers), recorded as Actor.system("SLA").
# SLA_WARNING and SLA_BREACHED carry one change ("sla", <target kind>, <percent>), such as
# ("sla", "RESOLUTION", "75"); the breach's percent is "100". SLA_CHANGED carries
# ("sla", <old>, <new>) in words, such as ("sla", "Standard · resolution 480 min",
# "Premium · resolution 240 min"), None on the side without a policy.
# SLA_UPDATED: the clocks moved without a new target (paused, resumed, met, stopped, started),
# so that staff screens re-read Case.sla live; ("sla", None, None), and no history line.
SLA_UPDATED = "SLA_UPDATED"
SLA_KINDS = frozenset({SLA_WARNING, SLA_BREACHED, SLA_CHANGED, SLA_UPDATED})
# Events that only tell live screens to re-read: no line in a case's history.
LIVE_ONLY_KINDS = frozenset({SLA_UPDATED})
# Never shown to customers: not live, not in notifications or e-mail, not in the history.
STAFF_ONLY_KINDS = RULE_KINDS | SLA_KINDS

Change = tuple[str, str | None, str | None]  # (field, old, new) as history shows them


@dataclass(frozen=True, slots=True)
class Event:
    id: int  # the log's id: monotonic, assigned by the INSERT
    kind: str
    case_id: int | None
    # The visibility snapshot at commit.
    team_id: int | None
    assignee_id: int | None
    account_id: int | None
    reported_by_id: int | None
    contact_ids: tuple[int, ...]
    actor_user_id: int | None = None
    actor_name: str = ""
    caused_by: int | None = None  # the event that led to this one (a rule, a timer)
    at: str = ""  # ISO 8601, UTC
    post_id: int | None = None
    post_visibility: str | None = None
    changes: tuple[Change, ...] = ()
    rule_id: int | None = None  # the automation rule whose action this is (casebook.rules)

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(field for field, _, _ in self.changes))

    def to_json(self) -> str:
        """The event as the live hub carries it: which fields changed, not their values.

        Live subscribers only learn *that* a field changed (and refetch what they may see); the
        values stay in the log. So a frame stays small whatever changed (a 32 KB description), well
        under PostgreSQL's 8,000-byte NOTIFY limit, and no value travels through the broadcast.
        """
        data = asdict(self)
        data["changes"] = [[field, None, None] for field in self.changed_fields]
        # Which rule made it stays in the log too: the frame keeps the shape that processes not
        # yet upgraded read (from_json of the release before takes no rule_id).
        del data["rule_id"]
        return orjson.dumps(data).decode()

    @classmethod
    def from_json(cls, text: str | bytes) -> Event:
        data = orjson.loads(text)
        # A publisher of the old shape (uuid ids, changed_fields) may still be on the channel while
        # processes are upgraded one by one: its field list becomes value-less changes.
        old_fields = data.pop("changed_fields", None)
        data["contact_ids"] = tuple(data["contact_ids"])
        changes = data.get("changes") or [[f, None, None] for f in old_fields or ()]
        data["changes"] = tuple(tuple(c) for c in changes)
        return cls(**data)

    # The columns of its row (casebook.events.models.EventRecord); `data` holds the rest.
    def row_data(self) -> dict[str, Any]:
        return {
            "team_id": self.team_id,
            "assignee_id": self.assignee_id,
            "account_id": self.account_id,
            "reported_by_id": self.reported_by_id,
            "contact_ids": list(self.contact_ids),
            "post_id": self.post_id,
            "post_visibility": self.post_visibility,
            "changes": [list(c) for c in self.changes],
            **({"rule_id": self.rule_id} if self.rule_id is not None else {}),
        }

    @classmethod
    def from_row(
        cls,
        *,
        id: int,
        kind: str,
        case_id: int | None,
        actor_id: int | None,
        actor_name: str,
        caused_by_id: int | None,
        at: str,
        data: dict[str, Any],
    ) -> Event:
        return cls(
            id=id,
            kind=kind,
            case_id=case_id,
            team_id=data.get("team_id"),
            assignee_id=data.get("assignee_id"),
            account_id=data.get("account_id"),
            reported_by_id=data.get("reported_by_id"),
            contact_ids=tuple(data.get("contact_ids") or ()),
            actor_user_id=actor_id,
            actor_name=actor_name,
            caused_by=caused_by_id,
            at=at,
            post_id=data.get("post_id"),
            post_visibility=data.get("post_visibility"),
            changes=tuple((c[0], c[1], c[2]) for c in data.get("changes") or ()),
            rule_id=data.get("rule_id"),
        )
