"""Collapsing quoted history: the part of a reply that only repeats what the case already shows.

PyPI options, tried on our samples (Gmail, Outlook divider, German attribution, our marker, inline
answers): email-reply-parser 0.5.12 (MIT) is English-only (kept the German quote) and strips inline
"> " lines even between answers; mail-parser-reply 1.36 (MIT) matched us on plain text but has no HTML
path and does not know our marker; quotequail 0.5.4 (MIT) handles HTML only through lxml, a heavy
dependency. This small splitter covers text and HTML and keeps everything when in doubt; the
collapsed part is still stored (folded into <details> in body_html).
"""

from __future__ import annotations

import re

# The line our outgoing mail carries above the quoted history it sends.
REPLY_MARKER = "##- Please type your reply above this line -##"

_ATTRIBUTION = re.compile(
    r"^\s*("
    r"On .{3,200} wrote:"  # Gmail, Apple Mail, Thunderbird
    r"|Am .{3,200} schrieb .{0,200}:"  # German
    r"|Le .{3,200} a écrit ?:"  # French
    r"|El .{3,200} escribió:"  # Spanish
    r"|Il giorno .{3,200} ha scritto:"  # Italian
    r"|Op .{3,200} schreef .{0,200}:"  # Dutch
    r"|Em .{3,200} escreveu:"  # Portuguese
    r"|.{0,200}<[^>\s]+@[^>\s]+> (wrote|schrieb|a écrit|escribió):"
    r")\s*$",
    re.IGNORECASE,
)
_OUTLOOK = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}"
    r"|_{20,}"
    r"|(From|Von|De|Van):\s.+)\s*$",
    re.IGNORECASE,
)
_OUTLOOK_NEXT = re.compile(r"^\s*(Sent|Gesendet|Envoyé|Enviado|Date|Datum|To|An|À|Subject|Betreff):", re.I)
_SIGNATURE = re.compile(r"^-- ?$")


def split_reply(text: str) -> tuple[str, str]:
    """(the new text, the collapsed history). The history is "" when nothing was recognised."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = _cut_index(lines)
    if cut is None:
        return text.strip(), ""
    reply = "\n".join(lines[:cut]).strip()
    if not reply:
        # A message that is only a quote (a forward without comment): keep it all visible.
        return text.strip(), ""
    return reply, "\n".join(lines[cut:]).strip()


def _cut_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if REPLY_MARKER in line:
            return i
        # Gmail wraps long attributions over two lines.
        joined = line if i + 1 >= len(lines) else f"{line} {lines[i + 1]}"
        if _ATTRIBUTION.match(line) or (not line.rstrip().endswith(":") and _ATTRIBUTION.match(joined)):
            return i
        if _OUTLOOK.match(line) and any(_OUTLOOK_NEXT.match(x) for x in lines[i + 1 : i + 5]):
            return i
    # A trailing block of "> " lines, with nothing but blank lines after it.
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    start = end
    while start > 0 and (lines[start - 1].startswith(">") or not lines[start - 1].strip()):
        start -= 1
    if start < end and any(line.startswith(">") for line in lines[start:end]):
        return start
    return None


_HTML_QUOTE_START = re.compile(
    r"<div[^>]*class=\"?[^\">]*gmail_quote"
    r"|<blockquote[^>]*type=\"?cite"
    r"|<div[^>]*id=\"?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)"
    r"|<hr[^>]*id=\"?stopSpelling"
    r"|<div[^>]*class=\"?moz-cite-prefix",
    re.IGNORECASE,
)


def split_reply_html(markup: str) -> str:
    """The HTML of the new text only (sanitising afterwards closes whatever the cut left open)."""
    marker = markup.find(REPLY_MARKER)
    match = _HTML_QUOTE_START.search(markup)
    positions = [p for p in (marker, match.start() if match else -1) if p > 0]
    if not positions:
        return markup
    head = markup[: min(positions)]
    # Only cut when something of substance stays above the quote.
    if not re.sub(r"<[^>]*>|&nbsp;|\s", "", head):
        return markup
    return head
