"""What services call after a commit that ends a credential or changes someone's rights."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from casebook.realtime.hub import hub
from casebook.realtime.sockets import CREDENTIAL_ENDED, RIGHTS_CHANGED, AccessNotice

log = logging.getLogger(__name__)


async def credential_ended(
    *,
    user_id: int | None = None,
    session: str | None = None,
    token_id: int | None = None,
    keep_session: str | None = None,
) -> None:
    """Closes (4401) the sockets of a session digest, an integration token, or a user's sessions."""
    await _publish(
        AccessNotice(
            code=CREDENTIAL_ENDED,
            user_id=user_id,
            session=session,
            token_id=token_id,
            keep_session=keep_session,
        )
    )


async def rights_changed(user_ids: Iterable[int]) -> None:
    """Closes (4403) the users' sockets: they reconnect and act with their current rights."""
    for user_id in sorted(set(user_ids)):
        await _publish(AccessNotice(code=RIGHTS_CHANGED, user_id=user_id))


async def _publish(notice: AccessNotice) -> None:
    try:
        await hub.publish_access(notice)
    except Exception:
        # The change is committed, and every operation re-authenticates: a socket left open can
        # no longer act with the old credential or rights. Its running subscriptions get nothing
        # either while the backend that carries events (and this notice) is down. Failing the
        # caller's request would not undo the change.
        log.exception("could not publish %s", notice)
