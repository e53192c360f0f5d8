"""The file store for attachments and set-aside raw messages: content-addressed files below FILES_DIR.

The same attachment mailed twice is stored once; keys never contain a sender-chosen name, so
nothing a sender writes can escape the directory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from casebook import settings


def root() -> Path:
    return Path(settings.FILES_DIR)


def store_bytes(data: bytes, *, suffix: str = "") -> str:
    """Writes `data` (atomically) and returns its storage key, a path relative to FILES_DIR."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest[:2]}/{digest[2:4]}/{digest}{suffix}"
    path = root() / key
    if path.exists():
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return key


def read_bytes(key: str) -> bytes:
    path = (root() / key).resolve()
    if root().resolve() not in path.parents:
        raise ValueError("storage key outside the file store")
    return path.read_bytes()
