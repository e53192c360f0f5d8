"""Login throttling with the `limits` library (moving window; memory or Redis storage)."""

from __future__ import annotations

from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from casebook import settings
from casebook.errors import RateLimited
from casebook.users.emails import normalize_email

_limiter: MovingWindowRateLimiter | None = None


def _get_limiter() -> MovingWindowRateLimiter:
    global _limiter
    if _limiter is None:
        # The async flavours of the storages: "async+memory://", "async+redis://…".
        url = settings.RATE_LIMIT_STORAGE
        _limiter = MovingWindowRateLimiter(
            storage_from_string(url if url.startswith("async+") else "async+" + url)
        )
    return _limiter


async def check_login(*, email: str, client: str) -> None:
    """Raises RateLimited when this e-mail or this client address tried too often."""
    item = parse(settings.LOGIN_RATE_LIMIT)
    limiter = _get_limiter()
    for key in (f"login:email:{normalize_email(email)}", f"login:client:{client}"):
        if not await limiter.hit(item, key):
            raise RateLimited("Too many sign-in attempts. Wait a minute and try again.")


async def check_current_password(*, user_id: int) -> None:
    """The same limit for guesses at a signed-in user's current password (a stolen session)."""
    if not await _get_limiter().hit(parse(settings.LOGIN_RATE_LIMIT), f"password:user:{user_id}"):
        raise RateLimited("Too many attempts. Wait a minute and try again.")


def reset() -> None:
    """Forget all counts (tests)."""
    global _limiter
    _limiter = None
