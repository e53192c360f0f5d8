"""The fast path: everything that answers faster than plain graphql-core, behind one setting.

- `compiled`: known query documents run a compiled plan instead of graphql-core's per-field
  execution (HTTP POST; casebook.app asks `plans` when the fast path is on).
- `live`: a live event is executed once per (event, document, variables, viewer key) and the
  result shared by every subscriber with the same key; the viewer key comes from
  casebook.visibility.share_key and the dependencies the selected fields declare.

With `CASEBOOK_FAST_PATH=false` (settings.FAST_PATH) every request and event runs the plain way:
the same answers, only slower. The test suite compares both ways (tests/conftest.py).
Nothing outside this package and its two call sites (casebook.app, casebook.graphql.schema) knows
about it; domain types only declare what their fields depend on (casebook.visibility.depends_on).
"""

from __future__ import annotations

from casebook import settings


def enabled() -> bool:
    # Read per call, so tests may switch it; settings.FAST_PATH is the operator's choice.
    return settings.FAST_PATH
