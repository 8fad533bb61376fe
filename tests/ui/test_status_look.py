"""One look per state, shared by every screen: a tone (colours), an icon and words, in Korean by
default; and the timer that turns a services' check schedule into single checks."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.services.check_schedule import CheckSchedule
from kcp_pos.store.ledger_status import LedgerStatus
from kcp_pos.ui.shell.scheduled_checks import ScheduledChecks
from kcp_pos.ui.widgets.status_look import (
    ICONS,
    PALETTES,
    Tone,
    attempt_look,
    payment_look,
    tone_rules,
)


def test_every_tone_has_its_own_colours_and_icon() -> None:
    assert set(PALETTES) == set(ICONS) == set(Tone)
    assert len({palette.fill for palette in PALETTES.values()}) == len(Tone)
    assert len(set(ICONS.values())) == len(Tone)


@pytest.mark.parametrize(
    ("state", "tone", "words"),
    [
        (AttemptState.PAID, Tone.GOOD, "Approved"),
        (AttemptState.RESOLVED_PAID, Tone.GOOD, "Approved"),
        (AttemptState.FAILED, Tone.BAD, "Not charged"),
        (AttemptState.RESOLVED_FAILED, Tone.BAD, "Not charged"),
        (AttemptState.SENDING, Tone.UNSURE, "Still checking"),
        (AttemptState.UNKNOWN, Tone.UNSURE, "Still checking"),
        (AttemptState.DRAFT, Tone.NEUTRAL, "Not sent"),
    ],
)
def test_attempt_states(qapp: Any, state: AttemptState, tone: Tone, words: str) -> None:
    look = attempt_look(state)
    assert (look.tone, look.words, look.icon) == (tone, words, ICONS[tone])


def test_payment_statuses_derive_a_partial_refund(qapp: Any) -> None:
    assert payment_look(LedgerStatus.PAID).words == "Paid"
    assert payment_look(LedgerStatus.PAID, cancel_amount=1_000).words == "Partly refunded"
    assert payment_look(LedgerStatus.CANCELLED).tone is Tone.NEUTRAL
    partly = payment_look(LedgerStatus.CANCELLED, cancel_amount=1_000, amount=5_000)
    assert partly.words == "Partly refunded"  # V1's status after a partial refund
    assert partly.tone is Tone.NEUTRAL  # known, not "?": amber is for outcomes not known yet
    assert payment_look(LedgerStatus.CANCELLED, cancel_amount=5_000, amount=5_000).words == (
        "Refunded"
    )
    assert payment_look(LedgerStatus.FAILED).tone is Tone.BAD
    assert payment_look(LedgerStatus.READY).tone is Tone.WORKING


def test_looks_speak_korean_by_default(qapp: Any, korean: None) -> None:
    assert attempt_look(AttemptState.UNKNOWN).words == "아직 확인 중"
    assert payment_look(LedgerStatus.PAID, cancel_amount=1).words == "부분 환불"


def test_tone_rules_colour_a_frame_and_its_labels() -> None:
    rules = tone_rules("QFrame#x", title="QLabel#t", badge="QLabel#b")
    good = PALETTES[Tone.GOOD]
    assert f'QFrame#x[tone="good"] {{ background: {good.fill};' in rules
    assert f'QFrame#x[tone="good"] QLabel#t {{ color: {good.text}; }}' in rules
    assert f'QFrame#x[tone="unsure"] QLabel#b {{ background: {PALETTES[Tone.UNSURE].badge}; }}' in (
        rules
    )


def test_scheduled_checks_wait_as_the_schedule_says_and_count(qtbot: QtBot) -> None:
    checks = ScheduledChecks(CheckSchedule(delays=(0.05,), every=0.1))
    ran: list[int] = []
    assert checks.check_later(lambda: ran.append(checks.checks)) == 0.05
    assert checks.waiting and ran == []
    qtbot.waitUntil(lambda: ran == [1], timeout=2_000)
    assert checks.next_delay() == 0.1
    checks.check_later(lambda: ran.append(checks.checks))
    checks.stop()
    qtbot.wait(200)
    assert ran == [1] and not checks.waiting
    checks.reset()
    assert checks.checks == 0 and checks.next_delay() == 0.05
