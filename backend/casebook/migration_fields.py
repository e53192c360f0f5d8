"""Field constructors the apps' migrations share (casebook.sla, casebook.entitlements): a foreign
key as Tortoise's migration writer spells it (nullable ones SET NULL, the others CASCADE), a JSON
column with our encoder, a plain date-time. Kept out of the migrations packages, whose every module the runner reads as a migration."""

from __future__ import annotations

from typing import Any

from orjson import loads
from tortoise import fields
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS


def fk(model: str, column: str, related_name: str, *, null: bool = False) -> Any:
    if null:
        return fields.ForeignKeyField(
            model,
            source_field=column,
            db_constraint=True,
            to_field="id",
            related_name=related_name,
            null=True,
            on_delete=OnDelete.SET_NULL,
        )
    return fields.ForeignKeyField(
        model,
        source_field=column,
        db_constraint=True,
        to_field="id",
        related_name=related_name,
        on_delete=OnDelete.CASCADE,
    )


def json(default: Any) -> Any:
    return fields.JSONField(default=default, encoder=JSON_DUMPS, decoder=loads)


def at(*, null: bool = False, index: bool = False) -> Any:
    if null:
        return fields.DatetimeField(null=True, db_index=index, auto_now=False, auto_now_add=False)
    return fields.DatetimeField(db_index=index, auto_now=False, auto_now_add=False)
