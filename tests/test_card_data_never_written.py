"""Issue 3 / DESIGN rule 4: after every flow that takes a card (keyed entry on the terminal, adding
a customer, replacing a saved card, a batch charge of the saved cards, a refund of one of those
payments in the refund dialog; then a report exported as CSV and XLSX, read inside, and the day
closed), run in the real app with
distinctive card data, no file under the data, log, settings, home or temp folders holds the card
number, the birth date or the PIN digits in any form (raw, grouped, dashed, or as JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kcp_pos.domain.card_number import luhn_check_digit

ROOT = Path(__file__).resolve().parents[1]
BIRTH = "741129"
PIN = "47"


def _card(middle: str, tail: str) -> str:
    body = "557042" + middle + tail
    return body + luhn_check_digit(body)


def _declining_card() -> str:
    """A distinctive card whose last four are 0002 (the sandbox's CC03 decline)."""
    for middle in range(739_182, 739_282):
        body = f"557042{middle}00"
        candidate = body + "02"
        if luhn_check_digit(body + "0") == "2":
            return candidate
    raise AssertionError("no declining card found")


CARD = _card("739182", "645")
DECLINED = _declining_card()


def _forms(number: str) -> set[str]:
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    grouped = {" ".join(groups), "-".join(groups)}
    secret_part = number[6:]  # what masking hides, with the last four after it
    return {number, number[:12], secret_part, *grouped} | {json.dumps(f) for f in grouped}


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and not path.is_symlink()]


def _readable(path: Path) -> str:
    """The file's text; an XLSX (a zip of compressed XML) is read inside."""
    raw = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            raw = b"".join(book.read(name) for name in book.namelist())
    return raw.decode("utf-8", errors="replace")


def test_no_card_data_anywhere_after_every_flow(tmp_path: Path) -> None:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }
    folders = ["--data-dir", "data", "--config-dir", "config", "--log-dir", "log"]
    command = [sys.executable, "-m", "tests.app_driver", "flows", CARD, DECLINED, BIRTH, PIN]
    done = subprocess.run(
        [*command, *(str(tmp_path / f) if not f.startswith("--") else f for f in folders)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    flows = "paid:onetime declined:onetime paid:onetime paid:register unknown:onetime"
    flows += (
        " paid:save-card paid:save-card replaced batch:3-paid refunded:cancel reports:2-exported"
    )
    assert f"FLOWS DONE {flows}" in done.stdout

    needles = _forms(CARD) | _forms(DECLINED) | {BIRTH}
    needles |= {f'"pwd_2digit": "{PIN}"', f'"pwd_2digit":"{PIN}"', f"pwd_2digit={PIN}"}
    written = _files(tmp_path)
    assert any(path.suffix == ".log" or "log" in path.parts for path in written)
    assert any("store" in path.parts for path in written)
    assert {"report.csv", "report.xlsx"} <= {path.name for path in written}
    for path in written:
        text = _readable(path)
        found = [needle for needle in needles if needle in text]
        assert not found, f"card data in {path.relative_to(tmp_path)}"
    for stream in (done.stdout, done.stderr):
        assert not [needle for needle in needles if needle in stream]
