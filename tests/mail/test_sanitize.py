from __future__ import annotations

from pathlib import Path

from casebook.mail.parsing import parse_message
from casebook.mail.sanitize import sanitize_html

CORPUS = Path(__file__).parent / "corpus"


def test_scripts_handlers_frames_and_javascript_links_are_removed() -> None:
    mail = parse_message((CORPUS / "html_only_script.eml").read_bytes())
    assert mail.html is not None
    clean = sanitize_html(mail.html)
    for bad in (
        "<script",
        "alert",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "display:none",
        "evil.test",
    ):
        assert bad not in clean
    assert '<a href="https://example.test/help" rel="noopener noreferrer nofollow">help</a>' in clean
    assert "<b>team</b>" in clean


def test_cid_images_point_at_stored_files_and_unknown_cids_vanish() -> None:
    html = '<img src="cid:a@x"><img src="cid:unknown@x">'
    assert sanitize_html(html, {"a@x": "/files/7"}) == '<img src="/files/7"><img>'


def test_remote_images_are_dropped_but_links_stay() -> None:
    html = '<img src="https://track.test/pixel.gif" alt="logo"><a href="https://example.test/">site</a>'
    assert sanitize_html(html) == (
        '<img alt="logo"><a href="https://example.test/" rel="noopener noreferrer nofollow">site</a>'
    )
