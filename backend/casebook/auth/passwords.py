"""Passwords: the policy a new password must meet, and hashing with argon2id (argon2-cffi)."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from casebook.errors import InputError

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so that a login takes as long either way.
_DUMMY_HASH = _hasher.hash("casebook-dummy-password")

MIN_LENGTH = 8
# Long enough for any passphrase or manager; short enough that nobody makes us hash a megabyte.
MAX_LENGTH = 128
# zxcvbn's scores: 3 is "safely unguessable" against an online attack with throttling.
MIN_SCORE = 3
# zxcvbn's own bound: its matching is quadratic in the length. Beyond it the head is estimated;
# 72 characters that score well do not get weaker by adding more.
_ESTIMATE_LENGTH = 72


def check_password(password: str, *, user_inputs: Iterable[str | None] = ()) -> None:
    """Raises InputError (field `password`) saying why, when the password is too weak.

    `user_inputs`: what an attacker knows of the user (e-mail, name): a password built from them
    is refused.
    """
    if len(password) < MIN_LENGTH:
        raise InputError("password", f"A password has at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise InputError("password", f"A password has at most {MAX_LENGTH} characters.")
    inputs = [part for value in user_inputs if value for part in _parts(value)]
    estimate = zxcvbn(password[:_ESTIMATE_LENGTH], user_inputs=inputs)
    if estimate["score"] < MIN_SCORE:
        feedback = estimate["feedback"]
        why = [feedback.get("warning") or "This password is easy to guess.", *feedback.get("suggestions", [])]
        raise InputError("password", " ".join(s for s in why if s))


def _parts(value: str) -> list[str]:
    # The whole value and its words: "ada.admin@example.test" also gives "ada", "admin", "example".
    words = [w for w in "".join(c if c.isalnum() else " " for c in value).split() if len(w) > 2]
    return [value, *words]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        # No stored password is that long (the policy refuses it): do not spend a hash on it.
        password = ""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
