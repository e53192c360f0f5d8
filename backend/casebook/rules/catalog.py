"""What a rule can look at and set: the fields (GraphQL names), their kind, the operators each takes,
and how a field's name appears in the event log's changes (teamId is "team" there)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from casebook.enums import AuthorKind, CaseStatus, CaseType, Channel, Origin, Priority, Visibility


class Operator(StrEnum):
    EQUALS = "EQUALS"
    NOT_EQUALS = "NOT_EQUALS"
    CONTAINS = "CONTAINS"
    NOT_CONTAINS = "NOT_CONTAINS"
    MATCHES = "MATCHES"
    IS_EMPTY = "IS_EMPTY"
    IS_NOT_EMPTY = "IS_NOT_EMPTY"
    CHANGED = "CHANGED"
    CHANGED_TO = "CHANGED_TO"
    GREATER_THAN = "GREATER_THAN"
    LESS_THAN = "LESS_THAN"
    OLDER_THAN = "OLDER_THAN"


class FieldKind(StrEnum):
    TEXT = "TEXT"
    ENUM = "ENUM"
    LIST = "LIST"
    TIME = "TIME"
    NUMBER = "NUMBER"
    ID = "ID"


class ActionType(StrEnum):
    SET_FIELD = "SET_FIELD"
    ASSIGN = "ASSIGN"
    ADD_TAG = "ADD_TAG"
    ADD_INTERNAL_NOTE = "ADD_INTERNAL_NOTE"
    NOTIFY = "NOTIFY"
    SEND_EMAIL = "SEND_EMAIL"
    CREATE_TASK = "CREATE_TASK"
    CREATE_CHILD_CASE = "CREATE_CHILD_CASE"


class Match(StrEnum):
    ALL = "ALL"
    ANY = "ANY"


Op = Operator
VALUELESS = frozenset({Op.IS_EMPTY, Op.IS_NOT_EMPTY, Op.CHANGED})
EVENT_ONLY = frozenset({Op.CHANGED, Op.CHANGED_TO})  # what changed needs an event
_PRESENCE = (Op.IS_EMPTY, Op.IS_NOT_EMPTY)
_CHANGE = (Op.CHANGED, Op.CHANGED_TO)
OPERATORS: dict[FieldKind, tuple[Operator, ...]] = {
    FieldKind.TEXT: (Op.EQUALS, Op.NOT_EQUALS, Op.CONTAINS, Op.NOT_CONTAINS, Op.MATCHES, *_PRESENCE),
    FieldKind.ENUM: (Op.EQUALS, Op.NOT_EQUALS, *_PRESENCE),
    FieldKind.LIST: (Op.CONTAINS, Op.NOT_CONTAINS, *_PRESENCE),
    FieldKind.TIME: (Op.GREATER_THAN, Op.LESS_THAN, Op.OLDER_THAN, *_PRESENCE),
    FieldKind.NUMBER: (Op.EQUALS, Op.NOT_EQUALS, Op.GREATER_THAN, Op.LESS_THAN),
    FieldKind.ID: (Op.EQUALS, Op.NOT_EQUALS, *_PRESENCE),
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the GraphQL name a condition uses
    label: str
    kind: FieldKind
    options: tuple[str, ...] = ()
    change: str | None = None  # its name in the event log's changes; None: never "changed"
    settable: bool = False  # SET_FIELD may set it
    ordered: bool = False  # an ENUM compared by rank (priority)

    @property
    def operators(self) -> tuple[Operator, ...]:
        ops = OPERATORS[self.kind]
        if self.ordered:
            ops = (*ops, Op.GREATER_THAN, Op.LESS_THAN)
        if self.change is not None:
            ops = (*ops, Op.CHANGED) if self.kind is FieldKind.LIST else (*ops, *_CHANGE)
        return ops


def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


K = FieldKind
FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("number", "Case number", K.NUMBER),
        Field("subject", "Subject", K.TEXT, change="subject"),
        Field("description", "Description", K.TEXT, change="description"),
        Field("status", "Status", K.ENUM, _values(CaseStatus), change="status", settable=True),
        Field(
            "priority", "Priority", K.ENUM, _values(Priority), change="priority", settable=True, ordered=True
        ),
        Field("type", "Type", K.ENUM, _values(CaseType), change="type", settable=True),
        Field("origin", "Origin", K.ENUM, _values(Origin)),
        Field("teamId", "Team", K.ID, change="team", settable=True),
        Field("assigneeId", "Assignee", K.ID, change="assignee"),
        Field("accountId", "Account", K.ID, change="account"),
        Field("tags", "Tags", K.LIST, change="tags", settable=True),
        Field("product", "Product", K.TEXT, change="product", settable=True),
        Field("topic", "Topic", K.TEXT, change="topic", settable=True),
        Field("reason", "Reason", K.TEXT, change="reason"),
        Field("email", "Sender e-mail", K.TEXT, change="email"),
        Field("phone", "Phone", K.TEXT, change="phone"),
        Field("createdAt", "Created", K.TIME),
        Field("updatedAt", "Last changed", K.TIME),
        Field("post.body", "Post text", K.TEXT),
        Field("post.visibility", "Post visibility", K.ENUM, _values(Visibility)),
        Field("post.authorKind", "Post author kind", K.ENUM, _values(AuthorKind)),
        Field("post.channel", "Post channel", K.ENUM, _values(Channel)),
        Field("account.name", "Account name", K.TEXT),
        Field("contact.name", "Contact name", K.TEXT),
        Field("contact.email", "Contact e-mail", K.TEXT),
        Field("mailbox", "Mailbox address", K.TEXT),
    )
}
# The times a scheduled rule's OLDER_THAN can count from: a case's timer depends on these only.
TIME_FIELDS = frozenset(name for name, f in FIELDS.items() if f.kind is FieldKind.TIME)

# NOTIFY and CREATE_TASK targets, besides "user:<id>" (and "team:<id>" for NOTIFY).
ASSIGNEE = "assignee"
TEAM = "team"
CUSTOMER = "customer"  # SEND_EMAIL: the case's customer addresses
