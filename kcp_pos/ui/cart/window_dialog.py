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

import html
import json
from typing import Any, Final

from PySide6.QtCore import (
    QCoreApplication,
    QFile,
    QIODevice,
    QObject,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kcp_pos.domain.script_json import script_json
from kcp_pos.ui.widgets.questions import ask_yes_no

LIVE_SCRIPT_URL: Final = "https://cdn.iamport.kr/v1/iamport.js"
LIVE_PAGE_BASE: Final = "https://localhost/kcp-pos/"
SANDBOX_MERCHANT_CODE: Final = "imp00000000"
MAX_RSP_CHARACTERS: Final = 100_000
"""A real `rsp` is a few hundred characters; a page sending more is not read."""
"""The sandbox accepts any code of the live shape (`imp` + 8 digits)."""
_CHANNEL_SCRIPT: Final = ":/qtwebchannel/qwebchannel.js"

_HOST_PAGE: Final = """<!doctype html>
<html><head><meta charset="utf-8"><title>kcp-pos</title>
<style>body{{margin:0;font-family:sans-serif}}</style>
<script src="{script}"></script></head>
<body><script>
// The window opens first; what it reports waits for the channel (set up below) if need be.
var waiting = [], bridge = null;
function tell(call) {{ if (bridge) call(bridge); else waiting.push(call); }}
if (!window.IMP) {{
  tell(function (b) {{ b.scriptFailed(); }});
}} else {{
  document.addEventListener("imp-sandbox-ready", function () {{
    tell(function (b) {{ b.windowReady(); }});
  }});
  IMP.init({code});
  IMP.request_pay({params}, function (rsp) {{
    tell(function (b) {{ b.deliver(JSON.stringify(rsp)); }});
  }});
}}
</script>
<script>{channel}</script>
<script>
new QWebChannel(qt.webChannelTransport, function (channel) {{
  bridge = channel.objects.bridge;
  waiting.splice(0).forEach(function (call) {{ call(bridge); }});
}});
</script></body></html>
"""


_profile: QWebEngineProfile | None = None


def window_profile() -> QWebEngineProfile:
    """The payment windows' browser profile: off the record (no name), so nothing a window shows
    is kept on disk; one for the app's life, so that the SDK script stays cached in memory."""
    global _profile
    if _profile is None:
        _profile = QWebEngineProfile(QCoreApplication.instance())
    return _profile


class WindowPage(QWebEnginePage):
    """The window's page: it goes only where the order's pages lead. Back, forward and reload
    are refused (the history holds earlier orders' pages and the billing window's posts), and
    the history is cleared after every page the window loads."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject) -> None:
        super().__init__(profile, parent)
        self.loadFinished.connect(lambda _ok: self.history().clear())

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        refused = (
            QWebEnginePage.NavigationType.NavigationTypeBackForward,
            QWebEnginePage.NavigationType.NavigationTypeReload,
        )
        return kind not in refused


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

    return _HOST_PAGE.format(
        channel=channel_js.replace("</", "<\\/"),
        script=html.escape(QUrl(script_url).toString(QUrl.ComponentFormattingOption.FullyEncoded)),
        code=script_json(merchant_code),
        params=script_json(params),
    )


class PaymentWindowDialog(QDialog):
    """The payment window. `load` opens one order in it; `answered` follows once per order,
    with the `rsp` dict or None (closed). The app keeps one (`payment_window`) and loads each
    order into it: a warm browser page opens the next window in about half the time."""

    answered = Signal(object)
    window_ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentWindow")
        self.setWindowTitle(self.tr("Payment window"))
        self.resize(520, 720)
        self._done = True
        self._registering = False
        self._base = QUrl("about:blank")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("windowStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.view = QWebEngineView(self)
        self.view.setPage(WindowPage(window_profile(), self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.bridge = WindowBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.view.page().setWebChannel(self.channel)
        self.bridge.answered.connect(self._deliver)
        self.bridge.ready.connect(self._ready)
        self.bridge.script_failed.connect(self._script_failed)
        self.close_button = QPushButton(self.tr("Close window (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.ask_to_close)
        # Esc closes the window (asked first) even while the web view has the keyboard.
        escape = QShortcut(QKeySequence("Esc"), self)
        escape.activated.connect(self.ask_to_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def load(
        self, *, script_url: str, page_base: str, merchant_code: str, params: dict[str, Any]
    ) -> None:
        """Open the window for one order (`params` as `IMP.request_pay` takes them; with a
        `customer_uid` it is the card-registration window)."""
        self._done = False
        self._base = QUrl(page_base)
        self._registering = bool(params.get("customer_uid"))
        self.setWindowTitle(
            self.tr("Card registration window") if self._registering else self.tr("Payment window")
        )
        self.status_label.setText(self.tr("Opening the window…"))
        self.view.setHtml(host_page(script_url, merchant_code, params), self._base)
        self.view.setFocus()

    def is_free(self) -> bool:
        """No order is open in the window (it answered, or was closed)."""
        return self._done and not self.isVisible()

    def reject(self) -> None:
        """The title bar's close: as Esc (the order is then settled by lookup)."""
        self.ask_to_close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._done:
            event.ignore()
            self.ask_to_close()
            return
        super().closeEvent(event)

    @Slot()
    def close_without_answer(self) -> None:
        self._finish(None)
        self.done(QDialog.DialogCode.Rejected)

    @Slot()
    def ask_to_close(self) -> None:
        """Esc or Close: asked first (No by default), as the buyer may be paying right now."""
        if self._done:
            self.close_without_answer()
            return
        if ask_yes_no(
            self,
            self.tr("Close the window?"),
            self.tr(
                "If the customer is paying now, wait for the window to finish. Close it anyway? "
                "The app then checks with PortOne whether anything was paid."
            ),
            default_yes=False,
        ):
            self.close_without_answer()

    def _deliver(self, rsp_text: str) -> None:
        """What the page's callback got: only a report (the order is looked up either way), so
        anything unreadable is simply no report."""
        try:
            rsp = json.loads(rsp_text) if len(rsp_text) <= MAX_RSP_CHARACTERS else None
        except (ValueError, RecursionError):
            rsp = None
        self._finish(rsp if isinstance(rsp, dict) else None)
        self.done(QDialog.DialogCode.Accepted)

    def _ready(self) -> None:
        if self._done:
            return
        self.status_label.setText(
            self.tr("The customer can register the card in the window.")
            if self._registering
            else self.tr("The buyer can pay in the window.")
        )
        self.window_ready.emit()

    def _script_failed(self) -> None:
        self.status_label.setText(
            self.tr("The payment window could not be loaded. Check the connection and try again.")
        )

    def _finish(self, rsp: dict[str, Any] | None) -> None:
        if self._done:
            return
        self._done = True
        # The order's page goes (the buyer's screens with it) once the page's call returns.
        QTimer.singleShot(0, self._blank)
        self.answered.emit(rsp)

    def _blank(self) -> None:
        if self._done:
            self.view.setHtml(BLANK_PAGE, self._base)


BLANK_PAGE: Final = "<!doctype html><html><head><title>kcp-pos</title></head><body></body></html>"
_shared: PaymentWindowDialog | None = None


def _drop_shared() -> None:
    """Before the application goes: the window's page must go before its profile."""
    global _shared
    if _shared is not None:
        _shared.deleteLater()
        _shared = None


class WindowBusy(RuntimeError):
    """The payment window is still open for another order."""


def payment_window(
    *, training: bool, api_base_url: str, merchant_code: str, params: dict[str, Any]
) -> PaymentWindowDialog:
    """The app's payment window, loaded with `params`: the sandbox's SDK in training, PortOne's
    CDN script when live (with the shop's merchant code). It blocks the rest of the app while
    open; connect to `answered` with a single-shot connection, then `open()` it."""
    global _shared
    if _shared is None:
        _shared = PaymentWindowDialog()
        _shared.setWindowModality(Qt.WindowModality.ApplicationModal)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_drop_shared)
    if not _shared.is_free():
        raise WindowBusy("the payment window is open for another order")
    if training:
        script, base, code = (
            f"{api_base_url}/v1/iamport.js",
            f"{api_base_url}/",
            SANDBOX_MERCHANT_CODE,
        )
    else:
        script, base, code = LIVE_SCRIPT_URL, LIVE_PAGE_BASE, merchant_code
    _shared.load(script_url=script, page_base=base, merchant_code=code, params=params)
    return _shared
