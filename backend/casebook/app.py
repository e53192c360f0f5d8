"""The Starlette app: /graphql (HTTP and WebSocket), /healthz, /files, the SPA, and the lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import logging
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.execution import ExecutionResult
from strawberry.types.unset import UNSET
from tortoise import Tortoise, connections

from casebook import fastpath, settings
from casebook.auth.services import Authenticated, authenticate
from casebook.background import worker as background_worker
from casebook.db import tortoise_config
from casebook.fastpath.compiled import Plans
from casebook.fastpath.live import shared_results
from casebook.graphql.context import Context
from casebook.graphql.schema import schema
from casebook.graphql.websocket import TimedWebSocketAdapter
from casebook.realtime.hub import hub
from casebook.security_headers import SecurityHeaders, graphiql_policy
from casebook.sql import read_only_connection

log = logging.getLogger("casebook")

GRAPHIQL_HTML = get_graphql_ide_html("graphiql")
GRAPHIQL_POLICY = graphiql_policy(GRAPHIQL_HTML)
# The sandbox keeps an uploaded HTML or SVG from running script on our origin, even opened directly.
FILES_POLICY = (
    "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'"
)


def _bearer(headers: Mapping[str, str]) -> str | None:
    value = headers.get("authorization", "")
    if value.lower().startswith("bearer "):
        return value[7:].strip()
    return None


class CasebookGraphQL(GraphQL[Context, None]):
    websocket_adapter_class = TimedWebSocketAdapter  # type: ignore[assignment]

    def encode_json(self, data: object) -> bytes:
        # Bytes for HTTP bodies as they are; WebSocket frames must be text, and
        # graphql/websocket.py decodes them.
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            if (
                context is UNSET
                and isinstance(request, Request)
                and request.method == "POST"
                and fastpath.enabled()
            ):
                response, context = await self._run_known(request)
                if response is not None:
                    return response
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            # Strawberry answers a request it cannot read (bad JSON or UTF-8, another content type,
            # a batch, a mutation over GET) with plain text; clients expect a GraphQL error body.
            return self._transport_error(exc)

    def _transport_error(self, exc: HTTPException) -> Response:
        code = "NOT_FOUND" if exc.status_code == 404 else "BAD_USER_INPUT"
        body = {"errors": [{"message": exc.reason, "extensions": {"code": code}}]}
        headers = {"allow": "POST"} if exc.status_code == 405 else None
        return Response(self.encode_json(body), exc.status_code, headers, media_type="application/json")

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        # A batch (a list) is refused by Strawberry itself; any other non-object made it raise.
        if type(parsed) is not dict and type(parsed) is not list:
            raise HTTPException(400, "Expected a JSON object.")
        return parsed

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(GRAPHIQL_HTML, headers={"content-security-policy": GRAPHIQL_POLICY})

    async def _run_known(self, request: Request) -> tuple[Response | None, Any]:
        """A query document executed before without errors runs its compiled plan."""
        if "application/json" not in request.headers.get("content-type", ""):
            return None, UNSET
        try:
            data = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None, UNSET
        if type(data) is not dict:
            return None, UNSET
        query, operation_name, variables = data.get("query"), data.get("operationName"), data.get("variables")
        if type(query) is not str or (variables is not None and type(variables) is not dict):
            return None, UNSET
        plan = plans.get(query, operation_name)
        if plan is None:
            return None, UNSET
        sub_response = await self.get_sub_response(request)
        async with read_only_connection():
            context = await self.get_context(request, response=sub_response)
            result = await plan.execute(context, variables)
        if result is None:
            return None, context
        return self.create_response(response_data={"data": result}, sub_response=sub_response), context

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            result = await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            # GraphQL over HTTP: an operation the method may not carry (here: any over GET) is 405.
            if isinstance(exc.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, exc.reason) from exc
            raise
        request_data = kwargs["request_data"]
        if (
            isinstance(result, ExecutionResult)
            and not result.errors
            and result.data is not None
            and kwargs["request_adapter"].method == "POST"
            and fastpath.enabled()
        ):
            plans.learn(request_data.query, request_data.operation_name)
        return result

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:  # type: ignore[override]
        token = _bearer(request.headers)
        from_cookie = False
        if token is None:
            token = request.cookies.get(settings.SESSION_COOKIE)
            from_cookie = token is not None
        auth: Authenticated | None = await authenticate(token) if token else None
        if auth is not None and from_cookie and isinstance(request, Request) and request.method == "POST":
            # Double-submit CSRF check: a cross-site form cannot read our cookie to echo it.
            sent = request.headers.get(settings.CSRF_HEADER, "")
            if not auth.csrf_token or not hmac.compare_digest(sent, auth.csrf_token):
                auth = None
                token = None
        context = Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            actor=auth.actor if auth else None,
            session_token=token if auth and auth.csrf_token else None,
            credential=token if auth else None,
        )
        # A socket's operations authenticate again with the credential kept here (once per socket).
        from casebook.graphql.websocket import remember_context

        remember_context(context)
        return context

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        params = context.connection_params or {}
        value = (
            params.get("authorization") or params.get("Authorization") if isinstance(params, dict) else None
        )
        if isinstance(value, str) and value.lower().startswith("bearer "):
            token = value[7:].strip()
            auth = await authenticate(token)
            if auth is None:
                raise ConnectionRejectionError({"message": "Invalid token.", "code": "UNAUTHENTICATED"})
            context.set_actor(auth.actor)
            context.credential = token
            context.session_token = token if auth.csrf_token else None
        if context.actor is None:
            raise ConnectionRejectionError({"message": "Sign in first.", "code": "UNAUTHENTICATED"})
        # From here on, logout, revocation and changed rights close this socket (4401 / 4403).
        from casebook.graphql.websocket import index_socket

        index_socket(context)
        return None


plans = Plans(schema._schema)
graphql_app = CasebookGraphQL(
    schema,
    graphql_ide="graphiql",
    subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
    allow_queries_via_get=False,
)


async def healthz(request: Request) -> Response:
    failing: dict[str, str] = {}
    try:
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), 3)
    except Exception as exc:
        failing["database"] = type(exc).__name__
    if not hub.healthy:
        failing["broadcast"] = "no heartbeat from the broadcast backend"
    if failing:
        return JSONResponse({"status": "unavailable", "failing": failing}, status_code=503)
    return JSONResponse({"status": "ok"})


async def download(request: Request) -> Response:
    from casebook.stream.files import open_attachment

    token = _bearer(request.headers) or request.cookies.get(settings.SESSION_COOKIE)
    auth = await authenticate(token) if token else None
    if auth is None:
        return PlainTextResponse("Sign in first.", status_code=401)
    raw_id = request.path_params["id"]
    # Any digits reach here (Starlette's int convertor would raise past 4,300 of them): an id out
    # of range is a file that does not exist.
    attachment_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 12 else 0
    found = await open_attachment(actor=auth.actor, attachment_id=attachment_id)
    if found is None:
        return PlainTextResponse("Not found.", status_code=404)
    path, filename, content_type, inline = found
    return FileResponse(
        path,
        media_type=content_type,
        filename=filename,
        content_disposition_type="inline" if inline else "attachment",
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": FILES_POLICY},
    )


class SPA(StaticFiles):
    """The built frontend; any path that is not a file gets index.html (client-side routes)."""

    async def get_response(self, path: str, scope: Any) -> Response:
        try:
            response = await super().get_response(path, scope)
        except Exception:
            response = PlainTextResponse("Not found", status_code=404)
        if response.status_code == 404 and not path.startswith("assets/"):
            return await super().get_response("index.html", scope)
        return response


def _spa_missing(request: Request) -> Response:
    return PlainTextResponse(
        "The web app is not built yet: run `make install`. The API is at /graphql.", status_code=503
    )


async def start_database(database_url: str | None = None) -> None:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    await start_database()
    await hub.start()
    shared_results.serving()  # the fast path's test-only verification can never run here
    stop = asyncio.Event()
    workers: asyncio.Task[None] | None = None
    if settings.WORKERS:
        # Consumers of the event log, jobs and timers, the mail poller (casebook.background):
        # every serve process runs them, and leases and claimed jobs share the work out.
        workers = asyncio.create_task(background_worker.run_in_server(stop), name="casebook-workers")
    # Long-lived objects made at start-up (schema, modules) need not be scanned by every
    # full collection: fewer and shorter GC pauses under many subscribers.
    gc.collect()
    gc.freeze()
    # Fewer young collections under many live subscribers; measure with `make bench` fan-out.
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        stop.set()
        if workers is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(workers, 10)
        await hub.stop()
        await Tortoise.close_connections()


def create_app() -> Starlette:
    routes: list[Any] = [
        Route("/healthz", healthz),
        # Every method reaches the GraphQL app, which answers all but GET and POST with a GraphQL
        # error body (405) rather than Starlette's plain text.
        Route("/graphql", graphql_app),
        WebSocketRoute("/graphql", graphql_app),
        Route("/files/{id}", download),
    ]
    static = Path(settings.STATIC_DIR)
    if (static / "index.html").exists():
        routes.append(Mount("/", SPA(directory=static, html=True)))
    else:
        routes.append(Route("/{path:path}", _spa_missing))
    return CasebookApp(routes=routes, lifespan=lifespan)


class CasebookApp(Starlette):
    def build_middleware_stack(self) -> Any:
        # Outside Starlette's ServerErrorMiddleware, so that its 500 carries the headers too.
        return SecurityHeaders(super().build_middleware_stack())


app = create_app()
