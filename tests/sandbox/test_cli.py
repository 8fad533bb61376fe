"""The `kcp-pos-sandbox` command: prints its URL, serves, stops on SIGTERM; loopback only."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.sandbox.helpers import loopback_client


def test_cli_prints_the_url_and_serves(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kcp_pos.sandbox.cli", "--port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        prefix = "kcp-pos sandbox listening on "
        assert line.startswith(prefix + "http://127.0.0.1:"), line
        url = line[len(prefix) :]
        with loopback_client(url) as client:
            assert client.get("/__sandbox__/health").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert process.returncode == 0
    assert (tmp_path / "sandbox.sqlite3").exists()


def test_cli_refuses_a_non_loopback_host(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kcp_pos.sandbox.cli",
            "--host",
            "0.0.0.0",
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "loopback" in result.stderr


def test_cli_says_in_one_line_when_its_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "kcp_pos.sandbox.cli", "--port", str(port), "--data-dir", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode == 2
    assert result.stderr.startswith(f"kcp-pos-sandbox: cannot start on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.stderr
