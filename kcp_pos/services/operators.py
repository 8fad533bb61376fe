"""Operators and what their roles allow (issue 11, first part): setting operators up, signing in
with a PIN, a lock after repeated wrong PINs, and a manager's approval of one action in place.

Roles rank clerk < manager < admin; `require` is what a use case calls before it acts, so the
rule holds whichever screen (or command line) asked. Every sign-in, wrong PIN, lock, approval
and new operator is written to the audit trail with the operator's name, never the PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from kcp_pos.domain.errors import InputError
from kcp_pos.domain.operator_name import validate_operator_name
from kcp_pos.domain.pin_hash import hash_pin, pin_matches, validate_pin
from kcp_pos.domain.result import Invalid
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.money_call import InvalidOrder, Problems
from kcp_pos.services.operator import Operator, Role
from kcp_pos.store import OperatorRecord, PinGate, utc_now

WRONG_PINS_TO_LOCK: Final = 5
LOCKED_FOR: Final = timedelta(minutes=5)
RANK: Final = {Role.CLERK: 0, Role.MANAGER: 1, Role.ADMIN: 2}

SIGNED_IN: Final = "operator.signed_in"
WRONG_PIN: Final = "operator.wrong_pin"
LOCKED: Final = "operator.locked"
APPROVED: Final = "operator.approved"
ADDED: Final = "operator.added"
UNKNOWN_NAME: Final = "operator.unknown_name"
TERMINAL: Final = "terminal"
"""The audit's actor of a sign-in try: whoever stands at the terminal is not known yet."""
RESERVED_NAMES: Final = frozenset({"terminal", "system", "resolver", "clerk"})
"""Names the app itself writes into the audit trail: no operator may take one."""
DISABLED: Final = "operator.disabled"
UNLOCKED: Final = "operator.unlocked"
ENABLED: Final = "operator.enabled"


class NotPermitted(Exception):
    """The operator's role does not allow the action."""

    def __init__(self, operator: Operator, needed: Role) -> None:
        super().__init__(f"{operator.role.value} may not do what needs {needed.value}")
        self.operator = operator
        self.needed = needed


class SignInRefused(Exception):
    """Wrong name or PIN (`tries_left` before the lock), or locked (`locked_until`)."""

    def __init__(self, *, tries_left: int | None = None, locked_until: datetime | None = None):
        super().__init__("sign-in refused")
        self.tries_left = tries_left
        self.locked_until = locked_until


class AlreadySetUp(Exception):
    """The first admin is made only while the terminal has no operator."""


class LastAdministrator(Exception):
    """The last administrator who may sign in cannot be disabled (nobody could manage)."""


@dataclass(frozen=True)
class Approval:
    """Who approved which action for whom (written to the audit trail)."""

    approver: Operator
    action: str
    for_operator: Operator


def require(operator: Operator, needed: Role) -> None:
    """`NotPermitted` unless `operator`'s role is at least `needed`."""
    if RANK[operator.role] < RANK[needed]:
        raise NotPermitted(operator, needed)


def permit(
    operator: Operator, needed: Role, *, action: str, approval: Approval | None = None
) -> None:
    """`NotPermitted` unless `operator`'s role is at least `needed` or `approval` is a manager's
    (or admin's) approval of this very `action` for them (`approve`)."""
    if approval is not None and approval.action == action and approval.for_operator == operator:
        require(approval.approver, needed)
        return
    require(operator, needed)


def create_first_admin(services: AppServices, name: str, pin: str) -> Operator:
    """The first start: the terminal's first operator, an admin."""
    if services.operators.count():
        raise AlreadySetUp
    return _add(services, name, Role.ADMIN, pin, actor=None)


def add_operator(
    services: AppServices, name: str, role: Role, pin: str, *, by: Operator
) -> Operator:
    """A new operator, set up by an admin."""
    require(by, Role.ADMIN)
    return _add(services, name, role, pin, actor=by)


def _add(
    services: AppServices, name: str, role: Role, pin: str, *, actor: Operator | None
) -> Operator:
    problems = Problems()
    clean_name = problems.take(validate_operator_name(name))
    if clean_name is not None and not problems.need(
        clean_name.casefold() not in RESERVED_NAMES, InputError.OPERATOR_NAME_RESERVED
    ):
        clean_name = None
    clean_pin = problems.take(validate_pin(pin))
    if problems.found or clean_name is None or clean_pin is None:
        raise InvalidOrder(problems.found)
    record = services.operators.add(clean_name, role.value, hash_pin(clean_pin))
    added = Operator(record.name, role)
    services.audit.append(
        ADDED,
        subject=record.name,
        details={"role": role.value},
        actor=(actor or added).name,
    )
    return added


def list_operators(services: AppServices, *, by: Operator) -> list[OperatorRecord]:
    """Every operator, for an administrator."""
    require(by, Role.ADMIN)
    return services.operators.listed()


def set_operator_disabled(
    services: AppServices, name: str, disabled: bool, *, by: Operator
) -> None:
    """Stop an operator signing in (or allow them again); an administrator's action, audited.
    The last administrator who may sign in stays."""
    require(by, Role.ADMIN)
    record = services.operators.find(name)
    if record is None:
        raise SignInRefused()
    if disabled and record.role == Role.ADMIN.value:
        admins = [
            other
            for other in services.operators.listed()
            if other.role == Role.ADMIN.value and other.disabled_at is None
        ]
        if [admin.id for admin in admins] == [record.id]:
            raise LastAdministrator(record.name)
    services.operators.set_disabled(record.id, disabled)
    services.audit.append(DISABLED if disabled else ENABLED, subject=record.name, actor=by.name)


def unlock_operator(services: AppServices, name: str, *, by: Operator) -> None:
    """End an operator's lock after wrong PINs before its time (an administrator, who has
    checked it is really them), audited."""
    require(by, Role.ADMIN)
    record = services.operators.find(name)
    if record is None:
        raise SignInRefused()
    services.operators.unlock(record.id)
    services.audit.append(UNLOCKED, subject=record.name, actor=by.name)


def sign_in(services: AppServices, name: str, pin: str, *, now: datetime | None = None) -> Operator:
    """The operator whose name and PIN these are; `SignInRefused` otherwise (`InvalidOrder` for
    a PIN that is not 4 to 8 digits, which is not counted). A wrong PIN counts towards the lock
    (`WRONG_PINS_TO_LOCK` in a row locks for `LOCKED_FOR`); while locked even the right PIN is
    refused. Each try is counted before its PIN is checked, so tries made at the same moment
    cannot get past the lock."""
    operator = _checked(services, name, pin, PinGate.SIGN_IN, now or utc_now())
    services.audit.append(SIGNED_IN, subject=operator.name, actor=operator.name)
    return operator


def _checked(
    services: AppServices,
    name: str,
    pin: str,
    gate: PinGate,
    moment: datetime,
    asked_by: Operator | None = None,
) -> Operator:
    """The operator of `name` if `pin` is theirs, counted at `gate` (see `sign_in`);
    `asked_by`: who opened the approval prompt, named in the wrong-PIN entries."""
    if isinstance(validate_pin(pin), Invalid):
        raise InvalidOrder((InputError.PIN_FORMAT,))
    record = services.operators.find(name)
    if record is None or record.disabled_at is not None:
        services.audit.append(UNKNOWN_NAME, subject=_subject(name), actor=TERMINAL)
        raise SignInRefused(tries_left=None)
    operators = services.operators
    if not operators.reserve_try(record.id, now=moment, lock_at=WRONG_PINS_TO_LOCK, gate=gate):
        raise SignInRefused(locked_until=_lock_of(services, record.name, moment, gate))
    if not pin_matches(pin, record.passcode_hash):
        raise _wrong(services, record, moment, gate, asked_by)
    if not operators.right_pin(record.id, now=moment, gate=gate):
        raise SignInRefused(locked_until=_lock_of(services, record.name, moment, gate))
    return Operator(record.name, Role(record.role))


def _lock_of(services: AppServices, name: str, moment: datetime, gate: PinGate) -> datetime:
    """When the operator's lock at `gate` ends (a moment from now if it just ended)."""
    record = services.operators.find(name)
    locked = record.locked_until_at(gate) if record is not None else None
    return locked if locked is not None and locked > moment else moment + LOCKED_FOR


def _subject(typed: str) -> str:
    """A typed name as an audit subject: cut to the column, digits masked (a PIN typed into
    the name field must not be kept)."""
    return "".join("#" if char.isdigit() else char for char in typed.strip())[:80]


def _wrong(
    services: AppServices,
    record: OperatorRecord,
    moment: datetime,
    gate: PinGate,
    asked_by: Operator | None,
) -> SignInRefused:
    until = moment + LOCKED_FOR
    count = services.operators.wrong_pin(
        record.id, lock_at=WRONG_PINS_TO_LOCK, lock_until=until, gate=gate
    )
    # Whoever typed it is not known: the terminal tried, the operator is the subject.
    where = {"gate": gate.value, "asked_by": None if asked_by is None else asked_by.name}
    services.audit.append(WRONG_PIN, subject=record.name, details=where, actor=TERMINAL)
    if count >= WRONG_PINS_TO_LOCK:
        details = {"until": until.isoformat(), **where}
        services.audit.append(LOCKED, subject=record.name, details=details)
        return SignInRefused(locked_until=until)
    return SignInRefused(tries_left=WRONG_PINS_TO_LOCK - count)


def approve(
    services: AppServices,
    *,
    approver_name: str,
    approver_pin: str,
    needed: Role,
    action: str,
    for_operator: Operator,
) -> Approval:
    """A manager (or admin) approves one action for `for_operator` by entering their own PIN in
    place: `SignInRefused` or `NotPermitted` otherwise. Wrong PINs here count towards a lock
    of the approver's approvals only (`PinGate.APPROVAL`): whoever guesses in someone else's
    prompt cannot lock them out of signing in."""
    approver = _checked(
        services, approver_name, approver_pin, PinGate.APPROVAL, utc_now(), for_operator
    )
    require(approver, needed)
    services.audit.append(
        APPROVED,
        subject=for_operator.name,
        details={"action": action, "approver": approver.name},
        actor=approver.name,
    )
    return Approval(approver, action, for_operator)
