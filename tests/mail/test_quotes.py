from __future__ import annotations

from pathlib import Path

from casebook.mail.parsing import parse_message
from casebook.mail.quotes import REPLY_MARKER, split_reply, split_reply_html
from casebook.mail.sanitize import sanitize_html

CORPUS = Path(__file__).parent / "corpus"


def test_gmail_attribution_and_quote_are_collapsed() -> None:
    mail = parse_message((CORPUS / "gmail_reply.eml").read_bytes())
    reply, quoted = split_reply(mail.text)
    assert reply == "Still broken this morning."
    assert quoted.startswith("On Mon, Nov 2, 2026") and "> We reset the printer." in quoted
    assert mail.html is not None
    assert "We reset" not in sanitize_html(split_reply_html(mail.html))


def test_outlook_divider_block_is_collapsed() -> None:
    mail = parse_message((CORPUS / "outlook_reply.eml").read_bytes())
    reply, quoted = split_reply(mail.text)
    assert reply == "It works again, thank you!"
    assert "We reset the printer." in quoted


def test_our_marker_cuts_and_german_attribution_is_known() -> None:
    assert split_reply(f"Danke!\n\n{REPLY_MARKER}\nold text")[0] == "Danke!"
    text = "Passt.\n\nAm 02.11.2026 um 10:00 schrieb Support <s@example.test>:\n> alt"
    assert split_reply(text) == (
        "Passt.",
        "Am 02.11.2026 um 10:00 schrieb Support <s@example.test>:\n> alt",
    )


def test_text_without_history_and_pure_forward_stay_whole() -> None:
    assert split_reply("Just a question.\nThanks") == ("Just a question.\nThanks", "")
    only_quote = "> everything quoted\n> nothing new"
    assert split_reply(only_quote) == (only_quote, "")


def test_inline_quote_in_the_middle_is_kept() -> None:
    text = "> your question\nmy answer\n> another\nmore answers"
    assert split_reply(text) == (text, "")
