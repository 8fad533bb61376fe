"""`kcp-pos batch FILE.csv`: the batch without the window. Bad files and a missing `--yes`
charge nothing (exit 2); an answer still unknown exits 3 and the same command later settles it
by lookup; and a real process killed with SIGKILL mid-way, run again, ends with exactly one
payment per paid line and a results file that matches the sandbox. It runs only as a manager
(or an administrator) signed in with their PIN, read from a private file (`--pin-file`)."""

from __future__ import annotations

import getpass
import os
import select
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
from kcp_pos.services.operator import Role
from kcp_pos.services.operators import TERMINAL, WRONG_PIN, add_operator, create_first_admin
from kcp_pos.store import AttemptJournal, AuditLog, OperatorBook, open_database
from tests.batch_support import (
    check_one_payment_per_paid_row,
    issue_keys,
    read_results,
    write_batch_csv,
)
from tests.conftest import arm_fault, make_services

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


ADMIN, ADMIN_PIN = "owner", "2580"
CLERK, CLERK_PIN = "jiwoo", "1357"


def _store(folder: Path) -> Path:
    """The store the command line opens in sandbox mode (`app.store_dir_for`)."""
    return folder / "data" / "sandbox" / "store"


def _journal(folder: Path) -> AttemptJournal:
    return AttemptJournal(open_database(_store(folder)))


def _set_up_operators(folder: Path, url: str) -> None:
    """As the app's first start does: the administrator; then a clerk the administrator adds."""
    store = _store(folder)
    store.mkdir(parents=True, exist_ok=True)
    services = make_services(url, store)
    try:
        admin = create_first_admin(services, ADMIN, ADMIN_PIN)
        add_operator(services, CLERK, Role.CLERK, CLERK_PIN, by=admin)
    finally:
        services.close()


def _pin_file(folder: Path, name: str, pin: str, mode: int = 0o600) -> Path:
    path = folder / f"{name}.pin"  # named after the operator, never the PIN
    path.write_text(f"{pin}\n")
    path.chmod(mode)
    return path


def _as(folder: Path, name: str = ADMIN, pin: str = ADMIN_PIN) -> list[str]:
    """The arguments that sign `name` in for a scheduled job."""
    return ["--operator", name, "--pin-file", str(_pin_file(folder, name, pin))]


def test_a_bad_file_is_refused_with_every_problem_and_nothing_is_charged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\ncust_b,zero,ok\ncust_c,10000,4111111111111111\n")
    code = main(["batch", str(path), "--yes", *_as(tmp_path), *_folders(tmp_path)])
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
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), *_as(tmp_path), *_folders(tmp_path)]
    code = main([*command, "--sandbox-url", sandbox.url])
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
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), "--yes", "--results", str(results), *_folders(tmp_path)]
    command += _as(tmp_path)
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
        url = setup.start()
        planned = issue_keys(url, 300)
        _set_up_operators(tmp_path, url)
    finally:
        setup.stop()
    path = write_batch_csv(tmp_path / "month.csv", planned)
    results = tmp_path / "results.csv"
    command = [sys.executable, "-m", "kcp_pos.app", "batch", str(path), "--yes", *_as(tmp_path)]
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
    _set_up_operators(tmp_path, sandbox.url)
    command = [sys.executable, "-m", "kcp_pos.app", "batch", str(path), "--yes", *_as(tmp_path)]
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
    _set_up_operators(tmp_path, sandbox.url)
    common = ["--yes", *_as(tmp_path), *_folders(tmp_path), "--sandbox-url", sandbox.url]
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


def test_without_an_operator_it_is_refused_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\n")
    assert main(["batch", str(path), "--yes", *_folders(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--operator NAME is required" in err
    assert "signs in with their PIN" in err
    assert not _store(tmp_path).exists()  # no backend, no store: nothing was started


def test_a_wrong_pin_is_refused_counted_and_audited_and_nothing_is_charged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 2))
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), "--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    assert main([*command, *_as(tmp_path, ADMIN, "9999")]) == 2
    err = capsys.readouterr().err
    assert f"wrong PIN for {ADMIN} (4 tries left before the lock); nothing was charged" in err
    assert "9999" not in err and ADMIN_PIN not in err
    database = open_database(_store(tmp_path))
    record = OperatorBook(database).find(ADMIN)
    assert record is not None and record.failed_tries == 1
    (wrong,) = AuditLog(database).entries(action=WRONG_PIN)
    assert (wrong.actor, wrong.subject) == (TERMINAL, ADMIN)  # whoever typed it is not known
    assert _journal(tmp_path).recent() == []


def test_a_clerk_is_refused_because_a_batch_needs_a_manager_and_nothing_is_charged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 2))
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), "--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    assert main([*command, *_as(tmp_path, CLERK, CLERK_PIN)]) == 2
    err = capsys.readouterr().err
    assert f"a batch charge needs a manager: {CLERK} is a clerk; nothing was charged" in err
    assert _journal(tmp_path).recent() == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_pin_file_others_may_read_is_refused_before_anything_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\n")
    pin_file = _pin_file(tmp_path, ADMIN, ADMIN_PIN, mode=0o640)
    command = ["batch", str(path), "--yes", "--operator", ADMIN, "--pin-file", str(pin_file)]
    assert main([*command, *_folders(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"the PIN file {pin_file} is open to group or others (mode 0640)" in err
    assert f"chmod 600 {pin_file}" in err
    assert ADMIN_PIN not in err
    assert not _store(tmp_path).exists()


def test_a_terminal_without_operators_says_to_set_up_the_administrator_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 2))
    command = ["batch", str(path), "--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    assert main([*command, *_as(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "this terminal has no operators yet: start the app (kcp-pos) once" in err
    assert "nothing was charged" in err
    assert _journal(tmp_path).recent() == []


def test_the_run_is_audited_with_the_operator_and_the_login_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 2, decline_every=100))
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), "--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    assert main([*command, *_as(tmp_path)]) == 0
    audit = AuditLog(open_database(_store(tmp_path)))
    (run,) = audit.entries(action="batch.command_line")
    assert run.actor == ADMIN
    assert run.details["os_user"] == getpass.getuser()
    assert run.details["file"] == "month.csv"
    assert run.details["lines"] == 2
    (signed_in,) = audit.entries(action="operator.signed_in")
    assert signed_in.actor == ADMIN and signed_in.id < run.id
    assert all(ADMIN_PIN not in str(entry.details) for entry in audit.entries())
    assert len(_journal(tmp_path).recent()) == 2
    assert capsys.readouterr().out.count("2 paid") == 1


def test_without_a_pin_file_and_without_a_terminal_it_asks_for_one_and_starts_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "month.csv"
    path.write_text("cust_a,10000,ok\n")
    command = ["batch", str(path), "--yes", "--operator", ADMIN, *_folders(tmp_path)]
    assert main(command) == 2  # pytest's standard input is not a terminal
    err = capsys.readouterr().err
    assert "no PIN: standard input is not a terminal" in err
    assert "--pin-file PATH" in err and "nothing was charged" in err
    assert not _store(tmp_path).exists()


def test_five_wrong_pins_lock_the_operator_and_then_even_the_right_pin_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox: SandboxServer
) -> None:
    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 1))
    _set_up_operators(tmp_path, sandbox.url)
    command = ["batch", str(path), "--yes", *_folders(tmp_path), "--sandbox-url", sandbox.url]
    for _ in range(5):
        assert main([*command, *_as(tmp_path, ADMIN, "9999")]) == 2
    assert main([*command, *_as(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    refusals = [line for line in err if not line.startswith("sandbox: ")]
    assert [line.split(" (")[0] for line in refusals[:4]] == [f"wrong PIN for {ADMIN}"] * 4
    assert "(1 tries left before the lock)" in refusals[3]
    locked = f"{ADMIN} is locked after repeated wrong PINs until "
    assert refusals[4].startswith(locked) and refusals[5].startswith(locked)
    assert refusals[5].endswith(" KST; nothing was charged")
    assert _journal(tmp_path).recent() == []


@pytest.mark.skipif(sys.platform == "win32", reason="uses a pseudo-terminal")
def test_on_a_terminal_the_pin_is_asked_without_echo_and_the_batch_runs(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    import pty

    path = write_batch_csv(tmp_path / "month.csv", issue_keys(sandbox.url, 2, decline_every=100))
    _set_up_operators(tmp_path, sandbox.url)
    command = [sys.executable, "-m", "kcp_pos.app", "batch", str(path), "--yes"]
    command += ["--operator", ADMIN, *_folders(tmp_path), "--sandbox-url", sandbox.url]
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command line, on the pseudo-terminal
        try:
            os.chdir(ROOT)
            os.execv(sys.executable, command)
        finally:
            os._exit(127)  # never back into pytest
    screen = _read_until(terminal, b"PIN of owner: ")
    os.write(terminal, f"{ADMIN_PIN}\n".encode())
    screen += _read_until(terminal, None)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, screen
    text = screen.decode(errors="replace")
    assert "2 paid" in text
    assert ADMIN_PIN not in text  # not echoed
    assert len(_journal(tmp_path).recent()) == 2


def _read_until(terminal: int, wanted: bytes | None, timeout: float = 60) -> bytes:
    """What `terminal` shows until `wanted` appears (or, with None, until the child is done)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted is None or wanted not in seen:
        left = deadline - time.monotonic()
        assert left > 0, seen
        ready, _, _ = select.select([terminal], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the child closed the terminal (Linux says EIO)
            chunk = b""
        if not chunk:
            assert wanted is None, seen
            return seen
        seen += chunk
    return seen
