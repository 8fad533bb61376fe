"""`kcp-pos-sandbox`: run the V1 emulator in the foreground until SIGINT/SIGTERM.

It prints `kcp-pos sandbox listening on http://127.0.0.1:<port>` on one line as soon as it
accepts connections. It listens on loopback only unless `--allow-remote` is given.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from kcp_pos.iamport.loopback import is_loopback_host
from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxConfig
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.settings import store as settings_store


def default_data_dir() -> Path:
    """The embedded sandbox's folder: `kcp-pos-sandbox` and the app share the training data."""
    return settings_store.default_data_dir() / "sandbox"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kcp-pos-sandbox",
        description="Offline emulator of the PortOne V1 REST API with NHN KCP rules.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument("--data-dir", type=Path, default=None, help="where state is kept")
    parser.add_argument("--imp-key", default=DEFAULT_IMP_KEY, help="accepted imp_key")
    parser.add_argument("--imp-secret", default=DEFAULT_IMP_SECRET, help="accepted imp_secret")
    parser.add_argument("--token-ttl", type=int, default=1800, help="token lifetime, seconds")
    parser.add_argument("--site-code", default="A7NC2", help="KCP site code reported as pg_id")
    parser.add_argument(
        "--customer-not-found-status",
        type=int,
        choices=(404, 200),
        default=404,
        help="HTTP status for an unknown customer_uid (reference §4.2)",
    )
    parser.add_argument(
        "--onetime-decline-style",
        choices=("failed", "code-1"),
        default="failed",
        help="onetime declines as a failed payment (code 0) or as code -1 (reference §11.1)",
    )
    parser.add_argument(
        "--pwd-2digit-required", action="store_true", help="refuse key-in without pwd_2digit"
    )
    parser.add_argument(
        "--escrow-key-in",
        action="store_true",
        help='sandbox-only: a onetime body with "escrow": true makes an escrow payment',
    )
    parser.add_argument(
        "--allow-remote", action="store_true", help="permit a non-loopback --host (not advised)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not is_loopback_host(args.host) and not args.allow_remote:
        print(
            f"kcp-pos-sandbox: refusing to listen on {args.host}: the sandbox is loopback-only "
            "(pass --allow-remote to override)",
            file=sys.stderr,
        )
        return 2
    config = SandboxConfig(
        data_dir=args.data_dir or default_data_dir(),
        host=args.host,
        port=args.port,
        imp_key=args.imp_key,
        imp_secret=args.imp_secret,
        token_ttl=args.token_ttl,
        site_code=args.site_code,
        customer_not_found_status=args.customer_not_found_status,
        onetime_decline_style=args.onetime_decline_style,
        pwd_2digit_required=args.pwd_2digit_required,
        escrow_key_in=args.escrow_key_in,
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    server = SandboxServer(config)
    try:
        url = server.start()
    except OSError as error:  # the port taken, the address not this computer's, a folder denied
        print(f"kcp-pos-sandbox: cannot start on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    print(f"kcp-pos sandbox listening on {url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
