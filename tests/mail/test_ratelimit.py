"""The per-sender limit: a moving window, case-insensitive, with no thread per hit."""

from __future__ import annotations

import threading

import pytest

from casebook.mail import config, ratelimit


@pytest.fixture(autouse=True)
def _fresh() -> None:
    ratelimit.reset()


def test_moving_window_refuses_over_the_limit_and_frees_up_as_hits_age(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config, "SENDER_RATE_LIMIT", "2/minute")
    assert ratelimit.allow_sender("A@x.test", now=1000.0)
    assert ratelimit.allow_sender("a@X.test", now=1030.0)
    assert not ratelimit.allow_sender("a@x.test", now=1031.0)  # same sender, any case
    assert ratelimit.allow_sender("b@x.test", now=1031.0)  # others are counted apart
    assert not ratelimit.allow_sender("a@x.test", now=1059.0)  # refusals are not counted...
    assert ratelimit.allow_sender("a@x.test", now=1060.5)  # ...the first hit has left the window
    assert not ratelimit.allow_sender("a@x.test", now=1061.0)


def test_no_thread_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "SENDER_RATE_LIMIT", "100000/hour")
    before = threading.active_count()
    for i in range(50):
        assert ratelimit.allow_sender(f"s{i % 5}@x.test")
    assert threading.active_count() == before


def test_idle_senders_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "SENDER_RATE_LIMIT", "5/second")
    for i in range(ratelimit._SWEEP_EVERY):
        ratelimit.allow_sender(f"once{i}@x.test", now=float(i))
    assert len(ratelimit._hits) < 10
