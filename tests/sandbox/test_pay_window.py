"""The sandbox's payment window over HTTP: what it refuses as the SDK does, what each option makes
it offer, and the payments it records (reference §12)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxServer
from tests.sandbox.helpers import loopback_client, ok
from tests.sandbox.window_pages import act, form_of, open_window, posted, rsp_of, token_of

ALL_CARD_CODES = 20


def order(**extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {
        "pg": "kcp.A7NC2",
        "pay_method": "card",
        "merchant_uid": "win-1",
        "name": "원두 1kg 외 2건",
        "amount": 57_000,
        "buyer_name": "김하나",
    }
    params.update(extra)
    return params


PRODUCTS = [
    {"orderNumber": "win-1-1", "name": "원두 1kg", "quantity": 1, "amount": 30_000},
    {"orderNumber": "win-1-2", "name": "드립백", "quantity": 3, "amount": 15_000},
    {"orderNumber": "win-1-3", "name": "머그", "quantity": 1, "amount": 12_000},
]


def found_all(api: httpx.Client, merchant_uid: str = "win-1") -> list[dict[str, Any]]:
    """`findAll`'s payments (it answers 404 when there are none)."""
    answer = api.get(f"/payments/findAll/{merchant_uid}")
    if answer.status_code == 404:
        return []
    payments: list[dict[str, Any]] = ok(answer)["list"]
    return payments


@pytest.fixture
def admin(sandbox: SandboxServer) -> Any:
    with loopback_client(sandbox.url) as http:
        yield http


def test_the_sdk_script_is_served_at_the_cdn_path(client: httpx.Client) -> None:
    answer = client.get("/v1/iamport.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/javascript")
    assert "request_pay" in answer.text and "init" in answer.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (order(merchant_uid=None), "merchant_uid는 필수 파라미터입니다."),
        (order(amount="57000"), "amount는 숫자여야 합니다."),
        (order(amount=570.5), "amount는 숫자여야 합니다."),
        (
            order(escrow=True, kcpProducts=[{"orderNumber": "a", "name": "b", "quantity": 1}]),
            "kcpProducts의 각 항목에는 orderNumber, name, quantity, amount가 모두 필요합니다.",
        ),
        (order(escrow=True), "NHN KCP 에스크로 결제에는 kcpProducts가 필요합니다."),
        (order(pay_method="cultureland"), "상품권 결제에는 bypass.shop_user_id가 필요합니다."),
        (order(pg="kcp_billing", amount=0), "빌링키 발급에는 customer_uid가 필요합니다."),
    ],
)
def test_bad_parameters_are_refused_before_a_window_opens(
    client: httpx.Client, api: httpx.Client, params: dict[str, Any], message: str
) -> None:
    rsp = rsp_of(open_window(client, params))
    assert rsp["success"] is False and rsp["imp_uid"] is None
    assert rsp["error_msg"] == message and rsp["error_code"]
    assert found_all(api) == []


def test_an_amount_other_than_the_prepared_one_is_refused(
    client: httpx.Client, api: httpx.Client
) -> None:
    ok(api.post("/payments/prepare", json={"merchant_uid": "win-1", "amount": 57_000}))
    rsp = rsp_of(open_window(client, order(amount=5_700)))
    assert rsp["error_msg"] == "사전등록된 결제금액과 요청 금액이 일치하지 않습니다."
    assert found_all(api) == []
    assert token_of(open_window(client, order()))  # the prepared amount opens the window


def test_a_window_is_a_ready_payment_until_paid(client: httpx.Client, api: httpx.Client) -> None:
    page = open_window(client, order())
    assert {"type": "imp-sandbox", "ready": True} in posted(page)
    [ready] = found_all(api)
    assert ready["status"] == "ready" and ready["channel"] == "pc"
    rsp = rsp_of(act(client, token_of(page), "pay", card_code="366", card_quota="3"))
    assert rsp["success"] is True and rsp["status"] == "paid"
    payment = ok(api.get(f"/payments/{rsp['imp_uid']}"))
    assert payment["imp_uid"] == ready["imp_uid"]
    assert payment["status"] == "paid" and payment["amount"] == 57_000
    assert payment["pay_method"] == "card" and payment["pg_provider"] == "kcp"
    assert payment["pg_id"] == "A7NC2" and payment["card_quota"] == 3
    assert payment["card_name"] == "신한카드" and len(payment["apply_num"]) == 8
    assert payment["receipt_url"] and payment["paid_at"] > 0
    assert rsp["apply_num"] == payment["apply_num"] and rsp["paid_amount"] == 57_000


def test_an_escrow_cart_shows_its_products_and_the_payment_keeps_them(
    client: httpx.Client, api: httpx.Client, admin: httpx.Client
) -> None:
    page = open_window(client, order(escrow=True, kcpProducts=PRODUCTS))
    assert "드립백" in page and "win-1-3" in page
    rsp = rsp_of(act(client, token_of(page), "pay", card_code="381", card_quota="0"))
    payment = ok(api.get(f"/payments/{rsp['imp_uid']}"))
    assert payment["escrow"] is True
    params = ok(admin.get(f"/__sandbox__/window/payments/{rsp['imp_uid']}"))
    assert params["kcpProducts"] == PRODUCTS


def test_installments_follow_display_card_quota_and_the_50000_won_floor(
    client: httpx.Client,
) -> None:
    def months(**extra: Any) -> list[str]:
        return form_of(open_window(client, order(**extra))).options["card_quota"]

    assert months() == ["0", *map(str, range(2, 13))]
    assert months(display={"card_quota": []}) == ["0"]
    assert months(display={"card_quota": [3]}) == ["0", "2", "3"]
    assert months(display={"card_quota": [2, 6]}) == ["0", "2", "6"]
    assert months(amount=49_000, merchant_uid="win-small") == ["0"]


def test_a_month_the_window_did_not_offer_is_refused_and_the_window_stays(
    client: httpx.Client,
) -> None:
    page = open_window(client, order(display={"card_quota": []}))
    again = act(client, token_of(page), "pay", card_code="366", card_quota="6")
    assert "결제창에서 선택할 수 없는 항목입니다." in again
    assert not [m for m in posted(again) if "rsp" in m]
    assert rsp_of(act(client, token_of(page), "pay", card_code="366"))["status"] == "paid"


def test_card_options_choose_the_companies_offered(client: httpx.Client) -> None:
    def cards(**extra: Any) -> list[str]:
        return form_of(open_window(client, order(**extra))).options["card_code"]

    assert len(cards()) == ALL_CARD_CODES
    assert cards(card={"direct": {"code": "366", "quota": 0}}) == ["366"]
    only = [{"card_code": "*", "enabled": False}, {"card_code": "381", "enabled": True}]
    assert cards(card={"detail": only}) == ["381"]
    without = cards(card={"detail": [{"card_code": "365", "enabled": False}]})
    assert "365" not in without and len(without) == ALL_CARD_CODES - 1
    direct = form_of(open_window(client, order(card={"direct": {"code": "366", "quota": 3}})))
    assert direct.options["card_quota"] == ["0", "3"]


def test_app_cards_only_and_the_easy_pay_app_reported(
    client: httpx.Client, api: httpx.Client
) -> None:
    page = open_window(client, order(appCard=True))
    form = form_of(page)
    assert form.labels["app"] == "결제 앱" and "앱카드" in page
    rsp = rsp_of(act(client, token_of(page), "pay", card_code="366", app="kakaopay"))
    assert ok(api.get(f"/payments/{rsp['imp_uid']}"))["emb_pg_provider"] == "kakaopay"


def test_the_window_speaks_english_when_asked(client: httpx.Client) -> None:
    form = form_of(open_window(client, order(language="en")))
    assert form.labels["card_code"] == "Card company"
    assert form.labels["card_quota"] == "Installments"


def test_a_decline_is_a_failed_payment_with_kcps_code(
    client: httpx.Client, api: httpx.Client
) -> None:
    page = open_window(client, order())
    rsp = rsp_of(act(client, token_of(page), "pay", card_code="366", outcome="CC10"))
    assert rsp["success"] is False and rsp["error_msg"] == "[CC10] 통장 잔액부족"
    payment = ok(api.get(f"/payments/{rsp['imp_uid']}"))
    assert payment["status"] == "failed" and payment["fail_reason"] == "[CC10] 통장 잔액부족"


def test_the_windows_cancel_fails_the_payment_and_closes_the_window(
    client: httpx.Client, api: httpx.Client
) -> None:
    page = open_window(client, order())
    rsp = rsp_of(act(client, token_of(page), "cancel"))
    assert rsp["success"] is False and rsp["error_msg"] == "사용자가 결제를 취소하셨습니다"
    [failed] = found_all(api)
    assert failed["status"] == "failed" and failed["imp_uid"] == rsp["imp_uid"]
    closed = rsp_of(act(client, token_of(page), "pay", card_code="366"))
    assert closed["error_msg"] == "이미 종료된 결제창입니다."
    assert ok(api.get(f"/payments/{rsp['imp_uid']}"))["status"] == "failed"


def test_a_paid_order_cannot_open_another_window(client: httpx.Client) -> None:
    page = open_window(client, order())
    rsp_of(act(client, token_of(page), "pay", card_code="366"))
    again = rsp_of(open_window(client, order()))
    assert again["error_msg"] == "이미 결제가 완료된 주문번호입니다."


def test_a_virtual_account_waits_for_the_sandboxs_deposit(
    client: httpx.Client, api: httpx.Client, admin: httpx.Client
) -> None:
    params = order(pay_method="vbank", escrow=True, kcpProducts=PRODUCTS)
    rsp = rsp_of(act(client, token_of(open_window(client, params)), "pay", bank_code="088"))
    assert rsp["success"] is True and rsp["status"] == "ready"
    payment = ok(api.get(f"/payments/{rsp['imp_uid']}"))
    assert payment["status"] == "ready" and payment["vbank_name"] == "신한은행"
    assert payment["vbank_num"] and payment["vbank_holder"] and payment["vbank_date"] > 0
    deposited = ok(admin.post(f"/__sandbox__/vbank/{rsp['imp_uid']}/deposit"))
    assert deposited["status"] == "paid"
    assert ok(api.get(f"/payments/{rsp['imp_uid']}"))["paid_at"] > 0
    assert admin.post(f"/__sandbox__/vbank/{rsp['imp_uid']}/deposit").status_code == 404


def test_a_bank_transfer_is_paid_at_once(client: httpx.Client, api: httpx.Client) -> None:
    params = order(pay_method="trans", escrow=True, kcpProducts=PRODUCTS)
    rsp = rsp_of(act(client, token_of(open_window(client, params)), "pay", bank_code="004"))
    payment = ok(api.get(f"/payments/{rsp['imp_uid']}"))
    assert payment["status"] == "paid" and payment["bank_name"] == "KB국민은행"


@pytest.mark.parametrize(
    ("pin", "status"), [("1234-5678-9012-3456", "paid"), ("1234567890129999", "failed")]
)
def test_gift_certificates_take_a_pin(
    client: httpx.Client, api: httpx.Client, pin: str, status: str
) -> None:
    params = order(pay_method="cultureland", bypass={"shop_user_id": "shop-user-7"})
    page = open_window(client, params)
    assert "shop-user-7" in page and form_of(page).labels["gift_pin"] == "상품권 PIN"
    rsp = rsp_of(act(client, token_of(page), "pay", gift_pin=pin))
    assert ok(api.get(f"/payments/{rsp['imp_uid']}"))["status"] == status


def test_the_billing_window_issues_a_key_and_records_no_payment(
    client: httpx.Client, api: httpx.Client
) -> None:
    params = order(pg="kcp_billing", amount=0, customer_uid="cust-win-1")
    page = open_window(client, params)
    assert set(form_of(page).inputs) == {"card_number", "expiry", "birth", "pwd_2digit"}
    card = {
        "card_number": "5570-4200-0005-1234",
        "expiry": "2030-12",
        "birth": "900101",
        "pwd_2digit": "12",
    }
    rsp = rsp_of(act(client, token_of(page), "pay", **card))
    assert rsp["success"] is True and rsp["customer_uid"] == "cust-win-1"
    key = ok(api.get("/subscribe/customers/cust-win-1"))
    assert key["card_number"].endswith("1234") and key["pg_provider"] == "kcp_billing"
    assert found_all(api) == []


def test_the_billing_window_refuses_a_bad_card_and_stays_open(client: httpx.Client) -> None:
    params = order(pg="kcp_billing", amount=0, customer_uid="cust-win-2")
    page = open_window(client, params)
    again = act(client, token_of(page), "pay", card_number="1234", expiry="2030-12")
    assert "유효하지않은 카드번호를 입력하셨습니다." in again
    assert not [m for m in posted(again) if "rsp" in m]


def test_the_admin_actions_are_loopback_only_and_name_unknown_payments(
    admin: httpx.Client,
) -> None:
    assert admin.get("/__sandbox__/window/payments/imp_000000000000").status_code == 404
    assert admin.post("/__sandbox__/vbank/imp_000000000000/deposit").status_code == 404


@pytest.mark.parametrize(
    "raw",
    [
        '{"imp": "imp12345678", "params": {"merchant_uid": "w", "amount": Infinity}}',
        '{"imp": "imp12345678", "params": {"merchant_uid": "w", "amount": NaN}}',
        '{"imp": "imp12345678", "params": {"merchant_uid": "w", "amount": 1e999}}',
        '{"imp": "imp12345678", "params": {"merchant_uid": "w", "amount": 1000, "card":'
        ' {"direct": {"code": ["366"]}, "detail": [{"card_code": ["*"], "enabled": false}]}}}',
        '{"imp": "imp12345678", "params": {"merchant_uid": "w", "amount": 1000,'
        ' "pay_method": ["card"]}}',
        "[" * 5000 + "]" * 5000,
        "not json",
    ],
)
def test_hostile_requests_get_a_page_never_an_error(client: httpx.Client, raw: str) -> None:
    answer = client.post("/__sandbox__/window", data={"request": raw})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")


def test_text_that_could_end_a_script_is_kept_inside_it(client: httpx.Client) -> None:
    page = open_window(client, order(name="evil <!--<script> </script> name", buyer_name="<b>x"))
    assert "<!--<script>" not in page and "</script> name" not in page
    rsp = rsp_of(act(client, token_of(page), "cancel"))
    assert rsp["error_msg"] == "사용자가 결제를 취소하셨습니다"
