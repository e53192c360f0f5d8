"""Result tables: printed, and appended to bench/README.md under a header describing the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"
RESULTS_MARK = "<!-- results: appended by the bench scripts below this line -->"


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(
        next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1]
    )
    versions = []
    for dist in (
        "strawberry-graphql",
        "starlette",
        "uvicorn",
        "tortoise-orm",
        "broadcaster",
        "graphql-core",
    ):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    pg = _cmd(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atc",
            "SHOW server_version",
            "postgres",
        ]
    )
    redis = _cmd(["redis-server", "--version"]).split(" ")[2:3]
    return (
        f"{os.cpu_count()} × {cpu}, {mem_kb / 2**20:.0f} GB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg}, Redis {''.join(redis).replace('v=', '')}; "
        + ", ".join(versions)
    )


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, check=False, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


class Table:
    def __init__(self, title: str, columns: list[str], notes: list[str] | None = None) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[list[str]] = []
        self.notes = notes or []

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        out = [
            f"#### {self.title}",
            "",
            "| " + " | ".join(self.columns) + " |",
            "|" + "|".join("---" for _ in self.columns) + "|",
        ]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        if self.notes:
            out += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def emit(self) -> None:
        text = self.markdown()
        print(text, flush=True)
        if os.environ.get("BENCH_DRY"):
            return  # a trial run: printed only, bench/README.md keeps the recorded runs
        readme = README.read_text() if README.exists() else f"# Benchmarks\n\n{RESULTS_MARK}\n"
        if RESULTS_MARK not in readme:
            readme += f"\n{RESULTS_MARK}\n"
        run_header = os.environ.get("CASEBOOK_BENCH_RUN")
        if run_header and f"<!-- run {run_header} -->" not in readme:
            readme += (
                f"\n<!-- run {run_header} -->\n### Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n\n"
                f"Machine: {machine()}\n\n"
            )
        elif not run_header:
            readme += f"\n### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {machine()}\n\n"
        README.write_text(readme + "\n" + text)
