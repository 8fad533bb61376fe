"""The one path of every money-moving call (DESIGN rules 1, 2 and 6): validate → journal → send →
classify → settle → record. Keyed charges, card registrations, `again` and refunds (cancels) go
through it.

A use case describes itself as a `MoneyCall`: what is wrong with it (`problems`), the journal row
(`new_attempt`), the request (`request`, built before anything is written, and `send`) and what a
confirmed answer means (`settle`). This module
owns the order of the steps and the classification, which is the same for every call:

| what happened                                    | journal   | result                 |
|--------------------------------------------------|-----------|------------------------|
| the order is invalid                             | nothing   | `InvalidOrder` raised  |
| the request model refuses a value                | nothing   | `RequestNotBuilt` raised |
| the caller asked to stop before journalling      | nothing   | `Stopped` raised       |
| refused unprocessed (validation, auth, no connection) | `failed` | DECLINED outcome  |
| the PG declined                                  | `failed`  | DECLINED (`settle`)    |
| paid / key issued                                | `paid`    | PAID (`settle`)        |
| no readable answer, or one that proves nothing   | `unknown` | UNKNOWN outcome        |
| any unexpected error while sending               | `unknown` | UNKNOWN outcome        |
| the answer cannot be journalled (store failure)  | `unknown` (or still `sending`) | UNKNOWN |

`settle` runs in one store transaction (`Database.transaction()`): the journal's new state and
the records kept from it (ledger, directory) are committed together, once. A record that fails is
undone alone (its own savepoint) and becomes a warning; the journal's state still commits.

An UNKNOWN attempt is settled only by looking it up (`resolution.resolve_attempt`), never by
sending it again. The card, when there is one, lives only in the call object for this one request.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pydantic import ValidationError

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.result import Invalid, Result
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import IamportError, OutcomeUnknown
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator
from kcp_pos.services.outcomes import Outcome, OutcomeKind
from kcp_pos.services.progress import SENDING, ProgressSink, stop_if_requested
from kcp_pos.store import Attempt, NewAttempt

log = logging.getLogger(__name__)

T = TypeVar("T")
Request = TypeVar("Request")
Answer = TypeVar("Answer")
UNEXPECTED_ERROR = "unexpected error while sending"
UNRECORDED = "the answer could not be recorded"


class InvalidOrder(ValueError):
    """The order breaks a rule; nothing was journalled or sent. `problems` say which (the text
    names the rules only, never the values)."""

    def __init__(self, problems: tuple[InputError, ...]) -> None:
        self.problems = problems
        super().__init__("invalid order: " + ", ".join(problem.value for problem in problems))


class Problems:
    """Collects the rules an order breaks while its values are checked one by one."""

    def __init__(self) -> None:
        self._found: list[InputError] = []

    @property
    def found(self) -> tuple[InputError, ...]:
        return tuple(self._found)

    def need(self, holds: bool, error: InputError) -> bool:
        """Note `error` unless `holds`; returns `holds`."""
        if not holds:
            self._found.append(error)
        return holds

    def take(self, result: Result[T]) -> T | None:
        """The checked value, or None with its error noted."""
        if isinstance(result, Invalid):
            self._found.append(result.error)
            return None
        return result.value


class RequestNotBuilt(ValueError):
    """The request model refused a value the order checks let through (a defect); nothing was
    journalled or sent. The text names the fields only: the model's own message would quote the
    values, card data included. A rule over the whole request (a model validator, whose
    messages here are fixed words, never values) is named by its message."""

    def __init__(self, error: ValidationError) -> None:
        # A rule over the whole request has no field: its message is the rule's own words.
        fields = sorted(
            {
                ".".join(str(part) for part in problem["loc"]) or f"({problem['msg']})"
                for problem in error.errors(include_input=False)
            }
        )
        super().__init__("request not built, invalid: " + ", ".join(fields))


class SendTurn(Protocol):
    """A caller's say over when a call journals and leaves (a batch's send slots): entered
    before the stop request is last read, left once the answer is in."""

    def __enter__(self) -> object: ...

    def __exit__(self, *exc_info: object) -> object: ...

    def check(self) -> None:
        """Runs inside the journal's write, just before the attempt is written, so nothing
        else is written meanwhile; whatever it raises leaves the call unjournalled and
        unsent."""
        ...

    def journalled(self) -> None:
        """The attempt is journalled; its request leaves next."""
        ...


class MoneyCall(Protocol, Generic[Request, Answer]):
    """One money-moving request, as the skeleton needs to see it."""

    def problems(self) -> tuple[InputError, ...]:
        """Every rule the order breaks; empty when it may be sent."""
        ...

    def new_attempt(self) -> NewAttempt:
        """The journal row, written durably before anything is sent."""
        ...

    def request(self) -> Request:
        """The request body (may raise pydantic's `ValidationError`)."""
        ...

    def send(self, client: IamportClient, request: Request) -> Answer:
        """Send the one request. Raises the client's errors; never retried here."""
        ...

    def lost_answer(self, error: IamportError) -> bool:
        """True when a refusal may hide a processed request (e.g. a duplicate `merchant_uid`
        right after our own send): it is then UNKNOWN and looked up, not DECLINED."""
        ...

    def settle(
        self, services: AppServices, attempt: Attempt, answer: Answer, operator: Operator
    ) -> Outcome:
        """Journal what the answer proves (paid, declined, or still unknown) and record it."""
        ...


def run_money_call(
    services: AppServices,
    call: MoneyCall[Request, Answer],
    *,
    operator: Operator,
    progress: ProgressSink,
    send_turn: SendTurn | None = None,
) -> Outcome:
    """Run `call` through the skeleton described above. `send_turn`, if given, is taken before
    the stop request is last read and held until the answer is in (a batch's bound on requests
    in flight): a call stopped while it waited for its turn was neither journalled nor sent,
    and a journalled call is always one whose request is leaving. Its `check` runs inside
    the journal's write."""
    problems = call.problems()
    if problems:
        raise InvalidOrder(problems)
    try:
        request = call.request()
    except ValidationError as error:
        raise RequestNotBuilt(error) from None
    new = call.new_attempt()
    with send_turn or nullcontext():
        stop_if_requested(progress)  # the last moment at which nothing has happened
        check = send_turn.check if send_turn is not None else None
        attempt = services.journal.begin(new, actor=operator.name, check=check)
        if send_turn is not None:
            send_turn.journalled()
        progress.report(SENDING)
        try:
            sent = _send(services, call, request, attempt, operator)
        except Exception as error:
            return _unrecorded(services, attempt, error, operator)
    if isinstance(sent, Outcome):
        return sent
    try:
        with services.database.transaction():  # the journal and the records: one commit
            return call.settle(services, attempt, sent.answer, operator)
    except Exception as error:
        return _unrecorded(services, attempt, error, operator)


@dataclass(frozen=True, slots=True)
class _Answered(Generic[Answer]):
    answer: Answer


def _send(
    services: AppServices,
    call: MoneyCall[Request, Answer],
    request: Request,
    attempt: Attempt,
    operator: Operator,
) -> _Answered[Answer] | Outcome:
    """The answer, or the outcome when there is none to settle (refused, or lost)."""
    try:
        return _Answered(call.send(services.client, request))
    except IamportError as error:
        if isinstance(error, OutcomeUnknown) or call.lost_answer(error):
            return unknown(services, attempt, error.message, operator)
        failed = services.journal.mark_failed(
            attempt.id, fail_reason=error.message, actor=operator.name
        )
        return Outcome(OutcomeKind.DECLINED, failed, fail_reason=error.message)
    except Exception as error:
        # The request may have left: only a lookup can tell. The type only, never the text
        # (a request model's error could quote what was typed).
        log.error("%s (attempt %d): %s", UNEXPECTED_ERROR, attempt.id, type(error).__name__)
        return unknown(services, attempt, f"{UNEXPECTED_ERROR}: {type(error).__name__}", operator)


def _unrecorded(
    services: AppServices, attempt: Attempt, error: Exception, operator: Operator
) -> Outcome:
    """The journal could not take the answer (a store failure, a state another process
    moved): whatever the answer was, only a lookup can settle the attempt now."""
    log.error("%s (attempt %d): %s", UNRECORDED, attempt.id, type(error).__name__)
    return unknown(services, attempt, f"{UNRECORDED}: {type(error).__name__}", operator)


def unknown(services: AppServices, attempt: Attempt, reason: str, operator: Operator) -> Outcome:
    """Journal that the answer is lost: the attempt waits for a lookup. If even that cannot be
    written, the attempt is still in the journal as sent (`sending`), which a lookup settles too."""
    try:
        attempt = services.journal.mark_unknown(attempt.id, reason=reason, actor=operator.name)
    except Exception as error:
        log.error("attempt %d left as it was: %s", attempt.id, type(error).__name__)
    return Outcome(OutcomeKind.UNKNOWN, attempt, fail_reason=reason)
