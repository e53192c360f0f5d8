"""Case numbers stay unique and gap-free when two processes create cases at the same moment."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from casebook.cases.models import Case
from casebook.enums import Role

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from casebook.app import start_database
    from casebook.auth.actor import Actor
    from casebook.cases.services import create_case
    from casebook.enums import Role
    from tortoise import Tortoise

    async def main():
        await start_database(sys.argv[1])
        actor = Actor(user_id=None, role=Role.ADMIN, name="racer")
        await asyncio.gather(*(create_case(actor=actor, subject=f"race {sys.argv[2]} {i}") for i in range(25)))
        await Tortoise.close_connections()

    asyncio.run(main())
    """
)


async def test_two_processes_never_share_a_number(db: str, people: object, tmp_path: Path) -> None:
    await people.make(Role.ADMIN, "Ada")  # type: ignore[attr-defined]
    script = tmp_path / "race.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "CASEBOOK_MAIL_WORKERS": "0"}
    racers = [subprocess.Popen([sys.executable, str(script), db, str(n)], env=env) for n in range(2)]
    assert [p.wait(120) for p in racers] == [0, 0]
    numbers = sorted(await Case.all().values_list("number", flat=True))
    assert numbers == list(range(10001, 10051))
