"""Encrypting mailbox passwords at rest (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

The key is derived from CASEBOOK_SECRET_KEY. Without one (development), settings invents a random
key per process, which would make stored passwords unreadable by the next process; then a key file
beside the file store is used instead, created on first use with mode 0600.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from casebook import settings

_PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """The stored secret was encrypted with another key (CASEBOOK_SECRET_KEY changed): re-enter it."""


def _key_material() -> bytes:
    from_env = settings.SECRET_KEY_FROM_ENV
    if from_env:
        return str(settings.SECRET_KEY).encode()
    path = Path(settings.FILES_DIR).parent / "mail-secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip().encode()


def _fernet() -> Fernet:
    # A purpose-bound derivation, so the session-signing key itself never encrypts anything.
    digest = hashlib.sha256(b"casebook mailbox secret v1\x00" + _key_material()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(plain: str) -> str:
    return _PREFIX + _fernet().encrypt(plain.encode()).decode()


def unseal(stored: str) -> str:
    if not stored.startswith(_PREFIX):
        raise SecretUnreadable("unknown secret format")
    try:
        return _fernet().decrypt(stored.removeprefix(_PREFIX).encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "the mailbox password was stored under another secret key; set it again"
        ) from exc
