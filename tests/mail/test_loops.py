from __future__ import annotations

from pathlib import Path

import pytest

from casebook.mail.loops import automatic_reason
from casebook.mail.parsing import parse_message

CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("auto_reply_vacation.eml", "Auto-Submitted"),
        ("precedence_bulk.eml", "Precedence: bulk"),
        ("x_autoreply.eml", "x-autoreply"),
        ("outlook_oof.eml", "out-of-office"),
        ("bounce_mailer_daemon.eml", "bounce"),
    ],
)
def test_automatic_mail_is_recognised(name: str, expected: str) -> None:
    reason = automatic_reason(parse_message((CORPUS / name).read_bytes()))
    assert reason is not None and expected in reason


@pytest.mark.parametrize(
    "name",
    ["plain_utf8.eml", "gmail_reply.eml", "outlook_reply.eml", "nested_multipart.eml"],
)
def test_human_mail_is_not_automatic(name: str) -> None:
    assert automatic_reason(parse_message((CORPUS / name).read_bytes())) is None


def test_auto_submitted_no_is_a_person() -> None:
    raw = b"From: a@customer.test\r\nAuto-Submitted: no\r\nSubject: hi\r\n\r\nbody\r\n"
    assert automatic_reason(parse_message(raw)) is None


def test_null_return_path_is_a_bounce() -> None:
    raw = b"Return-Path: <>\r\nFrom: someone@mx.test\r\nSubject: failure\r\n\r\nbody\r\n"
    assert automatic_reason(parse_message(raw)) == "bounce (null sender)"
