"""`POST /payments/cancel` (reference §7, checklist §14.6)."""

from __future__ import annotations

import httpx

from tests.sandbox.helpers import CARD_CC03, ok, pay_onetime, refused

CANCEL = "/payments/cancel"


def test_partial_cancels_accumulate_and_keep_status_cancelled(api: httpx.Client) -> None:
    payment = pay_onetime(api, "partial", amount=10_000)
    first = ok(
        api.post(
            CANCEL,
            json={"imp_uid": payment["imp_uid"], "amount": 1000, "checksum": 10_000, "reason": "1"},
        )
    )
    assert first["status"] == "cancelled" and first["cancel_amount"] == 1000
    assert first["cancelled_at"] > 0 and first["cancel_reason"] == "1"
    form = {"imp_uid": payment["imp_uid"], "amount": "2000", "checksum": "9000", "reason": "2"}
    second = ok(api.post(CANCEL + "/", data=form))
    assert second["status"] == "cancelled" and second["cancel_amount"] == 3000
    assert [c["amount"] for c in second["cancel_history"]] == [1000, 2000]
    assert len({c["cancellation_id"] for c in second["cancel_history"]}) == 2
    assert second["cancel_receipt_urls"] == [payment["receipt_url"]] * 2
    assert second["cancel_reason"] == "2"
    assert ok(api.get(f"/payments/{payment['imp_uid']}")) == second


def test_checksum_mismatch_and_amount_above_balance_are_refused(api: httpx.Client) -> None:
    payment = pay_onetime(api, "checked", amount=10_000)
    ok(api.post(CANCEL, json={"imp_uid": payment["imp_uid"], "amount": 1000}))
    mismatch = api.post(
        CANCEL, json={"imp_uid": payment["imp_uid"], "amount": 1000, "checksum": 10_000}
    )
    body = mismatch.json()
    assert mismatch.status_code == 200 and body["code"] == -1 and body["response"] is None
    assert body["message"].startswith("결제취소에 실패하였습니다.(") and body["message"].endswith(
        ")"
    )
    refused(
        api.post(CANCEL, json={"imp_uid": payment["imp_uid"], "amount": 9001, "checksum": 9000}),
        -1,
        "결제취소에 실패하였습니다.(requested cancel amount is bigger than cancelable amount)",
    )
    assert ok(api.get(f"/payments/{payment['imp_uid']}"))["cancel_amount"] == 1000


def test_missing_or_zero_amount_cancels_the_whole_balance(api: httpx.Client) -> None:
    payment = pay_onetime(api, "full", amount=5000)
    ok(api.post(CANCEL, json={"imp_uid": payment["imp_uid"], "amount": 1000}))
    full = ok(api.post(CANCEL, json={"imp_uid": payment["imp_uid"], "amount": 0}))
    assert full["cancel_amount"] == 5000 and full["cancel_history"][-1]["amount"] == 4000
    refused(
        api.post(CANCEL, json={"imp_uid": payment["imp_uid"]}), 1, "이미 전액취소된 주문입니다."
    )
    pay_onetime(api, "full-2", amount=700)
    assert ok(api.post(CANCEL, json={"merchant_uid": "full-2"}))["cancel_amount"] == 700


def test_nothing_to_cancel(api: httpx.Client) -> None:
    nothing = "취소할 결제건이 존재하지 않습니다."
    refused(api.post(CANCEL, json={"imp_uid": "imp_000000000000"}), 1, nothing)
    refused(api.post(CANCEL, json={"merchant_uid": "never"}), 1, nothing)
    failed = pay_onetime(api, "cancel-failed", card_number=CARD_CC03)
    refused(api.post(CANCEL, json={"imp_uid": failed["imp_uid"]}), 1, nothing)
    # imp_uid wins: an invalid imp_uid fails even with a valid merchant_uid (§7).
    pay_onetime(api, "cancel-valid")
    both = {"imp_uid": "imp_000000000000", "merchant_uid": "cancel-valid"}
    refused(api.post(CANCEL, json=both), 1, nothing)


def test_neither_uid_given(api: httpx.Client) -> None:
    body = api.post(CANCEL, json={"amount": 100}).json()
    assert body["code"] == -1 and body["message"].endswith("지정해주셔야합니다.")
