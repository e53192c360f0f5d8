"""A per-sender ceiling on how many messages become cases or posts (a moving window, in memory).

In memory: only the one process holding the poller lease ingests mail, so a shared store adds
nothing. A restart forgets the counts, which errs on the side of accepting mail.

The limit is written in the `limits` library's notation ("30/hour"), but counted here: the
library's MemoryStorage starts a timer thread on every hit (~1 ms of a message's ingest).
"""

from __future__ import annotations

import time
from collections import deque
from functools import lru_cache

from limits import parse

from casebook.mail import config

_hits: dict[str, deque[float]] = {}
_calls = 0
_SWEEP_EVERY = 1024  # forget idle senders now and then, so the table stays as small as the window


@lru_cache(maxsize=8)
def _window(notation: str) -> tuple[int, float]:
    item = parse(notation)
    return item.amount, float(item.get_expiry())


def allow_sender(address: str, *, now: float | None = None) -> bool:
    """Counts one message from `address` if it is under the limit; False (and not counted) if over."""
    global _calls
    amount, seconds = _window(config.SENDER_RATE_LIMIT)
    now = time.monotonic() if now is None else now
    since = now - seconds
    _calls += 1
    if _calls % _SWEEP_EVERY == 0:
        for key in [k for k, hits in _hits.items() if not hits or hits[-1] <= since]:
            del _hits[key]
    hits = _hits.setdefault(address.lower(), deque())
    while hits and hits[0] <= since:
        hits.popleft()
    if len(hits) >= amount:
        return False
    hits.append(now)
    return True


def reset() -> None:
    global _calls
    _hits.clear()
    _calls = 0
