"""Our graphql-core executor: input refusal and the subscription memo-leak fix.

Both lean on graphql-core 3.3.2 / Strawberry 0.341.2 internals; the versions are pinned and
tests/graphql/test_execution.py guards the behaviour.

- Every execution and subscription, over HTTP and WebSocket, starts in `build`: text no database
  may receive is refused before the variables are even coerced (casebook.graphql.inputs).
- graphql-core 3.3.2 shares the `_relevant_sub_fields` memo between a subscription's executor
  and every per-event copy, keyed by id() of per-event lists: it grows with every delivered event.
  Each per-event copy gets its own memo.

Shared live execution is the fast path's (casebook.fastpath.live), a subclass of this one.
"""

from __future__ import annotations

from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from casebook.graphql.inputs import refuse_variables


class CasebookExecutor(StrawberryGraphQLCoreExecutionContext):
    @classmethod
    def build(
        cls,
        schema: Any,
        document: Any,
        root_value: Any = None,
        context_value: Any = None,
        raw_variable_values: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        refused = refuse_variables(document, raw_variable_values)
        if refused is not None:
            return [refused]
        return super().build(
            schema, document, root_value, context_value, raw_variable_values, *args, **kwargs
        )

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor
