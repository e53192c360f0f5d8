from __future__ import annotations

from pathlib import Path

import pytest

from casebook.mail import config
from casebook.mail.parsing import (
    UnparseableMessage,
    decode_bytes,
    html_to_text,
    parse_message,
    safe_filename,
)

CORPUS = Path(__file__).parent / "corpus"


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def test_plain_utf8_message() -> None:
    mail = parse_message(corpus("plain_utf8.eml"))
    assert mail.from_address == "ana@customer.test"
    assert mail.from_name == "Ana Müller"
    assert mail.message_id == "<plain-utf8-1@customer.test>"
    assert "Grüße aus Köln" in mail.text
    assert "\r" not in mail.text


def test_iso_2022_jp_subject_sender_and_body() -> None:
    mail = parse_message(corpus("iso2022jp.eml"))
    assert mail.subject == "請求書について"
    assert mail.from_name == "山田太郎"
    assert "請求書が届いていません" in mail.text


def test_windows_1252_text_labelled_latin1_keeps_euro_and_quotes() -> None:
    mail = parse_message(corpus("windows1252_labelled_latin1.eml"))
    assert mail.subject == "Facture à corriger"
    assert "120 € – “not” 100 €" in mail.text


def test_unknown_8bit_body_and_raw_8bit_subject() -> None:
    mail = parse_message(corpus("unknown_8bit.eml"))
    assert mail.subject == "Café menu broken"
    assert mail.from_name == "Björn"
    assert "€ signs" in mail.text


def test_broken_headers_still_yield_a_sender() -> None:
    mail = parse_message(corpus("broken_headers.eml"))
    assert mail.from_address == "broken@customer.test"
    assert mail.date is None
    assert mail.to == ["support@example.test"]
    assert all(ch.isprintable() for ch in mail.subject)
    assert mail.subject.endswith("still readable")


def test_nested_multipart_takes_bodies_and_attachments() -> None:
    mail = parse_message(corpus("nested_multipart.eml"))
    assert mail.text.strip() == "See the screenshot below."
    assert mail.html is not None and "cid:shot1@customer.test" in mail.html
    by_name = {a.filename: a for a in mail.attachments}
    assert by_name["screenshot.png"].inline and by_name["screenshot.png"].content_id == "shot1@customer.test"
    assert by_name["screenshot.png"].data.startswith(b"\x89PNG")
    assert by_name["invoice 2026-11.pdf"].data.startswith(b"%PDF")
    forwarded = [a for a in mail.attachments if a.content_type == "message/rfc822"]
    assert len(forwarded) == 1 and b"Inner message body." in forwarded[0].data
    assert "Inner message body" not in mail.text


def test_missing_message_id_gets_a_stable_synthetic_one() -> None:
    raw = corpus("no_message_id.eml")
    first, second = parse_message(raw), parse_message(raw)
    assert not first.has_message_id
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@casebook.invalid>")


def test_attachment_over_the_limit_is_dropped_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config, "MAX_ATTACHMENT_BYTES", 64 * 1024)
    mail = parse_message(corpus("huge_attachment.eml"))
    assert [a.filename for a in mail.attachments] == ["small.txt"]
    assert mail.dropped[0].filename == "logs.tar" and mail.dropped[0].size == 150_000


def test_html_only_message_gets_a_text_version_without_script() -> None:
    mail = parse_message(corpus("html_only_script.eml"))
    assert "Hello team" in mail.text
    assert "document.cookie" not in mail.text and "display:none" not in mail.text


def test_message_without_sender_is_unparseable() -> None:
    with pytest.raises(UnparseableMessage, match="no sender"):
        parse_message(corpus("no_from.eml"))


def test_threading_ids_nearest_first() -> None:
    mail = parse_message(corpus("outlook_reply.eml"))
    assert mail.thread_ids == [
        "<casebook.10001.abc@example.test>",
        "<plain-utf8-1@customer.test>",
    ]


def test_decode_bytes_never_fails() -> None:
    assert decode_bytes("Grüße".encode(), "x-no-such-charset") == "Grüße"
    assert decode_bytes(b"\x81\x8d\x8f", "utf-8")  # bytes undefined even in cp1252
    assert decode_bytes("日本".encode("gb18030"), "gb2312") == "日本"


def test_safe_filename_cannot_escape() -> None:
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\evil\\x.exe") == "x.exe"
    assert safe_filename("..") == "attachment.bin"


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>one</p><p>two<br>three</p><script>x</script>") == "one\n\ntwo\nthree"


def test_overlong_message_ids_stay_distinct() -> None:
    def with_id(mid: str) -> bytes:
        return f"From: a@customer.test\r\nMessage-ID: <{mid}>\r\nIn-Reply-To: <{mid}>\r\n\r\nx\r\n".encode()

    one = parse_message(with_id("x" * 300 + "1@customer.test"))
    two = parse_message(with_id("x" * 300 + "2@customer.test"))
    assert one.message_id != two.message_id
    assert len(one.message_id) <= 255 and one.in_reply_to == [one.message_id]


def test_attachment_names_in_encoded_words_and_rfc_2231_are_decoded() -> None:
    raw = (
        b"From: =?utf-8?q?J=C3=BCrgen?= <j@x.test>\r\nSubject: =?iso-8859-1?q?caf=E9?= au\r\n lait\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n'
        b"--z\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        b'--z\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="=?utf-8?B?'
        b'UmVjaG51bmfDpC5wZGY=?="\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n'
        b"--z\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
        b" filename*=UTF-8''%E2%82%AC%20rate.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n"
        b'--z\r\nContent-Type: image/png; name="pic.png"\r\nContent-ID: <img1@x>\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\niVBO\r\n--z--\r\n"
    )
    mail = parse_message(raw)
    assert (mail.from_name, mail.subject, mail.text.strip()) == ("Jürgen", "café au lait", "hi")
    assert [a.filename for a in mail.attachments] == ["Rechnungä.pdf", "€ rate.pdf", "pic.png"]
    assert [a.data for a in mail.attachments][:2] == [b"%PDF", b"%PDF"]
    assert mail.attachments[2].content_id == "img1@x"


def test_nul_bytes_are_dropped_because_postgresql_text_cannot_hold_them() -> None:
    raw = (
        b"From: n@x.test\r\nSubject: nul\x00 here\r\nMessage-ID: <n\x00ul@x.test>\r\n"
        b"Content-Type: text/plain\r\n\r\nbefore\x00after\r\n"
    )
    mail = parse_message(raw)
    assert "\x00" not in mail.text + mail.subject + mail.message_id
    assert mail.text.strip() == "beforeafter" and mail.message_id == "<nul@x.test>"


def test_absurdly_nested_mime_is_unparseable_not_a_crash() -> None:
    depth = 3000
    raw = b"From: a@b.test\r\nSubject: deep\r\n" + b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth)
    )
    raw += b"Content-Type: text/plain\r\n\r\nhi\r\n" + b"".join(
        b"--b%d--\r\n" % i for i in reversed(range(depth))
    )
    with pytest.raises(UnparseableMessage, match="nested too deeply"):
        parse_message(raw)
