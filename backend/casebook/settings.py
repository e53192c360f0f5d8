"""The only reader of the environment: every setting Casebook knows, typed, in one place."""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import Secret

config = Config()  # os.environ; no .env file is read implicitly

ENVIRONMENT: str = config("CASEBOOK_ENV", default="development")
PRODUCTION: bool = ENVIRONMENT == "production"

DATABASE_URL: str = config("CASEBOOK_DATABASE_URL", default="sqlite://./casebook.sqlite3")
DATABASE_POOL_SIZE: int = config("CASEBOOK_DATABASE_POOL_SIZE", cast=int, default=20)
# PostgreSQL: seconds a request waits for a pooled connection, and a statement may run, before it
# fails (INTERNAL) instead of queueing without end. 0 means no limit.
DATABASE_POOL_TIMEOUT: float = config("CASEBOOK_DATABASE_POOL_TIMEOUT", cast=float, default=5.0)
DATABASE_STATEMENT_TIMEOUT: float = config("CASEBOOK_DATABASE_STATEMENT_TIMEOUT", cast=float, default=30.0)
BROADCAST_URL: str = config("CASEBOOK_BROADCAST_URL", default="memory://")

_secret = config("CASEBOOK_SECRET_KEY", cast=Secret, default=None)
if _secret is None and PRODUCTION:
    raise RuntimeError("CASEBOOK_SECRET_KEY must be set when CASEBOOK_ENV=production")
# Development gets a random key per process start: sessions then do not survive a restart,
# which is the safe failure for a forgotten setting.
SECRET_KEY: Secret = _secret or Secret(secrets.token_urlsafe(48))
# Whether the key above is the operator's (stable) or invented for this process.
SECRET_KEY_FROM_ENV: bool = _secret is not None

SMTP_URL: str | None = config("CASEBOOK_SMTP_URL", default=None)
MAIL_FROM: str = config("CASEBOOK_MAIL_FROM", default="casebook@localhost")
FILES_DIR: Path = Path(config("CASEBOOK_FILES_DIR", default="./var/files"))
# The background work (event-log consumers, jobs and timers, the outbox, the mail poller) runs
# inside `serve` unless turned off for API-only processes, when a separate `casebook worker` does it.
# CASEBOOK_MAIL_WORKERS is the older name of the same switch; CASEBOOK_WORKERS wins when both are set.
WORKERS: bool = config(
    "CASEBOOK_WORKERS", cast=bool, default=config("CASEBOOK_MAIL_WORKERS", cast=bool, default=True)
)
MAIL_WORKERS: bool = WORKERS  # the name app.py and older tests read
# Seconds a worker sleeps when it found no work (committed events in this process wake it sooner).
# Compiled query plans and shared live results (casebook.fastpath); off runs everything through
# plain graphql-core, with the same answers (the test suite compares both).
FAST_PATH: bool = config("CASEBOOK_FAST_PATH", cast=bool, default=True)
WORKER_POLL_SECONDS: float = config("CASEBOOK_WORKER_POLL_SECONDS", cast=float, default=1.0)
# A consumer's lease: another worker takes over this long after the holder stopped renewing it.
WORKER_LEASE_SECONDS: float = config("CASEBOOK_WORKER_LEASE_SECONDS", cast=float, default=30.0)
# A claimed job belongs to its worker this long; a worker that died loses it then, and another runs it.
JOB_LOCK_SECONDS: float = config("CASEBOOK_JOB_LOCK_SECONDS", cast=float, default=300.0)

SESSION_COOKIE: str = "casebook_session"
CSRF_COOKIE: str = "casebook_csrf"
CSRF_HEADER: str = "x-csrf-token"
SESSION_DAYS: int = config("CASEBOOK_SESSION_DAYS", cast=int, default=14)
# Secure cookies need HTTPS; the embedded default serves plain HTTP on 127.0.0.1.
COOKIE_SECURE: bool = config("CASEBOOK_COOKIE_SECURE", cast=bool, default=PRODUCTION)

# Login rate limit, in the `limits` library's notation, per e-mail and per client address.
LOGIN_RATE_LIMIT: str = config("CASEBOOK_LOGIN_RATE_LIMIT", default="10/minute")
# Where the rate limiter counts: memory:// per process, or a redis:// URL shared by all processes.
RATE_LIMIT_STORAGE: str = config("CASEBOOK_RATE_LIMIT_STORAGE", default="memory://")

# GraphQL abuse limits.
MAX_QUERY_DEPTH: int = config("CASEBOOK_MAX_QUERY_DEPTH", cast=int, default=12)
MAX_ALIASES: int = config("CASEBOOK_MAX_ALIASES", cast=int, default=30)
MAX_TOKENS: int = config("CASEBOOK_MAX_TOKENS", cast=int, default=2000)
MAX_PAGE_SIZE: int = 100

# Realtime: how many undelivered events one subscriber may hold before it is dropped,
# and how long one WebSocket send may block.
SUBSCRIBER_QUEUE_SIZE: int = config("CASEBOOK_SUBSCRIBER_QUEUE_SIZE", cast=int, default=256)
WS_SEND_TIMEOUT: float = config("CASEBOOK_WS_SEND_TIMEOUT", cast=float, default=10.0)

STATIC_DIR: Path = Path(
    config("CASEBOOK_STATIC_DIR", default=str(Path(__file__).resolve().parents[2] / "frontend" / "dist"))
)
