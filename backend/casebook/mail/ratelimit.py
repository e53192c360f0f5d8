"""A per-sender ceiling on how many messages become cases or posts (the `limits` library).

In memory: only the one process holding the poller lease ingests mail, so a shared store adds
nothing. A restart forgets the counts, which errs on the side of accepting mail.
"""

from __future__ import annotations

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from casebook.mail import config

_limiter = MovingWindowRateLimiter(MemoryStorage())


def allow_sender(address: str) -> bool:
    return _limiter.hit(parse(config.SENDER_RATE_LIMIT), "mail-sender", address.lower())


def reset() -> None:
    _limiter.storage.reset()
