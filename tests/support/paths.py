"""Both ways of answering, compared: the fast path (casebook.fastpath) and plain graphql-core.

`compared` sends a GraphQL request over HTTP, then, when the server has a compiled plan for the
document, sends it once more the other way (plan -> plain graphql-core, plain -> plan) and
requires the same response body. `live_results_compared` makes every subscriber of a shared live
result also execute the event itself; any difference is recorded by the server
(shared_results.mismatches) and fails the test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from casebook.app import plans
from casebook.fastpath.live import shared_results


async def compared(
    query: str, operation_name: str | None, send: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    known = plans.get(query, operation_name)
    before = known.executions if known is not None else 0
    first = await send()
    plan = plans.get(query, operation_name)
    if plan is None:
        return first  # not a query a plan answers (or a test switched plans off itself)
    if plan is known and plan.executions > before:
        plans.enabled = False
        try:
            other = await send()
        finally:
            plans.enabled = True
        way = "compiled, then plain graphql-core"
    else:
        other = await send()
        way = "plain graphql-core, then compiled"
    assert other == first, f"{way} answered differently:\n{first}\n{other}"
    return first


@contextlib.contextmanager
def live_results_compared() -> Iterator[None]:
    # Event ids start again in each test's fresh database: results of the last test must go.
    shared_results.entries.clear()
    shared_results.frames.clear()
    shared_results.verify = True
    shared_results.mismatches.clear()
    try:
        yield
        assert not shared_results.mismatches, f"shared live results differ: {shared_results.mismatches}"
    finally:
        shared_results.verify = False
        shared_results.mismatches.clear()
