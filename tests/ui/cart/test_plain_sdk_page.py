"""A plain web page written for PortOne's `iamport.js`, changed only in its script URL, in a real
browser engine against the sandbox: it gets the documented `rsp` (reference §12). Nothing of the
app is used but the sandbox."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from pytestqt.qtbot import QtBot

from kcp_pos.sandbox.server import SandboxServer

LOAD = 60_000
RSP_FIELDS = {
    "success", "error_code", "error_msg", "imp_uid", "merchant_uid", "pay_method", "paid_amount",
    "status", "name", "pg_provider", "emb_pg_provider", "pg_tid", "pg_type", "buyer_name",
    "buyer_email", "buyer_tel", "buyer_addr", "buyer_postcode", "custom_data", "paid_at",
    "receipt_url", "apply_num", "card_name", "card_number", "card_quota", "currency",
    "bank_name", "vbank_num", "vbank_name", "vbank_holder", "vbank_date",
}  # fmt: skip

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="{script}"></script></head><body><button id="pay">결제</button><script>
IMP.init("imp12345678");
window.answers = [];
function pay(params) {{
  IMP.request_pay(params, function (rsp) {{ window.answers.push(rsp); }});
}}
</script></body></html>"""


def evaluate(qtbot: QtBot, view: QWebEngineView, script: str) -> Any:
    values: list[Any] = []
    view.page().runJavaScript(script, 0, values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=LOAD)
    return values[0]


def loaded_page(qtbot: QtBot, sandbox: SandboxServer) -> QWebEngineView:
    view = QWebEngineView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loadFinished, timeout=LOAD):
        # The shop's page, served (here: based) on the sandbox's origin so that the test can
        # reach into the window's frame as a buyer's clicks would.
        view.setHtml(
            PAGE.format(script=f"{sandbox.url}/v1/iamport.js"), QUrl(f"{sandbox.url}/shop/")
        )
    return view


def answers(qtbot: QtBot, view: QWebEngineView, count: int) -> list[dict[str, Any]]:
    qtbot.waitUntil(lambda: evaluate(qtbot, view, "window.answers.length") >= count, timeout=LOAD)
    found: list[dict[str, Any]] = json.loads(evaluate(qtbot, view, "JSON.stringify(answers)"))
    return found


def test_a_documented_call_gets_the_documented_rsp(qtbot: QtBot, sandbox: SandboxServer) -> None:
    view = loaded_page(qtbot, sandbox)
    params = {
        "pg": "kcp",
        "pay_method": "card",
        "merchant_uid": "merchant_1733000000",
        "name": "주문명:결제테스트",
        "amount": 14000,
        "buyer_email": "iamport@siot.do",
        "buyer_name": "구매자이름",
        "buyer_tel": "010-1234-5678",
    }
    evaluate(qtbot, view, f"pay({json.dumps(params, ensure_ascii=False)}); true")
    frame = "document.querySelector('iframe').contentDocument"
    qtbot.waitUntil(
        lambda: evaluate(qtbot, view, f"!!({frame} && {frame}.getElementById('submit'))"),
        timeout=LOAD,
    )
    evaluate(qtbot, view, f"{frame}.getElementById('submit').click(); true")
    [rsp] = answers(qtbot, view, 1)
    assert set(rsp) >= RSP_FIELDS
    assert rsp["success"] is True and rsp["status"] == "paid" and rsp["paid_amount"] == 14000
    assert rsp["imp_uid"].startswith("imp_") and rsp["merchant_uid"] == "merchant_1733000000"
    assert rsp["pg_provider"] == "kcp" and rsp["pay_method"] == "card"
    assert evaluate(qtbot, view, "document.querySelector('iframe') === null")  # window closed


def test_the_sdks_own_refusals_reach_the_callback(qtbot: QtBot, sandbox: SandboxServer) -> None:
    view = loaded_page(qtbot, sandbox)
    evaluate(qtbot, view, "pay({pg: 'kcp', amount: 1000}); true")
    evaluate(qtbot, view, "pay({pg: 'kcp', merchant_uid: 'm-2', amount: '1000'}); true")
    missing_uid, text_amount = answers(qtbot, view, 2)
    assert missing_uid["success"] is False and missing_uid["imp_uid"] is None
    assert missing_uid["error_msg"] == "merchant_uid는 필수 파라미터입니다."
    assert text_amount["error_msg"] == "amount는 숫자여야 합니다."
