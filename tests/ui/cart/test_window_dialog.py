"""The embedded payment window in a real browser engine (QtWebEngine, offscreen) against the
sandbox: the local page loads the SDK, opens the window, and hands `rsp` back over QWebChannel;
the order is then settled by lookup."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kcp_pos.domain.cart import Cart, CartLine
from kcp_pos.domain.language import Language
from kcp_pos.sandbox.server import SandboxServer
from kcp_pos.services.app_services import AppServices
from kcp_pos.services.operator import Operator, Role
from kcp_pos.services.window_order import WindowBuyer, WindowOptions
from kcp_pos.services.window_payment import WindowResult, open_window_order, settle_window_order
from kcp_pos.ui.cart.window_dialog import SANDBOX_MERCHANT_CODE, PaymentWindowDialog

CLERK = Operator("clerk lee", Role.CLERK)
LOAD = 60_000  # ms: the first web view of a test run starts Chromium's processes


def run_js(qtbot: QtBot, dialog: PaymentWindowDialog, script: str) -> Any:
    """Run `script` in the host page and wait for its value."""
    values: list[Any] = []
    dialog.view.page().runJavaScript(script, 0, values.append)
    qtbot.waitUntil(lambda: bool(values), timeout=LOAD)
    return values[0]


def in_window(field: str, value: str) -> str:
    """Script: set a field of the window (inside the SDK's frame) as the buyer would."""
    return (
        "(function(){var d=document.querySelector('#imp-sandbox-window iframe').contentDocument;"
        f"var f=d.getElementById('{field}');f.value='{value}';"
        "f.dispatchEvent(new Event('change'));return f.value;})()"
    )


def click(button: str) -> str:
    """Script: press a button of the window."""
    return (
        "(function(){var d=document.querySelector('#imp-sandbox-window iframe').contentDocument;"
        f"d.getElementById('{button}').click();return true;}})()"
    )


def open_dialog(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices, options: WindowOptions
) -> tuple[PaymentWindowDialog, Any, Callable[[], list[Any]]]:
    cart = Cart((CartLine("원두 1kg", 1, 30_000), CartLine("드립백", 3, 9_000)))
    order = open_window_order(
        services, cart, buyer=WindowBuyer(name="김하나"), options=options, operator=CLERK
    )
    dialog = PaymentWindowDialog()
    qtbot.addWidget(dialog)
    dialog.load(
        script_url=f"{sandbox.url}/v1/iamport.js",
        page_base=f"{sandbox.url}/",
        merchant_code=SANDBOX_MERCHANT_CODE,
        params=order.params.to_js(),
    )
    answers: list[Any] = []
    dialog.answered.connect(answers.append)
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        dialog.show()
    return dialog, order, lambda: answers


def test_a_card_payment_in_the_window_is_answered_and_settled_paid(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    dialog, order, answers = open_dialog(qtbot, sandbox, services, WindowOptions(escrow=True))
    assert run_js(qtbot, dialog, in_window("card_code", "366")) == "366"
    run_js(qtbot, dialog, click("submit"))
    qtbot.waitUntil(lambda: bool(answers()), timeout=LOAD)
    [rsp] = answers()
    assert rsp["success"] is True and rsp["merchant_uid"] == order.attempt.merchant_uid
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.PAID
    assert settled.payment is not None and settled.payment.escrow is True


def test_closing_the_window_answers_nothing_and_nothing_is_paid(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    dialog, order, answers = open_dialog(qtbot, sandbox, services, WindowOptions())
    dialog.close_without_answer()
    assert answers() == [None]
    assert settle_window_order(services, order.attempt, CLERK).result is WindowResult.UNKNOWN


def test_the_window_is_reused_for_the_next_order_and_the_last_page_is_gone(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    dialog, first, answers = open_dialog(qtbot, sandbox, services, WindowOptions())
    dialog.close_without_answer()
    qtbot.waitUntil(
        lambda: run_js(qtbot, dialog, "document.querySelector('iframe') === null") is True,
        timeout=LOAD,
    )
    cart = Cart((CartLine("머그", 1, 12_000),))
    second = open_window_order(
        services, cart, buyer=WindowBuyer(name="김둘"), options=WindowOptions(), operator=CLERK
    )
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        dialog.load(
            script_url=f"{sandbox.url}/v1/iamport.js",
            page_base=f"{sandbox.url}/",
            merchant_code=SANDBOX_MERCHANT_CODE,
            params=second.params.to_js(),
        )
    run_js(qtbot, dialog, click("cancel"))
    qtbot.waitUntil(lambda: len(answers()) == 2, timeout=LOAD)
    assert answers()[0] is None
    assert answers()[1]["merchant_uid"] == second.attempt.merchant_uid
    assert answers()[1]["error_msg"] == "사용자가 결제를 취소하셨습니다"
    assert first.attempt.merchant_uid != second.attempt.merchant_uid


def test_the_reused_window_keeps_no_history_and_refuses_back(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    dialog, _first, answers = open_dialog(qtbot, sandbox, services, WindowOptions())
    run_js(qtbot, dialog, click("cancel"))
    qtbot.waitUntil(lambda: len(answers()) == 1, timeout=LOAD)
    qtbot.waitUntil(lambda: not dialog.view.history().canGoBack(), timeout=LOAD)
    dialog.view.back()
    assert not dialog.view.history().canGoBack()


def test_a_name_that_could_end_a_script_still_opens_the_window(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    cart = Cart((CartLine("evil <!--<script> </script>", 1, 9_000),))
    order = open_window_order(
        services, cart, buyer=WindowBuyer(name="김<!--하나"), options=WindowOptions(),
        operator=CLERK,
    )  # fmt: skip
    dialog = PaymentWindowDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.window_ready, timeout=LOAD):
        dialog.load(
            script_url=f"{sandbox.url}/v1/iamport.js",
            page_base=f"{sandbox.url}/",
            merchant_code=SANDBOX_MERCHANT_CODE,
            params=order.params.to_js(),
        )
        dialog.show()


def options_in_window(qtbot: QtBot, dialog: PaymentWindowDialog, select: str) -> list[str]:
    script = (
        "(function(){var d=document.querySelector('#imp-sandbox-window iframe').contentDocument;"
        f"return JSON.stringify(Array.from(d.getElementById('{select}').options)"
        ".map(o => o.value));})()"
    )
    values: list[str] = json.loads(run_js(qtbot, dialog, script))
    return values


def label_in_window(qtbot: QtBot, dialog: PaymentWindowDialog, field: str) -> str:
    script = (
        "(function(){var d=document.querySelector('#imp-sandbox-window iframe').contentDocument;"
        f"return d.querySelector(\"label[for='{field}']\").textContent;}})()"
    )
    text: str = run_js(qtbot, dialog, script)
    return text


def test_each_option_changes_what_the_window_offers(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    lump_sum, _order, _answers = open_dialog(
        qtbot, sandbox, services, WindowOptions(offered_months=())
    )
    assert options_in_window(qtbot, lump_sum, "card_quota") == ["0"]
    lump_sum.close_without_answer()
    direct, _order, _answers = open_dialog(
        qtbot, sandbox, services, WindowOptions(direct_card="366", direct_months=3)
    )
    assert options_in_window(qtbot, direct, "card_code") == ["366"]
    assert options_in_window(qtbot, direct, "card_quota") == ["0", "3"]
    direct.close_without_answer()
    only, _order, _answers = open_dialog(
        qtbot, sandbox, services, WindowOptions(only_cards=("381", "365"))
    )
    assert sorted(options_in_window(qtbot, only, "card_code")) == ["365", "381"]
    only.close_without_answer()
    english, _order, _answers = open_dialog(
        qtbot, sandbox, services, WindowOptions(app_card_only=True, language=Language.EN)
    )
    assert label_in_window(qtbot, english, "card_code") == "Card company"
    assert label_in_window(qtbot, english, "app") == "Payment app"


def test_a_decline_in_the_window_is_settled_not_paid(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    dialog, order, answers = open_dialog(qtbot, sandbox, services, WindowOptions())
    run_js(qtbot, dialog, in_window("outcome", "CC10"))
    run_js(qtbot, dialog, click("submit"))
    qtbot.waitUntil(lambda: bool(answers()), timeout=LOAD)
    assert answers()[0]["success"] is False
    settled = settle_window_order(services, order.attempt, CLERK)
    assert settled.result is WindowResult.NOT_PAID
    assert settled.attempt.fail_reason == "[CC10] 통장 잔액부족"


def test_esc_asks_before_closing_an_open_window(
    qtbot: QtBot,
    sandbox: SandboxServer,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog, _order, answers = open_dialog(qtbot, sandbox, services, WindowOptions())
    monkeypatch.setattr("kcp_pos.ui.cart.window_dialog.ask_yes_no", lambda *a, **k: False)
    dialog.ask_to_close()
    assert dialog.isVisible() and answers() == []  # the buyer may be paying: it stays
    monkeypatch.setattr("kcp_pos.ui.cart.window_dialog.ask_yes_no", lambda *a, **k: True)
    dialog.ask_to_close()
    assert not dialog.isVisible() and answers() == [None]


def test_the_shared_window_refuses_a_second_order_while_one_is_open(
    qtbot: QtBot, sandbox: SandboxServer, services: AppServices
) -> None:
    from kcp_pos.ui.cart.window_dialog import WindowBusy, payment_window

    first = open_window_order(
        services, Cart((CartLine("머그", 1, 12_000),)), buyer=WindowBuyer(name="김하나"),
        options=WindowOptions(), operator=CLERK,
    )  # fmt: skip
    window = payment_window(
        training=True, api_base_url=sandbox.url, merchant_code="", params=first.params.to_js()
    )
    window.show()
    with pytest.raises(WindowBusy):
        payment_window(
            training=True, api_base_url=sandbox.url, merchant_code="", params=first.params.to_js()
        )
    window.close_without_answer()
    assert window.is_free()
