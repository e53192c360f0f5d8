"""Settings of the test run itself."""

from __future__ import annotations

import os
from typing import Any

POSTGRES_ADMIN = os.environ.get("CASEBOOK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
USE_POSTGRES = os.environ.get("CASEBOOK_TEST_DATABASE") == "postgres"
PASSWORD = "correct-horse-battery"


def error_codes(result: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in result.get("errors") or []]
