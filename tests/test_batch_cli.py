"""`kcp-pos batch FILE.csv`: the batch without the window. Bad files and a missing `--yes`
charge nothing (exit 2); an answer still unknown exits 3 and the same command later settles it
by lookup; and a real process killed with SIGKILL mid-way, run again, ends with exactly one
payment per paid line and a results file that matches the sandbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kcp_pos.app import main
from kcp_pos.domain.attempt import AttemptState
from kcp_pos.domain.korea_time import KST
from kcp_pos.iamport.client import IamportClient
from kcp_pos.sandbox.server import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxConfig, SandboxServer
from kcp_pos.store import AttemptJournal, open_database
from tests.batch_support import (
    check_one_payment_per_paid_row,
    issue_keys,
    read_results,
    write_batch_csv,
)
from tests.conftest import arm_fault

ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("root_logger_restored")  # main() opens its log


def _folders(folder: Path) -> list[str]:
    return [
        "--data-dir",
        str(folder / "data"),
        "--config-dir",
        str(folder / "config"),
        "--log-dir",
        str(folder / "log"),
    ]


def _journal(folder: Path) -> AttemptJournal:
    return AttemptJournal(open_database(folder / "data" / "sandbox" / "store"))


def test_a_bad_file_is_refused_with_every_problem_and_nothing_is_charged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\ncust_b,zero,ok\ncust_c,10000,4111111111111111\n")
    code = main(["batch", str(path), "--yes", *_folders(tmp_path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0].startswith("sandbox: http://127.0.0.1:")
    assert err[1].startswith("month.csv: line 2, amount: ")
    assert err[2].startswith("month.csv: line 3, order_name: This looks like a card number")
    assert err[3] == "2 problem(s); nothing was charged"
    assert "4111" not in "\n".join(err)
    journal = _journal(tmp_path)
    assert journal.recent() == []


def test_without_yes_and_without_a_terminal_it_asks_for_yes_and_charges_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 3))
    code = main(["batch", str(path), *_folders(tmp_path), "--sandbox-url", sandbox.url])
    err = capsys.readouterr().err
    assert code == 2
    assert "Charge 3 saved card(s), 30,030원 in total (SANDBOX: no money moves)?" in err
    assert "Pass --yes." in err
    assert _journal(tmp_path).recent() == []


def test_an_unknown_answer_exits_3_and_the_same_command_later_settles_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    planned = issue_keys(sandbox.url, 5, decline_every=100)
    path = write_batch_csv(tmp_path / "month.csv", planned)
    results = tmp_path / "out.csv"
    command = ["batch", str(path), "--yes", "--results", str(results), *_folders(tmp_path)]
    command += ["--sandbox-url", sandbox.url, "--concurrency", "1"]
    # The PG answers 504 at once and commits a second later: the lookup right after the run
    # finds nothing, too soon to call it "not charged".
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="commit_later", seconds=1.0)
    assert main(command) == 3
    out = capsys.readouterr()
    assert "4 paid" in out.out and "1 unknown" in out.out
    assert "Run the same command again" in out.err
    (unknown,) = [row for row in read_results(results) if row["status"] == "unknown"]
    with IamportClient(sandbox.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
        for _ in range(100):
            if client.find_every_payment(unknown["merchant_uid"]):
                break
            time.sleep(0.05)

    assert main(command) == 0
    out = capsys.readouterr()
    assert "resuming batch 1" in out.out and "0 of 5 line(s) not sent yet, 1 to look up" in out.out
    assert "5 paid" in out.out
    rows = read_results(results)
    check_one_payment_per_paid_row(sandbox.url, rows)
    # As the screen shows it: KCP's own form (5570420000001234) reads like a full number.
    # (The line settled by lookup has no card: the lookup records the payment, not the card.)
    assert {row["card_number"] for row in rows} - {""} == {"5570-42**-****-1234"}


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")
def test_a_batch_killed_mid_way_and_run_again_charges_each_line_once(tmp_path: Path) -> None:
    sandbox_dir = tmp_path / "data" / "sandbox"
    setup = SandboxServer(SandboxConfig(data_dir=sandbox_dir))  # the data the app's will use
    try:
        planned = issue_keys(setup.start(), 300)
    finally:
        setup.stop()
    path = write_batch_csv(tmp_path / "month.csv", planned)
    results = tmp_path / "results.csv"
    command = [sys.executable, "-m", "kcp_pos.app", "batch", str(path), "--yes"]
    command += ["--concurrency", "4", "--results", str(results), *_folders(tmp_path)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    first = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert first.stderr is not None and first.stdout is not None
        url = first.stderr.readline().removeprefix("sandbox: ").strip()
        for line in first.stdout:
            if line.startswith("progress 20%"):
                break
        # Every worker's next request is committed and its answer held: all four are then
        # waiting, none between journalling and sending, and the kill leaves four lines
        # journalled as sent whose payments exist.
        arm_fault(
            url,
            endpoint="/subscribe/payments/again",
            mode="stall_after_commit",
            seconds=600,
            times=4,
        )
        journal = _journal(tmp_path)
        held: set[str] = set()
        with IamportClient(url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET) as client:
            for _ in range(300):
                sending = [a for a in journal.unresolved() if a.state is AttemptState.SENDING]
                uids = {a.merchant_uid or "" for a in sending}
                if len(uids) == 4 and all(client.find_every_payment(uid) for uid in uids):
                    if uids == held:  # the same four twice in a row: held, not passing by
                        break
                    held = uids
                time.sleep(0.2)
            else:
                raise AssertionError("the four workers never all waited on a held answer")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    journalled = len(journal.recent(1000))
    assert 4 <= journalled < 300  # killed mid-way
    # A killed run leaves no results file: none that would call paid lines "not sent".
    assert not results.exists()

    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert second.stderr.startswith("sandbox: http://127.0.0.1:")
    assert f"{300 - journalled} of 300 line(s) not sent yet, 4 to look up" in second.stdout
    rows = read_results(results)
    declines = {row.customer_uid for row in planned if row.declines}
    assert [row["customer_uid"] for row in rows] == [row.customer_uid for row in planned]
    assert all((row["status"] == "declined") == (row["customer_uid"] in declines) for row in rows)
    assert f"{len(declines)} line(s) declined (the results file says why)" in second.stdout
    assert len(journal.recent(1000)) == 300  # the four were looked up, not sent again
    check = SandboxServer(SandboxConfig(data_dir=sandbox_dir))
    try:
        check_one_payment_per_paid_row(check.start(), rows)
    finally:
        check.stop()


@pytest.mark.skipif(sys.platform == "win32", reason="uses SIGINT")
def test_ctrl_c_stops_new_charges_exits_130_and_the_same_command_continues(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    planned = issue_keys(sandbox.url, 40, decline_every=100)
    path = write_batch_csv(tmp_path / "month.csv", planned)
    results = tmp_path / "results.csv"
    command = [sys.executable, "-m", "kcp_pos.app", "batch", str(path), "--yes"]
    command += ["--concurrency", "2", "--results", str(results), *_folders(tmp_path)]
    command += ["--sandbox-url", sandbox.url]
    arm_fault(sandbox, endpoint="/subscribe/payments/again", mode="delay", seconds=0.2, times=40)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert first.stdout is not None
    for line in first.stdout:
        if line.startswith("progress "):
            first.send_signal(signal.SIGINT)
            break
    _out, err = first.communicate(timeout=60)
    assert first.returncode == 130, err
    assert "stopping: no new charges" in err
    rows = read_results(results)
    not_sent = [row for row in rows if row["status"] == "not_sent"]
    assert not_sent and all(row["status"] in ("paid", "not_sent") for row in rows)
    journal = _journal(tmp_path)
    assert len(journal.recent(100)) == 40 - len(not_sent)  # nothing was left half-sent

    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert f"{len(not_sent)} of 40 line(s) not sent yet, 0 to look up" in second.stdout
    check_one_payment_per_paid_row(sandbox.url, read_results(results))
    assert (tmp_path / "log" / "kcp-pos.log").exists()


def test_a_re_sorted_file_is_refused_for_customers_charged_days_ago_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    planned = issue_keys(sandbox.url, 3, decline_every=100)
    first = write_batch_csv(tmp_path / "month.csv", planned)
    common = ["--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    assert main(["batch", str(first), *common]) == 0
    resorted = write_batch_csv(tmp_path / "sorted.csv", planned[::-1])
    capsys.readouterr()
    assert main(["batch", str(resorted), *common]) == 2
    err = capsys.readouterr().err
    assert f"line 2: {planned[2].customer_uid} was charged 10,020원 on " in err
    (charge,) = _journal(tmp_path).find_by_merchant_uid(_merchant_uid_in(err, line=2))
    shown = charge.created_at.astimezone(KST).strftime("%Y-%m-%d %H:%M")
    assert f"on {shown} KST (paid, " in err  # Korea time, as the window shows it
    assert "3 line(s) name customers charged in the last 5 days; nothing was charged." in err
    assert "--allow-recent" in err
    assert len(_journal(tmp_path).recent()) == 3
    assert main(["batch", str(resorted), "--allow-recent", *common]) == 0
    assert len(_journal(tmp_path).recent()) == 6


def _merchant_uid_in(err: str, *, line: int) -> str:
    """The merchant_uid a refusal names for `line` (the last word in its parentheses)."""
    (text,) = [row for row in err.splitlines() if row.startswith(f"line {line}: ")]
    return text.rsplit(", ", 1)[1].rstrip(")")
