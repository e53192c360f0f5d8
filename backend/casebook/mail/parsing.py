"""Turning raw RFC 5322 bytes into what a case or post needs, with the stdlib `email` package.

The structure is parsed with the cheap compat32 policy; the few headers we read are decoded one by
one with policy.default's header parser (the same decoding as `EmailMessage.get`), so the costly
header objects are built for ~6 headers a message instead of for every `get` and every
`get_content_type` call (that was over half of a message's parsing time).

Real mail is messy: headers that do not parse, charsets Python does not know or that lie, HTML-only
bodies, nested multiparts, attachments without names. Nothing here raises for such input; it falls
back and records what it had to do in `ParsedMail.defects`. Only a message with no usable sender
is refused (`UnparseableMessage`), because a case needs someone to answer.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import email.utils
import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from html.parser import HTMLParser

from casebook.mail import config


class UnparseableMessage(Exception):
    """The message cannot become a case or post; `str(exc)` is the reason kept with it."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None  # without angle brackets
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class DroppedAttachment:
    filename: str
    size: int
    reason: str


@dataclass
class ParsedMail:
    message_id: str  # with angle brackets; synthetic (hash of the bytes) when the sender gave none
    has_message_id: bool
    in_reply_to: list[str]
    references: list[str]
    subject: str
    from_address: str  # lower case; "" when missing
    from_name: str
    reply_to: str
    to: list[str]
    cc: list[str]
    date: datetime | None
    text: str  # the whole plain-text body (derived from the HTML when there is no text part)
    html: str | None  # the raw HTML body: sanitise before storing (see casebook.mail.html)
    attachments: list[Attachment] = field(default_factory=list)
    dropped: list[DroppedAttachment] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # LOOP_HEADERS present: lower-cased name -> value
    content_type: str = "text/plain"
    defects: list[str] = field(default_factory=list)

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this message answers, the nearest first."""
        seen: list[str] = []
        for mid in [*self.in_reply_to, *reversed(self.references)]:
            if mid not in seen:
                seen.append(mid)
        return seen[:100]


# The headers the loop checks read (parsing every header with policy.default is the costly part).
LOOP_HEADERS = frozenset(
    {
        "auto-submitted",
        "precedence",
        "x-autoreply",
        "x-autorespond",
        "x-autoresponse",
        "x-auto-reply",
        "x-auto-response-suppress",
        "return-path",
        "list-id",
    }
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# Charsets mail clients write that Python does not know, or that are sure to be mislabelled.
_CHARSET_ALIASES = {
    "unknown-8bit": "utf-8",
    "x-unknown": "utf-8",
    "unknown": "utf-8",
    "x-user-defined": "windows-1252",
    "iso-8859-1": "windows-1252",  # Windows clients label cp1252 text (curly quotes, €) as latin-1
    "us-ascii": "utf-8",  # 8-bit bytes under a us-ascii label are nearly always UTF-8
    "ascii": "utf-8",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "utf8": "utf-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",  # gb18030 is a superset; senders use GBK characters under the gb2312 label
    "gbk": "gb18030",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
}


def parse_message(raw: bytes) -> ParsedMail:
    try:
        return _parse(raw)
    except RecursionError as exc:
        # Thousands of nested multiparts: the same every time, so say so instead of failing the poller.
        raise UnparseableMessage("the MIME structure is nested too deeply to read") from exc


def _parse(raw: bytes) -> ParsedMail:
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    defects: list[str] = [type(d).__name__ for d in msg.defects]

    from_name, from_address = _first_address(msg, "from", defects)
    if not from_address:
        # Some bounces and broken scripts only carry a Sender or Return-Path.
        from_name, from_address = _first_address(msg, "sender", defects)
    if not from_address:
        raise UnparseableMessage("no sender address (From header missing or unreadable)")

    raw_id = _ids(header(msg, "message-id"))
    message_id = raw_id[0] if raw_id else f"<sha256.{hashlib.sha256(raw).hexdigest()}@casebook.invalid>"

    body = _Body()
    _walk(msg, body, defects)
    text = body.text
    if not text.strip() and body.html:
        text = html_to_text(body.html)

    return ParsedMail(
        message_id=message_id,
        has_message_id=bool(raw_id),
        in_reply_to=_ids(header(msg, "in-reply-to")),
        references=_ids(header(msg, "references")),
        subject=_one_line(header(msg, "subject"))[:255],
        from_address=from_address,
        from_name=from_name,
        reply_to=_first_address(msg, "reply-to", defects)[1],
        to=[a for _, a in _addresses(msg, "to", defects)],
        cc=[a for _, a in _addresses(msg, "cc", defects)],
        date=_date(header(msg, "date")),
        text=text,
        html=body.html,
        attachments=body.attachments,
        dropped=body.dropped,
        headers={k: header(msg, k) for k in {n.lower() for n in msg.keys()} & LOOP_HEADERS},
        content_type=msg.get_content_type(),
        defects=defects,
    )


def _raw_values(msg: Message, name: str) -> list[str]:
    name = name.lower()
    return [str(v) for k, v in msg.raw_items() if k.lower() == name]  # type: ignore[attr-defined]


def _decoded(name: str, raw: str) -> str:
    """One header value decoded as `EmailMessage.get` would (encoded words, folding), never raising."""
    try:
        return str(_DECODE(name, raw))
    except Exception:  # the header parser of policy.default gives up on some garbage
        return raw


_DECODE = email.policy.default.header_fetch_parse


def header(msg: Message, name: str) -> str:
    """A header as text, decoded, never raising: broken encoded words and raw 8-bit bytes included."""
    values = _raw_values(msg, name)
    return _unsurrogate(_decoded(name, values[0])).replace("\x00", "") if values else ""


def _unsurrogate(text: str) -> str:
    # Undeclared 8-bit bytes in headers arrive as surrogate escapes: read them as UTF-8, else cp1252.
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def _one_line(text: str) -> str:
    # Control characters (from broken encoded words) would end up in subjects and e-mail headers.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _ids(value: str) -> list[str]:
    found = [f"<{m}>" for m in _MSGID.findall(value)]
    if not found and value.strip() and " " not in value.strip():
        # Some mailers drop the angle brackets.
        found = [f"<{value.strip()}>"]
    return [_storable(mid) for mid in found]


def _storable(message_id: str) -> str:
    # Message-IDs are stored in a 255-character unique column; cutting longer ones could make two
    # different messages look alike (and the second be dropped as a duplicate), so they are hashed.
    if len(message_id) <= 255:
        return message_id
    return f"<sha256.{hashlib.sha256(message_id.encode()).hexdigest()}@long-id.casebook.invalid>"


def _addresses(msg: Message, name: str, defects: list[str]) -> list[tuple[str, str]]:
    values = [_unsurrogate(_decoded(name, v)) for v in _raw_values(msg, name)]
    pairs = email.utils.getaddresses(values)
    result = []
    for display, addr in pairs:
        addr = addr.strip().lower()
        if "@" in addr and " " not in addr:
            result.append((_one_line(display), addr))
    if not result:
        # Unbalanced quotes or brackets defeat getaddresses; an address-shaped token still says who.
        for addr in _ADDRESS.findall(" ".join(values)):
            result.append(("", addr.lower()))
    return result


def _first_address(msg: Message, name: str, defects: list[str]) -> tuple[str, str]:
    found = _addresses(msg, name, defects)
    return found[0] if found else ("", "")


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes of a text part in its declared charset, falling back so that no text is ever lost."""
    label = (charset or "utf-8").strip().strip('"').lower()
    name = _CHARSET_ALIASES.get(label, label)
    try:
        codecs.lookup(name)
    except LookupError:
        name = "utf-8"
    for candidate in (name, "utf-8"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    # windows-1252 leaves 5 bytes undefined; latin-1 maps every byte, so this cannot fail.
    try:
        return data.decode("windows-1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


@dataclass
class _Body:
    text: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    dropped: list[DroppedAttachment] = field(default_factory=list)


def _walk(part: Message, body: _Body, defects: list[str], *, in_related: bool = False) -> None:
    ctype = part.get_content_type()
    if part.is_multipart() and ctype != "message/rfc822":
        children = part.get_payload()
        if not isinstance(children, list):
            return
        if ctype == "multipart/alternative":
            _walk_alternative([c for c in children if isinstance(c, Message)], body, defects)
            return
        for child in children:
            if isinstance(child, Message):
                _walk(child, body, defects, in_related=in_related or ctype == "multipart/related")
        return

    disposition = (part.get_content_disposition() or "").lower()
    filename = _filename(part)
    is_body_text = ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename
    if is_body_text:
        text = _part_text(part, defects)
        if ctype == "text/plain":
            # Several inline text parts (a list footer, a forwarded text) read best joined.
            body.text = f"{body.text}\n\n{text}" if body.text.strip() else text
        elif body.html is None:
            body.html = text
        else:
            body.html += text
        return
    _keep_attachment(part, body, defects, filename=filename, inline=in_related or disposition == "inline")


def _walk_alternative(children: list[Message], body: _Body, defects: list[str]) -> None:
    # Take the last plain and the last HTML alternative (RFC 2046: the richest comes last); anything
    # else inside (calendar parts, nested related trees) is walked normally.
    plain = [c for c in children if c.get_content_type() == "text/plain"]
    rich = [c for c in children if c.get_content_type() == "text/html"]
    if plain:
        text = _part_text(plain[-1], defects)
        body.text = f"{body.text}\n\n{text}" if body.text.strip() else text
    if rich:
        body.html = (body.html or "") + _part_text(rich[-1], defects)
    for child in children:
        if child in plain or child in rich:
            continue
        sub = _Body()
        _walk(child, sub, defects, in_related=True)
        if sub.html and not rich:
            body.html = (body.html or "") + sub.html
        if sub.text and not plain:
            body.text = f"{body.text}\n\n{sub.text}" if body.text.strip() else sub.text
        body.attachments.extend(sub.attachments)
        body.dropped.extend(sub.dropped)


def _part_text(part: Message, defects: list[str]) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        defects.append("undecodable transfer encoding")
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    # NUL cannot be stored in PostgreSQL text (the insert would fail, again and again).
    return decode_bytes(data, part.get_content_charset()).replace("\r\n", "\n").replace("\x00", "")


def _filename(part: Message) -> str:
    """`filename` of Content-Disposition, else `name` of Content-Type (as `get_filename`), decoded
    as policy.default does: RFC 2231 and encoded words."""
    for header_name, param in (("content-disposition", "filename"), ("content-type", "name")):
        for raw in _raw_values(part, header_name)[:1]:
            if param not in raw.lower():
                continue  # the common case, decided without parsing the header
            try:
                value = _DECODE(header_name, raw).params.get(param)
            except Exception:
                value = None
            if value:
                return _unsurrogate(str(value)).strip()
    return ""


_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
    "message/rfc822": ".eml",
    "text/calendar": ".ics",
    "text/plain": ".txt",
    "text/html": ".html",
}


def _keep_attachment(part: Message, body: _Body, defects: list[str], *, filename: str, inline: bool) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        # A forwarded message is kept as a whole .eml file, not spilled into our body.
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else payload
        data = inner.as_bytes(policy=email.policy.SMTP) if isinstance(inner, Message) else b""
    else:
        try:
            decoded = part.get_payload(decode=True)
        except Exception:
            defects.append("undecodable attachment")
            decoded = None
        data = decoded if isinstance(decoded, bytes) else b""
    content_id = _ids(header(part, "content-id"))
    cid = content_id[0][1:-1] if content_id else None
    if not filename:
        filename = f"{'inline' if inline else 'attachment'}-{len(body.attachments) + 1}"
        filename += _EXTENSIONS.get(ctype, ".bin")
    filename = safe_filename(filename)
    if len(data) > config.MAX_ATTACHMENT_BYTES:
        body.dropped.append(
            DroppedAttachment(filename, len(data), f"over the {config.MAX_ATTACHMENT_BYTES} byte limit")
        )
        return
    body.attachments.append(Attachment(filename, ctype, data, cid, inline and cid is not None))


def safe_filename(name: str) -> str:
    """A file name that cannot climb out of a directory or upset a shell or a browser."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return name[:180] or "attachment.bin"


class _TextExtractor(HTMLParser):
    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}
    _SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this is for the truly pathological
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def received_at(parsed: ParsedMail) -> datetime:
    return parsed.date or datetime.now(UTC)
