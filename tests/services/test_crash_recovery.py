"""Rules 1 and 2 across a hard kill: the process dies between send and response; after a restart
the journalled attempt is resolved by lookup and the card has been charged exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.merchant_uid import new_merchant_uid
from kcp_pos.iamport.client import IamportClient
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxServer
from kcp_pos.services.recovery import check_leftovers
from tests.conftest import arm_fault, make_services

ROOT = Path(__file__).resolve().parents[2]


def test_killed_between_send_and_response_resolves_paid_once_after_restart(
    sandbox: SandboxServer, store_dir: Path
) -> None:
    merchant_uid = new_merchant_uid(now=datetime.now(UTC))
    arm_fault(
        sandbox, endpoint="/subscribe/payments/onetime", mode="stall_after_commit", seconds=60
    )
    command = [sys.executable, "-m", "tests.services.crash_child"]
    child = subprocess.Popen(
        [*command, sandbox.url, str(store_dir), merchant_uid], cwd=ROOT, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"SENDING"
        _wait_until_the_sandbox_has_committed(sandbox, merchant_uid)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    httpx.delete(f"{sandbox.url}/__sandbox__/faults").raise_for_status()

    restarted = make_services(sandbox.url, store_dir)
    try:
        (left_behind,) = restarted.journal.unresolved()
        assert left_behind.state is AttemptState.SENDING
        assert left_behind.merchant_uid == merchant_uid

        report = check_leftovers(restarted, tuple(a.id for a in restarted.journal.unresolved()))

        assert [a.state for a in report.settled] == [AttemptState.RESOLVED_PAID]
        assert len(restarted.client.find_every_payment(merchant_uid)) == 1
        assert restarted.journal.unresolved() == []
    finally:
        restarted.close()


def _wait_until_the_sandbox_has_committed(sandbox: SandboxServer, merchant_uid: str) -> None:
    """The sandbox stores the payment, then holds its answer: wait for the stored payment."""
    with IamportClient(sandbox.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        for _ in range(600):
            if client.find_every_payment(merchant_uid):
                return
            time.sleep(0.05)
    raise AssertionError("the child's charge never reached the sandbox")
