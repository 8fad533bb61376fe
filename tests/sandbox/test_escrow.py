"""Escrow shipping info for NHN KCP (reference §9, checklist §14.7)."""

from __future__ import annotations

import httpx

from tests.sandbox.helpers import ok, pay_onetime, refused

LOGIS = {"company": "CJGLS", "invoice": "123456789012", "sent_at": 1700000000}
NOT_ALLOWED = "해당거래건은 배송정보를 등록할 수 없습니다."


def test_register_then_read_then_second_post_is_409(api: httpx.Client) -> None:
    payment = pay_onetime(api, "escrow-1", escrow=True)
    path = f"/escrows/logis/{payment['imp_uid']}"
    assert api.get(path).status_code == 409  # nothing registered yet
    body = {"sender": {"name": "판매자"}, "receiver": {"name": "구매자"}, "logis": LOGIS}
    registered = ok(api.post(path, json=body))
    assert registered["company"] == "CJGLS" and registered["invoice"] == "123456789012"
    assert registered["sent_at"] == 1700000000 and registered["applied_at"] > 0
    assert ok(api.get(path + "/")) == registered
    second = api.post(path, json=body)
    assert second.status_code == 409 and second.json()["response"] is None


def test_put_is_refused_for_kcp(api: httpx.Client) -> None:
    payment = pay_onetime(api, "escrow-put", escrow=True)
    response = api.put(f"/escrows/logis/{payment['imp_uid']}", json={"logis": LOGIS})
    refused(response, -1, "현재 지원되지 않는 PG사입니다.", 400)


def test_non_escrow_payment_and_unknown_imp_uid(api: httpx.Client) -> None:
    plain = pay_onetime(api, "escrow-plain")
    refused(
        api.post(f"/escrows/logis/{plain['imp_uid']}", json={"logis": LOGIS}), -1, NOT_ALLOWED, 409
    )
    unknown = "/escrows/logis/imp_000000000000"
    refused(api.post(unknown, json={"logis": LOGIS}), -1, "존재하지 않는 결제정보입니다.", 404)
    refused(api.get(unknown), -1, "존재하지 않는 결제정보입니다.", 404)


def test_logis_fields_are_required_and_unknown_couriers_become_etc(api: httpx.Client) -> None:
    payment = pay_onetime(api, "escrow-fields", escrow=True)
    path = f"/escrows/logis/{payment['imp_uid']}"
    missing = api.post(path, json={"logis": {"company": "CJGLS"}})
    assert missing.status_code == 400 and missing.json()["response"] is None
    registered = ok(api.post(path, json={"logis": {**LOGIS, "company": "SOMECOURIER"}}))
    assert registered["company"] == "ETC"
