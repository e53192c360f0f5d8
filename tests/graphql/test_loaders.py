"""The per-request loaders: freed as soon as nothing uses them (a live subscription makes one per event)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from casebook.auth.actor import Actor
from casebook.fastpath.live import SharedResults
from casebook.graphql.loaders import Loaders


def test_loaders_are_freed_without_a_garbage_collection() -> None:
    """A Loaders in a reference cycle lived (with every row it read) until the next collection."""
    gc.disable()
    try:
        loaders: Any = Loaders(Actor.system())
        gone = weakref.ref(loaders)
        loaders.cases.prime(1, {"id": 1, "body": "x" * 30_000})
        del loaders
        assert gone() is None, "Loaders is part of a reference cycle"
    finally:
        gc.enable()


def test_a_serving_process_refuses_the_verify_mode() -> None:
    results = SharedResults()
    results.verify = True
    results.mismatches.append(((), None, None))
    results.serving()
    assert results.verify is False and results.mismatches == []
    with pytest.raises(RuntimeError):
        results.verify = True
