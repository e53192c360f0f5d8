"""A real `casebook serve` process on a free port, for black-box tests over HTTP and WebSocket."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CASEBOOK = ROOT / ".venv" / "bin" / "casebook"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CASEBOOK), *args], env=env, capture_output=True, text=True, check=check, timeout=120
    )


class LiveServer:
    def __init__(self, env: dict[str, str], *, port: int | None = None, workers: int = 1) -> None:
        self.port = port or free_port()
        self.env = {**os.environ, **env}
        self.workers = workers
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/graphql"
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    def start(self, log_path: Path, timeout: float = 30) -> LiveServer:
        self.log_path = log_path
        log = log_path.open("wb")
        self.process = subprocess.Popen(
            [str(CASEBOOK), "serve", "--port", str(self.port), "--workers", str(self.workers)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not become healthy:\n{log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def graphql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            self.url + "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=10,
        )
        return response.json()  # type: ignore[no-any-return]

    def login(self, email: str, password: str) -> str:
        result = self.graphql(
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            {"e": email, "p": password},
        )
        return str(result["data"]["login"]["token"])


__all__ = ["LiveServer", "free_port", "run_cli"]
