"""Who is acting: a signed-in user, an integration token, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from casebook.enums import Role

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
    async def for_user(cls, user: object) -> Actor:
        from casebook.contacts.models import Contact
        from casebook.users.models import User

        assert isinstance(user, User)
        account_id = None
        if user.contact_id is not None:  # type: ignore[attr-defined]
            contact = await Contact.get_or_none(id=user.contact_id)  # type: ignore[attr-defined]
            account_id = contact.account_id if contact else None  # type: ignore[attr-defined]
        team_ids: frozenset[int] = frozenset()
        if user.role is not Role.CUSTOMER:
            team_ids = frozenset(await user.teams.all().values_list("id", flat=True))  # type: ignore[attr-defined]
        return cls(
            user_id=user.id,
            role=user.role,
            name=user.name,
            email=user.email,
            contact_id=user.contact_id,  # type: ignore[attr-defined]
            account_id=account_id,
            team_ids=team_ids,
            account_access=user.portal_account_access,
            can_create=user.role is not Role.CUSTOMER or user.portal_can_create,
            auto_follow=user.auto_follow,
        )
