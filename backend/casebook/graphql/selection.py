"""Looking ahead at what a query selects, to choose the batch queries of a list page.

Read from the query's syntax tree, not from Strawberry's `info.selected_fields` (which converts
the whole selection into new objects on every request), and remembered per field node: parsed
documents come from the parser cache, so a known document's answer is a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)

_MEMO_MAX = 1024
# id(field node) -> (the node, kept alive so that its id is not reused; the names)
_memo: dict[int, tuple[FieldNode, frozenset[str]]] = {}


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> Iterator[FieldNode]:
    """The fields of a selection set, through fragments (directives are not evaluated: a field
    under @skip counts as selected, which at worst prefetches a relation not needed)."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set, fragments)


def node_fields(info: Any) -> frozenset[str]:
    """Names selected under `edges { node { … } }` of the connection field being resolved."""
    raw = info._raw_info
    first = raw.field_nodes[0]
    hit = _memo.get(id(first))
    if hit is not None and hit[0] is first:
        return hit[1]
    fragments = raw.fragments
    names = frozenset(
        field.name.value
        for connection in raw.field_nodes
        for edges in _fields(connection.selection_set, fragments)
        if edges.name.value == "edges"
        for node in _fields(edges.selection_set, fragments)
        if node.name.value == "node"
        for field in _fields(node.selection_set, fragments)
    )
    if len(_memo) >= _MEMO_MAX:
        _memo.clear()
    _memo[id(first)] = (first, names)
    return names
