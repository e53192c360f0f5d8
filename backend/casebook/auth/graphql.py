from __future__ import annotations

import strawberry

from casebook import settings
from casebook.auth import services
from casebook.auth.models import ApiToken as ApiTokenModel
from casebook.errors import Forbidden
from casebook.graphql.context import Info
from casebook.graphql.ids import to_int
from casebook.graphql.scalars import DateTime
from casebook.permissions import require_admin
from casebook.users.types import Viewer, viewer_row


@strawberry.type
class AuthPayload:
    token: str = strawberry.field(description="A bearer token for API clients; browsers use the cookie.")
    viewer: Viewer


@strawberry.type(description="An integration token (its secret is shown once, at creation).")
class ApiToken:
    id: strawberry.ID
    name: str
    scopes: list[str]
    created_at: DateTime
    last_used_at: DateTime | None
    revoked_at: DateTime | None


@strawberry.type
class ApiTokenCreated:
    token: str
    api_token: ApiToken


def _token_row(t: ApiTokenModel) -> dict[str, object]:
    return {k: getattr(t, k) for k in ("id", "name", "scopes", "created_at", "last_used_at", "revoked_at")}


def _signed_out(info: Info) -> None:
    response = info.context.response
    if response is not None:
        response.delete_cookie(settings.SESSION_COOKIE, path="/")
        response.delete_cookie(settings.CSRF_COOKIE, path="/")
    info.context.set_actor(None)


@strawberry.type
class AuthQueries:
    @strawberry.field(description="Admins only.")
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        require_admin(info.context.require_actor())
        return [_token_row(t) for t in await ApiTokenModel.all().order_by("id")]  # type: ignore[misc]


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Signs in: sets the session cookie and returns a bearer token.")
    async def login(self, info: Info, email: str, password: str) -> AuthPayload:
        signed_in = await services.login(email=email, password=password, client=info.context.client_address)
        response = info.context.response
        if response is not None:
            max_age = settings.SESSION_DAYS * 86400
            response.set_cookie(
                settings.SESSION_COOKIE,
                signed_in.token,
                max_age=max_age,
                httponly=True,
                samesite="lax",
                secure=settings.COOKIE_SECURE,
                path="/",
            )
            # Readable by the SPA, which echoes it in the X-CSRF-Token header (double submit).
            response.set_cookie(
                settings.CSRF_COOKIE,
                signed_in.csrf_token,
                max_age=max_age,
                httponly=False,
                samesite="strict",
                secure=settings.COOKIE_SECURE,
                path="/",
            )
        info.context.set_actor(signed_in.actor)
        return AuthPayload(token=signed_in.token, viewer=viewer_row(signed_in.actor))  # type: ignore[arg-type]

    @strawberry.mutation(description="Ends the session of the cookie or bearer token used.")
    async def logout(self, info: Info) -> bool:
        if info.context.session_token:
            await services.logout(token=info.context.session_token)
        _signed_out(info)
        return True

    @strawberry.mutation(
        description="Ends every session of the signed-in user, this one included, and closes their sockets."
    )
    async def sign_out_everywhere(self, info: Info) -> bool:
        actor = info.context.require_actor()
        if actor.user_id is None:
            raise Forbidden("Integration tokens have no sessions; an admin revokes them.")
        await services.end_sessions(user_id=actor.user_id)
        _signed_out(info)
        return True

    @strawberry.mutation(description="Admins only. The token is shown only in this answer.")
    async def create_api_token(self, info: Info, name: str, scopes: list[str]) -> ApiTokenCreated:
        api_token, token = await services.create_api_token(
            actor=info.context.require_actor(), name=name, scopes=scopes
        )
        return ApiTokenCreated(token=token, api_token=_token_row(api_token))  # type: ignore[arg-type]

    @strawberry.mutation(description="Admins only.")
    async def revoke_api_token(self, info: Info, id: strawberry.ID) -> bool:
        await services.revoke_api_token(actor=info.context.require_actor(), token_id=to_int(id, "id"))  # type: ignore[arg-type]
        return True
