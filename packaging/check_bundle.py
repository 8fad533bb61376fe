"""Check a built bundle the way a shop would meet it: the app starts and gets ready, in Korean
and in English, offscreen; the payment window opens inside the bundle (`--smoke-test-window`:
QtWebEngine loads the sandbox's payment page, nothing is paid); and the bundled training server
answers a token request. `.ci/run` and the installers' workflow run it on each bundle.

    python packaging/check_bundle.py dist/kcp-pos                      # Linux, Windows
    python packaging/check_bundle.py dist/kcp-pos.app/Contents/MacOS   # macOS

Standard library only, so any Python 3.11 runs it (CI's, without the app installed). Each run
uses folders of its own under a temporary folder, never the machine's user data. The demo key
pair is read from kcp_pos/sandbox/config.py (PortOne's public demo key, not a secret). Exits 1
at the first failure, saying which.
"""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SANDBOX_CONFIG = ROOT / "kcp_pos" / "sandbox" / "config.py"
SMOKE_TIMEOUT_S = 240
SANDBOX_START_TIMEOUT_S = 90
LANGUAGES = ("ko", "en")
READY_LINE = "smoke-test ready"
WINDOW_LINE = "smoke-test payment-window-ready"


class CheckFailed(Exception):
    pass


def executable(bin_dir: Path, name: str) -> Path:
    path = bin_dir / (f"{name}.exe" if sys.platform == "win32" else name)
    if not path.is_file():
        raise CheckFailed(f"{path} is missing")
    return path


def offscreen_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "getuid") and os.getuid() == 0:  # Chromium refuses its sandbox as root
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
    return env


def smoke_test(app: Path, lang: str, work: Path, *, window: bool = False) -> None:
    """`kcp-pos --smoke-test` exits 0 once the terminal is ready (1 if the backend failed);
    with `window`, `--smoke-test-window` exits 0 once the payment window's page has loaded."""
    run = f"{lang}-window" if window else lang
    folders = {name: work / f"{run}-{name}" for name in ("data", "config", "logs")}
    flag = "--smoke-test-window" if window else "--smoke-test"
    expected = WINDOW_LINE if window else READY_LINE
    command = [str(app), flag, "--lang", lang]
    command += ["--data-dir", str(folders["data"]), "--config-dir", str(folders["config"])]
    command += ["--log-dir", str(folders["logs"])]
    try:
        done = subprocess.run(
            command,
            env=offscreen_environment(),
            capture_output=True,
            text=True,
            timeout=SMOKE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise CheckFailed(f"{flag} ({lang}) did not finish in {SMOKE_TIMEOUT_S} s") from error
    print(done.stdout, end="")
    if done.returncode != 0:
        print(done.stderr, end="", file=sys.stderr)
        raise CheckFailed(f"{flag} ({lang}) exited {done.returncode}")
    # A windowed Windows executable has no standard output; elsewhere the lines must be there.
    if sys.platform != "win32" and expected not in done.stdout:
        raise CheckFailed(f"{flag} ({lang}) exited 0 without printing {expected!r}")
    print(f"check-bundle: {flag} ({lang}) passed")


def demo_key_pair() -> tuple[str, str]:
    """DEFAULT_IMP_KEY and DEFAULT_IMP_SECRET, read from the sandbox's source."""
    values: dict[str, str] = {}
    for node in ast.parse(SANDBOX_CONFIG.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("DEFAULT_IMP_KEY", "DEFAULT_IMP_SECRET"):
                values[name] = ast.literal_eval(node.value)
    return values["DEFAULT_IMP_KEY"], values["DEFAULT_IMP_SECRET"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SANDBOX_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"the sandbox exited {server.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise CheckFailed(f"the sandbox did not listen on port {port} in {SANDBOX_START_TIMEOUT_S} s")


def sandbox_answers_a_token_request(sandbox: Path, work: Path) -> None:
    port = free_port()
    command = [str(sandbox), "--port", str(port), "--data-dir", str(work / "sandbox")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, server)
        imp_key, imp_secret = demo_key_pair()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/users/getToken",
            data=json.dumps({"imp_key": imp_key, "imp_secret": imp_secret}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        token = (answer.get("response") or {}).get("access_token")
        if answer.get("code") != 0 or not token:
            raise CheckFailed(f"getToken answered {answer!r}")
        print(f"check-bundle: sandbox on port {port} issued a token (code 0)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    bin_dir = Path(argv[0])
    try:
        app = executable(bin_dir, "kcp-pos")
        sandbox = executable(bin_dir, "kcp-pos-sandbox")
        with tempfile.TemporaryDirectory(prefix="kcp-pos-check-") as folder:
            work = Path(folder)
            for lang in LANGUAGES:
                smoke_test(app, lang, work)
            smoke_test(app, "ko", work, window=True)
            sandbox_answers_a_token_request(sandbox, work)
    except CheckFailed as failure:
        print(f"check-bundle: FAILED: {failure}", file=sys.stderr)
        return 1
    print("check-bundle: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
