"""Smoke-test a built bundle folder (dist/kcp-pos/) the way .ci/run and the installers' workflow
do: the bundled `kcp-pos --smoke-test` in Korean and in English, the payment window opened
inside the bundle (`--smoke-test-window`, QtWebEngine), and the bundled `kcp-pos-sandbox`
answering a token request. Each run gets empty folders of its own; nothing outside them is
written. Run it with a Python that has kcp_pos installed (the test or the build
virtualenv). Exits non-zero on the first failure, saying which.

    python packaging/smoke_bundle.py dist/kcp-pos
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET

TIMEOUT_S = 180
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


class SmokeFailed(Exception):
    pass


def executable(bundle: Path, name: str) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    path = bundle / f"{name}{suffix}"
    if not path.is_file():
        raise SmokeFailed(f"{path} is missing")
    return path


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_app(bundle: Path, scratch: Path, *flags: str, expect: str) -> None:
    folders = [
        *("--data-dir", str(scratch / "data")),
        *("--config-dir", str(scratch / "config")),
        *("--log-dir", str(scratch / "log")),
    ]
    command = [str(executable(bundle, "kcp-pos")), *flags, *folders]
    done = subprocess.run(
        command, env=environment(), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    # Exit 0 only comes once that point was reached. A windowed program on Windows may have no
    # standard output at all: there the exit code alone says it.
    printed = bool(done.stdout.strip())
    if done.returncode != 0 or (printed and expect not in done.stdout):
        raise SmokeFailed(
            f"{' '.join(flags)}: exit {done.returncode}\n{done.stdout}\n{done.stderr[-3000:]}"
        )
    print(f"ok: kcp-pos {' '.join(flags)}: {expect if printed else 'exit 0'}")


def token_request(base_url: str) -> dict[str, object]:
    body = json.dumps({"imp_key": DEFAULT_IMP_KEY, "imp_secret": DEFAULT_IMP_SECRET}).encode()
    request = urllib.request.Request(
        f"{base_url}/users/getToken", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


def run_sandbox(bundle: Path, scratch: Path) -> None:
    command = [str(executable(bundle, "kcp-pos-sandbox")), "--port", "0"]
    command += ["--data-dir", str(scratch / "sandbox")]
    child = subprocess.Popen(
        command, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + TIMEOUT_S
        for line in child.stdout:
            found = LISTENING.search(line)
            if found:
                answer = token_request(found.group(1))
                response = answer.get("response")
                if answer.get("code") != 0 or not isinstance(response, dict):
                    raise SmokeFailed(f"kcp-pos-sandbox: token request answered {answer}")
                if not response.get("access_token"):
                    raise SmokeFailed(f"kcp-pos-sandbox: no access_token in {answer}")
                print(f"ok: kcp-pos-sandbox at {found.group(1)} issued a token")
                return
            if time.monotonic() > deadline:
                break
        raise SmokeFailed("kcp-pos-sandbox never said where it listens")
    finally:
        child.terminate()
        child.wait(timeout=30)


def main(bundle: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="kcp-pos-smoke-") as scratch:
        root = Path(scratch)
        try:
            run_app(bundle, root / "ko", "--smoke-test", "--lang", "ko", expect="smoke-test ready")
            run_app(bundle, root / "en", "--smoke-test", "--lang", "en", expect="smoke-test ready")
            run_app(
                bundle, root / "window", "--smoke-test-window",
                expect="smoke-test payment-window-ready",
            )  # fmt: skip
            run_sandbox(bundle, root)
        except (SmokeFailed, subprocess.TimeoutExpired, OSError) as error:
            print(f"bundle smoke test FAILED: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
