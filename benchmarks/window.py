"""The payment window's time to its card list, as a ratio to a bare QWebEngineView (issue 10).

    .venv/bin/python benchmarks/window.py              # 15 counted runs of each, 3 warm-ups
    .venv/bin/python benchmarks/window.py --runs 5

In one process, offscreen unless QT_QPA_PLATFORM says otherwise, against the built-in sandbox
on loopback. Runs alternate between:

* window: from "open window" (the app's payment window, `payment_window`, loaded and shown for
  an order already journalled and registered; the app keeps one window and loads each order
  into it, so the first run, counted as a warm-up, also builds it) to its `window_ready`: the
  local page loaded, the SDK script fetched from the sandbox, `IMP.request_pay` posted the
  order, and the window's card list is in the frame (the window page tells the SDK's page once
  its fields exist);
* bare: a `QWebEngineView` made and shown, loading a local page of the same size with
  `setHtml`, to `loadFinished`.

Medians are compared; the target is a ratio of at most 1.5. The last line is JSON:
`{"ratio", "window_ms", "bare_ms"}`. Running as root on Linux needs
`QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox` (the README).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, QUrl

QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kcp_pos.domain.cart import Cart, CartLine  # noqa: E402
from kcp_pos.iamport.client import IamportClient  # noqa: E402
from kcp_pos.sandbox.server import (  # noqa: E402
    DEFAULT_IMP_KEY,
    DEFAULT_IMP_SECRET,
    SandboxConfig,
    SandboxServer,
)
from kcp_pos.services.app_services import AppServices  # noqa: E402
from kcp_pos.services.operator import Operator, Role  # noqa: E402
from kcp_pos.services.window_order import WindowBuyer, WindowOptions  # noqa: E402
from kcp_pos.services.window_payment import open_window_order  # noqa: E402
from kcp_pos.ui.cart.window_dialog import payment_window  # noqa: E402

TARGET = 1.5
TIMEOUT_MS = 60_000
CLERK = Operator("benchmark", Role.CLERK)
CART = Cart((CartLine("원두 1kg", 1, 30_000), CartLine("드립백", 3, 9_000)))


def wait_for(signal: object, timeout_ms: int = TIMEOUT_MS) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def time_window(services: AppServices, base_url: str) -> float:
    order = open_window_order(
        services, CART, buyer=WindowBuyer(name="김하나"), options=WindowOptions(), operator=CLERK
    )
    ready: list[float] = []
    started = time.perf_counter()
    dialog = payment_window(
        training=True, api_base_url=base_url, merchant_code="", params=order.params.to_js()
    )
    dialog.window_ready.connect(
        lambda: ready.append(time.perf_counter()), Qt.ConnectionType.SingleShotConnection
    )
    dialog.show()
    wait_for(dialog.window_ready)
    if not ready:
        raise SystemExit("the window never became ready")
    dialog.close_without_answer()
    return (ready[0] - started) * 1000


def time_bare(html: str, base_url: str) -> float:
    loaded: list[float] = []
    started = time.perf_counter()
    view = QWebEngineView()
    view.loadFinished.connect(lambda ok: loaded.append(time.perf_counter()) if ok else None)
    view.resize(520, 720)
    view.show()
    view.setHtml(html, QUrl(f"{base_url}/"))
    wait_for(view.loadFinished)
    if not loaded:
        raise SystemExit("the bare view never loaded")
    view.close()
    view.deleteLater()
    return (loaded[0] - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmups", type=int, default=3)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="kcp-window-bench-"))
    server = SandboxServer(SandboxConfig(data_dir=folder / "sandbox"))
    server.start()
    client = IamportClient(server.url, DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)
    services = AppServices.open(client, folder / "store")
    bare_html = "<!doctype html><html><body>" + "<p>kcp-pos</p>" * 400 + "</body></html>"
    windows: list[float] = []
    bares: list[float] = []
    first_ms = 0.0
    try:
        for run in range(args.warmups + args.runs):
            window_ms = time_window(services, server.url)
            bare_ms = time_bare(bare_html, server.url)
            if run == 0:
                first_ms = window_ms
            if run >= args.warmups:
                windows.append(window_ms)
                bares.append(bare_ms)
    finally:
        services.close()
        server.stop()
    window_ms, bare_ms = statistics.median(windows), statistics.median(bares)
    ratio = window_ms / bare_ms
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"window: median {window_ms:.0f} ms to the card list ({args.runs} runs)")
    print(f"bare:   median {bare_ms:.0f} ms to loadFinished")
    print(f"first window of the run (builds it, starts Chromium): {first_ms:.0f} ms")
    print(f"window ratio {ratio:.2f}x (target <= {TARGET}x: {verdict})")
    print(json.dumps({"ratio": round(ratio, 3), "window_ms": round(window_ms, 1),
                      "bare_ms": round(bare_ms, 1)}))  # fmt: skip
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
