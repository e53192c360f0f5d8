"""Known query documents, executed without graphql-core's per-field machinery.

The SPA and integrations send the same few documents over and over. A query document the server
has once executed without errors (so it parsed, validated and passed the limits) is compiled into
a plan: for each selected field, how to get its value (a dictionary read for plain fields, the
field's own resolver otherwise) and how to complete it (leaf serialisers, lists, objects). Later
requests with the same text run the plan: the same resolvers with the same context, so the same
visibility rules, but without graphql-core building an Info, a Path and an awaitable check for
each of a page's ~650 fields (STACK.md: that completion alone costs more than the whole
hand-written endpoint).

A plan covers only what it can reproduce exactly: object types, lists, non-null, scalars and enums,
arguments from literals or variables, fragments on object types. A document with directives,
abstract types, introspection fields or fragment variables is never compiled; mutations and
subscriptions never are. Whenever running a plan raises, or a non-null field comes back null, the
request goes the ordinary way instead, which then produces the same errors and partial data as
ever; queries read only, so running one twice changes nothing.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Visitor,
    parse,
    visit,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.pyutils import Path, is_awaitable
from strawberry.schema.schema import _OperationContextAwareGraphQLResolveInfo
from strawberry.types.arguments import convert_arguments

from casebook.graphql.inputs import refuse_variables

PLANS_MAX = 512

Completer = Callable[[Any, "Run"], Any]


class NotCompilable(Exception):
    """The document uses something a plan does not reproduce; it always runs the ordinary way."""


class Fallback(Exception):
    """This request must run the ordinary way (an error, or a null where none may be)."""


class FieldPlan:
    __slots__ = (
        "args",
        "call",
        "complete",
        "field_def",
        "index",
        "key",
        "name",
        "nodes",
        "parent_type",
        "python_name",
        "resolve",
        "typename",
    )

    def __init__(self, key: str, nodes: list[FieldNode], parent_type: GraphQLObjectType, index: int) -> None:
        self.key = key
        self.nodes = nodes
        self.name = nodes[0].name.value
        self.parent_type = parent_type
        self.index = index
        self.typename: str | None = None  # for __typename: the constant answer
        self.python_name: str | None = None  # for plain fields: the key or attribute to read
        self.resolve: Callable[..., Any] | None = None
        # A Strawberry resolver with no field extensions, called as Strawberry would call it:
        # (the function, whether it takes the source as `self`, the names of its root/parent params).
        self.call: tuple[Callable[..., Any], bool, tuple[str, ...]] | None = None
        self.field_def: GraphQLField | None = None
        # Coerced arguments when they use no variables; None when they must be coerced per request.
        self.args: dict[str, Any] | None = {}
        self.complete: Completer = _identity


def _identity(value: Any, run: Run) -> Any:
    return value


class Plan:
    """One compiled operation."""

    def __init__(self, schema: GraphQLSchema, document_text: str, operation_name: str | None) -> None:
        document = parse(document_text)
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is None:
            if len(operations) != 1:
                raise NotCompilable("which operation?")
            operation = operations[0]
        else:
            found = [o for o in operations if o.name and o.name.value == operation_name]
            if len(found) != 1:
                raise NotCompilable("no such operation")
            operation = found[0]
        if operation.operation is not OperationType.QUERY:
            raise NotCompilable("only queries")
        self.schema = schema
        self.document = document
        self.operation = operation
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        if any(f.variable_definitions for f in self.fragments.values()):
            raise NotCompilable("fragment variables")
        self.variable_definitions = operation.variable_definitions or ()
        self.fields: list[FieldPlan] = []  # every field plan, indexed by FieldPlan.index
        self.executions = 0  # requests answered by this plan (tests and diagnostics)
        query_type = schema.query_type
        assert query_type is not None
        self.root = self._object_completer(query_type, [operation.selection_set], root=True)

    # --- compiling --------------------------------------------------------------------------------

    def _object_completer(
        self, type_: GraphQLObjectType, selection_sets: Sequence[SelectionSetNode], *, root: bool = False
    ) -> Completer:
        """A function written for this selection: one dictionary built field by field, no loop."""
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self._collect(type_, selection_set, grouped, set())
        fields = [self._field(type_, key, nodes) for key, nodes in grouped.items()]
        namespace: dict[str, Any] = {"is_awaitable": is_awaitable, "fail": _fail, "not_null": _not_null}
        lines = ["def complete(source, run):"]
        if not root:
            lines.append("    if source is None: return None")
        lines += ["    d = source.__class__ is dict", "    out = {}"]
        for i, field in enumerate(fields):
            namespace[f"f{i}"], namespace[f"c{i}"] = field, field.complete
            key = repr(field.key)
            if field.typename is not None:
                lines.append(f"    out[{key}] = {field.typename!r}")
                continue
            if field.python_name is not None:
                name = repr(field.python_name)
                lines.append(f"    v = source[{name}] if d else getattr(source, {name})")
                lines.append(f"    out[{key}] = {_inline(field, i, namespace)}")
                continue
            if field.call is not None:
                function, takes_self, sources = field.call
                namespace[f"fn{i}"] = function
                passed = ["source"] if takes_self else []
                passed.append(f"**run.keywords(f{i})")
                passed += [f"{name}=source" for name in sources]
                lines.append(f"    v = fn{i}({', '.join(passed)})")
            else:
                lines.append(f"    v = f{i}.resolve(source, run.info(f{i}), **run.arguments(f{i}))")
            lines += [
                "    if v is None or v.__class__ is dict or v.__class__ is list or not is_awaitable(v):",
                f"        out[{key}] = {_inline(field, i, namespace)}",
                "    else:",
                f"        out[{key}] = None",
                f"        run.pending.append((v, out, {key}, c{i}))",
            ]
        lines.append("    return out")
        exec("\n".join(lines), namespace)  # noqa: S102 - our own text, from names the schema validated
        complete: Completer = namespace["complete"]
        return complete

    def _collect(
        self,
        type_: GraphQLObjectType,
        selection_set: SelectionSetNode,
        grouped: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompilable("directives")
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or self._applies(condition.name.value, type_):
                    self._collect(type_, selection.selection_set, grouped, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if fragment.directives:
                    raise NotCompilable("directives")
                if self._applies(fragment.type_condition.name.value, type_):
                    self._collect(type_, fragment.selection_set, grouped, visited)

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        if condition == type_.name:
            return True
        abstract = self.schema.get_type(condition)
        return abstract is not None and self.schema.is_sub_type(abstract, type_)  # type: ignore[arg-type]

    def _field(self, parent_type: GraphQLObjectType, key: str, nodes: list[FieldNode]) -> FieldPlan:
        plan = FieldPlan(key, nodes, parent_type, len(self.fields))
        self.fields.append(plan)
        if plan.name == "__typename":
            plan.typename = parent_type.name
            return plan
        if plan.name.startswith("__"):
            raise NotCompilable("introspection")
        field_def = parent_type.fields.get(plan.name)
        if field_def is None or field_def.resolve is None:
            raise NotCompilable("unknown field")
        plan.field_def = field_def
        if getattr(field_def.resolve, "_is_default", False):
            # Strawberry's plain field: the configured default resolver reads python_name.
            plan.python_name = field_def.extensions["strawberry-definition"].python_name
        else:
            plan.resolve = field_def.resolve
            definition = field_def.extensions["strawberry-definition"]
            resolver = definition.base_resolver
            if resolver is not None and not definition.extensions:
                sources = tuple(p.name for p in (resolver.root_parameter, resolver.parent_parameter) if p)
                plan.call = (resolver.wrapped_func, resolver.self_parameter is not None, sources)
            if field_def.args:
                plan.args = None if _uses_variables(nodes[0]) else get_argument_values(field_def, nodes[0])
        plan.complete = self._completer(field_def.type, nodes)
        return plan

    def _completer(self, type_: GraphQLOutputType, nodes: list[FieldNode]) -> Completer:
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, nodes)

            def complete_non_null(value: Any, run: Run) -> Any:
                if value is None:
                    raise Fallback
                completed = inner(value, run)
                if completed is None:
                    raise Fallback
                return completed

            complete_non_null.inner = inner  # type: ignore[attr-defined]
            return complete_non_null
        if isinstance(type_, GraphQLList):
            item = self._completer(type_.of_type, nodes)
            # Rows (dicts) of an object type go straight to the object's function.
            row = getattr(item, "inner", item) if _named(type_).__class__ is GraphQLObjectType else None

            def complete_list(value: Any, run: Run) -> Any:
                if value is None:
                    return None
                out: list[Any] = []
                for element in value:
                    if row is not None and element.__class__ is dict:
                        out.append(row(element, run))
                    elif is_awaitable(element):
                        run.pending.append((element, out, len(out), item))
                        out.append(None)
                    else:
                        out.append(item(element, run))
                return out

            return complete_list
        if isinstance(type_, GraphQLScalarType) and type_ in _EXACT:
            serialize = type_.serialize
            exact = _EXACT[type_]

            def complete_builtin(value: Any, run: Run) -> Any:
                if value is None or value.__class__ is exact:
                    return value
                return serialize(value)

            return complete_builtin
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            leaf_serialize: Callable[[Any], Any] = type_.serialize

            def complete_leaf(value: Any, run: Run) -> Any:
                return None if value is None else leaf_serialize(value)

            return complete_leaf
        if isinstance(type_, GraphQLObjectType):
            return self._object_completer(
                type_, [n.selection_set for n in nodes if n.selection_set is not None]
            )
        raise NotCompilable("abstract type")

    # --- running ----------------------------------------------------------------------------------

    async def execute(self, context: Any, variables: dict[str, Any] | None) -> dict[str, Any] | None:
        """The response's data, or None when this request must run the ordinary way."""
        if refuse_variables(self.document, variables) is not None:
            return None  # the ordinary way answers the refusal (casebook.graphql.inputs)
        coerced = get_variable_values(self.schema, self.variable_definitions, variables or {}, max_errors=1)
        if isinstance(coerced, list):
            return None
        run = Run(self, context, coerced)
        try:
            data = self.root(None, run)
            await run.settle()
        except Exception:
            run.discard()
            return None
        self.executions += 1
        return data


# Built-in scalars whose values pass through as they are when of exactly this class.
_EXACT: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLInt: int, GraphQLBoolean: bool}


def _named(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _fail() -> Any:
    raise Fallback


def _not_null(value: Any) -> Any:
    if value is None:
        raise Fallback
    return value


def _inline(field: FieldPlan, i: int, namespace: dict[str, Any]) -> str:
    """The expression completing `v` for field i, written out for the common kinds of type."""
    assert field.field_def is not None
    type_: Any = field.field_def.type
    non_null = isinstance(type_, GraphQLNonNull)
    named = type_.of_type if non_null else type_
    exact = _EXACT.get(named)
    if exact is not None:
        cls = exact.__name__  # a builtin's name, as the generated code sees it
        test = f"v.__class__ is {cls}" if non_null else f"v is None or v.__class__ is {cls}"
        if named is GraphQLID:
            return f"v if {test} else str(v) if v.__class__ is int else c{i}(v, run)"
        return f"v if {test} else c{i}(v, run)"
    if isinstance(named, GraphQLEnumType):
        # Rows hold the enum's values as text: the name by a dictionary look-up, as graphql-core does.
        namespace[f"e{i}"] = {value.value: name for name, value in named.values.items()}
        return f"e{i}[v] if v.__class__ is str and v in e{i} else c{i}(v, run)"
    if isinstance(named, GraphQLScalarType):
        namespace[f"s{i}"] = named.serialize
        return (
            f"not_null(s{i}(v)) if v is not None else fail()"
            if non_null
            else f"None if v is None else s{i}(v)"
        )
    if isinstance(named, GraphQLObjectType):
        namespace[f"o{i}"] = field.complete.inner if non_null else field.complete  # type: ignore[attr-defined]
        return f"o{i}(v, run) if v is not None else fail()" if non_null else f"o{i}(v, run)"
    return f"c{i}(v, run)"


class _VariableFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_variable(self, *_: Any) -> None:
        self.found = True


def _uses_variables(node: FieldNode) -> bool:
    finder = _VariableFinder()
    for argument in node.arguments or ():
        visit(argument, finder)
    return finder.found


class Run:
    """One request's execution of a plan."""

    __slots__ = ("args", "context", "infos", "kwargs", "pending", "plan", "variables")

    def __init__(self, plan: Plan, context: Any, variables: Any) -> None:
        self.plan = plan
        self.context = context
        self.variables = variables
        self.infos: list[Any] = [None] * len(plan.fields)
        self.args: list[dict[str, Any] | None] = [None] * len(plan.fields)
        self.kwargs: list[dict[str, Any] | None] = [None] * len(plan.fields)
        # (awaitable, container, key, completer): values still to come, settled breadth-first.
        self.pending: list[tuple[Any, Any, Any, Completer]] = []

    def info(self, field: FieldPlan) -> Any:
        info = self.infos[field.index]
        if info is None:
            plan = self.plan
            assert field.field_def is not None
            info = self.infos[field.index] = _OperationContextAwareGraphQLResolveInfo(
                field.name,
                field.nodes,
                field.field_def.type,
                field.parent_type,
                Path(None, field.key, field.parent_type.name),
                plan.schema,
                plan.fragments,
                None,
                plan.operation,
                self.variables.coerced,
                self.context,
                is_awaitable,
                None,
                None,
                {},  # operation_extensions: none for a plan's request
            )
        return info

    def arguments(self, field: FieldPlan) -> dict[str, Any]:
        if field.args is not None:
            return field.args
        args = self.args[field.index]
        if args is None:
            assert field.field_def is not None
            args = self.args[field.index] = get_argument_values(
                field.field_def, field.nodes[0], self.variables
            )
        return args

    def keywords(self, field: FieldPlan) -> dict[str, Any]:
        """A direct call's keyword arguments: converted as Strawberry converts them, once a request."""
        kwargs = self.kwargs[field.index]
        if kwargs is None:
            assert field.field_def is not None
            definition = field.field_def.extensions["strawberry-definition"]
            strawberry_schema = self.plan.schema._strawberry_schema  # type: ignore[attr-defined]
            config = strawberry_schema.config
            info = config.info_class(_raw_info=self.info(field), _field=definition)
            kwargs = convert_arguments(
                self.arguments(field),
                definition.arguments,
                scalar_registry=strawberry_schema.schema_converter.scalar_registry,
                config=config,
                info=info,
            )
            if (info_parameter := definition.base_resolver.info_parameter) is not None:
                kwargs[info_parameter.name] = info
            self.kwargs[field.index] = kwargs
        return kwargs

    async def settle(self) -> None:
        while self.pending:
            batch, self.pending = self.pending, []
            if len(batch) == 1:
                values = [await batch[0][0]]
            else:
                results = await asyncio.gather(*(p[0] for p in batch), return_exceptions=True)
                for value in results:
                    if isinstance(value, BaseException):
                        raise value
                values = results
            for (_, container, key, complete), value in zip(batch, values, strict=True):
                container[key] = complete(value, self)

    def discard(self) -> None:
        """Abandoned after an error: close what never ran, observe what may still fail."""
        for awaitable, *_ in self.pending:
            if asyncio.iscoroutine(awaitable):
                awaitable.close()
            elif isinstance(awaitable, asyncio.Future):
                awaitable.add_done_callback(_observe)
        self.pending = []


def _observe(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


class Plans:
    """Compiled plans by (document text, operation name), the oldest forgotten first."""

    def __init__(self, schema: GraphQLSchema, maxsize: int = PLANS_MAX) -> None:
        self.schema = schema
        self.maxsize = maxsize
        self.enabled = True  # tests compare both ways of executing
        self.entries: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()

    def get(self, text: str, operation_name: str | None) -> Plan | None:
        if not self.enabled:
            return None
        return self.entries.get((text, operation_name))

    def known(self, text: str, operation_name: str | None) -> bool:
        return (text, operation_name) in self.entries

    def learn(self, text: str, operation_name: str | None) -> None:
        """Called after the ordinary way executed this document without errors."""
        key = (text, operation_name)
        if key in self.entries:
            return
        try:
            plan: Plan | None = Plan(self.schema, text, operation_name)
        except NotCompilable:
            plan = None  # remembered, so the document is not compiled again
        self.entries[key] = plan
        while len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
