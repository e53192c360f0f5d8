"""Who is acting: a signed-in user, an integration token, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casebook.enums import Role
from casebook.sql import Sql

STAFF_ROLES = (Role.ADMIN, Role.AGENT)


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    role: Role | None  # None: the system or an integration token
    name: str
    email: str | None = None
    contact_id: int | None = None
    account_id: int | None = None
    team_ids: frozenset[int] = field(default_factory=frozenset)
    account_access: bool = False
    can_create: bool = True
    auto_follow: bool = False
    # None for users (their role decides); the token's scopes for an integration token.
    scopes: frozenset[str] | None = None
    token_id: int | None = None
    # An automation rule acting (casebook.rules): its id, and the event that made it act. The unit
    # of work records both on every event the rule's changes cause, so chains stay traceable.
    rule_id: int | None = None
    caused_by: int | None = None

    @property
    def is_customer(self) -> bool:
        return self.role is Role.CUSTOMER

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_staff(self) -> bool:
        """Sees internal data: agents, admins, the system and integration tokens."""
        return self.role is not Role.CUSTOMER

    @property
    def is_integration(self) -> bool:
        return self.scopes is not None

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes

    @classmethod
    def system(cls, name: str = "Casebook") -> Actor:
        return cls(user_id=None, role=None, name=name)

    @classmethod
    def rule(cls, rule_id: int, name: str, caused_by: int | None) -> Actor:
        """A rule at work: the system's rights, the rule's name in the history."""
        return cls(user_id=None, role=None, name=name, rule_id=rule_id, caused_by=caused_by)

    @classmethod
    def from_row(cls, row: dict[str, Any], team_ids: frozenset[int]) -> Actor:
        """The one mapping from a user's row (ACTOR_COLUMNS) to who acts."""
        role = Role(row["role"])
        return cls(
            user_id=row["id"],
            role=role,
            name=row["name"],
            email=row["email"],
            contact_id=row["contact_id"],
            account_id=row["account_id"],
            team_ids=team_ids,
            account_access=bool(row["portal_account_access"]),
            # A customer's portal role may forbid opening cases; staff always may.
            can_create=role is not Role.CUSTOMER or bool(row["portal_can_create"]),
            auto_follow=bool(row["auto_follow"]),
        )

    @classmethod
    async def for_user(cls, user: Any) -> Actor:
        sql = Sql()
        rows = await sql.fetch(f"SELECT {ACTOR_COLUMNS} {ACTOR_FROM} WHERE u.id = {sql.p(user.id)}")
        return cls.from_row(rows[0], await team_ids_of(rows[0]))


# Selected with ACTOR_FROM wherever an Actor is built (sign-in, every request, the services).
ACTOR_COLUMNS = (
    "u.id, u.role, u.name, u.email, u.contact_id, u.is_active, u.portal_account_access, "
    "u.portal_can_create, u.auto_follow, ct.account_id"
)
ACTOR_FROM = "FROM users u LEFT JOIN contacts ct ON ct.id = u.contact_id"


async def team_ids_of(row: dict[str, Any]) -> frozenset[int]:
    if row["role"] == Role.CUSTOMER:
        return frozenset()
    sql = Sql()
    found = await sql.fetch(f"SELECT team_id FROM team_members WHERE user_id = {sql.p(row['id'])}")
    return frozenset(r["team_id"] for r in found)
