"""Operators against a real store: the first admin, operators set up by an admin only, sign-in
with a PIN, the lock after repeated wrong PINs, roles enforced in the services, a manager's
approval in place, and the audit trail of it all (never a PIN)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from kcp_pos.services.app_services import AppServices
from kcp_pos.services.money_call import InvalidOrder
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.operators import (
    LOCKED_FOR,
    TERMINAL,
    UNKNOWN_NAME,
    WRONG_PIN,
    WRONG_PINS_TO_LOCK,
    AlreadySetUp,
    NotPermitted,
    SignInRefused,
    add_operator,
    approve,
    create_first_admin,
    require,
    sign_in,
    unlock_operator,
)
from kcp_pos.store import DuplicateOperator, utc_now

ADMIN_PIN = "908172"


@pytest.fixture
def admin(services: AppServices) -> Operator:
    return create_first_admin(services, "사장 김", ADMIN_PIN)


def test_the_first_admin_is_made_once(services: AppServices, admin: Operator) -> None:
    assert admin.role is Role.ADMIN
    with pytest.raises(AlreadySetUp):
        create_first_admin(services, "someone else", "1234")


def test_only_an_admin_adds_operators(services: AppServices, admin: Operator) -> None:
    clerk = add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    with pytest.raises(NotPermitted):
        add_operator(services, "Park", Role.MANAGER, "2222", by=clerk)
    with pytest.raises(DuplicateOperator):
        add_operator(services, "  lee ", Role.CLERK, "3333", by=admin)
    with pytest.raises(InvalidOrder):
        add_operator(services, "", Role.CLERK, "12", by=admin)


def test_sign_in_with_the_right_pin(services: AppServices, admin: Operator) -> None:
    add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    assert sign_in(services, "lee", "1111") == Operator("Lee", Role.CLERK)
    with pytest.raises(SignInRefused) as unknown:
        sign_in(services, "Nobody", "1111")
    assert unknown.value.tries_left is None


def test_wrong_pins_in_a_row_lock_the_operator(services: AppServices, admin: Operator) -> None:
    add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    now = utc_now()
    for left in range(WRONG_PINS_TO_LOCK - 1, 0, -1):
        with pytest.raises(SignInRefused) as refused:
            sign_in(services, "Lee", "9999", now=now)
        assert refused.value.tries_left == left
    with pytest.raises(SignInRefused) as locked:
        sign_in(services, "Lee", "9999", now=now)
    assert locked.value.locked_until == now + LOCKED_FOR
    with pytest.raises(SignInRefused):  # even the right PIN, while locked
        sign_in(services, "Lee", "1111", now=now + timedelta(minutes=1))
    later = now + LOCKED_FOR + timedelta(seconds=1)
    assert sign_in(services, "Lee", "1111", now=later).name == "Lee"


def test_a_right_pin_starts_the_count_again(services: AppServices, admin: Operator) -> None:
    add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    for _ in range(WRONG_PINS_TO_LOCK - 1):
        with pytest.raises(SignInRefused):
            sign_in(services, "Lee", "9999")
    sign_in(services, "Lee", "1111")
    with pytest.raises(SignInRefused) as refused:
        sign_in(services, "Lee", "9999")
    assert refused.value.tries_left == WRONG_PINS_TO_LOCK - 1


def test_roles_rank_clerk_manager_admin() -> None:
    clerk, manager = Operator("c", Role.CLERK), Operator("m", Role.MANAGER)
    require(manager, Role.CLERK)
    require(manager, Role.MANAGER)
    with pytest.raises(NotPermitted):
        require(clerk, Role.MANAGER)
    with pytest.raises(NotPermitted):
        require(manager, Role.ADMIN)


def test_a_manager_approves_a_clerks_action_in_place(
    services: AppServices, admin: Operator
) -> None:
    clerk = add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    add_operator(services, "Park", Role.MANAGER, "2222", by=admin)
    approval = approve(
        services, approver_name="Park", approver_pin="2222", needed=Role.MANAGER,
        action="refund", for_operator=clerk,
    )  # fmt: skip
    assert approval.approver.name == "Park"
    with pytest.raises(NotPermitted):
        approve(
            services, approver_name="Lee", approver_pin="1111", needed=Role.MANAGER,
            action="refund", for_operator=clerk,
        )  # fmt: skip
    [entry] = services.audit.entries(action="operator.approved")
    assert entry.subject == "Lee" and entry.details["approver"] == "Park"


def test_guessing_in_an_approval_prompt_locks_approvals_not_the_managers_sign_in(
    services: AppServices, admin: Operator
) -> None:
    clerk = add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    add_operator(services, "Park", Role.MANAGER, "2222", by=admin)

    def approve_with(pin: str) -> None:
        approve(
            services, approver_name="Park", approver_pin=pin, needed=Role.MANAGER,
            action="refund", for_operator=clerk,
        )  # fmt: skip

    for left in range(WRONG_PINS_TO_LOCK - 1, 0, -1):
        with pytest.raises(SignInRefused) as refused:
            approve_with("9999")
        assert refused.value.tries_left == left
    with pytest.raises(SignInRefused) as locked:
        approve_with("9999")
    assert locked.value.locked_until is not None
    with pytest.raises(SignInRefused):  # even the right PIN, while approvals are locked
        approve_with("2222")
    assert sign_in(services, "Park", "2222").name == "Park"  # the manager still signs in
    wrong = services.audit.entries(action=WRONG_PIN)
    assert {entry.details["gate"] for entry in wrong} == {"approval"}
    assert {entry.details["asked_by"] for entry in wrong} == {"Lee"}  # who was guessing
    unlock_operator(services, "Park", by=admin)  # the administrator ends both locks
    approve_with("2222")


def test_a_sign_in_lock_leaves_approvals_open(services: AppServices, admin: Operator) -> None:
    clerk = add_operator(services, "Lee", Role.CLERK, "1111", by=admin)
    add_operator(services, "Park", Role.MANAGER, "2222", by=admin)
    for _ in range(WRONG_PINS_TO_LOCK):
        with pytest.raises(SignInRefused):
            sign_in(services, "Park", "9999")
    with pytest.raises(SignInRefused):
        sign_in(services, "Park", "2222")
    approval = approve(
        services, approver_name="Park", approver_pin="2222", needed=Role.MANAGER,
        action="refund", for_operator=clerk,
    )  # fmt: skip
    assert approval.approver.name == "Park"


def test_the_audit_trail_names_operators_and_holds_no_pin(
    services: AppServices, admin: Operator
) -> None:
    add_operator(services, "Lee", Role.CLERK, "135790", by=admin)
    sign_in(services, "Lee", "135790")
    with pytest.raises(SignInRefused):
        sign_in(services, "Lee", "246802")
    actions = [entry.action for entry in services.audit.entries()]
    assert actions.count("operator.added") == 2
    assert "operator.signed_in" in actions and "operator.wrong_pin" in actions
    written = repr(services.audit.entries())
    assert "135790" not in written and "246802" not in written and "908172" not in written


def test_tries_made_at_the_same_moment_cannot_get_past_the_lock(
    services: AppServices, admin: Operator
) -> None:
    """Thirteen wrong tries at once (two terminals, a script): each is counted before its PIN
    is checked, so at most five are checked; then even the right PIN waits for the lock."""
    add_operator(services, "박매니저", Role.MANAGER, "482915", by=admin)

    def try_one(pin: str) -> SignInRefused:
        with pytest.raises(SignInRefused) as refused:
            sign_in(services, "박매니저", pin)
        return refused.value

    with ThreadPoolExecutor(max_workers=13) as pool:
        refusals = list(pool.map(try_one, ["000000"] * 13))
    wrong = [e for e in services.audit.entries() if e.action == WRONG_PIN]
    assert len(wrong) == WRONG_PINS_TO_LOCK
    assert sum(refused.locked_until is not None for refused in refusals) >= 13 - 4
    assert try_one("482915").locked_until is not None


def test_a_malformed_pin_is_refused_without_counting(
    services: AppServices, admin: Operator
) -> None:
    for _ in range(WRONG_PINS_TO_LOCK + 1):
        with pytest.raises(InvalidOrder):
            sign_in(services, admin.name, "")
    assert sign_in(services, admin.name, ADMIN_PIN) == admin
    wrong = [e for e in services.audit.entries() if e.action == WRONG_PIN]
    assert wrong == []


def test_wrong_pins_and_unknown_names_are_the_terminals_not_the_operators(
    services: AppServices, admin: Operator
) -> None:
    with pytest.raises(SignInRefused):
        sign_in(services, admin.name, "999999")
    with pytest.raises(SignInRefused):
        sign_in(services, "nobody 1234", "999999")
    (wrong,) = [e for e in services.audit.entries() if e.action == WRONG_PIN]
    assert (wrong.actor, wrong.subject) == (TERMINAL, admin.name)
    (unknown,) = [e for e in services.audit.entries() if e.action == UNKNOWN_NAME]
    assert unknown.subject == "nobody ####"  # digits typed in a name are never kept


@pytest.mark.parametrize("name", ["system", "Resolver", "terminal"])
def test_the_apps_own_audit_names_are_reserved(
    services: AppServices, admin: Operator, name: str
) -> None:
    with pytest.raises(InvalidOrder):
        add_operator(services, name, Role.CLERK, "1234", by=admin)
