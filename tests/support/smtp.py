"""A real SMTP sink for tests: aiosmtpd's Controller in a thread, keeping every message it accepts.

`stop()` and `start()` keep the port, so a test can take the server down, let mail pile up in the
outbox, bring it back and see everything delivered once.
"""

from __future__ import annotations

import email
import email.policy
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from .dovecot import free_port


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg

    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""  # type: ignore[attr-defined]


@dataclass
class _Handler:
    sink: SmtpSink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        with self.sink.lock:
            self.sink.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(raw)))
        return "250 OK"


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
