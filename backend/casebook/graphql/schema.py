"""The schema: every domain's roots merged, with our executor, limits and caches."""

from __future__ import annotations

import importlib.util
from typing import Any

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema._graphql_core import GraphQLIncrementalExecutionResults
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types.execution import ExecutionContext, ExecutionResult

from casebook import settings
from casebook.accounts.graphql import AccountMutations, AccountQueries
from casebook.activities.graphql import ActivityMutations, ActivityQueries
from casebook.auth.graphql import AuthMutations, AuthQueries
from casebook.cases.mutations import CaseMutations
from casebook.cases.queries import CaseQueries
from casebook.cases.subscriptions import CaseSubscriptions
from casebook.cases.types import CaseChanged, CaseCreated, PostAdded
from casebook.contacts.graphql import ContactMutations, ContactQueries
from casebook.entitlements.graphql import EntitlementMutations
from casebook.fastpath.live import SharedExecutor
from casebook.graphql.errors import mask
from casebook.graphql.inputs import TextRule
from casebook.graphql.scalars import SCALAR_MAP
from casebook.notifications.graphql import NotificationMutations, NotificationQueries
from casebook.rules.graphql import RuleMutations, RuleQueries
from casebook.sla.graphql import SlaMutations, SlaQueries
from casebook.teams.graphql import TeamMutations, TeamQueries
from casebook.users.graphql import UserMutations, UserQueries

QUERIES: tuple[type, ...] = (
    UserQueries,
    CaseQueries,
    AccountQueries,
    ContactQueries,
    TeamQueries,
    AuthQueries,
    ActivityQueries,
    NotificationQueries,
    RuleQueries,
    SlaQueries,
)
MUTATIONS: tuple[type, ...] = (
    AuthMutations,
    CaseMutations,
    AccountMutations,
    ContactMutations,
    UserMutations,
    TeamMutations,
    ActivityMutations,
    NotificationMutations,
    RuleMutations,
    SlaMutations,
    EntitlementMutations,
)

if importlib.util.find_spec("casebook.mail.graphql") is not None:
    from casebook.mail.graphql import MailMutation, MailQuery

    QUERIES += (MailQuery,)
    MUTATIONS += (MailMutation,)


def _resolve_default(source: Any, name: str) -> Any:
    # Rows are plain dicts (cheap to build, no per-field awaitables); a few sources are objects.
    if type(source) is dict:
        return source[name]
    return getattr(source, name)


Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS)


# Made once: the validation cache's key includes the rule classes, and the stock limiter
# extensions build new ones on every request, which made every validation a cache miss.
LIMIT_RULES = [
    max_depth_rule(settings.MAX_QUERY_DEPTH, None),
    max_aliases_rule(settings.MAX_ALIASES),
    TextRule,
]


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Expected failures (bad input, not found, forbidden) are answers, not incidents;
        # unexpected ones are logged with their traceback by casebook.graphql.errors.
        return None

    async def _handle_execution_result(  # type: ignore[override]
        self,
        context: ExecutionContext,
        result: Any,
        extensions_runner: SchemaExtensionsRunner,
        *,
        skip_process_errors: bool = False,
    ) -> Any:
        """Strawberry 0.341.2's, plus our error masking, minus asking the extensions for results
        when none of them has any.

        Every result Strawberry makes passes here (parse and validation failures, executions,
        each live event for each subscriber), so this is the one place errors are masked
        (casebook.graphql.errors). Asking the extensions for results (8 µs) and a masking hook
        per delivery (5 µs) had been a fifth of the server's CPU per delivery in the fan-out
        benchmark. tests/graphql/test_errors.py and test_execution.py check the masking.
        """
        if isinstance(result, GraphQLIncrementalExecutionResults):
            return result
        if result.errors:
            context.pre_execution_errors = result.errors
            if not skip_process_errors:
                self._process_errors(result.errors, context)
        if isinstance(result, GraphQLExecutionResult):
            result = ExecutionResult(data=result.data, errors=result.errors)
        if result.errors:
            result.errors = [mask(e) for e in result.errors]
        if any(type(e).get_results is not SchemaExtension.get_results for e in extensions_runner.extensions):
            result.extensions = await extensions_runner.get_extensions_results(context)
        else:
            result.extensions = dict(context.extensions_results)
        context.result = result
        return result


schema = Schema(
    query=Query,
    mutation=Mutation,
    subscription=CaseSubscriptions,
    types=[CaseCreated, PostAdded, CaseChanged],
    config=StrawberryConfig(default_resolver=_resolve_default, scalar_map=SCALAR_MAP),
    execution_context_class=SharedExecutor,
    extensions=[
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=settings.MAX_TOKENS),
    ],
)
