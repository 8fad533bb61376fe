"""Escrow shipping info for NHN KCP (reference §9, checklist §14.7).

Escrow payments come from the payment window, not from a REST key-in flag, so this module starts
the sandbox with its sandbox-only `escrow_key_in` switch to make them with `onetime`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from kcp_pos.sandbox.server import SandboxConfig
from tests.sandbox import reference_fields as ref
from tests.sandbox.helpers import ok, pay_onetime, refused

LOGIS = {"company": "CJGLS", "invoice": "123456789012", "sent_at": 1700000000}
BODY: dict[str, Any] = {
    "sender": {"name": "판매자"},
    "receiver": {"name": "구매자"},
    "logis": LOGIS,
}
NOT_ALLOWED = "해당거래건은 배송정보를 등록할 수 없습니다."


@pytest.fixture
def sandbox_config(tmp_path: Path) -> SandboxConfig:
    return SandboxConfig(data_dir=tmp_path / "sandbox", escrow_key_in=True)


def escrow_path(api: httpx.Client, merchant_uid: str) -> str:
    payment = pay_onetime(api, merchant_uid, escrow=True)
    assert payment["escrow"] is True
    return f"/escrows/logis/{payment['imp_uid']}"


def test_register_then_read_then_second_post_is_409(api: httpx.Client) -> None:
    path = escrow_path(api, "escrow-1")
    assert api.get(path).status_code == 409  # nothing registered yet
    registered = ok(api.post(path, json=BODY))
    assert set(registered) == set(ref.ESCROW_LOGIS_ANNOTATION_PROPERTIES)
    assert registered["company"] == "CJGLS" and registered["invoice"] == "123456789012"
    assert registered["sent_at"] == 1700000000 and registered["applied_at"] > 0
    assert ok(api.get(path + "/")) == registered
    second = api.post(path, json=BODY)
    assert second.status_code == 409 and second.json()["response"] is None


def test_put_is_refused_for_kcp(api: httpx.Client) -> None:
    response = api.put(escrow_path(api, "escrow-put"), json=BODY)
    refused(response, -1, "현재 지원되지 않는 PG사입니다.", 400)


def test_non_escrow_payment_and_unknown_imp_uid(api: httpx.Client) -> None:
    plain = pay_onetime(api, "escrow-plain")
    refused(api.post(f"/escrows/logis/{plain['imp_uid']}", json=BODY), -1, NOT_ALLOWED, 409)
    unknown = "/escrows/logis/imp_000000000000"
    refused(api.post(unknown, json=BODY), -1, "존재하지 않는 결제정보입니다.", 404)
    refused(api.get(unknown), -1, "존재하지 않는 결제정보입니다.", 404)


def test_logis_fields_are_required_and_unknown_couriers_become_etc(api: httpx.Client) -> None:
    path = escrow_path(api, "escrow-fields")
    missing_logis = "logis 정보(company, invoice, sent_at)가 모두 필요합니다."
    refused(api.post(path, json={**BODY, "logis": {"company": "CJGLS"}}), -1, missing_logis, 400)
    registered = ok(api.post(path, json={**BODY, "logis": {**LOGIS, "company": "SOMECOURIER"}}))
    assert registered["company"] == "ETC"


@pytest.mark.parametrize("party", ["sender", "receiver", "logis"])
def test_sender_receiver_and_logis_are_all_required(api: httpx.Client, party: str) -> None:
    path = escrow_path(api, f"escrow-no-{party}")
    body = {key: value for key, value in BODY.items() if key != party}
    response = api.post(path, json=body)
    assert response.status_code == 400 and response.json()["code"] == -1
    if party != "logis":
        refused(response, -1, f"{party} 파라메터가 누락되었습니다.", 400)
    assert api.get(path).status_code == 409  # nothing was registered


def test_the_body_must_be_two_depth_json(api: httpx.Client) -> None:
    path = escrow_path(api, "escrow-depth")
    nested = {**BODY, "sender": {"name": "판매자", "formed_address": {"address_line_1": "서울"}}}
    refused(api.post(path, json=nested), -1, "sender 파라메터의 값이 올바르지 않습니다.", 400)
    as_text = {**BODY, "receiver": "구매자"}
    refused(api.post(path, json=as_text), -1, "receiver 파라메터의 값이 올바르지 않습니다.", 400)
    form = {"logis[company]": "CJGLS", "logis[invoice]": "1", "logis[sent_at]": "1700000000"}
    refused(api.post(path, data=form), -1, "배송정보는 2-depth JSON 본문으로 보내야 합니다.", 400)
    assert api.get(path).status_code == 409


def test_sent_at_must_be_a_time(api: httpx.Client) -> None:
    path = escrow_path(api, "escrow-sent-at")
    for sent_at in (-1, 10**13, "yesterday", 1.5):
        response = api.post(path, json={**BODY, "logis": {**LOGIS, "sent_at": sent_at}})
        assert response.status_code == 400, sent_at
        assert response.json()["message"] == "logis.sent_at 파라메터의 값이 올바르지 않습니다."
