"""Who may do what, asked by the services before they write (what a viewer may SEE is
casebook.visibility)."""

from __future__ import annotations

from casebook.auth.actor import Actor
from casebook.errors import Forbidden


def require_staff(actor: Actor, scope: str | None = None) -> None:
    """An agent, an admin or the system; an integration token only if it holds `scope` (with no
    scope named, no token may)."""
    if actor.is_customer:
        raise Forbidden("Only agents and admins can do this.")
    if actor.is_integration and (scope is None or not actor.has_scope(scope)):
        raise Forbidden(f"This token lacks the {scope} scope." if scope else "Tokens cannot do this.")


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("Only admins can do this.")
