"""Looking ahead at what a query selects, to choose the batch queries of a list page."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _flatten(selections: Iterable[Selection]) -> list[SelectedField]:
    out: list[SelectedField] = []
    for sel in selections:
        if isinstance(sel, SelectedField):
            out.append(sel)
        elif isinstance(sel, FragmentSpread | InlineFragment):
            out.extend(_flatten(sel.selections))
    return out


def child(fields: Iterable[Selection], name: str) -> list[SelectedField]:
    return [f for f in _flatten(fields) if f.name == name]


def node_fields(selected: list[SelectedField]) -> set[str]:
    """Names selected under `edges { node { … } }` of a connection field."""
    names: set[str] = set()
    for conn in selected:
        for edges in child(conn.selections, "edges"):
            for node in child(edges.selections, "node"):
                names.update(f.name for f in _flatten(node.selections))
    return names


def selects(selected: list[SelectedField], name: str) -> bool:
    return any(f.name == name for conn in selected for f in _flatten(conn.selections))
