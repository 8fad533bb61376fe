"""The embedded payment window: a dialog with a `QWebEngineView` that loads a local page, which
loads the SDK script, calls `IMP.init(merchant code)` and `IMP.request_pay(param, callback)`, and
hands `rsp` back over `QWebChannel`.

In sandbox mode the script is the sandbox's emulation (`{sandbox}/v1/iamport.js`) and the local
page takes the sandbox's address as its base; in live mode it is PortOne's CDN script. The view
uses an off-the-record profile: nothing the window shows (the buyer's card screens included) is
cached or kept on disk. What the window says is only a report: `answered` carries it (or None
when the clerk closed the window), and the caller settles the order by looking it up.
"""

from __future__ import annotations

import json
from typing import Any, Final

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

LIVE_SCRIPT_URL: Final = "https://cdn.iamport.kr/v1/iamport.js"
LIVE_PAGE_BASE: Final = "https://localhost/kcp-pos/"
SANDBOX_MERCHANT_CODE: Final = "imp00000000"
"""The sandbox accepts any code of the live shape (`imp` + 8 digits)."""
_CHANNEL_SCRIPT: Final = ":/qtwebchannel/qwebchannel.js"

_HOST_PAGE: Final = """<!doctype html>
<html><head><meta charset="utf-8"><title>kcp-pos</title>
<style>body{{margin:0;font-family:sans-serif}}</style>
<script>{channel}</script>
<script src="{script}"></script></head>
<body><script>
new QWebChannel(qt.webChannelTransport, function (channel) {{
  var bridge = channel.objects.bridge;
  if (!window.IMP) {{ bridge.scriptFailed(); return; }}
  document.addEventListener("imp-sandbox-ready", function () {{ bridge.windowReady(); }});
  IMP.init({code});
  IMP.request_pay({params}, function (rsp) {{ bridge.deliver(JSON.stringify(rsp)); }});
}});
</script></body></html>
"""


class WindowBridge(QObject):
    """What the page may call: the callback's `rsp`, the window being ready, the SDK missing."""

    answered = Signal(str)
    ready = Signal()
    script_failed = Signal()

    @Slot(str)
    def deliver(self, rsp: str) -> None:
        self.answered.emit(rsp)

    @Slot()
    def windowReady(self) -> None:
        self.ready.emit()

    @Slot()
    def scriptFailed(self) -> None:
        self.script_failed.emit()


def host_page(script_url: str, merchant_code: str, params: dict[str, Any]) -> str:
    """The local page: the channel's script inline, the SDK, the call."""
    channel = QFile(_CHANNEL_SCRIPT)
    if not channel.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from Qt's resources")
    channel_js = bytes(channel.readAll().data()).decode("utf-8")
    channel.close()

    def literal(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")

    return _HOST_PAGE.format(
        channel=channel_js.replace("</", "<\\/"),
        script=script_url.replace('"', "%22"),
        code=literal(merchant_code),
        params=literal(params),
    )


class PaymentWindowDialog(QDialog):
    """One order's payment window; `answered` once, with the `rsp` dict or None (closed)."""

    answered = Signal(object)
    window_ready = Signal()

    def __init__(
        self,
        *,
        script_url: str,
        page_base: str,
        merchant_code: str,
        params: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentWindow")
        self.setWindowTitle(self.tr("Payment window"))
        self.resize(520, 720)
        self._done = False
        self.status_label = QLabel(self.tr("Opening the payment window…"), self)
        self.status_label.setObjectName("windowStatus")
        self.view = QWebEngineView(self)
        # Off the record: nothing kept on disk. Made after the view, so that the view and its
        # page are deleted before the profile.
        self.profile = QWebEngineProfile(self)
        self.view.setPage(QWebEnginePage(self.profile, self.view))
        self.bridge = WindowBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.view.page().setWebChannel(self.channel)
        self.bridge.answered.connect(self._deliver)
        self.bridge.ready.connect(self._ready)
        self.bridge.script_failed.connect(self._script_failed)
        self.close_button = QPushButton(self.tr("Close window (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close_without_answer)
        # Esc closes the window even while the web view has the keyboard.
        escape = QShortcut(QKeySequence("Esc"), self)
        escape.activated.connect(self.close_without_answer)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        html = host_page(script_url, merchant_code, params)
        self.view.setHtml(html, QUrl(page_base))

    def reject(self) -> None:
        """Esc and the title bar's close: the window closes with no answer (the order is then
        settled by lookup)."""
        self.close_without_answer()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._finish(None)
        super().closeEvent(event)

    @Slot()
    def close_without_answer(self) -> None:
        self._finish(None)
        self.done(QDialog.DialogCode.Rejected)

    def _deliver(self, rsp_text: str) -> None:
        try:
            rsp = json.loads(rsp_text)
        except ValueError:
            rsp = None
        self._finish(rsp if isinstance(rsp, dict) else None)
        self.done(QDialog.DialogCode.Accepted)

    def _ready(self) -> None:
        self.status_label.setText(self.tr("The buyer can pay in the window."))
        self.window_ready.emit()

    def _script_failed(self) -> None:
        self.status_label.setText(
            self.tr("The payment window could not be loaded. Check the connection and try again.")
        )

    def _finish(self, rsp: dict[str, Any] | None) -> None:
        if self._done:
            return
        self._done = True
        self.answered.emit(rsp)


def payment_window(
    *, training: bool, api_base_url: str, merchant_code: str, params: dict[str, Any],
    parent: QWidget | None,
) -> PaymentWindowDialog:  # fmt: skip
    """The window for `params`: the sandbox's SDK in training, PortOne's CDN script when live
    (with the shop's merchant code)."""
    if training:
        return PaymentWindowDialog(
            script_url=f"{api_base_url}/v1/iamport.js",
            page_base=f"{api_base_url}/",
            merchant_code=SANDBOX_MERCHANT_CODE,
            params=params,
            parent=parent,
        )
    return PaymentWindowDialog(
        script_url=LIVE_SCRIPT_URL,
        page_base=LIVE_PAGE_BASE,
        merchant_code=merchant_code,
        params=params,
        parent=parent,
    )
