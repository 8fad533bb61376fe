"""The batch's send slots: the bound, and a freed slot's next journal write going before the
record of the answer that freed it. A head start of an hour stands for "never runs out": past
pytest's timeout, so a test whose order were kept by the timeout alone fails."""

from __future__ import annotations

import threading

import pytest

from kcp_pos.services.send_slots import SendSlots, SlotsMiscounted

NEVER: float = 3600.0


def _started(target: object) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)  # type: ignore[arg-type]
    thread.start()
    return thread


def test_a_record_waits_until_the_line_taking_its_slot_is_journalled() -> None:
    slots = SendSlots(1, head_start=NEVER)
    events: list[str] = []
    slots.take()
    slots.journalled()  # the first line's own journal write

    def next_line() -> None:
        slots.take()
        events.append("next line journalled")
        slots.journalled()
        slots.give_back(journalled=True)

    second = _started(next_line)
    while not _waiting_for_a_slot(slots):
        threading.Event().wait(0.001)
    slots.give_back(journalled=True)  # the first line's answer is in
    events.append("first line recorded")
    second.join()
    assert events == ["next line journalled", "first line recorded"]


def test_with_nobody_waiting_a_slot_is_given_back_at_once() -> None:
    slots = SendSlots(2, head_start=NEVER)
    slots.take()
    slots.journalled()
    slots.give_back(journalled=True)
    slots.take()
    slots.take()  # both slots free again: nothing was held back
    slots.journalled()
    slots.journalled()
    slots.give_back(journalled=True)
    slots.give_back(journalled=True)


def test_a_line_stopped_before_journalling_does_not_hold_the_record_back() -> None:
    slots = SendSlots(1, head_start=NEVER)
    slots.take()
    slots.journalled()

    def stopped_line() -> None:
        slots.take()
        slots.give_back(journalled=False)  # asked to stop: never journalled

    second = _started(stopped_line)
    while not _waiting_for_a_slot(slots):
        threading.Event().wait(0.001)
    slots.give_back(journalled=True)
    second.join()
    slots.take()  # the slot is free again


def test_the_record_goes_on_when_the_next_line_is_slow_to_journal() -> None:
    slots = SendSlots(1, head_start=0.01)
    slots.take()
    slots.journalled()
    taken = threading.Event()

    def slow_line() -> None:
        slots.take()
        taken.set()

    second = _started(slow_line)
    while not _waiting_for_a_slot(slots):
        threading.Event().wait(0.001)
    slots.give_back(journalled=True)  # returns after the head start, unblocked
    second.join()
    assert taken.is_set()


def test_no_more_slots_are_taken_than_there_are() -> None:
    slots = SendSlots(2, head_start=NEVER)
    events: list[str] = []
    slots.take()
    slots.take()

    def third_line() -> None:
        slots.take()
        events.append("third line took a slot")
        slots.give_back(journalled=False)

    third = _started(third_line)
    while not _waiting_for_a_slot(slots):
        threading.Event().wait(0.001)
    events.append("first line gave its slot back")
    slots.give_back(journalled=False)
    third.join()
    assert events == ["first line gave its slot back", "third line took a slot"]


def test_a_slot_given_back_twice_is_refused() -> None:
    slots = SendSlots(1, head_start=NEVER)
    slots.take()
    slots.journalled()
    with pytest.raises(SlotsMiscounted):
        slots.journalled()
    slots.give_back(journalled=True)
    with pytest.raises(SlotsMiscounted):
        slots.give_back(journalled=True)


def _waiting_for_a_slot(slots: SendSlots) -> bool:
    return slots.waiting > 0
