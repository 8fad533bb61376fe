"""One look for every state a payment or an attempt can be in, shared by every screen: a tone
(its colours), an icon and words. Never colour alone: the icon and the words say it too.

The tones follow Electrum's habit of giving in-flight and unknown payments colours of their own:
green for done, red for refused, amber for "not known yet, do not try again", blue for "on its
way", grey for nothing happening.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QCoreApplication

from kcp_pos.domain.attempt import AttemptKind, AttemptState, is_success, needs_resolution
from kcp_pos.domain.schedule_state import ScheduleState
from kcp_pos.store.ledger_status import LedgerStatus  # a light module: no SQLAlchemy


class Tone(StrEnum):
    NEUTRAL = "neutral"
    WORKING = "working"
    GOOD = "good"
    BAD = "bad"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Palette:
    text: str  # titles and words in this tone
    fill: str  # the background of a frame in this tone
    edge: str  # its border
    badge: str  # the round icon's background (white icon on it)


PALETTES: Final = {
    Tone.NEUTRAL: Palette(text="#1F2933", fill="#FFFFFF", edge="#E4E7EB", badge="#7B8794"),
    Tone.WORKING: Palette(text="#1F2933", fill="#EAF1FE", edge="#2F6FED", badge="#2F6FED"),
    Tone.GOOD: Palette(text="#0B6E4F", fill="#E8F7EF", edge="#0B6E4F", badge="#0B6E4F"),
    Tone.BAD: Palette(text="#B3001B", fill="#FDECEE", edge="#B3001B", badge="#B3001B"),
    Tone.UNSURE: Palette(text="#7B4F00", fill="#FFF4D6", edge="#B7791F", badge="#B7791F"),
}
ICONS: Final = {
    Tone.NEUTRAL: "–",
    Tone.WORKING: "…",
    Tone.GOOD: "✓",
    Tone.BAD: "✕",
    Tone.UNSURE: "?",
}


@dataclass(frozen=True)
class StatusLook:
    tone: Tone
    words: str

    @property
    def icon(self) -> str:
        return ICONS[self.tone]

    @property
    def palette(self) -> Palette:
        return PALETTES[self.tone]


def attempt_look(
    state: AttemptState, *, not_found: bool = False, kind: AttemptKind | None = None
) -> StatusLook:
    """How an attempt's state reads to a clerk (a registration's `paid` is "approved" too; a
    refund's reads as refunded or not). `not_found`: settled as not charged only because no
    payment was found, which stays provisional (a PG can commit late)."""
    if kind is AttemptKind.CANCEL and not needs_resolution(state):
        if is_success(state):
            return StatusLook(Tone.GOOD, QCoreApplication.translate("StatusLook", "Refunded"))
        return StatusLook(Tone.BAD, QCoreApplication.translate("StatusLook", "Not refunded"))
    if not_found:
        return StatusLook(
            Tone.UNSURE, QCoreApplication.translate("StatusLook", "Not found (not charged for now)")
        )
    if is_success(state):
        return StatusLook(Tone.GOOD, QCoreApplication.translate("StatusLook", "Approved"))
    if needs_resolution(state):
        return StatusLook(Tone.UNSURE, QCoreApplication.translate("StatusLook", "Still checking"))
    if state is AttemptState.DRAFT:
        return StatusLook(Tone.NEUTRAL, QCoreApplication.translate("StatusLook", "Not sent"))
    return StatusLook(Tone.BAD, QCoreApplication.translate("StatusLook", "Not charged"))


def payment_look(
    status: LedgerStatus, *, cancel_amount: int = 0, amount: int | None = None
) -> StatusLook:
    """How a payment's status reads. V1 reports a partial refund as `cancelled` with
    `cancel_amount < amount` (reference §4): given the `amount`, that reads "partly refunded",
    as does a `paid` one with a refunded part."""
    partly = cancel_amount > 0 and (status is LedgerStatus.PAID or (
        status is LedgerStatus.CANCELLED and amount is not None and cancel_amount < amount
    ))  # fmt: skip
    if partly:
        return StatusLook(Tone.NEUTRAL, QCoreApplication.translate("StatusLook", "Partly refunded"))
    if status is LedgerStatus.PAID:
        return StatusLook(Tone.GOOD, QCoreApplication.translate("StatusLook", "Paid"))
    if status is LedgerStatus.CANCELLED:
        return StatusLook(Tone.NEUTRAL, QCoreApplication.translate("StatusLook", "Refunded"))
    if status is LedgerStatus.FAILED:
        return StatusLook(Tone.BAD, QCoreApplication.translate("StatusLook", "Failed"))
    return StatusLook(Tone.WORKING, QCoreApplication.translate("StatusLook", "Awaiting payment"))


def schedule_look(state: ScheduleState) -> StatusLook:
    """How a scheduled charge reads: pending until it runs, then executed (paid) or failed; a
    booking whose answer was lost is being checked, never "not booked" until PortOne says so."""
    if state is ScheduleState.SCHEDULED:
        return StatusLook(Tone.WORKING, QCoreApplication.translate("StatusLook", "Pending"))
    if state is ScheduleState.PAID:
        return StatusLook(Tone.GOOD, QCoreApplication.translate("StatusLook", "Executed (paid)"))
    if state is ScheduleState.FAILED:
        return StatusLook(Tone.BAD, QCoreApplication.translate("StatusLook", "Failed"))
    if state is ScheduleState.REVOKED:
        return StatusLook(Tone.NEUTRAL, QCoreApplication.translate("StatusLook", "Revoked"))
    if state is ScheduleState.BOOKING:
        return StatusLook(
            Tone.UNSURE, QCoreApplication.translate("StatusLook", "Checking the booking")
        )
    return StatusLook(Tone.NEUTRAL, QCoreApplication.translate("StatusLook", "Not booked"))


def tone_rules(frame: str, *, title: str | None = None, badge: str | None = None) -> str:
    """Style sheet rules that colour `frame` (a selector like `QFrame#outcomePanel`) by its
    `tone` property, and its `title` and `badge` labels (selectors too) with it."""
    rules = []
    for tone, colours in PALETTES.items():
        toned = f'{frame}[tone="{tone.value}"]'
        width = 1 if tone is Tone.NEUTRAL else 2
        rules.append(
            f"{toned} {{ background: {colours.fill}; border: {width}px solid {colours.edge}; }}"
        )
        if title is not None:
            rules.append(f"{toned} {title} {{ color: {colours.text}; }}")
        if badge is not None:
            rules.append(f"{toned} {badge} {{ background: {colours.badge}; }}")
    return "\n".join(rules)
