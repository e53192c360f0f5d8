"""The domain enums, registered once as GraphQL enums."""

import strawberry

from casebook.enums import AuthorKind, CaseStatus, CaseType, Channel, Origin, Priority, Role, Visibility

for _enum in (AuthorKind, CaseStatus, CaseType, Channel, Origin, Priority, Role, Visibility):
    strawberry.enum(_enum)

__all__ = ["AuthorKind", "CaseStatus", "CaseType", "Channel", "Origin", "Priority", "Role", "Visibility"]
