"""The `casebook` command as an operator runs it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def _casebook(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASEBOOK_DATABASE_URL": f"sqlite://{database}"}
    casebook = str(Path(sys.executable).parent / "casebook")
    return subprocess.run([casebook, *args], env=env, capture_output=True, text=True, timeout=60)


def test_migrate_twice_is_up_to_date(tmp_path: Path) -> None:
    database = tmp_path / "casebook.sqlite3"
    assert _casebook("migrate", database=database).returncode == 0
    again = _casebook("migrate", database=database)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_a_failing_migration_ends_the_command_with_an_error(tmp_path: Path) -> None:
    """It used to hang: the open SQLite connection's thread kept the process alive."""
    database = tmp_path / "casebook.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")  # in the first migration's way
    failed = _casebook("migrate", database=database)  # the timeout fails the test if it hangs
    assert failed.returncode != 0
    assert "accounts" in failed.stderr
