"""The CLI entry points the lead wires: add-mailbox, fetch-mail --once, send-mail --once."""

from __future__ import annotations

import pytest

from casebook import settings
from casebook.cases.models import Case
from casebook.mail import commands, compose
from casebook.mail.models import Mailbox, OutboxKind
from casebook.mail.outbox import queue
from support.dovecot import DovecotServer, free_port
from support.smtp import SmtpSink


@pytest.mark.asyncio
async def test_add_mailbox_returns_its_id_and_explains_refusals(db: str) -> None:
    mailbox_id = await commands.add_mailbox(
        address="Help@Example.test", imap_url="imaps://u:p@mail.example.test/Support"
    )
    box = await Mailbox.get(id=mailbox_id)
    assert (box.address, box.imap_port, box.imap_tls, box.folder) == (
        "help@example.test",
        993,
        True,
        "Support",
    )
    with pytest.raises(ValueError, match="imapUrl: plain imap:// is only allowed for a local server"):
        await commands.add_mailbox(address="b@example.test", imap_url="imap://u:p@mail.example.test/INBOX")
    with pytest.raises(ValueError, match="address"):
        await commands.add_mailbox(address="help@example.test", imap_url="imaps://u:p@mail.example.test/")


@pytest.mark.asyncio
async def test_fetch_mail_once_exit_codes(db: str, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    await commands.add_mailbox(address=user.address, imap_url=user.url)
    user.append(
        b"From: x@customer.test\r\nSubject: via cli\r\nMessage-ID: <cli1@customer.test>\r\n\r\nhello\r\n"
    )
    user.append(
        b"From: MAILER-DAEMON@mx.test\r\nSubject: failure\r\nMessage-ID: <cli2@mx.test>\r\n\r\nbounce\r\n"
    )
    assert await commands.fetch_mail(once=True) == 0
    assert await Case.filter(subject="via cli").count() == 1

    await commands.add_mailbox(
        address="dead@example.test",
        imap_url=f"imap://u:p@127.0.0.1:{free_port()}/INBOX",
    )
    assert await commands.fetch_mail(once=True) == 1
    dead = await Mailbox.get(address="dead@example.test")
    assert dead.last_error and "connect" in dead.last_error


@pytest.mark.asyncio
async def test_send_mail_once_exit_codes(
    db: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    msg = compose.build(
        sender="s@example.test",
        sender_name="S",
        recipient="r@customer.test",
        subject="x",
        text="y",
        message_id="<c1@example.test>",
    )
    await queue(
        dedupe_key="c1",
        kind=OutboxKind.NOTIFICATION,
        message=msg,
        sender="s@example.test",
        recipient="r@customer.test",
    )
    assert await commands.send_mail(once=True) == 1  # CASEBOOK_SMTP_URL unset: the mail waits
    assert smtp_sink.messages == []
    monkeypatch.setattr(settings, "SMTP_URL", smtp_sink.url)
    assert await commands.send_mail(once=True) == 0
    assert [m.rcpt_tos for m in smtp_sink.messages] == [["r@customer.test"]]
    assert await commands.send_mail(once=True) == 0
    assert len(smtp_sink.messages) == 1


def test_sealed_secrets_round_trip_and_do_not_show_the_password(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from casebook.mail import secretbox

    monkeypatch.setattr(settings, "FILES_DIR", tmp_path / "files")
    sealed = secretbox.seal("hunter2")
    assert "hunter2" not in sealed and secretbox.unseal(sealed) == "hunter2"
    (tmp_path / "mail-secret.key").write_text("another key")
    if getattr(settings, "_secret", None) is None:  # the key file is in use: a new key cannot read it
        with pytest.raises(secretbox.SecretUnreadable):
            secretbox.unseal(sealed)


def test_the_real_cli_end_to_end(dovecot: DovecotServer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`casebook migrate`, `add-mailbox`, `fetch-mail --once` as an operator runs them."""
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    casebook = str(Path(sys.executable).parent / "casebook")
    env = {
        **os.environ,
        "CASEBOOK_DATABASE_URL": f"sqlite://{tmp_path / 'cli.sqlite3'}",
        "CASEBOOK_FILES_DIR": str(tmp_path / "files"),
        "CASEBOOK_SECRET_KEY": "cli-test-secret-key-0123456789",
        "CASEBOOK_MAIL_FROM": "casebook@example.test",
        "CASEBOOK_MAIL_LEASE_SECONDS": "5",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [casebook, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert cli("migrate").returncode == 0
    user = dovecot.add_user()
    added = cli("add-mailbox", "--address", user.address, "--imap-url", user.url)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().isdigit()
    user.append(
        b"From: op@customer.test\r\nSubject: from the CLI\r\nMessage-ID: <op1@customer.test>\r\n\r\nhi\r\n"
    )

    fetched = cli("fetch-mail", "--once")
    assert fetched.returncode == 0, fetched.stderr
    assert "1 new cases" in fetched.stdout
    with sqlite3.connect(tmp_path / "cli.sqlite3") as conn:
        assert conn.execute("SELECT subject, origin, email FROM cases").fetchall() == [
            ("from the CLI", "EMAIL", "op@customer.test")
        ]
        [(secret,)] = conn.execute("SELECT secret FROM mail_mailboxes").fetchall()
    assert user.password not in secret
    assert "$CasebookProcessed" in user.flags()[1]
    assert cli("send-mail", "--once").returncode == 0  # nothing due
