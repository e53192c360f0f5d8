"""What a viewer may see: the ONE policy that decides it.

Queries, counts, search, subscriptions, shared live results and e-mail all ask this module; no
other module looks at a viewer's role to decide what she sees. Staff (admins, agents, the system,
integration tokens) see every field and post of a case they may open; customers see the public
part of the cases of their contact (or of their account, when their portal role allows).

Fields whose answer depends on more than the viewer's class declare it where they are defined
(`depends_on`); `share_key` turns those declarations into the part of a shared live result's key
that stands for the viewer, so two viewers share a result only when the policy answers alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casebook import events
from casebook.auth.actor import Actor
from casebook.cases.rows import CaseRow
from casebook.enums import Role, Visibility
from casebook.errors import Forbidden
from casebook.sql import Sql

# Changes a customer hears about (GraphQL field names, as in CaseChanged.changedFields).
CUSTOMER_VISIBLE_CHANGES = frozenset(
    {"subject", "description", "status", "priority", "type", "solution", "contacts", "account"}
)

# What a field's answer may depend on beyond the viewer's class (staff or customer):
SCOPE = "scope"  # which cases the viewer may open (related cases, case lists)
PERSON = "person"  # the viewer herself (whether she follows a case)
METADATA_KEY = "casebook.viewer"


def depends_on(*kinds: str) -> dict[str, frozenset[str]]:
    """Field metadata: `strawberry.field(metadata=visibility.depends_on(visibility.SCOPE))`."""
    return {METADATA_KEY: frozenset(kinds)}


def dependencies(metadata: Mapping[Any, Any] | None) -> frozenset[str]:
    return frozenset(metadata.get(METADATA_KEY, ())) if metadata else frozenset()


def share_key(actor: Actor, dependencies: Iterable[str] = ()) -> tuple[Any, ...]:
    """Equal for two viewers exactly when every answer of the policy, for the fields a document
    selects (their `dependencies`), is the same for both."""
    wanted = frozenset(dependencies)
    if actor.is_customer:
        # Scope and the contacts an account shows depend on all three, whatever is selected.
        account = actor.account_id if actor.account_access else None
        key: tuple[Any, ...] = ("customer", actor.contact_id, actor.account_access, account)
    elif actor.is_integration:
        key = ("integration", tuple(sorted(actor.scopes or ())))
    else:
        key = ("staff",)
    if SCOPE in wanted and agent_is_team_limited(actor):
        # A team-limited agent also opens the cases assigned to her (case_scope): her team set
        # alone does not decide which related cases she sees.
        key += ("teams", tuple(sorted(actor.team_ids)), actor.user_id)
    if PERSON in wanted:
        key += ("person", actor.user_id, actor.token_id)
    return key


# --- cases --------------------------------------------------------------------------------------


def agent_is_team_limited(actor: Actor) -> bool:
    """Agents with team memberships work their teams' cases; an agent in no team works all."""
    return actor.role is Role.AGENT and bool(actor.team_ids)


def case_scope(actor: Actor, sql: Sql, alias: str = "c") -> str:
    """A WHERE fragment limiting `alias` (the cases table) to what the actor may see."""
    if actor.is_customer:
        if actor.contact_id is None:
            return "1 = 0"
        # A set of case ids, each part from its own index: a customer has few cases among
        # millions. Written as `reported_by_id = … OR id IN (…)`, PostgreSQL walked every case in
        # list order testing each (98 ms at 100k cases, ~1 s at 1M, against 1 ms).
        parts = [
            f"SELECT x.id FROM cases x WHERE x.reported_by_id = {sql.p(actor.contact_id)}",
            f"SELECT cc.case_id FROM case_contacts cc WHERE cc.contact_id = {sql.p(actor.contact_id)}",
        ]
        if actor.account_access and actor.account_id is not None:
            parts.append(f"SELECT y.id FROM cases y WHERE y.account_id = {sql.p(actor.account_id)}")
        return f"{alias}.id IN ({' UNION ALL '.join(parts)})"
    if actor.is_integration and not actor.has_scope("cases:read"):
        return "1 = 0"
    if agent_is_team_limited(actor):
        return (
            f"({alias}.team_id IS NULL OR {alias}.team_id {sql.in_(sorted(actor.team_ids), 'int')}"
            f" OR {alias}.assignee_id = {sql.p(actor.user_id)})"
        )
    return "1 = 1"


def scope_is_small(actor: Actor) -> bool:
    """Whether the viewer's cases are few among all (a customer's): search then plans for few."""
    return actor.is_customer


def can_see_case(
    actor: Actor,
    *,
    team_id: int | None,
    assignee_id: int | None,
    account_id: int | None,
    reported_by_id: int | None,
    contact_ids: Iterable[int],
) -> bool:
    """The in-memory twin of case_scope, for rows already loaded and for live events."""
    if actor.is_customer:
        if actor.contact_id is None:
            return False
        if reported_by_id == actor.contact_id or actor.contact_id in contact_ids:
            return True
        return actor.account_access and actor.account_id is not None and account_id == actor.account_id
    if actor.is_integration and not actor.has_scope("cases:read"):
        return False
    if agent_is_team_limited(actor):
        return team_id is None or team_id in actor.team_ids or assignee_id == actor.user_id
    return True


def can_see_loaded_case(actor: Actor, case: Any, contact_ids: Iterable[int]) -> bool:
    """can_see_case for a case already loaded (a Case model, or anything with its columns)."""
    return can_see_case(
        actor,
        team_id=case.team_id,
        assignee_id=case.assignee_id,
        account_id=case.account_id,
        reported_by_id=case.reported_by_id,
        contact_ids=contact_ids,
    )


def case_row_for(actor: Actor, row: CaseRow) -> CaseRow:
    """The case as this viewer may receive it: what a customer never receives is null for her
    (internal comments, related cases, who created it), and her last post is the last public one."""
    if not actor.is_customer:
        return row
    shown = row.copy()
    shown["internal_comments"] = None
    shown["parent_id"] = None
    shown["merged_into_id"] = None
    shown["created_by_id"] = None
    shown["last_post_id"] = row.get("last_public_post_id")
    return shown


def last_post_id(actor: Actor, *, last_post_id: int | None, last_public_post_id: int | None) -> int | None:
    """The newest post of a case this viewer can see (a customer's stream has no internal posts);
    case_row_for gives her rows the same value."""
    return last_public_post_id if actor.is_customer else last_post_id


def staff_can_open(actor: Actor, row: Mapping[str, Any]) -> bool:
    """Whether a member of staff may open the case of a row that names it in passing (a related
    case, a ledger entry): by its team, assignee, account and reporter, not its contacts."""
    return can_see_case(
        actor,
        team_id=row["team_id"],
        assignee_id=row["assignee_id"],
        account_id=row["account_id"],
        reported_by_id=row["reported_by_id"],
        contact_ids=(),
    )


def related_case(actor: Actor, row: CaseRow | None) -> CaseRow | None:
    """Another case reached from one the viewer sees (parent, mergedInto): shown only if she may
    open it too. Customers never learn of related cases (their rows carry no such ids)."""
    if row is None or actor.is_customer:
        return None
    return row if staff_can_open(actor, row) else None


def sees_children(actor: Actor) -> bool:
    """Whether a case's children are listed at all (then each through case_scope)."""
    return not actor.is_customer


def sees_history(actor: Actor) -> bool:
    return not actor.is_customer


def sees_sla(actor: Actor) -> bool:
    """SLA internals (Case.sla: targets, deadlines, the timeline) are staff only (SPEC.md §1)."""
    return not actor.is_customer


def history_kinds_hidden(actor: Actor) -> frozenset[str]:
    """The event kinds whose history lines this viewer may not see (the SLA's, the rules')."""
    return events.STAFF_ONLY_KINDS if actor.is_customer else frozenset()


def sees_activities(actor: Actor) -> bool:
    """Tasks (later calls and meetings) are the team's internal work: staff only."""
    return not actor.is_customer


def sees_followers(actor: Actor) -> bool:
    return not actor.is_customer


def sees_team_members(actor: Actor) -> bool:
    """Who works in support is internal: customers see a team's name only."""
    return not actor.is_customer


def sees_staff_email(actor: Actor | None) -> bool:
    """Customers (and the anonymous) do not learn staff addresses."""
    return actor is not None and not actor.is_customer


def account_contacts_filter(actor: Actor, account_id: int) -> int | None:
    """Which of an account's contacts the viewer may list: None for all of them (staff), else the
    one contact id she may see (a customer of that account sees only herself)."""
    if not actor.is_customer:
        return None
    if actor.account_id != account_id or actor.contact_id is None:
        raise Forbidden("Only staff see an account's contacts.")
    return actor.contact_id


# --- posts and changes --------------------------------------------------------------------------


def post_visibilities(actor: Actor) -> tuple[Visibility, ...]:
    return (Visibility.PUBLIC,) if actor.is_customer else (Visibility.PUBLIC, Visibility.INTERNAL)


def can_see_post(actor: Actor, visibility: str) -> bool:
    return visibility == Visibility.PUBLIC or not actor.is_customer


def changes_for(actor: Actor, changed_fields: Iterable[str]) -> list[str]:
    fields = list(changed_fields)
    if actor.is_customer:
        return [f for f in fields if f in CUSTOMER_VISIBLE_CHANGES]
    return fields


def can_see_event(actor: Actor, event: events.Event) -> bool:
    """Whether the viewer hears of this event at all: live subscriptions and notifications."""
    if not can_see_case(
        actor,
        team_id=event.team_id,
        assignee_id=event.assignee_id,
        account_id=event.account_id,
        reported_by_id=event.reported_by_id,
        contact_ids=event.contact_ids,
    ):
        return False
    if event.kind in events.STAFF_ONLY_KINDS:
        return not actor.is_customer
    if event.kind == events.POST_ADDED:
        return can_see_post(actor, event.post_visibility or Visibility.INTERNAL)
    if event.kind == events.CASE_CHANGED:
        return bool(changes_for(actor, event.changed_fields))
    return True
