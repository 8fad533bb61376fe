"""Issue 3: the app is killed (SIGKILL, no clean exit) between sending a charge and hearing back;
restarted on the same folders it resolves the attempt by lookup, shows it to the clerk, and the
card was charged exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kcp_pos.domain.attempt import AttemptState
from kcp_pos.iamport.client import IamportClient
from kcp_pos.iamport.errors import NotFoundError
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
from kcp_pos.store import AttemptJournal, open_database

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _driver(mode: str, folder: Path, *options: str) -> subprocess.Popen[str]:
    folders = ["--data-dir", folder / "data", "--config-dir", folder / "config"]
    command = [sys.executable, "-m", "tests.app_driver", mode, *map(str, folders), *options]
    command += ["--log-dir", str(folder / "log")]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def _line(child: subprocess.Popen[str], prefix: str) -> str:
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    raise AssertionError(f"the app exited ({child.wait()}) without printing {prefix!r}")


def _wait_for_commit(url: str, merchant_uid: str) -> None:
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        for _ in range(600):
            if client.find_every_payment(merchant_uid):
                return
            time.sleep(0.05)
    raise AssertionError("the charge never reached the embedded sandbox")


def test_app_killed_mid_charge_resolves_it_at_restart_without_charging_twice(
    tmp_path: Path,
) -> None:
    first = _driver("charge", tmp_path)
    try:
        url = _line(first, "SANDBOX ")
        merchant_uid = _line(first, "SENDING ")
        _wait_for_commit(url, merchant_uid)  # the money moved; the answer is being held back
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    database = open_database(tmp_path / "data" / "sandbox" / "store")
    (left_behind,) = AttemptJournal(database).unresolved()
    assert left_behind.merchant_uid == merchant_uid
    database.dispose()

    second = _driver("recover", tmp_path)
    try:
        state, payments, notice = _line(second, "RECOVERED ").split(" ", 2)
        assert second.wait(timeout=60) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert state == AttemptState.RESOLVED_PAID.value
    assert payments == "1"  # found by lookup, never sent again
    assert merchant_uid in notice  # shown to the clerk


def test_a_late_commit_while_the_app_was_killed_is_shown_at_restart(tmp_path: Path) -> None:
    """The PG answers 504 and commits seconds later. The terminal looks, finds nothing, settles
    the order as not charged and is then killed; the payment lands while it is down. The next
    start finds it and shows the late approval. The sandbox runs here, in the test, as the PG
    does: apart from the app, so that killing the app does not stop the commit."""
    from kcp_pos.sandbox.server import SandboxConfig, SandboxServer
    from tests.conftest import arm_fault

    sandbox = SandboxServer(SandboxConfig(data_dir=tmp_path / "pg"))
    url = sandbox.start()
    try:
        arm_fault(url, endpoint="/subscribe/payments/onetime", mode="commit_later", seconds=3.0)
        first = _driver("settle", tmp_path, "--sandbox-url", url)
        try:
            merchant_uid, title = _line(first, "SETTLED ").split(" ", 1)
            with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
                assert client.find_every_payment(merchant_uid) == []  # not yet committed
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert title == "결제 내역 없음"
        _wait_for_commit(url, merchant_uid)

        second = _driver("late", tmp_path, "--sandbox-url", url)
        try:
            notice_title, line = _line(second, "LATE ").split(" | ", 1)
            assert second.wait(timeout=60) == 0
        finally:
            if second.poll() is None:
                second.kill()
    finally:
        sandbox.stop()
    assert notice_title.startswith("결제되지 않은 것으로 안내한 결제 1건")
    assert line.startswith("88,000원 · 5570-42**-****-1234 · " + merchant_uid)


def _wait_until_paid(url: str, merchant_uid: str) -> None:
    """The window's payment is paid at the sandbox (read with `find`: `findAll` is held back)."""
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        for _ in range(600):
            try:
                if client.find_payment(merchant_uid).status.value == "paid":
                    return
            except NotFoundError:
                pass
            time.sleep(0.05)
    raise AssertionError("the window's payment was never approved")


def test_app_killed_with_the_window_open_after_approval_settles_it_paid_once(
    tmp_path: Path,
) -> None:
    first = _driver("window", tmp_path)
    try:
        url = _line(first, "SANDBOX ")
        merchant_uid = _line(first, "PAYING ")
        _wait_until_paid(url, merchant_uid)  # approved; the app has not settled it
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    database = open_database(tmp_path / "data" / "sandbox" / "store")
    (left_behind,) = AttemptJournal(database).unresolved()
    assert left_behind.merchant_uid == merchant_uid and left_behind.kind.value == "window"
    database.dispose()

    second = _driver("recover", tmp_path)
    try:
        state, payments, notice = _line(second, "RECOVERED ").split(" ", 2)
        assert second.wait(timeout=60) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert state == AttemptState.RESOLVED_PAID.value
    assert payments == "1"  # one window payment, settled by lookup
    assert merchant_uid in notice


def _wait_for_refund(url: str, imp_uid: str) -> None:
    """The refund reached the embedded sandbox and was committed (its answer is held back)."""
    with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        for _ in range(600):
            if client.get_payment(imp_uid).cancel_amount > 0:
                return
            time.sleep(0.05)
    raise AssertionError("the refund never reached the embedded sandbox")


def test_app_killed_mid_refund_settles_it_at_restart_refunding_once(tmp_path: Path) -> None:
    """Issue 11: killed between the refund's send and its answer, the app settles the refund
    at the next start by reading the payment, never by sending it again."""
    first = _driver("refund", tmp_path)
    try:
        url = _line(first, "SANDBOX ")
        imp_uid = _line(first, "REFUNDING ")
        _wait_for_refund(url, imp_uid)  # the money moved back; the answer is being held
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    database = open_database(tmp_path / "data" / "sandbox" / "store")
    (left_behind,) = AttemptJournal(database).unresolved()
    assert (left_behind.kind.value, left_behind.imp_uid) == ("cancel", imp_uid)
    assert (left_behind.amount, left_behind.checksum) == (21_000, 88_000)
    database.dispose()

    second = _driver("recover_refund", tmp_path)
    try:
        state, refunds, refunded, notice = _line(second, "RECOVERED ").split(" ", 3)
        assert second.wait(timeout=60) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert state == AttemptState.RESOLVED_PAID.value
    assert (refunds, refunded) == ("1", "21000")  # one refund, found by lookup
    assert notice.startswith("환불됨 · 21,000원")  # shown to the clerk
