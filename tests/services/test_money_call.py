"""The money-call skeleton's classification table, for each use case that goes through it: what is
journalled and what the caller gets when the call is paid, declined, refused before it is sent,
unanswered, or breaks in an unexpected way after it was journalled. Real sandbox, real store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kcp_pos.domain.attempt import AttemptKind, AttemptState
from kcp_pos.domain.errors import InputError
from kcp_pos.domain.keyed_card import KeyedCard
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.card_registration import new_card_registration, register_card
from kcp_pos.services.followup import check_outcome
from kcp_pos.services.keyed_charge import charge_keyed, new_keyed_order
from kcp_pos.services.money_call import UNEXPECTED_ERROR, UNRECORDED, InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.progress import SENDING, Stopped
from tests.conftest import arm_fault, make_services
from tests.services.conftest import DECLINED_CC03_CARD, keyed_card

MANAGER = Operator("manager kim", Role.MANAGER)


class Recorder:
    """A progress sink that remembers what it heard and can ask to stop."""

    def __init__(self, *, stop: bool = False) -> None:
        self.messages: list[str] = []
        self.stop = stop

    def report(self, message: str, fraction: float | None = None) -> None:
        self.messages.append(message)

    @property
    def stop_requested(self) -> bool:
        return self.stop


@dataclass(frozen=True)
class UseCase:
    """One money-moving use case, driven the same way for every row of the table."""

    kind: AttemptKind
    endpoint: str
    """The sandbox route its request goes to (for fault injection)."""
    run: Callable[..., Outcome]
    """(services, card, *, valid, progress) -> Outcome"""
    merchant_uid: Callable[[], str]
    """The journal id of the last order `run` made."""


def _keyed_charge() -> UseCase:
    made: list[str] = []

    def run(
        services: AppServices, card: KeyedCard, *, valid: bool = True, progress: Recorder
    ) -> Outcome:
        order = new_keyed_order(amount=55_000 if valid else 0, buyer_name="홍길동")
        made.append(order.merchant_uid)
        return charge_keyed(services, card, order, operator=MANAGER, progress=progress)

    return UseCase(AttemptKind.ONETIME, "/subscribe/payments/onetime", run, lambda: made[-1])


def _registration() -> UseCase:
    made: list[str] = []

    def run(
        services: AppServices, card: KeyedCard, *, valid: bool = True, progress: Recorder
    ) -> Outcome:
        registration = new_card_registration(name="김철수" if valid else None)
        made.append(registration.merchant_uid)
        return register_card(services, card, registration, operator=MANAGER, progress=progress)

    return UseCase(
        AttemptKind.REGISTER, "/subscribe/customers/{customer_uid}", run, lambda: made[-1]
    )


USE_CASES = {"keyed_charge": _keyed_charge, "registration": _registration}


@pytest.fixture(params=sorted(USE_CASES))
def use_case(request: pytest.FixtureRequest) -> UseCase:
    return USE_CASES[request.param]()


def _journalled(services: AppServices, use_case: UseCase) -> list[AttemptState]:
    return [a.state for a in services.journal.find_by_merchant_uid(use_case.merchant_uid())]


def _journal_actors(services: AppServices, use_case: UseCase) -> set[str]:
    entries = services.audit.entries(subject=use_case.merchant_uid())
    return {entry.actor for entry in entries if entry.action.startswith("attempt.")}


def test_paid(services: AppServices, use_case: UseCase) -> None:
    progress = Recorder()
    outcome = use_case.run(services, keyed_card(), progress=progress)

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.attempt.kind is use_case.kind
    assert _journalled(services, use_case) == [AttemptState.PAID]
    assert progress.messages == [SENDING]
    assert _journal_actors(services, use_case) == {"manager kim"}


def test_declined(services: AppServices, use_case: UseCase) -> None:
    outcome = use_case.run(services, keyed_card(DECLINED_CC03_CARD), progress=Recorder())

    assert outcome.kind is OutcomeKind.DECLINED
    assert outcome.fail_reason is not None and "CC03" in outcome.fail_reason
    assert _journalled(services, use_case) == [AttemptState.FAILED]


def test_invalid_order_is_refused_before_anything_is_journalled(
    services: AppServices, use_case: UseCase
) -> None:
    progress = Recorder()
    with pytest.raises(InvalidOrder) as refused:
        use_case.run(services, keyed_card(), valid=False, progress=progress)

    assert refused.value.problems in (
        (InputError.AMOUNT_NOT_POSITIVE,),
        (InputError.BUYER_NAME_REQUIRED,),
    )
    assert _journalled(services, use_case) == []
    assert progress.messages == []


def test_stop_asked_before_journalling_sends_nothing(
    services: AppServices, use_case: UseCase
) -> None:
    with pytest.raises(Stopped):
        use_case.run(services, keyed_card(), progress=Recorder(stop=True))

    assert _journalled(services, use_case) == []
    assert services.journal.recent(1) == []


def test_refused_without_processing_is_a_confirmed_failure(
    use_case: UseCase, tmp_path: Path
) -> None:
    offline = make_services("http://127.0.0.1:9", tmp_path / "offline", max_retries=0)
    try:
        outcome = use_case.run(offline, keyed_card(), progress=Recorder())
        assert outcome.kind is OutcomeKind.DECLINED
        assert _journalled(offline, use_case) == [AttemptState.FAILED]
    finally:
        offline.close()


def test_unanswered_is_unknown(
    services: AppServices, sandbox: SandboxServer, use_case: UseCase
) -> None:
    arm_fault(sandbox, endpoint=use_case.endpoint, mode="error", status=502, times=1)

    outcome = use_case.run(services, keyed_card(), progress=Recorder())

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert _journalled(services, use_case) == [AttemptState.UNKNOWN]


def test_unexpected_error_after_journalling_is_unknown_never_failed(
    services: AppServices, use_case: UseCase
) -> None:
    services.client.close()  # httpx now raises RuntimeError, which no client code expects

    outcome = use_case.run(services, keyed_card(), progress=Recorder())

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.fail_reason == f"{UNEXPECTED_ERROR}: RuntimeError"
    assert _journalled(services, use_case) == [AttemptState.UNKNOWN]


def _store_sql(services: AppServices, statement: str) -> None:
    """A real store failure is set up (or taken away) with a trigger, beside the app."""
    with services.database.engine.begin() as connection:
        connection.exec_driver_sql(statement)


def test_an_answer_the_journal_cannot_take_is_unknown_and_settled_by_lookup(
    services: AppServices, use_case: UseCase
) -> None:
    # A real store failure exactly when the answer is written (a trigger refusing `paid`).
    _store_sql(
        services,
        "CREATE TRIGGER refuse_paid BEFORE UPDATE OF state ON attempts "
        "WHEN NEW.state = 'paid' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )

    outcome = use_case.run(services, keyed_card(), progress=Recorder())

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.fail_reason == f"{UNRECORDED}: IntegrityError"
    assert _journalled(services, use_case) == [AttemptState.UNKNOWN]
    _store_sql(services, "DROP TRIGGER refuse_paid")
    settled = check_outcome(services, outcome.attempt.id)
    assert settled.kind is OutcomeKind.PAID
    assert _journalled(services, use_case) == [AttemptState.RESOLVED_PAID]


RECORDS_TABLE = {AttemptKind.ONETIME: "payments", AttemptKind.REGISTER: "customers"}
"""Where each use case keeps what a confirmed answer told (the ledger, the directory)."""


def _refuse_records(services: AppServices, table: str, how: str) -> None:
    """Writes to `table` fail: `ABORT` undoes the statement, `ROLLBACK` SQLite's whole
    transaction (as a full disk or an I/O error does)."""
    _store_sql(
        services,
        f"CREATE TRIGGER refuse_record BEFORE INSERT ON {table} "
        f"BEGIN SELECT RAISE({how}, 'disk full'); END",
    )


def test_a_record_the_store_refuses_is_a_warning_and_the_journal_still_commits(
    services: AppServices, use_case: UseCase
) -> None:
    # The journal's `paid` and the records are one transaction: a refused record is undone
    # alone (its savepoint), never taking the journal's answer with it.
    table = RECORDS_TABLE[use_case.kind]
    _refuse_records(services, table, "ABORT")

    outcome = use_case.run(services, keyed_card(), progress=Recorder())

    assert outcome.kind is OutcomeKind.PAID
    assert outcome.warnings and "IntegrityError" in outcome.warnings[0]
    assert _journalled(services, use_case) == [AttemptState.PAID]
    with services.database.engine.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


def test_a_record_failure_that_ends_the_whole_transaction_is_unknown_never_paid(
    services: AppServices, use_case: UseCase
) -> None:
    # SQLite rolls the whole transaction back on some errors (a full disk, an I/O error): the
    # journal's `paid` went with it, so the outcome must not claim it; a lookup settles it.
    _refuse_records(services, RECORDS_TABLE[use_case.kind], "ROLLBACK")

    outcome = use_case.run(services, keyed_card(), progress=Recorder())

    assert outcome.kind is OutcomeKind.UNKNOWN
    assert outcome.fail_reason == f"{UNRECORDED}: TransactionLost"
    assert _journalled(services, use_case) == [AttemptState.UNKNOWN]
    _store_sql(services, "DROP TRIGGER refuse_record")
    assert check_outcome(services, outcome.attempt.id).kind is OutcomeKind.PAID
    assert _journalled(services, use_case) == [AttemptState.RESOLVED_PAID]
